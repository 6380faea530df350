package uk.transferofcare.api.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where bearer tokens come from, and for whom they must be meant. Outside the {@code local} profile one of {@code
 * jwt.issuer-uri} ({@code JWT_ISSUER_URI}) or {@code jwt.public-key-location} ({@code JWT_PUBLIC_KEY_LOCATION}) must
 * be set, and {@code jwt.audience} ({@code JWT_AUDIENCE}) always; with a public key, {@code jwt.issuer} ({@code
 * JWT_ISSUER}) too. A missing or malformed value stops start-up with a message naming the property.
 *
 * @param jwt the production token issuer
 * @param devTokens the local profile's {@code POST /dev/tokens}
 */
@Validated
@ConfigurationProperties("handover.security")
public record SecurityProperties(
        @DefaultValue @Valid Jwt jwt, @DefaultValue @Valid DevTokens devTokens) {

    /** An audience or issuer name: printable, no spaces (a URI or a plain name). */
    static final String NAME = "^[\\x21-\\x7e]{1,255}$";

    /**
     * @param issuerUri OpenID Connect issuer whose keys sign the tokens (its discovery document is read lazily); also
     *     the {@code iss} every token must carry
     * @param publicKeyLocation an RSA public key in PEM ({@code file:/...} or {@code classpath:...})
     * @param issuer with a public key: the {@code iss} every token must carry
     * @param audience the {@code aud} every token must contain (this API's name at the identity provider)
     */
    public record Jwt(String issuerUri, String publicKeyLocation, String issuer, String audience) {

        boolean hasIssuer() {
            return issuerUri != null && !issuerUri.isBlank();
        }

        boolean hasPublicKey() {
            return publicKeyLocation != null && !publicKeyLocation.isBlank();
        }

        /** The issuer URI, once it is an absolute http(s) URI; else start-up stops naming the property. */
        String requireIssuerUri() {
            try {
                URI uri = new URI(issuerUri.strip());
                if (uri.isAbsolute()
                        && uri.getHost() != null
                        && ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
                    return issuerUri.strip();
                }
            } catch (URISyntaxException e) {
                // reported below
            }
            throw new IllegalStateException("handover.security.jwt.issuer-uri (JWT_ISSUER_URI) = '" + issuerUri
                    + "' is not an absolute http(s) URI of an OpenID Connect issuer");
        }

        /** The {@code iss} a public-key token must carry; start-up stops naming the property when it is unusable. */
        String requireIssuer() {
            return require(issuer, "handover.security.jwt.issuer (JWT_ISSUER)", "the iss of the tokens the key signs");
        }

        /** The {@code aud} every token must contain; start-up stops naming the property when it is unusable. */
        String requireAudience() {
            return require(
                    audience,
                    "handover.security.jwt.audience (JWT_AUDIENCE)",
                    "the aud the identity provider puts in tokens for this API");
        }

        private static String require(String value, String property, String what) {
            if (value == null || value.isBlank()) {
                throw new IllegalStateException(property + " is not set: it must name " + what);
            }
            if (!value.strip().matches(NAME)) {
                throw new IllegalStateException(property + " = '" + value + "' must be 1 to 255 printable characters"
                        + " without spaces (" + what + ")");
            }
            return value.strip();
        }
    }

    /**
     * @param issuer the {@code iss} of tokens minted by {@code /dev/tokens}
     * @param audience the {@code aud} of tokens minted by {@code /dev/tokens}
     * @param ttl how long a minted token is valid
     */
    public record DevTokens(
            @DefaultValue("handover-api-local") @NotBlank @Pattern(regexp = NAME)
            String issuer,

            @DefaultValue("handover-api") @NotBlank @Pattern(regexp = NAME)
            String audience,

            @DefaultValue("12h") @NotNull Duration ttl) {}
}
