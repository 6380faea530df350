package uk.transferofcare.support.security;

import java.io.IOException;
import java.io.InputStream;
import java.security.interfaces.RSAPublicKey;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;
import org.springframework.security.converter.RsaKeyConverters;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;

/**
 * The bearer-token decoder of a service that does not mint tokens itself (the processor, the notification service):
 * {@code local}: handover-api's dev tokens, checked against its {@code /dev/jwks} (fetched when the first token
 * arrives, so the start order does not matter). Anywhere else: an issuer or a public key, and start-up stops naming
 * both keys when neither is set. A service that declares its own {@link JwtDecoder} (handover-api) keeps it.
 */
@AutoConfiguration
@ConditionalOnClass({JwtDecoder.class, NimbusJwtDecoder.class, JwtAuthenticationConverter.class})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(PlatformSecurityProperties.class)
public class PlatformSecurityAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    JwtDecoder jwtDecoder(PlatformSecurityProperties properties, Environment environment, ResourceLoader resources) {
        return PlatformJwt.decoder(properties.jwt(), environment.acceptsProfiles(Profiles.of("local")), resources);
    }

    /** Builds the decoder; package-visible for its test. */
    static final class PlatformJwt {

        private PlatformJwt() {}

        static JwtDecoder decoder(PlatformSecurityProperties.Jwt jwt, boolean local, ResourceLoader resources) {
            if (jwt.hasIssuer()) {
                NimbusJwtDecoder decoder =
                        NimbusJwtDecoder.withIssuerLocation(jwt.issuerUri()).build();
                decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
                        JwtValidators.createDefaultWithIssuer(jwt.issuerUri()), new CallerClaimsValidator()));
                return decoder;
            }
            if (jwt.hasPublicKey()) {
                Resource resource = resources.getResource(jwt.publicKeyLocation());
                RSAPublicKey key;
                try (InputStream in = resource.getInputStream()) {
                    key = RsaKeyConverters.x509().convert(in);
                } catch (IOException | RuntimeException e) {
                    throw new IllegalStateException(
                            "platform.security.jwt.public-key-location (JWT_PUBLIC_KEY_LOCATION) = "
                                    + jwt.publicKeyLocation() + " is not a readable RSA public key in PEM: "
                                    + e.getMessage(),
                            e);
                }
                NimbusJwtDecoder decoder = NimbusJwtDecoder.withPublicKey(key).build();
                decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
                        JwtValidators.createDefault(), new CallerClaimsValidator()));
                return decoder;
            }
            if (local) {
                NimbusJwtDecoder decoder =
                        NimbusJwtDecoder.withJwkSetUri(jwt.devJwkSetUri()).build();
                decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
                        JwtValidators.createDefaultWithIssuer(jwt.devIssuer()), new CallerClaimsValidator()));
                return decoder;
            }
            throw new IllegalStateException("No token issuer configured: set platform.security.jwt.issuer-uri"
                    + " (JWT_ISSUER_URI) or platform.security.jwt.public-key-location (JWT_PUBLIC_KEY_LOCATION);"
                    + " only the local profile (SPRING_PROFILES_ACTIVE=local) trusts handover-api's dev tokens");
        }
    }
}
