package uk.transferofcare.support.security;

import java.util.Optional;
import uk.transferofcare.vocabulary.Role;

/**
 * Which organisation a role's token may name in its {@code org} claim: a known police division for OFFICER, a known ED
 * site for ED_STAFF, either for SUPERVISOR, {@value #ANALYSTS} (Public Health Scotland) for ANALYST and {@value
 * #ADMINS} for ADMIN. A token whose org does not fit its role is invalid (401), whoever signed it: the per-case rules
 * (handover-api's access policy, the notification service's audit scope) compare org codes, so an ED_STAFF token naming a division would otherwise read as police.
 */
public final class OrgForRole {

    /** The analysts' organisation. */
    public static final String ANALYSTS = "PHS";

    /** The administrators' organisation. */
    public static final String ADMINS = "ADMIN";

    private OrgForRole() {}

    /** Empty when {@code org} fits {@code role}; else why not, without echoing the org. */
    public static Optional<String> whyNot(Role role, String org, KnownOrganisations sites) {
        boolean fits = org != null
                && switch (role) {
                    case OFFICER -> sites.isDivision(org);
                    case ED_STAFF -> sites.isSite(org);
                    case SUPERVISOR -> sites.isSite(org) || sites.isDivision(org);
                    case ANALYST -> org.equals(ANALYSTS);
                    case ADMIN -> org.equals(ADMINS);
                    case SYSTEM -> false;
                };
        if (fits) {
            return Optional.empty();
        }
        return Optional.of(
                switch (role) {
                    case OFFICER -> "an OFFICER's org must be a known police division code (GET /api/v1/sites)";
                    case ED_STAFF -> "ED_STAFF's org must be a known ED site code (GET /api/v1/sites)";
                    case SUPERVISOR -> "a SUPERVISOR's org must be a known site or police division code";
                    case ANALYST -> "an ANALYST's org must be " + ANALYSTS;
                    case ADMIN -> "an ADMIN's org must be " + ADMINS;
                    case SYSTEM -> "SYSTEM is never a caller";
                });
    }
}
