package uk.transferofcare.simulator;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The simulator's only way into the platform: handover-api's public HTTP API. {@code GET /api/v1/sites}, {@code POST
 * /dev/tokens} (the local profile's demo tokens), {@code POST /api/v1/handovers/{caseId}/events} and {@code GET
 * /api/v1/handovers/{caseId}}.
 */
final class ApiClient {

    static final ObjectMapper JSON = JsonMapper.builder().build();

    /** An HTTP answer: status, body and the Retry-After header (seconds), if any. */
    record Answer(int status, String body, Duration retryAfter) {}

    record Reference(List<World.Site> sites, List<String> divisions) {}

    private final URI base;
    private final HttpClient http;
    private final Duration timeout;
    private final Map<String, String> tokens = new ConcurrentHashMap<>();

    ApiClient(URI base, Duration timeout) {
        this.base = base;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    URI base() {
        return base;
    }

    Reference reference() throws IOException, InterruptedException {
        Answer answer =
                send(HttpRequest.newBuilder(base.resolve("/api/v1/sites")).GET(), null);
        if (answer.status() != 200) {
            throw new IOException("GET /api/v1/sites answered " + answer.status() + ": " + answer.body());
        }
        JsonNode root = JSON.readTree(answer.body());
        List<World.Site> sites = new ArrayList<>();
        for (JsonNode site : root.path("sites").values()) {
            sites.add(new World.Site(
                    site.path("code").asString(),
                    site.path("board").asString(null),
                    site.path("type").asString(null)));
        }
        List<String> divisions = new ArrayList<>();
        for (JsonNode division : root.path("divisions").values()) {
            divisions.add(division.path("code").asString());
        }
        return new Reference(sites, divisions);
    }

    /** The user's bearer token from {@code POST /dev/tokens}, fetched once and cached. */
    String token(User user) throws IOException, InterruptedException {
        String cached = tokens.get(user.userId());
        if (cached != null) {
            return cached;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("subject", user.userId());
        body.put("role", user.role());
        body.put("org", user.org());
        Answer answer = send(
                HttpRequest.newBuilder(base.resolve("/dev/tokens"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))),
                null);
        if (answer.status() != 200) {
            throw new IOException("POST /dev/tokens for " + user.userId() + " answered " + answer.status()
                    + " (the simulator needs the API's local profile, SPRING_PROFILES_ACTIVE=local): " + answer.body());
        }
        String token = JSON.readTree(answer.body()).path("token").asString();
        tokens.put(user.userId(), token);
        return token;
    }

    void forgetToken(User user) {
        tokens.remove(user.userId());
    }

    Answer submit(String caseId, Submission submission, String token) throws IOException, InterruptedException {
        return send(
                HttpRequest.newBuilder(base.resolve("/api/v1/handovers/" + caseId + "/events"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(submission.body()))),
                token);
    }

    Answer getCase(String caseId, String token) throws IOException, InterruptedException {
        return send(
                HttpRequest.newBuilder(base.resolve("/api/v1/handovers/" + caseId))
                        .GET(),
                token);
    }

    Answer get(String pathAndQuery, String token, String accept) throws IOException, InterruptedException {
        return send(
                HttpRequest.newBuilder(base.resolve(pathAndQuery))
                        .header("Accept", accept)
                        .GET(),
                token);
    }

    private Answer send(HttpRequest.Builder request, String token) throws IOException, InterruptedException {
        request.timeout(timeout);
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        Duration retryAfter = response.headers()
                .firstValue("Retry-After")
                .map(ApiClient::seconds)
                .orElse(null);
        return new Answer(response.statusCode(), response.body(), retryAfter);
    }

    private static Duration seconds(String value) {
        try {
            return Duration.ofSeconds(Long.parseLong(value.trim()));
        } catch (NumberFormatException e) {
            return Duration.ofSeconds(1);
        }
    }
}
