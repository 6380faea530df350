package uk.transferofcare.support.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import uk.transferofcare.events.Topics;

/**
 * The client's HTTP behaviour against a scripted HTTP server: caching, retries of 5xx and connection failures, no
 * retries of 4xx, Confluent error codes surfaced.
 */
class RestSchemaRegistryClientTest {

    private HttpServer server;
    private final CopyOnWriteArrayList<String> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private final Schema schema = Topics.SUBMISSIONS.valueSchema();

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String request = exchange.getRequestMethod() + " " + exchange.getRequestURI();
        requests.add(request + " " + exchange.getRequestHeaders().getFirst("Content-Type"));
        exchange.getRequestBody().readAllBytes();
        if (failuresLeft.getAndDecrement() > 0) {
            respond(exchange, 500, "{\"error_code\":50001,\"message\":\"Error in the backend data store\"}");
        } else if (request.startsWith("POST /subjects/handover-submissions-value/versions")) {
            respond(exchange, 200, "{\"id\":7}");
        } else if (request.equals("GET /schemas/ids/7")) {
            respond(exchange, 200, "{\"schema\":" + quote(schema.toString()) + "}");
        } else if (request.equals("GET /subjects/missing-value/versions/latest")) {
            respond(exchange, 404, "{\"error_code\":40401,\"message\":\"Subject 'missing-value' not found.\"}");
        } else if (request.startsWith("POST /subjects/incompatible-value/versions")) {
            respond(exchange, 409, "{\"error_code\":409,\"message\":\"Schema being registered is incompatible\"}");
        } else {
            respond(exchange, 404, "{\"error_code\":404,\"message\":\"HTTP 404 Not Found\"}");
        }
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/vnd.schemaregistry.v1+json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private RestSchemaRegistryClient client(String url) {
        return new RestSchemaRegistryClient(SchemaRegistryClientConfig.from(Map.of(
                "schema.registry.url", url,
                "schema.registry.retry.max.attempts", "3",
                "schema.registry.retry.backoff.ms", "10",
                "schema.registry.connect.timeout.ms", "500")));
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Test
    void registersWithConfluentsContentTypeAndCachesTheId() {
        RestSchemaRegistryClient client = client(url());

        int first = client.register("handover-submissions-value", schema, false);
        int second = client.register("handover-submissions-value", schema, false);

        assertThat(first).isEqualTo(7).isEqualTo(second);
        assertThat(requests)
                .containsExactly(
                        "POST /subjects/handover-submissions-value/versions application/vnd.schemaregistry.v1+json");
    }

    @Test
    void fetchesASchemaByIdOnceAndCachesIt() {
        RestSchemaRegistryClient client = client(url());

        assertThat(client.byId(7)).isEqualTo(schema);
        assertThat(client.byId(7)).isEqualTo(schema);

        assertThat(requests).hasSize(1);
    }

    @Test
    void retriesServerErrorsThenSucceeds() {
        failuresLeft.set(2);
        RestSchemaRegistryClient client = client(url());

        assertThat(client.byId(7)).isEqualTo(schema);

        assertThat(requests).hasSize(3);
    }

    @Test
    void givesUpAfterTheLastAttemptWithTheRegistrysErrorCode() {
        failuresLeft.set(10);
        RestSchemaRegistryClient client = client(url());

        assertThatThrownBy(() -> client.byId(7))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.status()).isEqualTo(500);
                    assertThat(e.errorCode()).isEqualTo(50001);
                })
                .hasMessageContaining("Error in the backend data store");
        assertThat(requests).hasSize(3);
    }

    @Test
    void doesNotRetryClientErrors() {
        RestSchemaRegistryClient client = client(url());

        assertThatThrownBy(() -> client.latest("missing-value"))
                .isInstanceOfSatisfying(
                        SchemaRegistryException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.SUBJECT_NOT_FOUND));
        assertThat(requests).hasSize(1);
    }

    @Test
    void anIncompatibleSchemaSurfacesAsError409() {
        RestSchemaRegistryClient client = client(url());

        assertThatThrownBy(() -> client.register("incompatible-value", schema, false))
                .isInstanceOfSatisfying(
                        SchemaRegistryException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.INCOMPATIBLE_SCHEMA));
    }

    @Test
    void anUnreachableRegistryIsReportedAfterRetries() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        RestSchemaRegistryClient client = client("http://127.0.0.1:" + closedPort);

        assertThatThrownBy(() -> client.byId(1))
                .isInstanceOf(SchemaRegistryUnavailableException.class)
                .hasMessageContaining("Schema registry unreachable at [http://127.0.0.1:" + closedPort + "]");
    }

    @Test
    void fallsBackToTheNextUrlWhenTheFirstIsDown() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        RestSchemaRegistryClient client = client("http://127.0.0.1:" + closedPort + "," + url());

        assertThat(client.byId(7)).isEqualTo(schema);
    }

    @Test
    void badSettingsNameTheKey() {
        assertThatThrownBy(() -> SchemaRegistryClientConfig.from(Map.of("schema.registry.url", "not a url")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("schema.registry.url");
        assertThatThrownBy(() -> SchemaRegistryClientConfig.from(
                        Map.of("schema.registry.url", url(), "schema.registry.request.timeout.ms", "-1")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("schema.registry.request.timeout.ms");
    }
}
