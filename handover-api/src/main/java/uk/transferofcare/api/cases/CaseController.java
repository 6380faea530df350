package uk.transferofcare.api.cases;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import uk.transferofcare.api.access.AccessPolicy;
import uk.transferofcare.api.access.Caller;
import uk.transferofcare.api.access.ReadScope;
import uk.transferofcare.api.handover.SubmissionProperties;
import uk.transferofcare.api.handover.SubmissionValidator;
import uk.transferofcare.api.problem.ApiProblem;
import uk.transferofcare.api.readmodel.CaseStore;
import uk.transferofcare.api.readmodel.KnownCases;
import uk.transferofcare.api.readmodel.ReadModelStatus;
import uk.transferofcare.api.readmodel.SubmissionTracker;
import uk.transferofcare.api.sites.SiteCatalogue;
import uk.transferofcare.events.CaseSnapshot;

/** Reads: one case, one submission's status, and the lists behind the board and the officer app. */
@RestController
@Tag(name = "Cases")
class CaseController {

    private final KnownCases knownCases;
    private final CaseStore cases;
    private final SubmissionTracker tracker;
    private final ReadModelStatus readModel;
    private final SiteCatalogue sites;
    private final long retryAfterSeconds;

    CaseController(
            KnownCases knownCases,
            CaseStore cases,
            SubmissionTracker tracker,
            ReadModelStatus readModel,
            SiteCatalogue sites,
            SubmissionProperties properties) {
        this.knownCases = knownCases;
        this.cases = cases;
        this.tracker = tracker;
        this.readModel = readModel;
        this.sites = sites;
        this.retryAfterSeconds = Math.max(1, properties.retryAfter().toSeconds());
    }

    @GetMapping(path = "/api/v1/handovers/{caseId}", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            summary = "One case: state, every time point and who recorded it, intervals, escalations, legal"
                    + " clock, corrections and rejections")
    CaseView get(@PathVariable String caseId, @Parameter(hidden = true) Caller caller) {
        String id = SubmissionValidator.requireUuid(caseId, "caseId");
        requireReadModel();
        KnownCases.KnownCase known =
                knownCases.find(id).orElseThrow(() -> ApiProblem.notFound("caseId", "no case " + id + " is known"));
        if (!AccessPolicy.canRead(caller, known.facts())) {
            throw ApiProblem.forbidden(
                    "caseId", "not-permitted", caller.role() + " of " + caller.org() + " may not read this case");
        }
        return CaseView.of(known, tracker.rejections(id));
    }

    @GetMapping(path = "/api/v1/handovers/{caseId}/events/{eventId}", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            summary = "A submission's outcome: PENDING until the processor has judged it, then the first outcome"
                    + " (APPLIED, REJECTED with rule and message, or DUPLICATE); re-sent copies only raise duplicates")
    SubmissionStatusView status(
            @PathVariable String caseId, @PathVariable String eventId, @Parameter(hidden = true) Caller caller) {
        String id = SubmissionValidator.requireUuid(caseId, "caseId");
        String event = SubmissionValidator.requireUuid(eventId, "eventId");
        requireReadModel();
        Optional<SubmissionTracker.Outcome> outcome = tracker.outcome(event);
        Optional<SubmissionTracker.Accepted> accepted = tracker.accepted(event);
        // Who submitted it: as this API accepted it (the outcome repeats the same actor).
        String owner = accepted.map(SubmissionTracker.Accepted::userId)
                .or(() -> outcome.map(SubmissionTracker.Outcome::userId))
                .orElse(null);
        String ofCase = accepted.map(SubmissionTracker.Accepted::caseId)
                .or(() -> outcome.map(SubmissionTracker.Outcome::caseId))
                .orElse(null);
        if (owner == null || !id.equals(ofCase)) {
            throw ApiProblem.notFound("eventId", "no submission " + event + " is known for case " + id);
        }
        boolean mine = owner.equals(caller.userId());
        boolean readable = knownCases
                .find(id)
                .map(k -> AccessPolicy.canRead(caller, k.facts()))
                .orElse(false);
        if (!mine && !readable && caller.role() != uk.transferofcare.api.access.Role.ADMIN) {
            throw ApiProblem.forbidden(
                    "eventId", "not-permitted", "only the submitter or readers of the case may see this status");
        }
        if (outcome.isPresent()) {
            SubmissionTracker.Outcome o = outcome.get();
            return new SubmissionStatusView(
                    event,
                    id,
                    o.type(),
                    o.status(),
                    o.rule(),
                    o.message(),
                    o.sequence(),
                    o.receivedAt(),
                    o.processedAt(),
                    o.laterDuplicates());
        }
        SubmissionTracker.Accepted a = accepted.get();
        return new SubmissionStatusView(event, id, a.type(), "PENDING", null, null, null, a.receivedAt(), null, 0);
    }

    @GetMapping(path = "/api/v1/handovers", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            summary = "The board's list: cases at a site (siteCode) or of a police division (division), open ones"
                    + " by default, earliest arrival first")
    CaseList list(
            @RequestParam(required = false) String siteCode,
            @RequestParam(required = false) String division,
            @RequestParam(defaultValue = "true") boolean open,
            @RequestParam(defaultValue = "200") int limit,
            @Parameter(hidden = true) Caller caller) {
        ReadScope.requireExactlyOne(siteCode, division);
        if (limit < 1 || limit > 1000) {
            throw ApiProblem.invalid("limit", "range", "must be between 1 and 1000");
        }
        requireReadModel();
        ReadScope scope = ReadScope.resolve(siteCode, division, caller, sites, "list the cases of division");
        List<CaseSnapshot> selected = scope.isSite() ? cases.atSite(siteCode, open) : cases.ofDivision(division, open);
        List<CaseView> views = selected.stream()
                .skip(Math.max(0, selected.size() - limit))
                .map(s -> CaseView.of(s, List.of()))
                .toList();
        return new CaseList(siteCode, division, open, views.size(), cases.position(), views);
    }

    private void requireReadModel() {
        if (!readModel.ready()) {
            throw ApiProblem.unavailable("the read models are still loading from Kafka", retryAfterSeconds);
        }
    }

    /**
     * @param laterDuplicates how many re-sent copies were reported as DUPLICATE after the first outcome
     */
    record SubmissionStatusView(
            String eventId,
            String caseId,
            String type,
            String status,
            String rule,
            String message,
            Long sequence,
            Instant receivedAt,
            Instant processedAt,
            int laterDuplicates) {}

    /**
     * @param position the read model's position in handover-state: usable as Last-Event-ID on the stream
     */
    record CaseList(String siteCode, String division, boolean open, int count, String position, List<CaseView> cases) {}
}
