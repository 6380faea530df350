package uk.transferofcare.support.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Which bearer tokens the processor and the notification service trust ({@code platform.security.jwt.*}). Outside the
 * {@code local} profile one of {@code issuer-uri} ({@code JWT_ISSUER_URI}) or {@code public-key-location}
 * ({@code JWT_PUBLIC_KEY_LOCATION}) must be set, or start-up stops naming both. In the {@code local} profile the tokens
 * are those {@code handover-api}'s {@code POST /dev/tokens} mints, checked against its {@code GET /dev/jwks}
 * ({@code dev-jwk-set-uri}, env {@code DEV_JWKS_URI}).
 *
 * @param jwt the token issuer
 */
@ConfigurationProperties("platform.security")
public record PlatformSecurityProperties(@DefaultValue Jwt jwt) {

    /**
     * @param issuerUri OpenID Connect issuer whose keys sign the tokens
     * @param publicKeyLocation an RSA public key in PEM ({@code file:/...} or {@code classpath:...})
     * @param devJwkSetUri local profile only: handover-api's {@code /dev/jwks}
     * @param devIssuer local profile only: the {@code iss} of the dev tokens
     */
    public record Jwt(
            String issuerUri,
            String publicKeyLocation,
            @DefaultValue("http://127.0.0.1:8080/dev/jwks") String devJwkSetUri,
            @DefaultValue("handover-api-local") String devIssuer) {

        boolean hasIssuer() {
            return issuerUri != null && !issuerUri.isBlank();
        }

        boolean hasPublicKey() {
            return publicKeyLocation != null && !publicKeyLocation.isBlank();
        }
    }
}
