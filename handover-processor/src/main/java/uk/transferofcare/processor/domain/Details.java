package uk.transferofcare.processor.domain;

import java.time.Instant;
import java.util.function.Consumer;
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
 *   <li>CORRECTED: {@code correctedPoint}, {@code correctedTo}, {@code reason} (all required);
 *   <li>ENTERED_IN_ERROR: {@code reason} (required);
 *   <li>OFFICER_RETAINED: {@code reason} (required), {@code officerCount} (optional);
 *   <li>DISPOSITION_RECORDED: {@code disposition} (required), {@code reason} (required from a SUPERVISOR);
 *   <li>CLEARED: {@code disposition} (optional: the officer's clearance form);
 *   <li>REFERRED_AT_SCENE: {@code referralPathway} (required), {@code siteCode} (optional: the intended site),
 *       {@code legalBasis}, {@code removedAt}, {@code officerCount}, {@code localReference};
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
        Disposition disposition,
        ReferralPathway referralPathway) {

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

    public Details withDisposition(Disposition value) {
        return with(b -> b.disposition = value);
    }

    public Details withReferralPathway(ReferralPathway value) {
        return with(b -> b.referralPathway = value);
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
        Disposition disposition;
        ReferralPathway referralPathway;

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
            disposition = d.disposition;
            referralPathway = d.referralPathway;
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
                    disposition,
                    referralPathway);
        }
    }
}
