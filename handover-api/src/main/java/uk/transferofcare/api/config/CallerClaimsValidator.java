package uk.transferofcare.api.config;

import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import uk.transferofcare.api.access.OrgForRole;
import uk.transferofcare.api.sites.SiteCatalogue;
import uk.transferofcare.vocabulary.Role;

/**
 * A token must name a user ({@code sub}), a known {@code role} and an {@code org} that is a known site, division, PHS
 * or ADMIN and fits the role ({@link OrgForRole}); otherwise it is invalid (401). Messages never echo a claim's value.
 */
class CallerClaimsValidator implements OAuth2TokenValidator<Jwt> {

    private final SiteCatalogue sites;

    CallerClaimsValidator(SiteCatalogue sites) {
        this.sites = sites;
    }

    static final Pattern SUBJECT = Pattern.compile("^[A-Za-z0-9._@-]{1,64}$");
    static final Pattern ORG = Pattern.compile("^[A-Z][A-Z0-9]{0,7}$");

    /** A token names a person: SYSTEM is the processor and never a caller. */
    static final java.util.List<Role> USER_ROLES =
            Arrays.stream(Role.values()).filter(Role::isUser).toList();

    @Override
    public OAuth2TokenValidatorResult validate(Jwt jwt) {
        String subject = jwt.getSubject();
        if (subject == null || !SUBJECT.matcher(subject).matches()) {
            return invalid("the token's sub must be a user id of 1 to 64 letters, digits, '.', '_', '@' or '-'");
        }
        String role = jwt.getClaimAsString("role");
        if (role == null || USER_ROLES.stream().noneMatch(r -> r.name().equals(role))) {
            return invalid("the token's role claim must be one of " + USER_ROLES);
        }
        String org = jwt.getClaimAsString("org");
        if (org == null || !ORG.matcher(org).matches()) {
            return invalid("the token's org claim must be a site or division code, PHS or ADMIN");
        }
        Optional<String> misfit = OrgForRole.whyNot(Role.valueOf(role), org, sites);
        if (misfit.isPresent()) {
            return invalid("the token's org claim does not fit its role: " + misfit.get());
        }
        return OAuth2TokenValidatorResult.success();
    }

    private static OAuth2TokenValidatorResult invalid(String description) {
        return OAuth2TokenValidatorResult.failure(new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN, description, null));
    }
}
