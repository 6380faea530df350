package uk.transferofcare.api.board;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import uk.transferofcare.api.access.Caller;
import uk.transferofcare.api.access.ReadScope;
import uk.transferofcare.api.handover.SubmissionProperties;
import uk.transferofcare.api.problem.ApiProblem;
import uk.transferofcare.api.readmodel.CaseStore;
import uk.transferofcare.api.readmodel.ReadModelStatus;
import uk.transferofcare.api.sites.SiteCatalogue;
import uk.transferofcare.events.CaseSnapshot;

/**
 * {@code GET /api/v1/handovers/stream?siteCode=X}: server-sent events with every change for the site.
 *
 * <ul>
 *   <li>{@code event: board}: the open cases, first on a fresh connection;
 *   <li>{@code event: case}: one case changed (closed cases too, so the board can drop them);
 *   <li>{@code event: synced}: after a reconnect with {@code Last-Event-ID}, the cases changed since were sent;
 *   <li>comment lines {@code : keep-alive} as heartbeats.
 * </ul>
 *
 * Event ids are positions in {@code handover-state} ({@code partition:offset,...}), the same on every instance.
 */
@RestController
@Tag(name = "Cases")
class BoardStreamController {

    private final BoardBroadcaster broadcaster;
    private final ReadModelStatus readModel;
    private final SiteCatalogue sites;
    private final long retryAfterSeconds;

    BoardStreamController(
            BoardBroadcaster broadcaster,
            ReadModelStatus readModel,
            SiteCatalogue sites,
            SubmissionProperties properties) {
        this.broadcaster = broadcaster;
        this.readModel = readModel;
        this.sites = sites;
        this.retryAfterSeconds = Math.max(1, properties.retryAfter().toSeconds());
    }

    @GetMapping(path = "/api/v1/handovers/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(summary = "Live changes for a site's board (or a division's cases) as server-sent events")
    SseEmitter stream(
            @RequestParam(required = false) String siteCode,
            @RequestParam(required = false) String division,
            @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId,
            @Parameter(hidden = true) Caller caller) {
        ReadScope scope = ReadScope.resolve(siteCode, division, caller, sites, "follow division");
        Predicate<CaseSnapshot> filter = scope::matches;
        if (!readModel.ready()) {
            throw ApiProblem.unavailable("the read models are still loading from Kafka", retryAfterSeconds);
        }
        Optional<Map<Integer, Long>> since = CaseStore.parsePosition(lastEventId);
        return broadcaster.subscribe(siteCode, division, filter, since);
    }
}
