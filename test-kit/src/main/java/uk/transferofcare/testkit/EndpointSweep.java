package uk.transferofcare.testkit;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.function.support.RouterFunctionMapping;
import org.springframework.web.servlet.handler.AbstractUrlHandlerMapping;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;

/**
 * Calls every endpoint of a running application without a token: the endpoints come from the handler mappings of each
 * web server's context (the main port and actuator's management port), never from a list kept by hand. A handler
 * mapping of a kind the sweep cannot read fails the sweep, so nothing is skipped silently.
 *
 * <p>Path variables become {@link #PATH_VALUE} (a UUID, valid for every id of the platform), wildcards {@code probe};
 * request bodies are {@code {}} as JSON.
 */
public final class EndpointSweep {

    /** What every path variable becomes: a well-formed case id. */
    public static final String PATH_VALUE = "00000000-0000-4000-8000-000000000000";

    private static final Pattern VARIABLE = Pattern.compile("\\{\\*?([^}/:]+)(:[^}]*)?}");
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /**
     * One endpoint: where it is served, its method and pattern, the path called and the status answered.
     *
     * @param namespace {@code server} or {@code management}
     */
    public record Call(String namespace, int port, String method, String pattern, String path, int status) {

        @Override
        public String toString() {
            return namespace + ":" + port + " " + method + " " + pattern + " (" + path + ") -> " + status;
        }
    }

    private EndpointSweep() {}

    /** Every (namespace, method, pattern) the started web servers map, sorted. */
    public static Set<String> endpoints(WebServerContexts servers) {
        Set<String> all = new TreeSet<>();
        servers.byNamespace()
                .forEach((namespace, context) ->
                        mappings(context).forEach(m -> all.add(namespace + " " + m.method() + " " + m.pattern())));
        return all;
    }

    /** Calls every mapped endpoint without a token. */
    public static List<Call> callWithoutToken(WebServerContexts servers) throws IOException, InterruptedException {
        List<Call> calls = new ArrayList<>();
        for (Map.Entry<String, WebServerApplicationContext> entry :
                servers.byNamespace().entrySet()) {
            int port = entry.getValue().getWebServer().getPort();
            for (Mapping mapping : mappings(entry.getValue())) {
                String path = concrete(mapping.pattern());
                HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .timeout(Duration.ofSeconds(10));
                if (List.of("POST", "PUT", "PATCH").contains(mapping.method())) {
                    request.header("Content-Type", "application/json")
                            .method(mapping.method(), HttpRequest.BodyPublishers.ofString("{}"));
                } else {
                    request.method(mapping.method(), HttpRequest.BodyPublishers.noBody());
                }
                // SSE endpoints would stream: only the status line is needed.
                HttpResponse<Void> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.discarding());
                calls.add(new Call(
                        entry.getKey(), port, mapping.method(), mapping.pattern(), path, response.statusCode()));
            }
        }
        return calls;
    }

    /**
     * The calls whose answer breaks the rule: 401 unless public, anything but 401 when public.
     *
     * @param isPublic (method, concrete path) -> true for the service's documented public endpoints
     */
    public static List<Call> violations(List<Call> calls, BiPredicate<String, String> isPublic) {
        return calls.stream()
                .filter(c -> isPublic.test(c.method(), c.path()) != (c.status() != 401))
                .toList();
    }

    record Mapping(String method, String pattern) {}

    static List<Mapping> mappings(WebServerApplicationContext context) {
        List<Mapping> mappings = new ArrayList<>();
        for (Map.Entry<String, HandlerMapping> bean :
                context.getBeansOfType(HandlerMapping.class).entrySet()) {
            HandlerMapping mapping = bean.getValue();
            if (mapping instanceof RequestMappingInfoHandlerMapping infos) {
                for (RequestMappingInfo info : infos.getHandlerMethods().keySet()) {
                    Set<String> methods = new TreeSet<>();
                    info.getMethodsCondition().getMethods().forEach(m -> methods.add(m.name()));
                    if (methods.isEmpty()) {
                        methods.add("GET");
                    }
                    for (String pattern : info.getPatternValues()) {
                        methods.forEach(m -> mappings.add(new Mapping(m, pattern)));
                    }
                }
            } else if (mapping instanceof AbstractUrlHandlerMapping urls) {
                urls.getHandlerMap().keySet().forEach(pattern -> mappings.add(new Mapping("GET", pattern)));
            } else if (mapping instanceof RouterFunctionMapping router && router.getRouterFunction() == null) {
                // no functional routes declared
            } else if (mapping.getClass().getName().endsWith(".CompositeHandlerMapping")) {
                // actuator's management context: a composite of that context's other HandlerMapping beans, read above
            } else {
                throw new IllegalStateException("EndpointSweep cannot read handler mapping " + bean.getKey() + " ("
                        + mapping.getClass().getName() + "): teach it, so that its endpoints are called too");
            }
        }
        return mappings;
    }

    static String concrete(String pattern) {
        Matcher m = VARIABLE.matcher(pattern);
        String path = m.replaceAll(PATH_VALUE);
        path = path.replace("**", "probe").replace("*", "probe");
        return path.isEmpty() ? "/" : path;
    }
}
