package uk.transferofcare.notification.delivery;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;
import uk.transferofcare.events.NotificationChannel;
import uk.transferofcare.notification.config.NotificationProperties;
import uk.transferofcare.notification.wire.DeliveryTask;

/**
 * Webhook channel: one JSON POST per attempt with {@code Idempotency-Key: <notificationId>} (the same for every
 * attempt, retry and replay of one notification, so the receiver can drop repeats), {@code X-Signature-Timestamp}
 * and {@code X-Signature-SHA256} (see {@link WebhookSigner}). 2xx is delivered; 408, 425, 429 and 5xx, timeouts and
 * connection errors are retryable; other statuses are permanent. Sent with the JDK's asynchronous HTTP client.
 */
@Component
class WebhookChannel implements DeliveryChannel {

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private final HttpClient http;
    private final JsonMapper json;
    private final Clock clock;
    private final Duration requestTimeout;
    private final WebhookSigner signer;

    WebhookChannel(NotificationProperties properties, JsonMapper json, Clock clock) {
        // Asynchronous: a request in flight holds no thread; the client keeps connections alive per host, and the
        // endpoint's bulkhead bounds how many requests (and so connections) one receiver gets at once.
        this.http = HttpClient.newBuilder()
                .connectTimeout(properties.webhook().connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.json = json;
        this.clock = clock;
        this.requestTimeout = properties.webhook().requestTimeout();
        String secret = properties.webhook().secret();
        this.signer = secret == null || secret.isBlank() ? null : new WebhookSigner(secret.strip());
    }

    @Override
    public NotificationChannel channel() {
        return NotificationChannel.WEBHOOK;
    }

    @Override
    public String endpoint(String address) {
        URI uri = URI.create(address);
        int port = uri.getPort() != -1 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        return uri.getHost() + ":" + port;
    }

    @Override
    public CompletableFuture<String> send(DeliveryTask task, String address, Message message) {
        if (signer == null) {
            return CompletableFuture.failedFuture(
                    new PermanentDeliveryException("no webhook secret configured (notification.webhook.secret)"));
        }
        String body = json.writeValueAsString(message.fields());
        long timestamp = clock.instant().getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(URI.create(address))
                .timeout(requestTimeout)
                .header("Content-Type", "application/json")
                .header("User-Agent", "transfer-of-care-notification-service")
                .header(IDEMPOTENCY_KEY, task.getNotificationId())
                .header(WebhookSigner.TIMESTAMP_HEADER, Long.toString(timestamp))
                .header(WebhookSigner.SIGNATURE_HEADER, signer.sign(timestamp, body))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).handle((response, error) -> {
            if (error != null) {
                throw failure(ResilientDelivery.unwrap(error));
            }
            return answer(response.statusCode());
        });
    }

    private static String answer(int status) {
        if (status >= 200 && status < 300) {
            return "HTTP " + status;
        }
        if (status == 408 || status == 425 || status == 429 || status >= 500) {
            throw new RetryableDeliveryException("HTTP " + status);
        }
        throw new PermanentDeliveryException("HTTP " + status);
    }

    private DeliveryFailure failure(Throwable error) {
        if (error instanceof HttpTimeoutException) {
            return new RetryableDeliveryException("timed out after " + requestTimeout.toMillis() + " ms", error);
        }
        if (error instanceof ConnectException) {
            return new RetryableDeliveryException("connection refused", error);
        }
        if (error instanceof IOException) {
            return new RetryableDeliveryException(
                    "I/O error: " + error.getClass().getSimpleName(), error);
        }
        if (error instanceof CancellationException) {
            return new RetryableDeliveryException("cancelled", error);
        }
        return new RetryableDeliveryException(
                "HTTP client error: " + error.getClass().getSimpleName(), error);
    }
}
