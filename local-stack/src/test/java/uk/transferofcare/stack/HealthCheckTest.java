package uk.transferofcare.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The container health check the Dockerfile compiles on its own. */
class HealthCheckTest {

    private HttpServer server;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/up", exchange -> respond(exchange, 200, "{\"status\":\"UP\"}"));
        server.createContext("/down", exchange -> respond(exchange, 503, "{\"status\":\"OUT_OF_SERVICE\"}"));
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void healthyWhenTheUrlAnswers200() {
        assertThat(HealthCheck.check(url("/up"), null)).isNull();
        assertThat(HealthCheck.check(url("/up"), "\"UP\"")).isNull();
    }

    @Test
    void unhealthyOnAnotherStatusOrAMissingText() {
        assertThat(HealthCheck.check(url("/down"), null))
                .isEqualTo(url("/down") + " answered 503: {\"status\":\"OUT_OF_SERVICE\"}");
        assertThat(HealthCheck.check(url("/up"), "DOWN"))
                .isEqualTo(url("/up") + " answered 200 without DOWN: {\"status\":\"UP\"}");
    }

    @Test
    void unhealthyWhenNothingListens() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }

        assertThat(HealthCheck.check("http://127.0.0.1:" + port + "/health", null))
                .startsWith("http://127.0.0.1:" + port + "/health is not reachable: java.net.ConnectException");
    }

    @Test
    void theCheckUsesNothingButTheJdk() throws Exception {
        String source = java.nio.file.Files.readString(
                java.nio.file.Path.of("src/main/java/uk/transferofcare/stack/HealthCheck.java"));

        assertThat(source.lines().filter(line -> line.startsWith("import ")))
                .allMatch(line -> line.startsWith("import java."), "imports only java.* classes");
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    private static void respond(com.sun.net.httpserver.HttpExchange exchange, int status, String body)
            throws java.io.IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (var out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
