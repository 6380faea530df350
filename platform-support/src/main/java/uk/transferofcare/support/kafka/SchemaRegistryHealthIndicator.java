package uk.transferofcare.support.kafka;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import uk.transferofcare.support.registry.SchemaRegistryClientConfig;

/** Readiness: the schema registry answers {@code GET /subjects}. */
class SchemaRegistryHealthIndicator extends AbstractHealthIndicator {

    private final SchemaRegistryClientConfig config;
    private final HttpClient http;
    private final Duration timeout;

    SchemaRegistryHealthIndicator(SchemaRegistryClientConfig config, int timeoutMs) {
        super("Schema registry health check failed");
        this.config = config;
        this.timeout = Duration.ofMillis(timeoutMs);
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) throws Exception {
        URI base = config.urls().get(0);
        String url = base.toString().replaceAll("/+$", "") + "/subjects";
        HttpResponse<Void> response = http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(timeout)
                        .header("Accept", "application/vnd.schemaregistry.v1+json")
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.discarding());
        builder.withDetail("url", base.toString()).withDetail("status", response.statusCode());
        if (response.statusCode() == 200) {
            builder.up();
        } else {
            builder.down();
        }
    }
}
