package uk.transferofcare.resilience;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.databind.json.JsonMapper;

/**
 * Bearer tokens from handover-api's local-profile token endpoint ({@code POST /dev/tokens}), which the launcher's
 * platform runs with: the suite's Prometheus and its operator (ADMIN) and the users of its live cases.
 */
final class DevTokens {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private DevTokens() {}

    /** A token for {@code subject} with {@code role} in organisation {@code org} (a site, a division or ADMIN). */
    static String issue(URI api, String subject, String role, String org) throws IOException {
        try {
            String body = JSON.writeValueAsString(JSON.createObjectNode()
                    .put("subject", subject)
                    .put("role", role)
                    .put("org", org));
            HttpResponse<String> answer = HTTP.send(
                    HttpRequest.newBuilder(api.resolve("/dev/tokens"))
                            .timeout(Duration.ofSeconds(5))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            String token = answer.statusCode() == 200
                    ? JSON.readTree(answer.body()).path("token").asString("")
                    : "";
            if (token.isEmpty()) {
                throw new IOException(
                        "no " + role + " dev token from " + api + "/dev/tokens (HTTP " + answer.statusCode() + ")");
            }
            return token;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while asking for a token", e);
        }
    }
}
