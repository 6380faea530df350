package uk.transferofcare.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class TextFormatRelayTest {

    @Test
    void aScrapeAsksTheServiceForTheClassicTextFormatWithTheScrapersToken() throws Exception {
        AtomicReference<String> accept = new AtomicReference<>();
        AtomicReference<String> authorization = new AtomicReference<>();
        HttpServer service = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        service.createContext("/actuator/prometheus", exchange -> {
            accept.set(exchange.getRequestHeaders().getFirst("Accept"));
            authorization.set(exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] body = "handover_projection_lag_seconds 0.4\n".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain;version=0.0.4;charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        service.start();
        HttpClient http = HttpClient.newHttpClient();
        try (TextFormatRelay relay = TextFormatRelay.start()) {
            URI base = URI.create("http://127.0.0.1:" + relay.port());
            HttpResponse<String> scrape = http.send(
                    HttpRequest.newBuilder(
                                    base.resolve("/" + service.getAddress().getPort() + "/actuator/prometheus"))
                            .header("Accept", "application/openmetrics-text;version=1.0.0")
                            .header("Authorization", "Bearer t0k3n")
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> lost = http.send(
                    HttpRequest.newBuilder(base.resolve("/actuator/prometheus")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(scrape.statusCode()).isEqualTo(200);
            assertThat(scrape.body()).isEqualTo("handover_projection_lag_seconds 0.4\n");
            assertThat(scrape.headers().firstValue("Content-Type")).contains("text/plain;version=0.0.4;charset=utf-8");
            assertThat(accept.get()).isEqualTo(TextFormatRelay.TEXT_FORMAT);
            assertThat(authorization.get()).isEqualTo("Bearer t0k3n");
            assertThat(lost.statusCode()).isEqualTo(404);
        } finally {
            service.stop(0);
        }
    }

    @Test
    void theFirstPathSegmentIsTheManagementPort() {
        assertThat(TextFormatRelay.upstream("/18480/actuator/prometheus"))
                .isEqualTo(URI.create("http://127.0.0.1:18480/actuator/prometheus"));
        assertThatThrownBy(() -> TextFormatRelay.upstream("/actuator/prometheus"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TextFormatRelay.upstream("/18480")).isInstanceOf(IllegalArgumentException.class);
    }
}
