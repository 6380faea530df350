package uk.transferofcare.processor.domain;

import java.util.EnumSet;
import java.util.Set;
import uk.transferofcare.vocabulary.EventType;
import uk.transferofcare.vocabulary.RuleCode;

/**
 * Who may submit what (rule codes NOT_PERMITTED and WRONG_SITE). The API checks too; the processor
 * is the authority.
 *
 * <ul>
 *   <li>Police side: PRE_ALERTED, ARRIVED, CLEARED, CANCELLED, DIVERTED, ABSCONDED,
 *       ENDED_WITHOUT_HANDOVER. ED side: ARRIVED, ACKNOWLEDGED, HANDOVER_STARTED, HANDED_OVER,
 *       OFFICER_RETAINED, OFFICER_RELEASED, ABSCONDED, ENDED_WITHOUT_HANDOVER.
 *   <li>OFFICER: police side; org must be the case's police division when known (NOT_PERMITTED).
 *   <li>ED_STAFF: ED side; org must be the case's site (WRONG_SITE).
 *   <li>SUPERVISOR: CORRECTED and ENTERED_IN_ERROR only, when their org is the case's site or
 *       police division (issue 4's matrix; the API enforces the same).
 *   <li>ADMIN: reads everything, submits nothing.
 *   <li>ANALYST: nothing. SYSTEM: PRE_ALERTED of a linked case (details.linkedCaseId set) only.
 *   <li>ESCALATED and LEGAL_CLOCK_WARNING: nobody (the processor's timers record them).
 * </ul>
 */
final class Authority {

    private static final Set<EventType> POLICE_SIDE = EnumSet.of(
            EventType.PRE_ALERTED,
            EventType.ARRIVED,
            EventType.CLEARED,
            EventType.CANCELLED,
            EventType.DIVERTED,
            EventType.ABSCONDED,
            EventType.ENDED_WITHOUT_HANDOVER);

    private static final Set<EventType> ED_SIDE = EnumSet.of(
            EventType.ARRIVED,
            EventType.ACKNOWLEDGED,
            EventType.HANDOVER_STARTED,
            EventType.HANDED_OVER,
            EventType.OFFICER_RETAINED,
            EventType.OFFICER_RELEASED,
            EventType.ABSCONDED,
            EventType.ENDED_WITHOUT_HANDOVER);

    private Authority() {}

    /**
     * Null when the actor may submit the type for a case at {@code site} brought by {@code
     * division} (null while unknown), else the rejection.
     */
    static Verdict.Rejected check(String site, String division, Submission submission) {
        EventType type = submission.type();
        Actor actor = submission.actor();
        if (type.isProcessorOnly()) {
            return notPermitted(type + " is recorded only by the processor's timers");
        }
        return switch (actor.role()) {
            case ANALYST -> notPermitted("an ANALYST may not submit events (" + type + ")");
            case SYSTEM ->
                type == EventType.PRE_ALERTED && submission.details().linkedCaseId() != null
                        ? null
                        : notPermitted("SYSTEM may only pre-alert a linked case, not submit " + type);
            case ADMIN -> notPermitted("an ADMIN reads every case but submits nothing (" + type + ")");
            case OFFICER -> supervisorOnly(type) ? supervisorsOnly(type) : police(type, actor, division);
            case ED_STAFF -> supervisorOnly(type) ? supervisorsOnly(type) : ed(type, actor, site);
            case SUPERVISOR -> supervisor(type, actor, site, division);
        };
    }

    /** True when the actor counts as police for the case (sets the case's police division). */
    static boolean isPolice(Actor actor, String site) {
        return switch (actor.role()) {
            case OFFICER -> true;
            case SUPERVISOR -> !actor.org().equals(site);
            case SYSTEM -> !Actor.SYSTEM_ORG.equals(actor.org());
            default -> false;
        };
    }

    private static boolean supervisorOnly(EventType type) {
        return type == EventType.CORRECTED || type == EventType.ENTERED_IN_ERROR;
    }

    private static Verdict.Rejected supervisorsOnly(EventType type) {
        return notPermitted(type + " may only be submitted by a SUPERVISOR of the case's site or police division");
    }

    private static Verdict.Rejected supervisor(EventType type, Actor actor, String site, String division) {
        String org = actor.org();
        if (!supervisorOnly(type)) {
            return notPermitted("a SUPERVISOR submits only CORRECTED or ENTERED_IN_ERROR, not " + type);
        }
        return org.equals(site) || org.equals(division)
                ? null
                : notPermitted("a SUPERVISOR of " + org + " may only submit " + type + " for a case of their site "
                        + "or police division (site " + site + ", division " + orUnknown(division) + ")");
    }

    private static Verdict.Rejected police(EventType type, Actor actor, String division) {
        if (!POLICE_SIDE.contains(type)) {
            return notPermitted(
                    type + " is recorded by the ED, not by police (" + actor.role() + " of " + actor.org() + ")");
        }
        if (division != null && !division.equals(actor.org())) {
            return notPermitted(actor.role() + " of police division " + actor.org() + " may not submit " + type
                    + " for a case of division " + division);
        }
        return null;
    }

    private static Verdict.Rejected ed(EventType type, Actor actor, String site) {
        if (!ED_SIDE.contains(type)) {
            return notPermitted(
                    type + " is recorded by police, not by the ED (" + actor.role() + " of " + actor.org() + ")");
        }
        if (!site.equals(actor.org())) {
            return new Verdict.Rejected(
                    RuleCode.WRONG_SITE,
                    "WRONG_SITE: " + actor.role() + " of site " + actor.org() + " may not submit " + type
                            + " for a case at site " + site,
                    null);
        }
        return null;
    }

    private static String orUnknown(String value) {
        return value == null ? "unknown" : value;
    }

    private static Verdict.Rejected notPermitted(String why) {
        return new Verdict.Rejected(RuleCode.NOT_PERMITTED, "NOT_PERMITTED: " + why, null);
    }
}
