package uk.transferofcare.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole platform as {@code ./run} starts it: broker, registry and the three services, each its own process. Needs
 * the services' executable jars, which the full reactor ({@code ./mvnw verify}) builds before this module. Run it alone
 * with {@code ./mvnw -DskipTests install && ./mvnw -pl local-stack verify -Dit.test=LocalStackFullIT}.
 */
class LocalStackFullIT {

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path work;

    @Test
    void theWholePlatformStartsHealthyAndStopsCleanly() throws Exception {
        Path root = Layout.findRepoRoot().orElseThrow();
        Set<AppService> all = EnumSet.allOf(AppService.class);
        List<String> missing = new Layout(root, work).missingArtifacts(all);
        assertThat(missing)
                .as("The full-stack test starts the services' executable jars; build them first with"
                        + " ./mvnw -DskipTests install (the full ./mvnw verify builds them before local-stack)")
                .isEmpty();

        int offset = LauncherProcess.freeOffset(23_000, all);
        Ports ports = new Ports(offset);
        try (LauncherProcess stack = LauncherProcess.start(
                work.resolve("console.txt"),
                "--ports-offset",
                String.valueOf(offset),
                "--data-dir",
                work.resolve("data").toString(),
                "--timeout",
                "240")) {
            double seconds = stack.awaitReady(Duration.ofSeconds(260));
            System.out.printf("Full platform (broker, registry, 3 services) ready in %.1f s%n", seconds);
            System.out.println(stack.console());

            // All five are healthy: the broker takes requests, the registry and the services say so
            try (Admin admin =
                    Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, ports.kafkaBootstrap()))) {
                assertThat(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS))
                        .hasSize(1);
            }
            assertThat(get(ports.registryUrl() + "/health").statusCode()).isEqualTo(200);
            for (AppService service : all) {
                HttpResponse<String> readiness =
                        get("http://127.0.0.1:" + ports.of(service) + "/actuator/health/readiness");
                assertThat(readiness.statusCode()).as(service.module()).isEqualTo(200);
                assertThat(readiness.body()).as(service.module()).contains("\"status\":\"UP\"");
            }
            assertThat(stack.console())
                    .contains("Handover API + web UI       http://localhost:" + ports.of(AppService.API))
                    .contains("Swagger UI                  http://localhost:" + ports.of(AppService.API)
                            + "/swagger-ui.html")
                    .contains("Dev inbox (mail, webhooks)  http://localhost:" + ports.inboxHttp());

            assertThat(stack.stop(Duration.ofSeconds(150))).isEqualTo(143);
            assertThat(stack.console())
                    .containsPattern("handover-api\\s+stopped")
                    .containsPattern("handover-processor\\s+stopped")
                    .containsPattern("notification-service\\s+stopped")
                    .contains("Local stack stopped.");
        }
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(5))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
