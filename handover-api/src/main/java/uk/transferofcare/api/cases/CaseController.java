package uk.transferofcare.api.cases;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import uk.transferofcare.api.access.AccessPolicy;
import uk.transferofcare.api.access.Caller;
import uk.transferofcare.api.access.CaseFacts;
import uk.transferofcare.api.access.ReadScope;
import uk.transferofcare.api.handover.SubmissionProperties;
import uk.transferofcare.api.handover.SubmissionValidator;
import uk.transferofcare.api.handover.SubmissionVerdict;
import uk.transferofcare.api.problem.ApiProblem;
import uk.transferofcare.api.problem.FieldError;
import uk.transferofcare.api.problem.ProblemType;
import uk.transferofcare.api.readmodel.CaseStore;
import uk.transferofcare.api.readmodel.ReadModelStatus;
import uk.transferofcare.api.readmodel.SubmissionTracker;
import uk.transferofcare.api.sites.SiteCatalogue;
import uk.transferofcare.events.CaseSnapshot;
import uk.transferofcare.events.Topics;

/** Reads: one case, one submission's verdict, and the lists behind the board and the officer app. */
@RestController
@Tag(name = "Cases")
class CaseController {

    private final CaseStore cases;
    private final SubmissionTracker tracker;
    private final ReadModelStatus readModel;
    private final SiteCatalogue sites;
    private final long retryAfterSeconds;

    CaseController(
            CaseStore cases,
            SubmissionTracker tracker,
            ReadModelStatus readModel,
            SiteCatalogue sites,
            SubmissionProperties properties) {
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
        CaseSnapshot snapshot = known(id, cases::get, Topics.STATE.name())
                .orElseThrow(() -> ApiProblem.notFound("caseId", "no case " + id + " is known"));
        if (!AccessPolicy.canRead(caller, new CaseFacts(snapshot.getSiteCode(), snapshot.getPoliceDivision()))) {
            throw ApiProblem.forbidden(
                    "caseId", "not-permitted", caller.role() + " of " + caller.org() + " may not read this case");
        }
        return CaseView.of(snapshot, tracker.rejections(id));
    }

    @GetMapping(path = "/api/v1/handovers/{caseId}/events/{eventId}", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            summary = "A submission's standing verdict: HELD while its case is not open, then APPLIED, REJECTED (rule,"
                    + " field, message) or DUPLICATE; readable on every instance as soon as a submission was"
                    + " answered. 404 while the processor has not judged it yet (send the same eventId again).")
    SubmissionStatusView status(
            @PathVariable String caseId, @PathVariable String eventId, @Parameter(hidden = true) Caller caller) {
        String id = SubmissionValidator.requireUuid(caseId, "caseId");
        String event = SubmissionValidator.requireUuid(eventId, "eventId");
        requireReadModel();
        Optional<SubmissionTracker.Standing> found =
                known(id + "/" + event, key -> tracker.verdict(id, event), Topics.OUTCOMES.name());
        if (found.isPresent() && found.get().verdict().held() && readModel.awaitCaughtUp(Topics.OUTCOMES.name())) {
            // HELD is the only verdict that changes: make sure it was not judged a moment ago.
            found = tracker.verdict(id, event);
        }
        SubmissionTracker.Standing standing = found.orElseThrow(() -> new ApiProblem(
                ProblemType.NOT_FOUND,
                "no verdict is known for event " + event + " of case " + id + ": the processor has not judged"
                        + " it (yet), or it was never received; send the same submission again to be told",
                List.of(new FieldError("eventId", "no-verdict", "no verdict is known for this event")),
                retryAfterSeconds));
        SubmissionVerdict v = standing.verdict();
        boolean mine = v.submittedBy().equals(caller.userId());
        boolean readable =
                v.siteCode() != null && AccessPolicy.canRead(caller, new CaseFacts(v.siteCode(), v.policeDivision()));
        if (!mine && !readable) {
            throw ApiProblem.forbidden(
                    "eventId", "not-permitted", "only the submitter or readers of the case may see this verdict");
        }
        return new SubmissionStatusView(
                v.eventId(),
                v.caseId(),
                v.type(),
                v.status(),
                v.rule(),
                v.field(),
                v.message(),
                v.sequence(),
                v.originalEventId(),
                v.linkedCaseId(),
                v.heldUntil(),
                v.receivedAt(),
                v.processedAt(),
                standing.resends());
    }

    /**
     * What this instance knows under {@code key}; when it knows nothing, first waits (bounded) until it has read what
     * was committed to {@code topic} before this call, so a case or a verdict another instance just answered is found.
     */
    private <T> Optional<T> known(String key, Function<String, Optional<T>> lookup, String topic) {
        Optional<T> found = lookup.apply(key);
        if (found.isPresent() || !readModel.awaitCaughtUp(topic)) {
            return found;
        }
        return lookup.apply(key);
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
                .map(s -> CaseView.of(s, List.<CaseView.RejectionEntry>of()))
                .toList();
        return new CaseList(siteCode, division, open, views.size(), cases.position(), views);
    }

    private void requireReadModel() {
        if (!readModel.ready()) {
            throw ApiProblem.unavailable("the read models are still loading from Kafka", retryAfterSeconds);
        }
    }

    /**
     * @param status HELD, APPLIED, REJECTED or DUPLICATE
     * @param field REJECTED: the submission's field the rule is about
     * @param originalEventId DUPLICATE: the event that recorded the same fact first
     * @param linkedCaseId APPLIED DIVERTED: the case opened at the destination
     * @param heldUntil HELD: when it is rejected UNKNOWN_CASE if no case has opened by then
     * @param resends how many later copies of the same eventId were received and answered with this verdict
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record SubmissionStatusView(
            String eventId,
            String caseId,
            String type,
            String status,
            String rule,
            String field,
            String message,
            Long sequence,
            String originalEventId,
            String linkedCaseId,
            Instant heldUntil,
            Instant receivedAt,
            Instant processedAt,
            int resends) {}

    /**
     * @param position the read model's position in handover-state: usable as Last-Event-ID on the stream
     */
    record CaseList(String siteCode, String division, boolean open, int count, String position, List<CaseView> cases) {}
}
