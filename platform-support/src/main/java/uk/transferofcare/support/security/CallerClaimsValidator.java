package uk.transferofcare.support.security;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import uk.transferofcare.vocabulary.Role;

/**
 * A token must name a user ({@code sub}), a user {@code role} and an {@code org} that is a known site, division,
 * {@value OrgForRole#ANALYSTS} or {@value OrgForRole#ADMINS} and fits the role ({@link OrgForRole}); otherwise it is
 * invalid (401). The one rule of every service (through {@link PlatformJwtDecoders}). Messages never echo a claim's
 * value.
 */
public final class CallerClaimsValidator implements OAuth2TokenValidator<Jwt> {

    static final Pattern SUBJECT = Pattern.compile("^[A-Za-z0-9._@-]{1,64}$");
    static final Pattern ORG = Pattern.compile("^[A-Z][A-Z0-9]{0,7}$");

    /** A token names a person: SYSTEM is the processor and never a caller. */
    static final List<Role> USER_ROLES =
            Arrays.stream(Role.values()).filter(Role::isUser).toList();

    private final KnownOrganisations organisations;

    public CallerClaimsValidator(KnownOrganisations organisations) {
        this.organisations = organisations;
    }

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
            return invalid("the token's org claim must be a site or division code, " + OrgForRole.ANALYSTS + " or "
                    + OrgForRole.ADMINS);
        }
        Optional<String> misfit = OrgForRole.whyNot(Role.valueOf(role), org, organisations);
        if (misfit.isPresent()) {
            return invalid("the token's org claim does not fit its role: " + misfit.get());
        }
        return OAuth2TokenValidatorResult.success();
    }

    private static OAuth2TokenValidatorResult invalid(String description) {
        return OAuth2TokenValidatorResult.failure(new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN, description, null));
    }
}
