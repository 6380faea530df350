package uk.transferofcare.support.security;

import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.core.io.ResourceLoader;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;

/**
 * The bearer-token decoder of every service ({@link PlatformJwtDecoders}, from {@code platform.security.jwt.*}), and
 * the organisations a token may name ({@code platform.security.organisations.*}) unless the service knows them itself
 * (handover-api's site catalogue is a {@link KnownOrganisations}). A service that declares its own {@link JwtDecoder}
 * (handover-api in {@code local}, with the key it generated) keeps it.
 */
@AutoConfiguration
@ConditionalOnClass({JwtDecoder.class, NimbusJwtDecoder.class, JwtAuthenticationConverter.class})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(PlatformSecurityProperties.class)
public class PlatformSecurityAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    KnownOrganisations knownOrganisations(PlatformSecurityProperties properties) {
        return properties.organisations().known();
    }

    @Bean
    @ConditionalOnMissingBean
    JwtDecoder jwtDecoder(
            PlatformSecurityProperties properties,
            KnownOrganisations organisations,
            Environment environment,
            ResourceLoader resources,
            ObjectProvider<Clock> clock) {
        return PlatformJwtDecoders.fromProperties(
                properties.jwt(),
                environment.acceptsProfiles(Profiles.of("local")),
                resources,
                organisations,
                clock.getIfUnique(Clock::systemUTC));
    }
}
