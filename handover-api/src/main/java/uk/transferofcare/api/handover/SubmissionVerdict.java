package uk.transferofcare.api.handover;

import java.time.Instant;
import uk.transferofcare.events.SubmissionOutcome;

/**
 * The processor's verdict on one submission as the API shows it: what {@code handover-outcomes} says, nothing the API
 * worked out itself.
 *
 * @param status APPLIED, REJECTED, DUPLICATE or HELD (PENDING is never a verdict: it is the absence of one)
 * @param rule the processor's rule code for REJECTED and DUPLICATE
 * @param field the submission's field a rejection is about
 * @param resend true when this answers a re-send of an eventId already judged (the verdict is its standing one)
 * @param siteCode the case's site (null when there is no case yet)
 * @param policeDivision the case's police division (null when there is no case yet)
 * @param submittedBy the user id that submitted it
 * @param resentByFirstSubmitter a re-send: whether the processor knows the caller's user sent the eventId first (null:
 *     it does not know, see {@code SubmissionOutcome.resentByFirstSubmitter})
 */
public record SubmissionVerdict(
        String eventId,
        String caseId,
        String type,
        String status,
        String rule,
        String field,
        String message,
        Long sequence,
        String conflictingPoint,
        String originalEventId,
        String linkedCaseId,
        Instant heldUntil,
        boolean resend,
        String siteCode,
        String policeDivision,
        String submittedBy,
        Instant receivedAt,
        Instant processedAt,
        Boolean resentByFirstSubmitter) {

    public static SubmissionVerdict of(SubmissionOutcome o) {
        return new SubmissionVerdict(
                o.getEventId(),
                o.getCaseId(),
                o.getType().name(),
                o.getStatus().name(),
                o.getRule(),
                o.getField(),
                o.getMessage(),
                o.getSequence(),
                o.getConflictingPoint() == null ? null : o.getConflictingPoint().name(),
                o.getOriginalEventId(),
                o.getLinkedCaseId(),
                o.getHeldUntil(),
                o.getResend(),
                o.getSiteCode(),
                o.getPoliceDivision(),
                o.getActor().getUserId(),
                o.getReceivedAt(),
                o.getProcessedAt(),
                o.getResentByFirstSubmitter());
    }

    /** Where this submission's verdict is read: the Location of every answer. */
    public static String statusUrl(String caseId, String eventId) {
        return "/api/v1/handovers/" + caseId + "/events/" + eventId;
    }

    public String statusUrl() {
        return statusUrl(caseId, eventId);
    }

    public boolean held() {
        return "HELD".equals(status);
    }
}
