package uk.transferofcare.support.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.security.oauth2.jwt.Jwt;

class PlatformSecurityAutoConfigurationTest {

    private static PlatformSecurityProperties.Jwt jwt(String issuer, String publicKey) {
        return new PlatformSecurityProperties.Jwt(issuer, publicKey, "http://127.0.0.1:8080/dev/jwks", "dev");
    }

    @Test
    void givenNoIssuerOutsideLocal_whenTheDecoderIsBuilt_thenStartUpStopsNamingBothKeys() {
        assertThatThrownBy(() -> PlatformSecurityAutoConfiguration.PlatformJwt.decoder(
                        jwt("", " "), false, new DefaultResourceLoader()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("JWT_ISSUER_URI")
                .hasMessageContaining("JWT_PUBLIC_KEY_LOCATION");
    }

    @Test
    void givenAnUnreadablePublicKey_whenTheDecoderIsBuilt_thenStartUpStopsNamingTheKeyAndTheLocation() {
        assertThatThrownBy(() -> PlatformSecurityAutoConfiguration.PlatformJwt.decoder(
                        jwt(null, "file:/nonexistent/key.pem"), false, new DefaultResourceLoader()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("platform.security.jwt.public-key-location (JWT_PUBLIC_KEY_LOCATION)")
                .hasMessageContaining("file:/nonexistent/key.pem");
    }

    @Test
    void givenTheLocalProfileWithoutAnIssuer_whenTheDecoderIsBuilt_thenItTrustsTheDevKeys() {
        assertThat(PlatformSecurityAutoConfiguration.PlatformJwt.decoder(
                        jwt(null, null), true, new DefaultResourceLoader()))
                .isNotNull();
    }

    @Test
    void givenTokensWithMissingOrUnknownClaims_whenValidated_thenEachIsInvalidAndAUserTokenIsValid() {
        CallerClaimsValidator validator = new CallerClaimsValidator();

        assertThat(validator
                        .validate(token(Map.of("sub", "sup-1", "role", "SUPERVISOR", "org", "QEUH")))
                        .hasErrors())
                .isFalse();
        assertThat(validator
                        .validate(token(Map.of("sub", "sup-1", "role", "SYSTEM", "org", "QEUH")))
                        .hasErrors())
                .as("SYSTEM is never a caller")
                .isTrue();
        assertThat(validator
                        .validate(token(Map.of("sub", "sup-1", "role", "ADMIN", "org", "admin")))
                        .hasErrors())
                .isTrue();
        assertThat(validator
                        .validate(token(Map.of("role", "ADMIN", "org", "ADMIN")))
                        .hasErrors())
                .isTrue();
    }

    private static Jwt token(Map<String, Object> claims) {
        return Jwt.withTokenValue("t")
                .header("alg", "RS256")
                .claims(c -> c.putAll(claims))
                .issuedAt(Instant.now())
                .build();
    }
}
