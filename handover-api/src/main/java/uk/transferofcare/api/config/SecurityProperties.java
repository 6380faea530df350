package uk.transferofcare.api.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where bearer tokens come from. Outside the {@code local} profile one of {@code jwt.issuer-uri}
 * ({@code JWT_ISSUER_URI}) or {@code jwt.public-key-location} ({@code JWT_PUBLIC_KEY_LOCATION}) must be set, or
 * start-up stops.
 *
 * @param jwt the production token issuer
 * @param devTokens the local profile's {@code POST /dev/tokens}
 */
@Validated
@ConfigurationProperties("handover.security")
public record SecurityProperties(
        @DefaultValue @Valid Jwt jwt, @DefaultValue @Valid DevTokens devTokens) {

    /**
     * @param issuerUri OpenID Connect issuer whose keys sign the tokens (its discovery document is read lazily)
     * @param publicKeyLocation an RSA public key in PEM ({@code file:/...} or {@code classpath:...})
     */
    public record Jwt(String issuerUri, String publicKeyLocation) {

        boolean hasIssuer() {
            return issuerUri != null && !issuerUri.isBlank();
        }

        boolean hasPublicKey() {
            return publicKeyLocation != null && !publicKeyLocation.isBlank();
        }
    }

    /**
     * @param issuer the {@code iss} of tokens minted by {@code /dev/tokens}
     * @param ttl how long a minted token is valid
     */
    public record DevTokens(
            @DefaultValue("handover-api-local") @NotBlank String issuer,
            @DefaultValue("12h") @NotNull Duration ttl) {}
}
