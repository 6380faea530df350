package uk.transferofcare.api.cases;

import com.fasterxml.jackson.annotation.JsonInclude;
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
import uk.transferofcare.api.access.CaseFacts;
import uk.transferofcare.api.access.ReadScope;
import uk.transferofcare.api.audit.AuditedRead;
import uk.transferofcare.api.handover.SubmissionProperties;
import uk.transferofcare.api.handover.SubmissionValidator;
import uk.transferofcare.api.handover.SubmissionVerdict;
import uk.transferofcare.api.problem.ApiProblem;
import uk.transferofcare.api.problem.FieldError;
import uk.transferofcare.api.problem.ProblemType;
import uk.transferofcare.api.projection.ProjectionLag;
import uk.transferofcare.api.sites.SiteCatalogue;

/**
 * Reads from the PostgreSQL projection: one case, one submission's verdict, and the lists behind the board and the
 * officer app. A read that finds nothing (or a HELD verdict, the only one that changes) first waits, bounded by
 * {@code handover.projection.read-wait-timeout}, until the projection holds everything committed to its topics when
 * the read began: a case opened or a verdict answered a moment ago by any instance is then found; only after that is
 * the answer 404.
 */
@RestController
@Tag(name = "Cases")
class CaseController {

    private final CaseReads reads;
    private final CaseLookup lookup;
    private final ProjectionLag projection;
    private final SiteCatalogue sites;
    private final long retryAfterSeconds;

    CaseController(
            CaseReads reads,
            CaseLookup lookup,
            ProjectionLag projection,
            SiteCatalogue sites,
            SubmissionProperties properties) {
        this.reads = reads;
        this.lookup = lookup;
        this.projection = projection;
        this.sites = sites;
        this.retryAfterSeconds = Math.max(1, properties.retryAfter().toSeconds());
    }

    @GetMapping(path = "/api/v1/handovers/{caseId}", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            summary = "One case: state, every time point and who recorded it, intervals, escalations, legal"
                    + " clock, corrections and rejections")
    @AuditedRead(AuditedRead.Kind.CASE)
    CaseView get(@PathVariable String caseId, @Parameter(hidden = true) Caller caller) {
        CaseView view = lookup.readable(caseId, caller);
        return view.withRejections(reads.rejections(view.caseId()));
    }

    @GetMapping(path = "/api/v1/handovers/{caseId}/events/{eventId}", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            summary = "A submission's standing verdict: HELD while its case is not open, then APPLIED, REJECTED (rule,"
                    + " field, message) or DUPLICATE; readable on every instance once the projection has it (a read"
                    + " waits briefly for it). 404 while the processor has not judged it yet (send the same eventId"
                    + " again).")
    @AuditedRead(AuditedRead.Kind.VERDICT)
    SubmissionStatusView status(
            @PathVariable String caseId, @PathVariable String eventId, @Parameter(hidden = true) Caller caller) {
        String id = SubmissionValidator.requireUuid(caseId, "caseId");
        String event = SubmissionValidator.requireUuid(eventId, "eventId");
        Instant asked = projection.now();
        Optional<CaseReads.Standing> found = lookup.known(() -> reads.verdict(id, event), asked);
        if (found.isPresent() && found.get().verdict().held() && projection.awaitCaughtUpSince(asked)) {
            // HELD is the only verdict that changes: make sure it was not judged a moment ago.
            found = reads.verdict(id, event);
        }
        CaseReads.Standing standing = found.orElseThrow(() -> new ApiProblem(
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

    @GetMapping(path = "/api/v1/handovers", produces = MediaType.APPLICATION_JSON_VALUE)
    @AuditedRead(
            value = AuditedRead.Kind.BOARD,
            parameters = {"siteCode", "division", "open", "limit"})
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
        ReadScope.resolve(siteCode, division, caller, sites, "list the cases of division");
        // Read your writes: a case committed to the topics before this request is in the list (bounded wait).
        projection.awaitCaughtUpSince(projection.now());
        CaseReads.Listed listed = reads.list(siteCode, division, open, limit);
        return new CaseList(
                siteCode, division, open, listed.cases().size(), Long.toString(listed.position()), listed.cases());
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
     * @param position the newest change id of the projection the list reflects: usable as Last-Event-ID on the stream
     */
    record CaseList(String siteCode, String division, boolean open, int count, String position, List<CaseView> cases) {}
}
