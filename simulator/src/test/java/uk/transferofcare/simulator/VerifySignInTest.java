package uk.transferofcare.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code --verify} after an API restart: the dev token issuer signs with a key of the running instance, so a token from
 * before the restart is refused (401). The check signs in again once instead of counting every case as different
 * (found by the fault suite: after a kill -9 of handover-api every case "differed" with "GET answered 401").
 */
class VerifySignInTest {

    private HttpServer server;
    private final AtomicInteger tokensIssued = new AtomicInteger();
    /** The only token the stand-in accepts: the newest it issued, as after a restart with a new key. */
    private volatile String accepted = "none";

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/dev/tokens", exchange -> {
            exchange.getRequestBody().readAllBytes();
            String token = "token-" + tokensIssued.incrementAndGet();
            answer(exchange, 200, "{\"token\":\"" + token + "\"}");
        });
        server.createContext("/api/v1/handovers/", exchange -> {
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            if (!("Bearer " + accepted).equals(authorization)) {
                answer(exchange, 401, "{}");
            } else {
                answer(exchange, 404, "{}");
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void givenATokenFromBeforeARestart_whenACaseIsChecked_thenItSignsInAgainOnceAndReadsTheCase() throws Exception {
        ApiClient api = new ApiClient(
                URI.create("http://127.0.0.1:" + server.getAddress().getPort()), Duration.ofSeconds(5));
        accepted = api.token(User.admin()); // token-1, cached by the client
        accepted = "token-2"; // the API restarted: only a token it issues from now on is valid

        String difference = Simulator.difference(api, new ExpectedCase("case-1", "QEUH"));

        assertThat(difference).isEqualTo("GET answered 404"); // the case was read with the new token
        assertThat(tokensIssued).hasValue(2);
    }

    @Test
    void givenATokenThatIsRefusedAgain_whenACaseIsChecked_thenTheRefusalIsTheDifference() throws Exception {
        ApiClient api = new ApiClient(
                URI.create("http://127.0.0.1:" + server.getAddress().getPort()), Duration.ofSeconds(5));

        String difference = Simulator.difference(api, new ExpectedCase("case-1", "QEUH"));

        assertThat(difference).isEqualTo("GET answered 401");
        assertThat(tokensIssued).hasValue(2); // one sign-in, one more after the refusal, no loop
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
