package uk.transferofcare.api.board;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Optional;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import uk.transferofcare.api.access.Caller;
import uk.transferofcare.api.access.ReadScope;
import uk.transferofcare.api.audit.AuditedRead;
import uk.transferofcare.api.projection.ProjectionLag;
import uk.transferofcare.api.sites.SiteCatalogue;

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
 * Event ids are the projection's change ids (one sequence in PostgreSQL), the same on every instance.
 */
@RestController
@Tag(name = "Cases")
class BoardStreamController {

    private final BoardBroadcaster broadcaster;
    private final SiteCatalogue sites;
    private final ProjectionLag projection;

    BoardStreamController(BoardBroadcaster broadcaster, SiteCatalogue sites, ProjectionLag projection) {
        this.broadcaster = broadcaster;
        this.sites = sites;
        this.projection = projection;
    }

    @GetMapping(path = "/api/v1/handovers/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @AuditedRead(
            value = AuditedRead.Kind.STREAM,
            parameters = {"siteCode", "division"})
    @Operation(
            summary = "Live changes for a site's board (or a division's cases) as server-sent events",
            description = "At most handover.stream.max-connections-per-user streams per user (429) and"
                    + " handover.stream.max-connections per instance (503).")
    SseEmitter stream(
            @RequestParam(required = false) String siteCode,
            @RequestParam(required = false) String division,
            @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId,
            @Parameter(hidden = true) Caller caller) {
        ReadScope scope = ReadScope.resolve(siteCode, division, caller, sites, "follow division");
        // The first events include what was committed to the topics before this request (bounded wait).
        projection.awaitCaughtUpSince(projection.now());
        return broadcaster.subscribe(scope, caller.userId(), changeId(lastEventId));
    }

    /** A Last-Event-ID this API gave (a change id); anything else means "no position": the board is sent afresh. */
    static Optional<Long> changeId(String lastEventId) {
        if (lastEventId == null || lastEventId.isBlank() || lastEventId.length() > 19) {
            return Optional.empty();
        }
        try {
            long id = Long.parseLong(lastEventId.strip());
            return id >= 0 ? Optional.of(id) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
