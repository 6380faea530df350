package uk.transferofcare.api.access;

/**
 * Who may read what: the role x organisation matrix of the read side. Pure: no Spring, no Kafka. Who may submit what
 * is not here: which role may send which event type is the shared vocabulary's {@code Permissions} table, checked
 * before producing, and whether this organisation may act on this case is the processor's alone.
 *
 * <table>
 *   <caption>Who may read what</caption>
 *   <tr><th>role</th><th>read</th></tr>
 *   <tr><td>OFFICER</td><td>cases and lists of their division; the verdicts of their own submissions</td></tr>
 *   <tr><td>ED_STAFF</td><td>cases, board and stream of their site</td></tr>
 *   <tr><td>SUPERVISOR</td><td>cases of their site or division; board/stream of their site; list of their
 *   division</td></tr>
 *   <tr><td>ANALYST</td><td>reports only</td></tr>
 *   <tr><td>ADMIN</td><td>everything</td></tr>
 * </table>
 */
public final class AccessPolicy {

    private AccessPolicy() {}

    /** True when the caller may read this case. */
    public static boolean canRead(Caller caller, CaseFacts facts) {
        return switch (caller.role()) {
            case ADMIN -> true;
            case OFFICER -> caller.org().equals(facts.policeDivision());
            case ED_STAFF -> caller.org().equals(facts.siteCode());
            case SUPERVISOR -> ownOrg(caller, facts);
            case ANALYST, SYSTEM -> false;
        };
    }

    /** True when the caller may see the board (list and stream) of a site. */
    public static boolean canReadSite(Caller caller, String siteCode) {
        return switch (caller.role()) {
            case ADMIN -> true;
            case ED_STAFF, SUPERVISOR -> caller.org().equals(siteCode);
            case OFFICER, ANALYST, SYSTEM -> false;
        };
    }

    /** True when the caller may list (and stream) the cases of a police division. */
    public static boolean canReadDivision(Caller caller, String division) {
        return switch (caller.role()) {
            case ADMIN -> true;
            case OFFICER, SUPERVISOR -> caller.org().equals(division);
            case ED_STAFF, ANALYST, SYSTEM -> false;
        };
    }

    private static boolean ownOrg(Caller caller, CaseFacts facts) {
        return caller.org().equals(facts.siteCode()) || caller.org().equals(facts.policeDivision());
    }
}
