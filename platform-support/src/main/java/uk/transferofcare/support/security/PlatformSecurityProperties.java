package uk.transferofcare.support.security;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Which bearer tokens every service trusts ({@code platform.security.jwt.*}) and which organisations their {@code org}
 * claim may name ({@code platform.security.organisations.*}).
 *
 * <p>Outside the {@code local} profile exactly one of {@code issuer-uri} ({@code JWT_ISSUER_URI}), {@code jwk-set-uri}
 * ({@code JWT_JWK_SET_URI}) or {@code public-key-location} ({@code JWT_PUBLIC_KEY_LOCATION}) must be set, {@code
 * audience} ({@code JWT_AUDIENCE}) always, and {@code issuer} ({@code JWT_ISSUER}) with a JWKS URI or a public key; a
 * missing or malformed value stops start-up with a message naming the property. In the {@code local} profile, without
 * any of them, the tokens are those handover-api's {@code POST /dev/tokens} mints ({@code dev-issuer}, {@code
 * dev-audience}), checked against its {@code GET /dev/jwks} ({@code dev-jwk-set-uri}, env {@code DEV_JWKS_URI}); a
 * missing issuer or audience is the dev one there. handover-api also reads its former names {@code
 * handover.security.jwt.*} (its application.yml maps them).
 *
 * @param jwt the token issuer
 * @param organisations the site and division codes a token's org may name (handover-api uses its reference data)
 */
@ConfigurationProperties("platform.security")
public record PlatformSecurityProperties(
        @DefaultValue Jwt jwt, @DefaultValue Organisations organisations) {

    /** An audience or issuer name: printable, no spaces (a URI or a plain name). */
    static final Pattern NAME = Pattern.compile("^[\\x21-\\x7e]{1,255}$");

    /**
     * @param issuerUri OpenID Connect issuer whose keys sign the tokens (its discovery document is read when the first
     *     token arrives); also the {@code iss} every token must carry
     * @param jwkSetUri the identity provider's JWKS ({@code https://...}), with {@code issuer}
     * @param publicKeyLocation an RSA public key in PEM ({@code file:/...} or {@code classpath:...}), with {@code issuer}
     * @param issuer with a JWKS URI or a public key: the {@code iss} every token must carry
     * @param audience the {@code aud} every token must contain
     * @param devJwkSetUri local profile only: handover-api's {@code /dev/jwks}
     * @param devIssuer local profile only: the {@code iss} of the dev tokens
     * @param devAudience local profile only: the {@code aud} of the dev tokens
     */
    public record Jwt(
            String issuerUri,
            String jwkSetUri,
            String publicKeyLocation,
            String issuer,
            String audience,
            @DefaultValue("http://127.0.0.1:8080/dev/jwks") String devJwkSetUri,
            @DefaultValue("handover-api-local") String devIssuer,
            @DefaultValue("handover-api") String devAudience) {

        static final String ISSUER_URI = "platform.security.jwt.issuer-uri (JWT_ISSUER_URI)";
        static final String JWK_SET_URI = "platform.security.jwt.jwk-set-uri (JWT_JWK_SET_URI)";
        static final String PUBLIC_KEY_LOCATION = "platform.security.jwt.public-key-location (JWT_PUBLIC_KEY_LOCATION)";
        static final String ISSUER = "platform.security.jwt.issuer (JWT_ISSUER)";
        static final String AUDIENCE = "platform.security.jwt.audience (JWT_AUDIENCE)";

        boolean hasIssuerUri() {
            return !blank(issuerUri);
        }

        boolean hasJwkSetUri() {
            return !blank(jwkSetUri);
        }

        boolean hasPublicKey() {
            return !blank(publicKeyLocation);
        }

        /** The issuer URI, once it is an absolute http(s) URI; else start-up stops naming the property. */
        String requireIssuerUri() {
            return requireUri(issuerUri, ISSUER_URI, "an OpenID Connect issuer");
        }

        /** The JWKS URI, once it is an absolute http(s) URI; else start-up stops naming the property. */
        String requireJwkSetUri() {
            return requireUri(jwkSetUri, JWK_SET_URI, "the identity provider's JSON Web Key Set");
        }

        /** The {@code iss} tokens must carry; in local, the dev tokens' when unset. */
        String requireIssuer(boolean local) {
            if (local && blank(issuer)) {
                return devIssuer.strip();
            }
            return requireName(issuer, ISSUER, "the iss of the tokens the key signs");
        }

        /** The {@code aud} tokens must contain; in local, the dev tokens' when unset. */
        String requireAudience(boolean local) {
            if (local && blank(audience)) {
                return devAudience.strip();
            }
            return requireName(
                    audience, AUDIENCE, "the aud the identity provider puts in tokens for the platform's services");
        }

        private static String requireUri(String value, String property, String what) {
            try {
                URI uri = new URI(value.strip());
                if (uri.isAbsolute()
                        && uri.getHost() != null
                        && ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
                    return value.strip();
                }
            } catch (URISyntaxException e) {
                // reported below
            }
            throw new IllegalStateException(property + " = '" + value + "' is not an absolute http(s) URI of " + what);
        }

        private static String requireName(String value, String property, String what) {
            if (blank(value)) {
                throw new IllegalStateException(property + " is not set: it must name " + what);
            }
            if (!NAME.matcher(value.strip()).matches()) {
                throw new IllegalStateException(property + " = '" + value + "' must be 1 to 255 printable characters"
                        + " without spaces (" + what + ")");
            }
            return value.strip();
        }
    }

    /**
     * The ED site and police division codes tokens may name (the same codes as handover-api's {@code
     * handover.reference}, which {@code GET /api/v1/sites} serves; handover-api itself reads its reference data).
     *
     * @param sites ED site codes ({@code PLATFORM_SECURITY_ORGANISATIONS_SITES}, comma-separated)
     * @param divisions police division codes ({@code PLATFORM_SECURITY_ORGANISATIONS_DIVISIONS})
     */
    public record Organisations(List<String> sites, List<String> divisions) {

        static final Pattern CODE = CallerClaimsValidator.ORG;

        public Organisations {
            sites = sites == null
                    ? List.of()
                    : sites.stream().map(String::strip).toList();
            divisions = divisions == null
                    ? List.of()
                    : divisions.stream().map(String::strip).toList();
            Set<String> seen = new HashSet<>();
            check(sites, "platform.security.organisations.sites", seen);
            check(divisions, "platform.security.organisations.divisions", seen);
        }

        private static void check(List<String> codes, String property, Set<String> seen) {
            for (int i = 0; i < codes.size(); i++) {
                String code = codes.get(i);
                if (!CODE.matcher(code).matches()) {
                    throw new IllegalStateException(property + "[" + i + "] = '" + code
                            + "' must be 1 to 8 upper-case letters and digits, starting with a letter");
                }
                if (code.equals(OrgForRole.ANALYSTS) || code.equals(OrgForRole.ADMINS) || !seen.add(code)) {
                    throw new IllegalStateException(property + "[" + i + "] = '" + code
                            + "' is already a site, a division, " + OrgForRole.ANALYSTS + " or " + OrgForRole.ADMINS);
                }
            }
        }

        /** These codes; start-up stops naming both properties when there are none at all. */
        KnownOrganisations known() {
            if (sites.isEmpty() && divisions.isEmpty()) {
                throw new IllegalStateException("platform.security.organisations.sites and"
                        + " platform.security.organisations.divisions are both empty: no OFFICER, ED_STAFF or"
                        + " SUPERVISOR token could be accepted");
            }
            return KnownOrganisations.of(sites, divisions);
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
