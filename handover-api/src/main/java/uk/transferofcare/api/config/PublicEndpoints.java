package uk.transferofcare.api.config;

import java.util.List;
import org.springframework.http.HttpMethod;
import uk.transferofcare.support.security.PublicProbes;

/**
 * Every endpoint of handover-api that answers without a token, in one place: the security configuration permits
 * exactly these, the test that calls every handler mapping without a token expects 401 from everything else, and
 * docs/security.md lists them. Pages are public shells that hold no data (they fetch everything with the token).
 */
public final class PublicEndpoints {

    /**
     * @param method the HTTP method, or null for any
     * @param patterns path patterns
     */
    public record Rule(HttpMethod method, List<String> patterns) {}

    public static final List<Rule> RULES = List.of(
            new Rule(null, PublicProbes.PATHS),
            new Rule(HttpMethod.GET, List.of("/api/v1/sites")),
            new Rule(null, List.of("/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**")),
            // local profile only (the beans do not exist elsewhere)
            new Rule(HttpMethod.POST, List.of("/dev/tokens")),
            new Rule(HttpMethod.GET, List.of("/dev/jwks")),
            new Rule(
                    HttpMethod.GET,
                    List.of(
                            "/",
                            "/index.html",
                            "/officer",
                            "/officer.html",
                            "/board",
                            "/board.html",
                            "/cases/*",
                            "/case.html",
                            "/supervisor",
                            "/supervisor.html",
                            "/dashboard",
                            "/dashboard/**",
                            "/js/**",
                            "/css/**",
                            "/images/**",
                            "/webjars/**",
                            "/sw.js",
                            "/manifest.webmanifest",
                            "/favicon.ico",
                            "/problems/*")));

    private PublicEndpoints() {}
}
