package uk.transferofcare.api.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The local profile's token mint. Which tokens are trusted is platform-support's {@code platform.security.jwt.*}
 * (the former {@code handover.security.jwt.*} names are mapped onto it in application.yml).
 *
 * @param devTokens the local profile's {@code POST /dev/tokens}
 */
@Validated
@ConfigurationProperties("handover.security")
public record SecurityProperties(@DefaultValue @Valid DevTokens devTokens) {

    /** An audience or issuer name: printable, no spaces (a URI or a plain name). */
    static final String NAME = "^[\\x21-\\x7e]{1,255}$";

    /**
     * @param issuer the {@code iss} of tokens minted by {@code /dev/tokens} (by default the platform's {@code
     *     platform.security.jwt.dev-issuer}, which the other services expect of dev tokens)
     * @param audience the {@code aud} of tokens minted by {@code /dev/tokens} ({@code
     *     platform.security.jwt.dev-audience})
     * @param ttl how long a minted token is valid
     * @param keyFile a PEM file (PKCS #8 RSA private key) to sign with instead of a key generated at start-up: {@code
     *     ./run --instances 2} gives every API instance the run's key, so a token from one is good at the others;
     *     blank for a key of this instance's own
     */
    public record DevTokens(
            @DefaultValue("handover-api-local") @NotBlank @Pattern(regexp = NAME)
            String issuer,

            @DefaultValue("handover-api") @NotBlank @Pattern(regexp = NAME)
            String audience,

            @DefaultValue("12h") @NotNull Duration ttl,

            @DefaultValue("") String keyFile) {}
}
