package uk.transferofcare.notification.config;

import jakarta.servlet.DispatcherType;
import java.util.List;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.writers.StaticHeadersWriter;
import tools.jackson.databind.json.JsonMapper;
import uk.transferofcare.support.security.PlatformAuthorities;
import uk.transferofcare.support.security.PublicProbes;

/**
 * Bearer tokens (platform-support's decoder: the identity provider, or handover-api's dev tokens in {@code local}).
 * The audit read needs SUPERVISOR or ADMIN (scoped to the org by the controller); the DLT replay and actuator (on the
 * management port) need ADMIN. Only {@link #PUBLIC} answers without a token.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class SecurityConfiguration {

    /**
     * Every endpoint that answers without a token, in one place (docs/security.md lists them): the probes, and the
     * notifications page's shell and script, which hold no data (the script fetches {@code /api/notifications} with
     * the token).
     */
    public static final List<String> PUBLIC =
            List.of(PublicProbes.LIVENESS, PublicProbes.READINESS, "/notifications", "/notifications.js");

    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'"
            + " 'unsafe-inline'; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Bean
    SecurityFilterChain notificationSecurity(HttpSecurity http) throws Exception {
        BearerTokenAuthenticationEntryPoint bearer = new BearerTokenAuthenticationEntryPoint();
        http.csrf(csrf -> csrf.disable()) // bearer tokens only, no cookies
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(auth -> auth.dispatcherTypeMatchers(DispatcherType.ERROR)
                        .permitAll()
                        .requestMatchers(HttpMethod.GET, PUBLIC.toArray(String[]::new))
                        .permitAll()
                        .requestMatchers(HttpMethod.GET, "/api/notifications")
                        .hasAnyRole("SUPERVISOR", "ADMIN")
                        .anyRequest()
                        .hasRole("ADMIN"))
                .oauth2ResourceServer(o -> o.jwt(jwt -> jwt.jwtAuthenticationConverter(PlatformAuthorities.converter()))
                        .authenticationEntryPoint((request, response, e) -> {
                            bearer.commence(request, response, e);
                            String detail = "Authorization: a valid bearer token is needed"
                                    + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")");
                            write(
                                    response,
                                    HttpStatus.UNAUTHORIZED,
                                    "Authentication required",
                                    "Authorization",
                                    "bearer-token",
                                    detail);
                        })
                        .accessDeniedHandler((request, response, e) -> write(
                                response,
                                HttpStatus.FORBIDDEN,
                                "Not permitted",
                                "Authorization",
                                "role",
                                "Authorization: your role may not use " + request.getMethod() + " "
                                        + request.getRequestURI())))
                .headers(h ->
                        h.addHeaderWriter(new StaticHeadersWriter("Content-Security-Policy", CONTENT_SECURITY_POLICY)));
        return http.build();
    }

    private static void write(
            jakarta.servlet.http.HttpServletResponse response,
            HttpStatus status,
            String title,
            String parameter,
            String rule,
            String detail)
            throws java.io.IOException {
        java.util.Map<String, Object> problem = new java.util.LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", title);
        problem.put("status", status.value());
        problem.put("detail", detail);
        problem.put("parameter", parameter);
        problem.put("rule", rule);
        response.setStatus(status.value());
        // Through the byte stream: a writer would append ";charset=..." to the content type.
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.getOutputStream().write(JSON.writeValueAsBytes(problem));
    }
}
