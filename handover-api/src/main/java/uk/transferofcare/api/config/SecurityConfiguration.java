package uk.transferofcare.api.config;

import jakarta.servlet.DispatcherType;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.header.writers.DelegatingRequestMatcherHeaderWriter;
import org.springframework.security.web.header.writers.StaticHeadersWriter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.NegatedRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import uk.transferofcare.api.problem.ApiProblem;
import uk.transferofcare.api.problem.FieldError;
import uk.transferofcare.api.problem.ProblemResponses;
import uk.transferofcare.api.problem.ProblemType;
import uk.transferofcare.support.security.PlatformAuthorities;

/**
 * Bearer JWTs on everything except {@link PublicEndpoints} ({@code /livez}, {@code /readyz}, {@code /api/v1/sites},
 * OpenAPI / Swagger UI, the local profile's dev tokens, the static pages and their assets). Actuator, on the
 * management port, is ADMIN only. Coarse role rules are here; the per-case matrix (own site, own division) is {@code AccessPolicy}, applied
 * by the controllers because it needs the case. Pages are public shells: they hold no data and fetch everything
 * with the token, which browsers cannot attach to a page navigation.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self';"
            + " img-src 'self' data:; font-src 'self'; connect-src 'self'; worker-src 'self'; manifest-src 'self';"
            + " frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

    @Bean
    SecurityFilterChain api(HttpSecurity http, ProblemResponses problems) throws Exception {
        BearerTokenAuthenticationEntryPoint bearer = new BearerTokenAuthenticationEntryPoint();
        http.csrf(csrf -> csrf.disable()) // bearer tokens only, no cookies: nothing for CSRF to ride on
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(auth -> {
                    auth.dispatcherTypeMatchers(DispatcherType.ASYNC, DispatcherType.ERROR)
                            .permitAll();
                    for (PublicEndpoints.Rule rule : PublicEndpoints.RULES) {
                        String[] patterns = rule.patterns().toArray(String[]::new);
                        (rule.method() == null
                                        ? auth.requestMatchers(patterns)
                                        : auth.requestMatchers(rule.method(), patterns))
                                .permitAll();
                    }
                    auth.requestMatchers("/api/v1/audit/**")
                            .hasRole("ADMIN")
                            .requestMatchers("/api/v1/reports/**")
                            .hasAnyRole("ANALYST", "ADMIN")
                            .requestMatchers("/api/v1/rejections")
                            .hasAnyRole("SUPERVISOR", "ADMIN")
                            .requestMatchers("/api/v1/handovers", "/api/v1/handovers/**")
                            .hasAnyRole("OFFICER", "ED_STAFF", "SUPERVISOR", "ADMIN")
                            .requestMatchers("/actuator/**")
                            .hasRole("ADMIN")
                            .anyRequest()
                            .authenticated();
                })
                .oauth2ResourceServer(o -> o.jwt(jwt -> jwt.jwtAuthenticationConverter(PlatformAuthorities.converter()))
                        .authenticationEntryPoint((request, response, e) -> {
                            bearer.commence(request, response, e);
                            String message = e.getMessage() == null ? "a valid bearer token is needed" : e.getMessage();
                            problems.write(
                                    new ApiProblem(
                                            ProblemType.UNAUTHENTICATED,
                                            message,
                                            List.of(new FieldError("Authorization", "bearer-token", message))),
                                    request,
                                    response);
                        })
                        .accessDeniedHandler((request, response, e) -> problems.write(
                                ApiProblem.forbidden(
                                        "Authorization",
                                        "role",
                                        "your role may not use " + request.getMethod() + " " + request.getRequestURI()),
                                request,
                                response)))
                .headers(h -> h.addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(
                        new NegatedRequestMatcher(new OrRequestMatcher(
                                PathPatternRequestMatcher.withDefaults().matcher("/swagger-ui/**"),
                                PathPatternRequestMatcher.withDefaults().matcher("/swagger-ui.html"))),
                        new StaticHeadersWriter("Content-Security-Policy", CONTENT_SECURITY_POLICY))));
        return http.build();
    }

    /**
     * Spring Security's firewall refuses requests whose URL holds what no endpoint needs (encoded slashes or percent
     * signs, {@code ..}, {@code ;}, NUL and other control characters, ...) before any handler runs; by default with an
     * empty 400. This answers the same 400 as problem+json naming the path and the rule.
     */
    @Bean
    RequestRejectedHandler requestRejectedHandler(ProblemResponses problems) {
        return (request, response, rejected) -> problems.write(
                ApiProblem.invalid(
                        "path",
                        "firewall",
                        "the URL holds characters or sequences no endpoint accepts (such as ';', '%', '..',"
                                + " '//' or control characters)"),
                request,
                response);
    }
}
