package uk.transferofcare.support.security;

import java.util.Collection;
import java.util.Set;

/**
 * The organisations a token's {@code org} claim may name besides {@value OrgForRole#ANALYSTS} and {@value
 * OrgForRole#ADMINS}: ED sites and police divisions, by code. handover-api's site catalogue is one (its reference data,
 * {@code handover.reference}); the other services use the codes of {@code platform.security.organisations}.
 */
public interface KnownOrganisations {

    boolean isSite(String code);

    boolean isDivision(String code);

    /** These site and division codes. */
    static KnownOrganisations of(Collection<String> sites, Collection<String> divisions) {
        Set<String> siteCodes = Set.copyOf(sites);
        Set<String> divisionCodes = Set.copyOf(divisions);
        return new KnownOrganisations() {
            @Override
            public boolean isSite(String code) {
                return code != null && siteCodes.contains(code);
            }

            @Override
            public boolean isDivision(String code) {
                return code != null && divisionCodes.contains(code);
            }

            @Override
            public String toString() {
                return "KnownOrganisations[sites=" + siteCodes + ", divisions=" + divisionCodes + "]";
            }
        };
    }
}
