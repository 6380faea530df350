package uk.transferofcare.resilience;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What an operator does after NotificationFailures (docs/operations.md): once the receiver accepts again, {@code POST
 * /api/notifications/dlt/replay} on the notification service with an ADMIN token, which re-drives the deliveries'
 * dead-letter topic.
 */
final class DeadLetters {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private DeadLetters() {}

    /**
     * Replays the notification service's dead letters.
     *
     * @param api handover-api, which signs the local profile's dev tokens
     * @param notification the notification service's main port
     * @return how many records were re-driven
     * @throws IOException no token, or the service did not answer 200 with a count
     */
    static long replay(URI api, URI notification) throws IOException, InterruptedException {
        String token = Alerts.adminToken(api, "fault-suite-operator");
        HttpResponse<String> answer = HTTP.send(
                HttpRequest.newBuilder(notification.resolve("/api/notifications/dlt/replay"))
                        .timeout(Duration.ofSeconds(60))
                        .header("Authorization", "Bearer " + token)
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return replayed(answer.statusCode(), answer.body());
    }

    /** The count in the service's answer ({@code {"replayId":..., "replayed": n}}), or why there is none. */
    static long replayed(int status, String body) throws IOException {
        if (status != 200) {
            throw new IOException("POST /api/notifications/dlt/replay answered " + status + ": " + body);
        }
        JsonNode replayed = JSON.readTree(body).path("replayed");
        if (!replayed.isNumber()) {
            throw new IOException("POST /api/notifications/dlt/replay answered without a count: " + body);
        }
        return replayed.asLong();
    }
}
