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
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import uk.transferofcare.api.devtoken.DevTokenIssuer;

/**
 * Which tokens are trusted. {@code local}: those minted by this run's {@link DevTokenIssuer}. Anywhere else: an
 * issuer ({@code JWT_ISSUER_URI}) or a public key ({@code JWT_PUBLIC_KEY_LOCATION}), and start-up stops naming both
 * keys when neither is set.
 */
@Configuration(proxyBeanMethods = false)
class JwtConfiguration {

    @Bean
    @Profile("local")
    DevTokenIssuer devTokenIssuer(SecurityProperties properties, Clock clock) {
        return new DevTokenIssuer(
                properties.devTokens().issuer(), properties.devTokens().ttl(), clock);
    }

    @Bean
    @Profile("local")
    JwtDecoder localJwtDecoder(DevTokenIssuer issuer, Clock clock) {
        NimbusJwtDecoder decoder =
                NimbusJwtDecoder.withPublicKey(issuer.publicKey()).build();
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
                JwtValidators.createDefaultWithIssuer(issuer.issuer()), new CallerClaimsValidator()));
        return cached(decoder, clock);
    }

    /** At most this many verified tokens are remembered, each for at most {@link #VERIFIED_TOKEN_MAX_AGE}. */
    static final int VERIFIED_TOKEN_CAPACITY = 10_000;

    static final Duration VERIFIED_TOKEN_MAX_AGE = Duration.ofMinutes(5);

    private static JwtDecoder cached(JwtDecoder decoder, Clock clock) {
        return new VerifiedTokenCache(decoder, VERIFIED_TOKEN_CAPACITY, VERIFIED_TOKEN_MAX_AGE, clock);
    }

    @Bean
    @Profile("!local")
    JwtDecoder jwtDecoder(SecurityProperties properties, ResourceLoader resources, Clock clock) {
        SecurityProperties.Jwt jwt = properties.jwt();
        if (jwt.hasIssuer()) {
            NimbusJwtDecoder decoder =
                    NimbusJwtDecoder.withIssuerLocation(jwt.issuerUri()).build();
            decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
                    JwtValidators.createDefaultWithIssuer(jwt.issuerUri()), new CallerClaimsValidator()));
            return cached(decoder, clock);
        }
        if (jwt.hasPublicKey()) {
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
            decoder.setJwtValidator(
                    new DelegatingOAuth2TokenValidator<>(JwtValidators.createDefault(), new CallerClaimsValidator()));
            return cached(decoder, clock);
        }
        throw new IllegalStateException("No token issuer configured: set handover.security.jwt.issuer-uri"
                + " (JWT_ISSUER_URI) or handover.security.jwt.public-key-location (JWT_PUBLIC_KEY_LOCATION);"
                + " only the local profile (SPRING_PROFILES_ACTIVE=local) mints its own tokens");
    }
}
