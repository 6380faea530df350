package uk.transferofcare.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The launcher's front to several handover-api instances: connections dealt out in turn to the ready ones; an instance
 * whose {@code /readyz} is DOWN, or that refuses connections, gets none.
 */
class FrontProxyTest {

    private final List<AutoCloseable> resources = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable resource : resources) {
            resource.close();
        }
    }

    @Test
    void givenTwoReadyInstances_whenConnectionsArrive_thenTheyAreDealtOutInTurn() throws Exception {
        Backend one = backend("one");
        Backend two = backend("two");
        FrontProxy front = front(one, two);
        await().atMost(Duration.ofSeconds(10)).until(() -> front.readyBackends().size() == 2);

        List<String> answers = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            answers.add(get(front, "/who"));
        }

        assertThat(answers).containsExactlyInAnyOrder("one", "one", "one", "two", "two", "two");
        assertThat(answers.get(0)).isNotEqualTo(answers.get(1));
    }

    @Test
    void givenAnInstanceThatIsNotReady_whenConnectionsArrive_thenAllGoToTheReadyOne() throws Exception {
        Backend one = backend("one");
        Backend two = backend("two");
        two.ready.set(false);
        FrontProxy front = front(one, two);
        await().atMost(Duration.ofSeconds(10)).until(() -> front.readyBackends().equals(List.of(one.port())));

        List<String> answers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            answers.add(get(front, "/who"));
        }
        assertThat(answers).containsOnly("one");

        // Ready again: it gets its turn
        two.ready.set(true);
        await().atMost(Duration.ofSeconds(10)).until(() -> front.readyBackends().size() == 2);
        List<String> after = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            after.add(get(front, "/who"));
        }
        assertThat(after).contains("one", "two");
    }

    @Test
    void givenAnInstanceThatDiedSinceTheLastCheck_whenConnectionsArrive_thenTheOtherAnswersEveryOne() throws Exception {
        Backend one = backend("one");
        Backend two = backend("two");
        FrontProxy front = front(one, two);
        await().atMost(Duration.ofSeconds(10)).until(() -> front.readyBackends().size() == 2);

        two.server.stop(0); // refuses connections at once; the front still thinks it ready until its next check

        List<String> answers = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            answers.add(get(front, "/who"));
        }
        assertThat(answers).containsOnly("one");
    }

    private FrontProxy front(Backend... backends) throws IOException {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        List<Integer> ports = new ArrayList<>();
        for (Backend backend : backends) {
            ports.add(backend.port());
        }
        FrontProxy front = FrontProxy.start(port, ports);
        resources.add(front);
        return front;
    }

    /** A new connection per request, as a browser opens one after the instance it used went away. */
    private static String get(FrontProxy front, String path) throws Exception {
        HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        return client.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + front.port() + path))
                                .timeout(Duration.ofSeconds(5))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }

    private Backend backend(String name) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        Backend backend = new Backend(server, new AtomicBoolean(true));
        server.createContext("/readyz", exchange -> {
            boolean up = backend.ready.get();
            byte[] body = (up ? "{\"status\":\"UP\"}" : "{\"status\":\"DOWN\"}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(up ? 200 : 503, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.createContext("/who", exchange -> {
            byte[] body = name.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Connection", "close");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        resources.add(() -> server.stop(0));
        return backend;
    }

    private record Backend(HttpServer server, AtomicBoolean ready) {
        int port() {
            return server.getAddress().getPort();
        }
    }
}
