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
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;
import uk.transferofcare.events.NotificationChannel;
import uk.transferofcare.notification.config.NotificationProperties;
import uk.transferofcare.notification.wire.DeliveryTask;

/**
 * Webhook channel: one JSON POST per attempt with {@code Idempotency-Key: <notificationId>} (the same for every
 * attempt, retry and replay of one notification, so the receiver can drop repeats), {@code X-Signature-Timestamp}
 * and {@code X-Signature-SHA256} (see {@link WebhookSigner}). 2xx is delivered; 408, 425, 429 and 5xx, timeouts and
 * connection errors are retryable; other statuses are permanent.
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
    public String send(DeliveryTask task, String address, Message message) {
        if (signer == null) {
            throw new PermanentDeliveryException("no webhook secret configured (notification.webhook.secret)");
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
        HttpResponse<Void> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.discarding());
        } catch (HttpTimeoutException e) {
            throw new RetryableDeliveryException("timed out after " + requestTimeout.toMillis() + " ms", e);
        } catch (ConnectException e) {
            throw new RetryableDeliveryException("connection refused", e);
        } catch (IOException e) {
            throw new RetryableDeliveryException("I/O error: " + e.getClass().getSimpleName(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RetryableDeliveryException("interrupted", e);
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return "HTTP " + status;
        }
        if (status == 408 || status == 425 || status == 429 || status >= 500) {
            throw new RetryableDeliveryException("HTTP " + status);
        }
        throw new PermanentDeliveryException("HTTP " + status);
    }
}
