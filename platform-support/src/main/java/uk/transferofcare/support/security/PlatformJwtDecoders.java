package uk.transferofcare.support.security;

import java.io.IOException;
import java.io.InputStream;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;
import org.springframework.security.converter.RsaKeyConverters;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtAudienceValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * The one bearer-token decoder of the platform: every service checks the signature, {@code exp}/{@code nbf} (60 s
 * skew), {@code iss}, {@code aud} and the caller's claims ({@link CallerClaimsValidator}: {@code sub}, {@code role}, an
 * {@code org} that is known and fits the role) the same way, whichever key source signs the tokens:
 *
 * <ul>
 *   <li>{@code issuer-uri}: an OpenID Connect issuer (discovery, its JWKS); {@code iss} must equal the URI;
 *   <li>{@code jwk-set-uri} with {@code issuer}: the provider's JWKS;
 *   <li>{@code public-key-location} with {@code issuer}: one RSA key in PEM;
 *   <li>none of them, {@code local} profile only: handover-api's dev tokens (its {@code /dev/jwks}, fetched when the
 *       first token arrives, so the start order does not matter). handover-api itself uses {@link #publicKey} with
 *       the key it generated.
 * </ul>
 *
 * Verified tokens are remembered for at most {@link #VERIFIED_TOKEN_MAX_AGE} ({@link VerifiedTokenCache}).
 */
public final class PlatformJwtDecoders {

    /** At most this many verified tokens are remembered, each for at most {@link #VERIFIED_TOKEN_MAX_AGE}. */
    static final int VERIFIED_TOKEN_CAPACITY = 10_000;

    static final Duration VERIFIED_TOKEN_MAX_AGE = Duration.ofMinutes(5);

    private PlatformJwtDecoders() {}

    /**
     * Every decoder's checks after the signature: expiry and not-before, {@code iss} equal to {@code issuer}, {@code
     * aud} containing {@code audience}, then the caller's claims.
     */
    public static OAuth2TokenValidator<Jwt> validator(
            String issuer, String audience, KnownOrganisations organisations) {
        return new DelegatingOAuth2TokenValidator<>(
                JwtValidators.createDefaultWithIssuer(issuer),
                new JwtAudienceValidator(audience),
                new CallerClaimsValidator(organisations));
    }

    /** Tokens signed by this key (handover-api's dev tokens in {@code local}). */
    public static JwtDecoder publicKey(
            RSAPublicKey key, String issuer, String audience, KnownOrganisations organisations, Clock clock) {
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withPublicKey(key).build();
        decoder.setJwtValidator(validator(issuer, audience, organisations));
        return cached(decoder, clock);
    }

    /**
     * The decoder {@code platform.security.jwt.*} describes; start-up stops with a message naming the property when a
     * setting is missing, malformed or contradicts another.
     */
    public static JwtDecoder fromProperties(
            PlatformSecurityProperties.Jwt jwt,
            boolean local,
            ResourceLoader resources,
            KnownOrganisations organisations,
            Clock clock) {
        List<String> sources = new ArrayList<>();
        if (jwt.hasIssuerUri()) {
            sources.add(PlatformSecurityProperties.Jwt.ISSUER_URI);
        }
        if (jwt.hasJwkSetUri()) {
            sources.add(PlatformSecurityProperties.Jwt.JWK_SET_URI);
        }
        if (jwt.hasPublicKey()) {
            sources.add(PlatformSecurityProperties.Jwt.PUBLIC_KEY_LOCATION);
        }
        if (sources.size() > 1) {
            throw new IllegalStateException(String.join(" and ", sources) + " are set together: set exactly one");
        }
        if (jwt.hasIssuerUri()) {
            String issuer = jwt.requireIssuerUri();
            String audience = jwt.requireAudience(local);
            NimbusJwtDecoder decoder =
                    NimbusJwtDecoder.withIssuerLocation(issuer).build();
            decoder.setJwtValidator(validator(issuer, audience, organisations));
            return cached(decoder, clock);
        }
        if (jwt.hasJwkSetUri()) {
            String uri = jwt.requireJwkSetUri();
            String issuer = jwt.requireIssuer(local);
            String audience = jwt.requireAudience(local);
            NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(uri).build();
            decoder.setJwtValidator(validator(issuer, audience, organisations));
            return cached(decoder, clock);
        }
        if (jwt.hasPublicKey()) {
            String issuer = jwt.requireIssuer(local);
            String audience = jwt.requireAudience(local);
            return publicKey(readKey(jwt.publicKeyLocation(), resources), issuer, audience, organisations, clock);
        }
        if (local) {
            NimbusJwtDecoder decoder =
                    NimbusJwtDecoder.withJwkSetUri(jwt.devJwkSetUri()).build();
            decoder.setJwtValidator(validator(jwt.requireIssuer(true), jwt.requireAudience(true), organisations));
            return cached(decoder, clock);
        }
        throw new IllegalStateException("No token issuer configured: set " + PlatformSecurityProperties.Jwt.ISSUER_URI
                + ", " + PlatformSecurityProperties.Jwt.JWK_SET_URI + " or "
                + PlatformSecurityProperties.Jwt.PUBLIC_KEY_LOCATION
                + "; only the local profile (SPRING_PROFILES_ACTIVE=local) trusts handover-api's dev tokens");
    }

    private static RSAPublicKey readKey(String location, ResourceLoader resources) {
        Resource resource = resources.getResource(location.strip());
        try (InputStream in = resource.getInputStream()) {
            return RsaKeyConverters.x509().convert(in);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException(
                    PlatformSecurityProperties.Jwt.PUBLIC_KEY_LOCATION + " = " + location
                            + " is not a readable RSA public key in PEM: " + e.getMessage(),
                    e);
        }
    }

    private static JwtDecoder cached(JwtDecoder decoder, Clock clock) {
        return new VerifiedTokenCache(decoder, VERIFIED_TOKEN_CAPACITY, VERIFIED_TOKEN_MAX_AGE, clock);
    }
}
