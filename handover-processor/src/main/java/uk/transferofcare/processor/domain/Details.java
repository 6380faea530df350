package uk.transferofcare.processor.domain;

import java.time.Instant;
import java.util.function.Consumer;
import uk.transferofcare.vocabulary.AssessmentMode;
import uk.transferofcare.vocabulary.DelayReason;
import uk.transferofcare.vocabulary.LegalBasis;
import uk.transferofcare.vocabulary.TimePoint;

/**
 * Type-specific details of a submission; every field is optional and the state machine decides
 * which ones a type needs:
 *
 * <ul>
 *   <li>PRE_ALERTED, ARRIVED: {@code siteCode} (required when it opens the case), {@code
 *       legalBasis}, {@code removedAt}, {@code officerCount}, {@code localReference}, {@code eta}
 *       (PRE_ALERTED), {@code policeDivision} (ED staff opening a case: required);
 *   <li>DIVERTED: {@code destinationSiteCode} (required), {@code eta};
 *   <li>CORRECTED: {@code correctedPoint}, {@code correctedTo}, {@code reason} (all required);
 *   <li>ENTERED_IN_ERROR: {@code reason} (required);
 *   <li>OFFICER_RETAINED: {@code reason} (required), {@code officerCount} (optional: the new
 *       total of officers at the site from this event on);
 *   <li>OFFICER_RELEASED: {@code officerCount} (the new total from this event on, at least 1;
 *       required when no retained period is open);
 *   <li>ASSESSMENT_STARTED: {@code assessmentMode} (optional);
 *   <li>DELAY_REASON_RECORDED: {@code delayReason} (required), {@code note} (optional);
 *   <li>{@code linkedCaseId}: set only by the processor on the pre-alert of the case a diversion
 *       opens (the case it came from).
 * </ul>
 */
public record Details(
        String siteCode,
        LegalBasis legalBasis,
        Instant removedAt,
        Instant eta,
        Integer officerCount,
        String destinationSiteCode,
        String linkedCaseId,
        TimePoint correctedPoint,
        Instant correctedTo,
        String reason,
        String localReference,
        String note,
        String policeDivision,
        AssessmentMode assessmentMode,
        DelayReason delayReason) {

    /** No details at all. */
    public static final Details EMPTY =
            new Details(null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);

    /** Opening details: the site. */
    public static Details site(String siteCode) {
        return EMPTY.withSiteCode(siteCode);
    }

    public Details withSiteCode(String value) {
        return with(b -> b.siteCode = value);
    }

    public Details withLegalBasis(LegalBasis value) {
        return with(b -> b.legalBasis = value);
    }

    public Details withRemovedAt(Instant value) {
        return with(b -> b.removedAt = value);
    }

    public Details withEta(Instant value) {
        return with(b -> b.eta = value);
    }

    public Details withOfficerCount(Integer value) {
        return with(b -> b.officerCount = value);
    }

    public Details withDestinationSiteCode(String value) {
        return with(b -> b.destinationSiteCode = value);
    }

    public Details withLinkedCaseId(String value) {
        return with(b -> b.linkedCaseId = value);
    }

    /** CORRECTED details: the point, its new instant and the reason. */
    public Details withCorrection(TimePoint point, Instant to, String why) {
        return with(b -> {
            b.correctedPoint = point;
            b.correctedTo = to;
            b.reason = why;
        });
    }

    public Details withReason(String value) {
        return with(b -> b.reason = value);
    }

    public Details withLocalReference(String value) {
        return with(b -> b.localReference = value);
    }

    public Details withNote(String value) {
        return with(b -> b.note = value);
    }

    public Details withPoliceDivision(String value) {
        return with(b -> b.policeDivision = value);
    }

    public Details withAssessmentMode(AssessmentMode value) {
        return with(b -> b.assessmentMode = value);
    }

    public Details withDelayReason(DelayReason value) {
        return with(b -> b.delayReason = value);
    }

    private Details with(Consumer<Copy> change) {
        Copy copy = new Copy(this);
        change.accept(copy);
        return copy.build();
    }

    /** A mutable copy, so each {@code with...} names only the field it changes. */
    private static final class Copy {
        String siteCode;
        LegalBasis legalBasis;
        Instant removedAt;
        Instant eta;
        Integer officerCount;
        String destinationSiteCode;
        String linkedCaseId;
        TimePoint correctedPoint;
        Instant correctedTo;
        String reason;
        String localReference;
        String note;
        String policeDivision;
        AssessmentMode assessmentMode;
        DelayReason delayReason;

        Copy(Details d) {
            siteCode = d.siteCode;
            legalBasis = d.legalBasis;
            removedAt = d.removedAt;
            eta = d.eta;
            officerCount = d.officerCount;
            destinationSiteCode = d.destinationSiteCode;
            linkedCaseId = d.linkedCaseId;
            correctedPoint = d.correctedPoint;
            correctedTo = d.correctedTo;
            reason = d.reason;
            localReference = d.localReference;
            note = d.note;
            policeDivision = d.policeDivision;
            assessmentMode = d.assessmentMode;
            delayReason = d.delayReason;
        }

        Details build() {
            return new Details(
                    siteCode,
                    legalBasis,
                    removedAt,
                    eta,
                    officerCount,
                    destinationSiteCode,
                    linkedCaseId,
                    correctedPoint,
                    correctedTo,
                    reason,
                    localReference,
                    note,
                    policeDivision,
                    assessmentMode,
                    delayReason);
        }
    }
}
