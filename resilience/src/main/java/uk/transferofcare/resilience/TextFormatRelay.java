package uk.transferofcare.resilience;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;

/**
 * Between the suite's Prometheus and the services' management ports: {@code GET /<port>/<path>} fetches {@code
 * http://127.0.0.1:<port>/<path>} with the caller's {@code Authorization}, asking for Prometheus' classic text format
 * (version 0.0.4, which has no exemplars) instead of the OpenMetrics Prometheus asks for. Debian's Prometheus 2.42
 * refuses a whole OpenMetrics scrape that carries an exemplar on a {@code _count} series, as Micrometer writes with
 * tracing on (prometheus/prometheus#12136, fixed in 2.43). Status and body pass through unchanged.
 */
final class TextFormatRelay implements AutoCloseable {

    static final String TEXT_FORMAT = "text/plain;version=0.0.4;charset=utf-8";

    private final HttpServer server;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private TextFormatRelay(HttpServer server) {
        this.server = server;
    }

    static TextFormatRelay start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        TextFormatRelay relay = new TextFormatRelay(server);
        server.createContext("/", relay::relay);
        server.setExecutor(Executors.newFixedThreadPool(3, r -> {
            Thread t = new Thread(r, "metrics-relay");
            t.setDaemon(true);
            return t;
        }));
        server.start();
        return relay;
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** The upstream URL of a relayed path: {@code /18480/actuator/prometheus} → port 18480, that path. */
    static URI upstream(String path) {
        String[] parts = path.split("/", 3);
        if (parts.length < 3 || !parts[1].matches("\\d{1,5}")) {
            throw new IllegalArgumentException("not /<port>/<path>: " + path);
        }
        return URI.create("http://127.0.0.1:" + parts[1] + "/" + parts[2]);
    }

    private void relay(HttpExchange exchange) throws IOException {
        try (exchange) {
            URI target;
            try {
                target = upstream(exchange.getRequestURI().getPath());
            } catch (IllegalArgumentException e) {
                send(exchange, 404, "text/plain", e.getMessage().getBytes(StandardCharsets.UTF_8));
                return;
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(target)
                    .timeout(Duration.ofSeconds(10))
                    .header("Accept", TEXT_FORMAT);
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            try {
                HttpResponse<byte[]> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
                send(
                        exchange,
                        answer.statusCode(),
                        answer.headers().firstValue("Content-Type").orElse(TEXT_FORMAT),
                        answer.body());
            } catch (IOException e) {
                send(exchange, 502, "text/plain", e.toString().getBytes(StandardCharsets.UTF_8));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                send(exchange, 503, "text/plain", new byte[0]);
            }
        }
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
