package uk.transferofcare.api.access;

import java.util.Optional;
import uk.transferofcare.api.handover.SubmissionType;

/**
 * The role x organisation x action matrix of issue 4, in one place. Pure: no Spring, no Kafka.
 *
 * <table>
 *   <caption>Who may do what</caption>
 *   <tr><th>role</th><th>submit</th><th>read</th></tr>
 *   <tr><td>OFFICER</td><td>police-side types for cases of their division (a new case, or one whose division is
 *   still unknown, becomes theirs)</td><td>cases and lists of their division; status of their own
 *   submissions</td></tr>
 *   <tr><td>ED_STAFF</td><td>ED-side types for cases at their site</td><td>cases, board and stream of their
 *   site</td></tr>
 *   <tr><td>SUPERVISOR</td><td>CORRECTED and ENTERED_IN_ERROR for cases of their site or division</td><td>cases of
 *   their site or division; board/stream of their site; list of their division</td></tr>
 *   <tr><td>ANALYST</td><td>nothing</td><td>reports only</td></tr>
 *   <tr><td>ADMIN</td><td>nothing (operators, not record keepers)</td><td>everything</td></tr>
 * </table>
 */
public final class AccessPolicy {

    private AccessPolicy() {}

    /**
     * Why the caller may not submit this type for this case, or empty when allowed.
     *
     * @param facts the case (for a new case: the site it opens at and, for officers, their own division)
     */
    public static Optional<String> denySubmit(Caller caller, SubmissionType type, CaseFacts facts) {
        return switch (caller.role()) {
            case ANALYST -> Optional.of("an ANALYST may read reports only, not submit " + type);
            case ADMIN -> Optional.of("an ADMIN may read everything but submits nothing (" + type + ")");
            case OFFICER -> {
                if (!SubmissionType.POLICE_SIDE.contains(type)) {
                    yield Optional.of(type + " is recorded by the ED or a supervisor, not by an OFFICER");
                }
                if (facts.policeDivision() != null && !facts.policeDivision().equals(caller.org())) {
                    yield Optional.of("an OFFICER of division " + caller.org() + " may not submit " + type
                            + " for a case of division " + facts.policeDivision());
                }
                yield Optional.empty();
            }
            case ED_STAFF -> {
                if (!SubmissionType.ED_SIDE.contains(type)) {
                    yield Optional.of(type + " is recorded by police or a supervisor, not by ED_STAFF");
                }
                if (!caller.org().equals(facts.siteCode())) {
                    yield Optional.of("ED_STAFF of site " + caller.org() + " may not submit " + type
                            + " for a case at site " + facts.siteCode());
                }
                yield Optional.empty();
            }
            case SUPERVISOR -> {
                if (!SubmissionType.SUPERVISOR_ONLY.contains(type)) {
                    yield Optional.of("a SUPERVISOR submits CORRECTED and ENTERED_IN_ERROR only, not " + type);
                }
                if (!ownOrg(caller, facts)) {
                    yield Optional.of("a SUPERVISOR of " + caller.org() + " may only submit " + type
                            + " for a case of their site or division");
                }
                yield Optional.empty();
            }
        };
    }

    /** True when the caller may read this case. */
    public static boolean canRead(Caller caller, CaseFacts facts) {
        return switch (caller.role()) {
            case ADMIN -> true;
            case ANALYST -> false;
            case OFFICER -> caller.org().equals(facts.policeDivision());
            case ED_STAFF -> caller.org().equals(facts.siteCode());
            case SUPERVISOR -> ownOrg(caller, facts);
        };
    }

    /** True when the caller may see the board (list and stream) of a site. */
    public static boolean canReadSite(Caller caller, String siteCode) {
        return switch (caller.role()) {
            case ADMIN -> true;
            case ED_STAFF, SUPERVISOR -> caller.org().equals(siteCode);
            case OFFICER, ANALYST -> false;
        };
    }

    /** True when the caller may list (and stream) the cases of a police division. */
    public static boolean canReadDivision(Caller caller, String division) {
        return switch (caller.role()) {
            case ADMIN -> true;
            case OFFICER, SUPERVISOR -> caller.org().equals(division);
            case ED_STAFF, ANALYST -> false;
        };
    }

    private static boolean ownOrg(Caller caller, CaseFacts facts) {
        return caller.org().equals(facts.siteCode()) || caller.org().equals(facts.policeDivision());
    }
}
