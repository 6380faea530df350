package uk.transferofcare.processor.domain;

import java.util.Optional;
import uk.transferofcare.vocabulary.EventType;
import uk.transferofcare.vocabulary.Permissions;
import uk.transferofcare.vocabulary.Role;
import uk.transferofcare.vocabulary.RuleCode;

/**
 * Who may submit what: the processor is the only judge of it (rule codes NOT_PERMITTED and
 * WRONG_SITE). Which role may record which type is the shared {@link Permissions} table (the API
 * applies the same table before producing, because it needs no case); whether this organisation may
 * act on this case needs the case and lives here alone.
 *
 * <ul>
 *   <li>OFFICER: the case's police division must be theirs. A case's division is set when it opens
 *       (the opening officer's, or the one ED staff name) and never taken from whoever submits
 *       later.
 *   <li>ED_STAFF: the case's site must be theirs (WRONG_SITE).
 *   <li>SUPERVISOR: their org is the case's site or police division; for DIVISION_TRANSFERRED and
 *       for a CORRECTED of the division, legal basis or site, it must be the case's police division
 *       (the division owns the detention record: who holds the person, under which power, taken
 *       where). A site's supervisor corrects times and voids, as before.
 *   <li>SYSTEM: only the pre-alert of the case a diversion opens (details.linkedCaseId set).
 * </ul>
 *
 * Messages never name another organisation's site or division: they are read by someone who may
 * not act on the case.
 */
final class Authority {

    private Authority() {}

    /** The part that needs no case: may this role submit this type at all. Null when it may. */
    static Verdict.Rejected permitted(Submission submission) {
        Optional<String> why = Permissions.whyNot(submission.actor().role(), submission.type());
        if (why.isPresent()) {
            return notPermitted(why.get(), "type");
        }
        if (submission.actor().role() == Role.SYSTEM && submission.details().linkedCaseId() == null) {
            return notPermitted("SYSTEM only pre-alerts the case a diversion opens", "type");
        }
        return null;
    }

    /**
     * Null when the actor may submit the type for a case at {@code site} of police division {@code
     * division} (null only for a case being opened), else the rejection.
     */
    static Verdict.Rejected check(String site, String division, Submission submission) {
        Verdict.Rejected refused = permitted(submission);
        if (refused != null) {
            return refused;
        }
        EventType type = submission.type();
        Actor actor = submission.actor();
        String org = actor.org();
        return switch (actor.role()) {
            case OFFICER ->
                division == null || division.equals(org)
                        ? null
                        : notPermitted(
                                "an OFFICER of police division " + org + " may not submit " + type
                                        + " for this case: it belongs to another police division",
                                "caseId");
            case ED_STAFF ->
                site.equals(org)
                        ? null
                        : new Verdict.Rejected(
                                RuleCode.WRONG_SITE,
                                "WRONG_SITE: ED_STAFF of site " + org + " may not submit " + type
                                        + " for this case: it is at another site",
                                null,
                                "caseId");
            case SUPERVISOR -> {
                if (divisionOnly(submission)) {
                    yield org.equals(division)
                            ? null
                            : notPermitted(
                                    "a SUPERVISOR of " + org + " may only submit " + what(submission)
                                            + " for a case of their police division",
                                    "caseId");
                }
                yield org.equals(site) || org.equals(division)
                        ? null
                        : notPermitted(
                                "a SUPERVISOR of " + org + " may only submit " + type
                                        + " for a case of their site or police division",
                                "caseId");
            }
            case SYSTEM, ANALYST, ADMIN -> null; // permitted() decided these
        };
    }

    /** Transfers and corrections of the case's attributes: for a supervisor of the owning division only. */
    private static boolean divisionOnly(Submission submission) {
        return submission.type() == EventType.DIVISION_TRANSFERRED
                || (submission.type() == EventType.CORRECTED
                        && submission.details().correctedField() != null);
    }

    private static String what(Submission submission) {
        return submission.type() == EventType.CORRECTED
                ? "a CORRECTED of the case's " + submission.details().correctedField()
                : submission.type().name();
    }

    private static Verdict.Rejected notPermitted(String why, String field) {
        return new Verdict.Rejected(RuleCode.NOT_PERMITTED, "NOT_PERMITTED: " + why, null, field);
    }
}
