package uk.transferofcare.testkit;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;

/**
 * Import it into a {@code @SpringBootTest}: remembers every web server the application started and its context, the
 * main one and actuator's management child context (whose events reach the parent), by server namespace
 * ({@code server}, {@code management}). {@link EndpointSweep} reads the handler mappings of each.
 */
public class WebServerContexts implements ApplicationListener<WebServerInitializedEvent> {

    private final Map<String, WebServerApplicationContext> contexts = new ConcurrentHashMap<>();

    @Override
    public void onApplicationEvent(WebServerInitializedEvent event) {
        String namespace = event.getApplicationContext().getServerNamespace();
        contexts.put(namespace == null ? "server" : namespace, event.getApplicationContext());
    }

    /** The started web servers' contexts by namespace. */
    public Map<String, WebServerApplicationContext> byNamespace() {
        return Map.copyOf(contexts);
    }
}
