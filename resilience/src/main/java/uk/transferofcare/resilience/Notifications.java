package uk.transferofcare.resilience;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the notification receivers saw during one row, as the dev inbox of {@code ./run} recorded it (the launcher runs
 * with {@code --inbox-capacity} large enough to keep a whole row): the webhook sink's requests and the SMTP server's
 * emails. Cleared before the row, read once deliveries have stopped arriving.
 */
final class Notifications {

    /**
     * One row's count.
     *
     * @param received webhooks answered 2xx plus emails
     * @param repeats deliveries beyond the first of the same idempotency key (webhooks) or Message-ID (emails): a
     *     delivery in flight at a crash sent again; a receiver that deduplicates by key sees it once
     * @param duplicates webhooks for the same event and recipient under two or more keys: a second notification no
     *     receiver could tell from the first
     * @param refused webhook attempts the sink refused (a receiver outage), not deliveries
     * @param undelivered notifications (idempotency keys) the sink refused and never received since: lost, once the
     *     notification service's retries are over
     */
    record Count(long received, long repeats, long duplicates, long refused, long undelivered) {}

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final URI inbox;

    Notifications(URI inbox) {
        this.inbox = inbox;
    }

    /** Forgets what the inbox received so far ({@code DELETE /api/webhooks} and {@code DELETE /api/mail}). */
    void clear() throws IOException, InterruptedException {
        for (String path : List.of("/api/webhooks", "/api/mail")) {
            HttpResponse<String> response = HTTP.send(
                    HttpRequest.newBuilder(inbox.resolve(path))
                            .DELETE()
                            .timeout(Duration.ofSeconds(10))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IOException("the dev inbox refused DELETE " + path + ": " + response.statusCode());
            }
        }
    }

    /** Starts a webhook outage: the sink answers {@code status} for {@code length}, then 200 again. */
    void failWebhooks(int status, Duration length) throws IOException, InterruptedException {
        flipSwitch("/api/webhooks/failure?status=" + status + "&seconds=" + length.toSeconds(), "failure");
    }

    /**
     * Makes the webhook receiver slow: the dev inbox's webhook sink answers each webhook {@code delay} after it takes
     * it up, taking up at most {@code concurrent} at once (0: no limit; the rest wait their turn), for {@code length}.
     */
    void slowWebhooks(Duration delay, int concurrent, Duration length) throws IOException, InterruptedException {
        flipSwitch(
                "/api/webhooks/slow?millis=" + delay.toMillis() + "&concurrent=" + concurrent + "&seconds="
                        + length.toSeconds(),
                "slow");
    }

    /**
     * Starts a webhook receiver outage: the dev inbox's webhook sink stops listening on its port (connections refused)
     * and listens again after {@code length}.
     */
    void stopWebhooks(Duration length) throws IOException, InterruptedException {
        flipSwitch("/api/webhooks/outage?seconds=" + length.toSeconds(), "webhook outage");
    }

    /**
     * Starts an SMTP outage: the dev inbox's SMTP server stops (connections refused) and comes back on its port after
     * {@code length}.
     */
    void stopSmtp(Duration length) throws IOException, InterruptedException {
        flipSwitch("/api/mail/outage?seconds=" + length.toSeconds(), "SMTP outage");
    }

    /** {@code POST}s to one of the dev inbox's switches ({@code pathAndQuery}); anything but 200 is an error. */
    private void flipSwitch(String pathAndQuery, String what) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(inbox.resolve(pathAndQuery))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("the dev inbox refused its " + what + " switch: " + response.statusCode());
        }
    }

    /**
     * Waits until every refused notification was received since and nothing new arrived for {@code quiet} (at most
     * {@code max}), then counts what was received.
     */
    Count settle(Duration quiet, Duration max) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        JsonNode webhooks = get("/api/webhooks");
        JsonNode mail = get("/api/mail");
        long stableSince = System.nanoTime();
        while (System.nanoTime() < deadline
                && (System.nanoTime() - stableSince < quiet.toNanos()
                        || count(webhooks, mail).undelivered() > 0)) {
            Thread.sleep(2000);
            JsonNode nextWebhooks = get("/api/webhooks");
            JsonNode nextMail = get("/api/mail");
            if (nextWebhooks.size() != webhooks.size() || nextMail.size() != mail.size()) {
                stableSince = System.nanoTime();
            }
            webhooks = nextWebhooks;
            mail = nextMail;
        }
        return count(webhooks, mail);
    }

    /**
     * Every key the receivers hold: the idempotency key of each webhook answered 2xx and the Message-ID of each email.
     */
    java.util.Set<String> receivedKeys() throws IOException, InterruptedException {
        java.util.Set<String> keys = new HashSet<>();
        for (JsonNode webhook : get("/api/webhooks")) {
            if (webhook.path("answeredStatus").asInt() / 100 == 2) {
                keys.add(webhook.path("headers").path("idempotency-key").path(0).asString(""));
            }
        }
        for (JsonNode email : get("/api/mail")) {
            keys.add(email.path("messageId").asString(""));
        }
        return keys;
    }

    /** Every request the webhook sink received ({@code GET /api/webhooks}). */
    JsonNode webhooks() throws IOException, InterruptedException {
        return get("/api/webhooks");
    }

    /** Every email the SMTP server received ({@code GET /api/mail}). */
    JsonNode mail() throws IOException, InterruptedException {
        return get("/api/mail");
    }

    /** Counts the inbox's JSON lists ({@code GET /api/webhooks}, {@code GET /api/mail}). */
    static Count count(JsonNode webhooks, JsonNode mail) {
        long received = 0;
        long refused = 0;
        Map<String, Integer> perKey = new HashMap<>();
        Set<String> refusedKeys = new HashSet<>();
        Map<String, Set<String>> keysPerNotification = new HashMap<>();
        for (JsonNode webhook : webhooks) {
            int status = webhook.path("answeredStatus").asInt();
            String key = "webhook "
                    + webhook.path("headers").path("idempotency-key").path(0).asString("");
            if (status / 100 != 2) {
                refused++;
                refusedKeys.add(key);
                continue;
            }
            received++;
            perKey.merge(key, 1, Integer::sum);
            String notification = webhook.path("json").path("eventId").asString("") + " to "
                    + webhook.path("path").asString("");
            keysPerNotification
                    .computeIfAbsent(notification, n -> new HashSet<>())
                    .add(key);
        }
        for (JsonNode email : mail) {
            received++;
            perKey.merge("mail " + email.path("messageId").asString(""), 1, Integer::sum);
        }
        long repeats = perKey.values().stream().mapToLong(n -> n - 1L).sum();
        long duplicates = keysPerNotification.values().stream()
                .filter(keys -> keys.size() > 1)
                .count();
        long undelivered =
                refusedKeys.stream().filter(key -> !perKey.containsKey(key)).count();
        return new Count(received, repeats, duplicates, refused, undelivered);
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(inbox.resolve(path))
                        .timeout(Duration.ofSeconds(30))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("the dev inbox answered GET " + path + " with " + response.statusCode());
        }
        return JSON.readTree(response.body());
    }
}
