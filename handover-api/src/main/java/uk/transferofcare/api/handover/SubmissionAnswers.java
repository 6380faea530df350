package uk.transferofcare.api.handover;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import uk.transferofcare.api.access.AccessPolicy;
import uk.transferofcare.api.access.Caller;
import uk.transferofcare.api.access.CaseFacts;
import uk.transferofcare.api.problem.ApiProblem;
import uk.transferofcare.api.problem.FieldError;
import uk.transferofcare.api.problem.ProblemResponses;
import uk.transferofcare.api.problem.ProblemType;
import uk.transferofcare.vocabulary.Role;
import uk.transferofcare.vocabulary.RuleCode;

/**
 * The HTTP answer to a submission, from the processor's verdict alone:
 *
 * <ul>
 *   <li>APPLIED → 201, Location = the status URL;
 *   <li>DUPLICATE (the same fact under another eventId) → 200 naming the original event;
 *   <li>REJECTED → 403 (permission rules), 409 (conflict rules), 422 (content rules), 404 (UNKNOWN_CASE), 500
 *       (PROCESSING_FAILED: keep it and send it again later), as problem+json with the rule code and the field;
 *   <li>HELD (the case is not open yet), or no verdict within the wait → 202 with the status URL. A 202 is never
 *       final: send the same eventId again (its answer is the standing verdict) or read the status URL.
 * </ul>
 *
 * A re-send gets the same answer as the first send once the verdict is known, but only to the user who first sent the
 * eventId (as the processor's outcome says when the case records it, else as the projection says) or a caller who may
 * act on the case: the processor answers a re-send of an eventId with its standing verdict before it asks who sends it, and
 * judges a void case before the sender's authority, so an answer about a case (its site and division are in the
 * outcome) goes through {@link #of(SubmissionVerdict, Caller)} first. Anyone else gets the same 403 as a first
 * submission from their organisation would, naming no fact of the case.
 */
final class SubmissionAnswers {

    private SubmissionAnswers() {}

    /**
     * The body of every non-error answer.
     *
     * @param status APPLIED, DUPLICATE, HELD or PENDING (no verdict yet)
     * @param sequence APPLIED: the event's number in the case
     * @param linkedCaseId APPLIED DIVERTED: the case opened at the destination
     * @param originalEventId DUPLICATE: the event that recorded the fact first
     * @param heldUntil HELD: when it is rejected UNKNOWN_CASE if no case has opened
     * @param statusUrl where the verdict is read (also the Location header)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Receipt(
            String eventId,
            String caseId,
            String type,
            String status,
            Long sequence,
            String rule,
            String message,
            String originalEventId,
            String linkedCaseId,
            Instant heldUntil,
            String statusUrl) {}

    /**
     * The answer for this caller: the verdict when the caller may act on the verdict's case (or there is no case yet),
     * else the 403 of {@link #notYourCase}. A verdict APPLIED to the caller's own submission (not a re-send, whose
     * standing verdict belongs to whoever sent the eventId first) is always theirs: the processor let them act, and
     * the case may belong elsewhere only because of it (a DIVISION_TRANSFERRED, a CORRECTED of the division or the
     * site).
     */
    static ResponseEntity<?> of(SubmissionVerdict verdict, Caller caller) {
        return of(verdict, caller, Optional.empty());
    }

    /**
     * As {@link #of(SubmissionVerdict, Caller)}, knowing who first sent the eventId: a re-send by that same user gets
     * the standing verdict, the answer they were given (or would have been given) the first time, even when the case
     * has since moved to an organisation they may not act for. A re-send is the offline queue's or a retrying
     * client's normal way to learn its verdict; answering 403 to it would report an applied submission as refused.
     */
    static ResponseEntity<?> of(SubmissionVerdict verdict, Caller caller, Optional<String> firstSubmitter) {
        if (mayNotSee(verdict, caller) && !ownResend(verdict, caller, firstSubmitter)) {
            return ProblemResponses.entity(notYourCase(caller, verdict.type()), verdict.statusUrl());
        }
        return of(verdict);
    }

    /**
     * True when this answer would be refused unless the caller first sent the eventId: a re-send's verdict about a case
     * the caller may not read now. Only then is it worth asking {@link FirstSubmitters}.
     */
    static boolean needsFirstSubmitter(SubmissionVerdict verdict, Caller caller) {
        return verdict.resend() && verdict.resentByFirstSubmitter() == null && mayNotSee(verdict, caller);
    }

    private static boolean mayNotSee(SubmissionVerdict verdict, Caller caller) {
        boolean ownApplied = "APPLIED".equals(verdict.status())
                && !verdict.resend()
                && caller.userId().equals(verdict.submittedBy());
        return verdict.siteCode() != null
                && !ownApplied
                && !AccessPolicy.canRead(caller, new CaseFacts(verdict.siteCode(), verdict.policeDivision()));
    }

    /**
     * A re-send by the user who first sent the eventId: as the processor says when the case records who sent it (an
     * applied fact), else as {@code firstSubmitter} (the projection) says. The outcome answers the user whose
     * submission it is (its actor), so the processor's word is about this caller.
     */
    private static boolean ownResend(SubmissionVerdict verdict, Caller caller, Optional<String> firstSubmitter) {
        if (!verdict.resend()) {
            return false;
        }
        if (verdict.resentByFirstSubmitter() != null) {
            return verdict.resentByFirstSubmitter() && caller.userId().equals(verdict.submittedBy());
        }
        return firstSubmitter.filter(caller.userId()::equals).isPresent();
    }

    /**
     * The refusal of an organisation that may not act on a case, worded like the processor's own ({@code WRONG_SITE}
     * for ED staff, {@code NOT_PERMITTED} otherwise) and naming only the caller's organisation: never the case's
     * site, division, state, events or verdicts.
     */
    static ApiProblem notYourCase(Caller caller, String type) {
        RuleCode rule = caller.role() == Role.ED_STAFF ? RuleCode.WRONG_SITE : RuleCode.NOT_PERMITTED;
        String message = rule + ": " + caller.role() + " of " + caller.org() + " may not submit " + type
                + " for this case: it is not a case of their organisation";
        return new ApiProblem(
                ProblemType.FORBIDDEN,
                message,
                List.of(new FieldError("caseId", rule.name(), message)),
                null,
                Map.of("rule", rule.name()));
    }

    private static ResponseEntity<?> of(SubmissionVerdict verdict) {
        String location = verdict.statusUrl();
        return switch (verdict.status()) {
            case "APPLIED" -> ResponseEntity.created(URI.create(location)).body(receipt(verdict));
            case "DUPLICATE" ->
                ResponseEntity.ok().location(URI.create(location)).body(receipt(verdict));
            case "HELD" ->
                ResponseEntity.accepted().location(URI.create(location)).body(receipt(verdict));
            default -> ProblemResponses.entity(rejection(verdict), location);
        };
    }

    /** No verdict yet: the record is durably in Kafka, the processor has not answered within the wait. */
    static ResponseEntity<Receipt> pending(ValidatedSubmission submission) {
        String location = SubmissionVerdict.statusUrl(submission.caseId(), submission.eventId());
        return ResponseEntity.accepted()
                .location(URI.create(location))
                .body(new Receipt(
                        submission.eventId(),
                        submission.caseId(),
                        submission.type().name(),
                        "PENDING",
                        null,
                        null,
                        "durably received; the processor has not judged it yet: send the same eventId again, or read"
                                + " the status URL",
                        null,
                        null,
                        null,
                        location));
    }

    private static Receipt receipt(SubmissionVerdict v) {
        return new Receipt(
                v.eventId(),
                v.caseId(),
                v.type(),
                v.status(),
                v.sequence(),
                v.rule(),
                v.message(),
                v.originalEventId(),
                v.linkedCaseId(),
                v.heldUntil(),
                v.statusUrl());
    }

    /** The processor's rejection as problem+json: its rule code, the field, and where the verdict is kept. */
    static ApiProblem rejection(SubmissionVerdict v) {
        RuleCode rule = RuleCode.byName(v.rule());
        ProblemType type = rule == null
                ? ProblemType.CONFLICT
                : switch (rule.kind()) {
                    case PERMISSION -> ProblemType.FORBIDDEN;
                    case CONTENT -> ProblemType.UNPROCESSABLE;
                    case UNKNOWN -> ProblemType.NOT_FOUND;
                    case FAULT -> ProblemType.INTERNAL;
                    case CONFLICT, DUPLICATE -> ProblemType.CONFLICT;
                };
        String message = v.message() == null ? v.rule() : v.message();
        Map<String, Object> members = new LinkedHashMap<>();
        members.put("rule", v.rule());
        members.put("eventId", v.eventId());
        members.put("caseId", v.caseId());
        members.put("statusUrl", v.statusUrl());
        members.put("conflictingPoint", v.conflictingPoint());
        return new ApiProblem(
                type,
                message,
                List.of(new FieldError(v.field() == null ? "type" : v.field(), v.rule(), message)),
                type.status() == HttpStatus.INTERNAL_SERVER_ERROR ? 30L : null,
                members);
    }
}
