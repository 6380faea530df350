package uk.transferofcare.processor.config;

import jakarta.servlet.DispatcherType;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import uk.transferofcare.support.security.PlatformAuthorities;
import uk.transferofcare.support.security.PublicProbes;

/**
 * The processor has no API: its HTTP is actuator only. {@code /livez} and {@code /readyz} on the main port are public
 * (status only); everything else, the management port's endpoints included, needs an ADMIN bearer token.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class SecurityConfiguration {

    /** The processor's public endpoints: the probes, nothing else (docs/security.md lists them). */
    static final java.util.List<String> PUBLIC = PublicProbes.PATHS;

    @Bean
    SecurityFilterChain actuatorOnly(HttpSecurity http) throws Exception {
        http.csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(auth -> auth.dispatcherTypeMatchers(DispatcherType.ERROR)
                        .permitAll()
                        .requestMatchers(PUBLIC.toArray(String[]::new))
                        .permitAll()
                        .anyRequest()
                        .hasRole("ADMIN"))
                .oauth2ResourceServer(
                        o -> o.jwt(jwt -> jwt.jwtAuthenticationConverter(PlatformAuthorities.converter())));
        return http.build();
    }
}
