package uk.transferofcare.api.config;

import java.nio.file.Path;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import uk.transferofcare.api.devtoken.DevTokenIssuer;
import uk.transferofcare.api.devtoken.DevTokenKeyFile;
import uk.transferofcare.api.sites.SiteCatalogue;
import uk.transferofcare.support.security.PlatformJwtDecoders;

/**
 * Which tokens are trusted. {@code local}: those minted by this run's {@link DevTokenIssuer}, checked like any other
 * ({@link PlatformJwtDecoders#publicKey}: issuer, audience, expiry, and an org of the site catalogue that fits the
 * role). Anywhere else platform-support's decoder, the same as every service's ({@code platform.security.jwt.*}; the
 * former {@code handover.security.jwt.*} names still work, application.yml maps them), with this API's reference data
 * as the known organisations ({@link SiteCatalogue}).
 */
@Configuration(proxyBeanMethods = false)
class JwtConfiguration {

    @Bean
    @Profile("local")
    DevTokenIssuer devTokenIssuer(SecurityProperties properties, Clock clock) {
        SecurityProperties.DevTokens dev = properties.devTokens();
        if (dev.keyFile().isBlank()) {
            return new DevTokenIssuer(dev.issuer().strip(), dev.audience().strip(), dev.ttl(), clock);
        }
        return DevTokenIssuer.fromKey(
                DevTokenKeyFile.read(Path.of(dev.keyFile().strip())),
                dev.issuer().strip(),
                dev.audience().strip(),
                dev.ttl(),
                clock);
    }

    @Bean
    @Profile("local")
    JwtDecoder localJwtDecoder(DevTokenIssuer issuer, SiteCatalogue sites, Clock clock) {
        return PlatformJwtDecoders.publicKey(issuer.publicKey(), issuer.issuer(), issuer.audience(), sites, clock);
    }
}
