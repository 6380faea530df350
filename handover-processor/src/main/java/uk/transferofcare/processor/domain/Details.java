package uk.transferofcare.processor.domain;

import java.time.Instant;
import java.util.function.Consumer;
import uk.transferofcare.vocabulary.AssessmentMode;
import uk.transferofcare.vocabulary.DelayReason;
import uk.transferofcare.vocabulary.Disposition;
import uk.transferofcare.vocabulary.LegalBasis;
import uk.transferofcare.vocabulary.ReferralPathway;
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
 *   <li>CORRECTED: {@code reason} (required) and exactly one of {@code correctedPoint} with {@code correctedTo}, {@code
 *       correctedDivision}, {@code correctedLegalBasis} or {@code correctedSiteCode};
 *   <li>DIVISION_TRANSFERRED: {@code policeDivision} (the receiving division) and {@code reason} (both required);
 *   <li>LEGAL_CLOCK_EXTENDED: {@code reason} (optional);
 *   <li>ENTERED_IN_ERROR: {@code reason} (required);
 *   <li>CLOSED_NOT_RECORDED: {@code reason} (required);
 *   <li>OFFICER_RETAINED: {@code reason} (required), {@code officerCount} (optional: the new
 *       total of officers at the site from this event on);
 *   <li>OFFICER_RELEASED: {@code officerCount} (the new total from this event on, at least 1;
 *       required when no retained period is open);
 *   <li>DISPOSITION_RECORDED: {@code disposition} (required), {@code reason} (required from a SUPERVISOR);
 *   <li>CLEARED: {@code disposition} (optional: the officer's clearance form);
 *   <li>REFERRED_AT_SCENE: {@code referralPathway} (required), {@code siteCode} (optional: the intended site),
 *       {@code legalBasis}, {@code removedAt}, {@code officerCount}, {@code localReference};
 *   <li>ASSESSMENT_STARTED: {@code assessmentMode} (optional);
 *   <li>DELAY_REASON_RECORDED: {@code delayReason} (required), {@code note} (optional);
 *   <li>ACTION_UNDONE: {@code undoneEventId} (required: the sender's own point it withdraws);
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
        String correctedDivision,
        LegalBasis correctedLegalBasis,
        String correctedSiteCode,
        Disposition disposition,
        ReferralPathway referralPathway,
        AssessmentMode assessmentMode,
        DelayReason delayReason,
        String undoneEventId) {

    /** No details at all. */
    public static final Details EMPTY = new Details(
            null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
            null, null, null);

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

    public Details withCorrectedDivision(String value) {
        return with(b -> b.correctedDivision = value);
    }

    public Details withCorrectedLegalBasis(LegalBasis value) {
        return with(b -> b.correctedLegalBasis = value);
    }

    public Details withCorrectedSiteCode(String value) {
        return with(b -> b.correctedSiteCode = value);
    }

    /** The attribute a CORRECTED changes instead of a time point, or null (none or a time point). */
    public CorrectedField correctedField() {
        return correctedDivision != null
                ? CorrectedField.POLICE_DIVISION
                : correctedLegalBasis != null
                        ? CorrectedField.LEGAL_BASIS
                        : correctedSiteCode != null ? CorrectedField.SITE_CODE : null;
    }

    /** How many of correctedPoint, correctedDivision, correctedLegalBasis and correctedSiteCode are set. */
    public int correctionTargets() {
        int count = 0;
        for (Object target : new Object[] {correctedPoint, correctedDivision, correctedLegalBasis, correctedSiteCode}) {
            if (target != null) {
                count++;
            }
        }
        return count;
    }

    public Details withDisposition(Disposition value) {
        return with(b -> b.disposition = value);
    }

    public Details withReferralPathway(ReferralPathway value) {
        return with(b -> b.referralPathway = value);
    }

    public Details withAssessmentMode(AssessmentMode value) {
        return with(b -> b.assessmentMode = value);
    }

    public Details withDelayReason(DelayReason value) {
        return with(b -> b.delayReason = value);
    }

    /** ACTION_UNDONE details: the eventId of the point withdrawn. */
    public Details withUndoneEventId(String value) {
        return with(b -> b.undoneEventId = value);
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
        String correctedDivision;
        LegalBasis correctedLegalBasis;
        String correctedSiteCode;
        Disposition disposition;
        ReferralPathway referralPathway;
        AssessmentMode assessmentMode;
        DelayReason delayReason;
        String undoneEventId;

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
            correctedDivision = d.correctedDivision;
            correctedLegalBasis = d.correctedLegalBasis;
            correctedSiteCode = d.correctedSiteCode;
            disposition = d.disposition;
            referralPathway = d.referralPathway;
            assessmentMode = d.assessmentMode;
            delayReason = d.delayReason;
            undoneEventId = d.undoneEventId;
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
                    correctedDivision,
                    correctedLegalBasis,
                    correctedSiteCode,
                    disposition,
                    referralPathway,
                    assessmentMode,
                    delayReason,
                    undoneEventId);
        }
    }
}
