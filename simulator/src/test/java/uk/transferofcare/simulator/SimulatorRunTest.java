package uk.transferofcare.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Runs the simulator's command line against a small stand-in for handover-api's HTTP contract (sites, demo tokens,
 * submissions with 202/429, case lookups), to check how the runner talks HTTP: per-case order, retries with the same
 * eventId after 429, one token per user, and a truth file that says what was sent. The real API is exercised by
 * {@code GroundTruthIT}.
 */
class SimulatorRunTest {

    private HttpServer server;
    private final Map<String, List<String>> receivedByCase = new ConcurrentHashMap<>();
    private final Map<String, Integer> receipts = new ConcurrentHashMap<>();
    private final Set<String> throttledOnce = ConcurrentHashMap.newKeySet();
    private final Set<String> knownCases = ConcurrentHashMap.newKeySet();
    private final List<String> wrongTokens = Collections.synchronizedList(new ArrayList<>());
    private int port;

    @TempDir
    Path dir;

    @BeforeEach
    void startFakeApi() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext("/api/v1/sites", exchange -> answer(exchange, 200, """
                {"sites":[{"code":"QEUH","name":"Q","board":"GGC"},{"code":"GRI","name":"G","board":"GGC"},
                 {"code":"RIE","name":"R","board":"Lothian"}],
                 "divisions":[{"code":"G","name":"Glasgow"},{"code":"E","name":"Edinburgh"},{"code":"K","name":"K"}]}
                """));
        server.createContext("/dev/tokens", exchange -> {
            JsonNode body = ApiClient.JSON.readTree(exchange.getRequestBody().readAllBytes());
            answer(
                    exchange,
                    200,
                    "{\"token\":\"token-of-" + body.path("subject").asString() + "\"}");
        });
        server.createContext("/api/v1/handovers/", this::handovers);
        server.start();
        port = server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void handovers(HttpExchange exchange) throws IOException {
        String[] path = exchange.getRequestURI().getPath().split("/");
        String caseId = path[4];
        if (exchange.getRequestMethod().equals("GET")) {
            answer(exchange, knownCases.contains(caseId) ? 200 : 404, "{}");
            return;
        }
        JsonNode body = ApiClient.JSON.readTree(exchange.getRequestBody().readAllBytes());
        String eventId = body.path("eventId").asString();
        String user = exchange.getRequestHeaders().getFirst("Authorization").substring("Bearer token-of-".length());
        // Every fifth new eventId is throttled once: the simulator must send the very same eventId again.
        if (eventId.hashCode() % 5 == 0 && throttledOnce.add(eventId)) {
            exchange.getResponseHeaders().add("Retry-After", "1");
            answer(exchange, 429, "{\"status\":429}");
            return;
        }
        if (!user.startsWith("sim-")) {
            wrongTokens.add(user);
        }
        if (receipts.merge(eventId, 1, Integer::sum) == 1) {
            receivedByCase
                    .computeIfAbsent(caseId, k -> Collections.synchronizedList(new ArrayList<>()))
                    .add(eventId);
        }
        knownCases.add(caseId);
        if (body.path("type").asString().equals("DIVERTED")) {
            knownCases.add(body.path("linkedCaseId").asString());
        }
        answer(exchange, 202, "{\"eventId\":\"" + eventId + "\"}");
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Test
    void givenAHistoricRun_whenSentToTheApi_thenEachCaseArrivesInOrderRetriesReuseEventIdsAndTheTruthSaysWhatWasSent()
            throws IOException {
        Path truth = dir.resolve("truth.jsonl");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int status = Simulator.run(
                new String[] {
                    "--base-url", "http://127.0.0.1:" + port,
                    "--from", "2026-03-28",
                    "--days", "2",
                    "--cases", "150",
                    "--seed", "5",
                    "--rate", "0",
                    "--concurrency", "8",
                    "--truth", truth.toString()
                },
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
        List<JsonNode> lines =
                Files.readAllLines(truth).stream().map(ApiClient.JSON::readTree).toList();
        Map<String, List<String>> sentByCase = new LinkedHashMap<>();
        Set<String> resent = new HashSet<>();
        for (JsonNode line : lines) {
            if (line.path("kind").asString().equals("submission")) {
                assertThat(line.path("httpStatus").asInt()).isEqualTo(202);
                String eventId = line.path("eventId").asString();
                if (line.path("resend").asBoolean()) {
                    resent.add(eventId);
                } else if (!sentByCase
                        .getOrDefault(line.path("caseId").asString(), List.of())
                        .contains(eventId)) {
                    sentByCase
                            .computeIfAbsent(line.path("caseId").asString(), k -> new ArrayList<>())
                            .add(eventId);
                }
            }
        }
        // The API saw each case's submissions in the order the truth file lists them (first receipt of each).
        assertThat(receivedByCase).isEqualTo(sentByCase);
        // Throttled eventIds were sent again and accepted; client retries were received twice under one id.
        assertThat(throttledOnce).isNotEmpty().allMatch(receipts::containsKey);
        assertThat(resent).isNotEmpty().allMatch(id -> receipts.get(id) >= 2);
        assertThat(wrongTokens).isEmpty();
        JsonNode summary = lines.get(lines.size() - 1);
        assertThat(List.of(
                        summary.path("kind").asString(),
                        summary.path("cases").asInt(),
                        summary.path("unfinishedCases").asInt(),
                        summary.path("unexpected").asInt()))
                .containsExactly("summary", 150, 0, 0);
        long caseLines = lines.stream()
                .filter(l -> l.path("kind").asString().equals("case"))
                .count();
        assertThat(caseLines).isGreaterThanOrEqualTo(150);
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("for 150 cases")
                .contains("0 unexpected");
    }

    @Test
    void givenBadOptions_whenRun_thenExitTwoNamingTheProblem() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int status = Simulator.run(
                new String[] {"--from", "2026-02-30"},
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(status).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .isEqualTo("simulator: --from must be a date YYYY-MM-DD, not '2026-02-30'" + System.lineSeparator());
    }

    @Test
    void givenNoApi_whenRun_thenExitThreeSayingWhatToStart() throws IOException {
        server.stop(0);
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int status = Simulator.run(
                new String[] {"--base-url", "http://127.0.0.1:" + port, "--from", "2026-03-28"},
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(status).isEqualTo(3);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .startsWith("simulator: cannot reach handover-api at http://127.0.0.1:" + port)
                .contains("start the platform (./run) or pass --base-url");
    }
}
