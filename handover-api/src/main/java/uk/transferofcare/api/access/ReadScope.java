package uk.transferofcare.api.access;

import uk.transferofcare.api.problem.ApiProblem;
import uk.transferofcare.api.sites.SiteCatalogue;
import uk.transferofcare.events.CaseSnapshot;

/**
 * Whose cases a list or a live stream shows: one ED site's ({@code siteCode}) or one police division's
 * ({@code division}), checked against the reference data and the caller's right to read it. Shared by the board's
 * list and its server-sent stream so both refuse the same requests with the same rules.
 *
 * @param siteCode the site, or null when the scope is a division
 * @param division the division, or null when the scope is a site
 */
public record ReadScope(String siteCode, String division) {

    /** 400 {@code siteCode one-of} unless exactly one of the two is given. */
    public static void requireExactlyOne(String siteCode, String division) {
        if ((siteCode == null) == (division == null)) {
            throw ApiProblem.invalid("siteCode", "one-of", "give exactly one of siteCode or division");
        }
    }

    /**
     * The scope, once it is known (400 {@code known-site}/{@code known-division}) and the caller may read it (403
     * {@code not-permitted}); {@code divisionAction} completes "... may not &lt;action&gt; &lt;division&gt;".
     */
    public static ReadScope resolve(
            String siteCode, String division, Caller caller, SiteCatalogue sites, String divisionAction) {
        requireExactlyOne(siteCode, division);
        if (siteCode != null) {
            if (!sites.isSite(siteCode)) {
                throw ApiProblem.invalid("siteCode", "known-site", "'" + siteCode + "' is not a known site code");
            }
            if (!AccessPolicy.canReadSite(caller, siteCode)) {
                throw ApiProblem.forbidden(
                        "siteCode",
                        "not-permitted",
                        caller.role() + " of " + caller.org() + " may not see the board of " + siteCode);
            }
            return new ReadScope(siteCode, null);
        }
        if (!sites.isDivision(division)) {
            throw ApiProblem.invalid("division", "known-division", "'" + division + "' is not a known division");
        }
        if (!AccessPolicy.canReadDivision(caller, division)) {
            throw ApiProblem.forbidden(
                    "division",
                    "not-permitted",
                    caller.role() + " of " + caller.org() + " may not " + divisionAction + " " + division);
        }
        return new ReadScope(null, division);
    }

    public boolean isSite() {
        return siteCode != null;
    }

    public boolean matches(CaseSnapshot snapshot) {
        return matches(snapshot.getSiteCode(), snapshot.getPoliceDivision());
    }

    /** True when a case at this site and of this division (null when unknown) is in the scope. */
    public boolean matches(String caseSite, String caseDivision) {
        return isSite() ? siteCode.equals(caseSite) : division.equals(caseDivision);
    }
}
