package uk.transferofcare.processor.domain;

import java.time.Instant;
import uk.transferofcare.vocabulary.LegalBasis;
import uk.transferofcare.vocabulary.TimePoint;

/**
 * Type-specific details of a submission; every field is optional and the state machine decides
 * which ones a type needs:
 *
 * <ul>
 *   <li>PRE_ALERTED, ARRIVED: {@code siteCode} (required when it opens the case), {@code
 *       legalBasis}, {@code removedAt}, {@code officerCount}, {@code localReference}, {@code eta}
 *       (PRE_ALERTED), {@code linkedCaseId} (the case a diversion came from);
 *   <li>DIVERTED: {@code destinationSiteCode} (required), {@code linkedCaseId} (optional id of the
 *       new case), {@code eta};
 *   <li>CORRECTED: {@code correctedPoint}, {@code correctedTo}, {@code reason} (all required);
 *   <li>ENTERED_IN_ERROR: {@code reason} (required);
 *   <li>OFFICER_RETAINED: {@code reason} (required), {@code officerCount} (optional).
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
        String note) {

    /** No details at all. */
    public static final Details EMPTY =
            new Details(null, null, null, null, null, null, null, null, null, null, null, null);

    /** Opening details: the site. */
    public static Details site(String siteCode) {
        return EMPTY.withSiteCode(siteCode);
    }

    public Details withSiteCode(String value) {
        return new Details(
                value,
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
                note);
    }

    public Details withLegalBasis(LegalBasis value) {
        return new Details(
                siteCode,
                value,
                removedAt,
                eta,
                officerCount,
                destinationSiteCode,
                linkedCaseId,
                correctedPoint,
                correctedTo,
                reason,
                localReference,
                note);
    }

    public Details withRemovedAt(Instant value) {
        return new Details(
                siteCode,
                legalBasis,
                value,
                eta,
                officerCount,
                destinationSiteCode,
                linkedCaseId,
                correctedPoint,
                correctedTo,
                reason,
                localReference,
                note);
    }

    public Details withEta(Instant value) {
        return new Details(
                siteCode,
                legalBasis,
                removedAt,
                value,
                officerCount,
                destinationSiteCode,
                linkedCaseId,
                correctedPoint,
                correctedTo,
                reason,
                localReference,
                note);
    }

    public Details withOfficerCount(Integer value) {
        return new Details(
                siteCode,
                legalBasis,
                removedAt,
                eta,
                value,
                destinationSiteCode,
                linkedCaseId,
                correctedPoint,
                correctedTo,
                reason,
                localReference,
                note);
    }

    public Details withDestinationSiteCode(String value) {
        return new Details(
                siteCode,
                legalBasis,
                removedAt,
                eta,
                officerCount,
                value,
                linkedCaseId,
                correctedPoint,
                correctedTo,
                reason,
                localReference,
                note);
    }

    public Details withLinkedCaseId(String value) {
        return new Details(
                siteCode,
                legalBasis,
                removedAt,
                eta,
                officerCount,
                destinationSiteCode,
                value,
                correctedPoint,
                correctedTo,
                reason,
                localReference,
                note);
    }

    /** CORRECTED details: the point, its new instant and the reason. */
    public Details withCorrection(TimePoint point, Instant to, String why) {
        return new Details(
                siteCode,
                legalBasis,
                removedAt,
                eta,
                officerCount,
                destinationSiteCode,
                linkedCaseId,
                point,
                to,
                why,
                localReference,
                note);
    }

    public Details withReason(String value) {
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
                value,
                localReference,
                note);
    }

    public Details withLocalReference(String value) {
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
                value,
                note);
    }

    public Details withNote(String value) {
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
                value);
    }
}
