package uk.transferofcare.api.config;

import java.io.IOException;
import java.io.InputStream;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
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
import uk.transferofcare.api.devtoken.DevTokenIssuer;
import uk.transferofcare.api.sites.SiteCatalogue;

/**
 * Which tokens are trusted. {@code local}: those minted by this run's {@link DevTokenIssuer}. Anywhere else: an
 * issuer ({@code JWT_ISSUER_URI}) or a public key ({@code JWT_PUBLIC_KEY_LOCATION}) with the issuer name its tokens
 * carry ({@code JWT_ISSUER}), and start-up stops naming the keys when neither is set. In every mode the issuer and the
 * audience ({@code JWT_AUDIENCE}; {@code handover-api} for the dev tokens) are checked, and the org must fit the role.
 */
@Configuration(proxyBeanMethods = false)
class JwtConfiguration {

    @Bean
    @Profile("local")
    DevTokenIssuer devTokenIssuer(SecurityProperties properties, Clock clock) {
        SecurityProperties.DevTokens dev = properties.devTokens();
        return new DevTokenIssuer(dev.issuer().strip(), dev.audience().strip(), dev.ttl(), clock);
    }

    @Bean
    @Profile("local")
    JwtDecoder localJwtDecoder(DevTokenIssuer issuer, SiteCatalogue sites, Clock clock) {
        NimbusJwtDecoder decoder =
                NimbusJwtDecoder.withPublicKey(issuer.publicKey()).build();
        decoder.setJwtValidator(validator(issuer.issuer(), issuer.audience(), sites));
        return cached(decoder, clock);
    }

    /**
     * Every decoder's checks: signature (the decoder's), expiry and not-before, {@code iss} equal to the issuer,
     * {@code aud} containing the audience, then the caller's claims ({@code sub}, {@code role}, and an {@code org}
     * that is known and fits the role).
     */
    static OAuth2TokenValidator<Jwt> validator(String issuer, String audience, SiteCatalogue sites) {
        return new DelegatingOAuth2TokenValidator<>(
                JwtValidators.createDefaultWithIssuer(issuer),
                new JwtAudienceValidator(audience),
                new CallerClaimsValidator(sites));
    }

    /** At most this many verified tokens are remembered, each for at most {@link #VERIFIED_TOKEN_MAX_AGE}. */
    static final int VERIFIED_TOKEN_CAPACITY = 10_000;

    static final Duration VERIFIED_TOKEN_MAX_AGE = Duration.ofMinutes(5);

    private static JwtDecoder cached(JwtDecoder decoder, Clock clock) {
        return new VerifiedTokenCache(decoder, VERIFIED_TOKEN_CAPACITY, VERIFIED_TOKEN_MAX_AGE, clock);
    }

    @Bean
    @Profile("!local")
    JwtDecoder jwtDecoder(SecurityProperties properties, SiteCatalogue sites, ResourceLoader resources, Clock clock) {
        SecurityProperties.Jwt jwt = properties.jwt();
        if (jwt.hasIssuer() && jwt.hasPublicKey()) {
            throw new IllegalStateException("handover.security.jwt.issuer-uri (JWT_ISSUER_URI) and"
                    + " handover.security.jwt.public-key-location (JWT_PUBLIC_KEY_LOCATION) are both set: set one");
        }
        if (jwt.hasIssuer()) {
            String issuer = jwt.requireIssuerUri();
            String audience = jwt.requireAudience();
            NimbusJwtDecoder decoder =
                    NimbusJwtDecoder.withIssuerLocation(issuer).build();
            decoder.setJwtValidator(validator(issuer, audience, sites));
            return cached(decoder, clock);
        }
        if (jwt.hasPublicKey()) {
            String issuer = jwt.requireIssuer();
            String audience = jwt.requireAudience();
            Resource resource = resources.getResource(jwt.publicKeyLocation());
            RSAPublicKey key;
            try (InputStream in = resource.getInputStream()) {
                key = RsaKeyConverters.x509().convert(in);
            } catch (IOException | RuntimeException e) {
                throw new IllegalStateException(
                        "handover.security.jwt.public-key-location (JWT_PUBLIC_KEY_LOCATION) = "
                                + jwt.publicKeyLocation() + " is not a readable RSA public key in PEM: "
                                + e.getMessage(),
                        e);
            }
            NimbusJwtDecoder decoder = NimbusJwtDecoder.withPublicKey(key).build();
            decoder.setJwtValidator(validator(issuer, audience, sites));
            return cached(decoder, clock);
        }
        throw new IllegalStateException("No token issuer configured: set handover.security.jwt.issuer-uri"
                + " (JWT_ISSUER_URI) or handover.security.jwt.public-key-location (JWT_PUBLIC_KEY_LOCATION);"
                + " only the local profile (SPRING_PROFILES_ACTIVE=local) mints its own tokens");
    }
}
