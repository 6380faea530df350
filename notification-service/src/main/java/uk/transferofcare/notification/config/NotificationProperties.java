package uk.transferofcare.notification.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;
import uk.transferofcare.events.EventType;
import uk.transferofcare.events.TimePoint;

/**
 * Everything the notification service is told: who hears about which event on which channel, how hard it tries, and
 * where its topics are. Validated at start-up: a bad value stops the service with a message naming the key (see
 * {@link ValidRouting} for the cross-field rules).
 *
 * @param topics the topic it reads and the topics it owns
 * @param publicBaseUrl base of the links in messages: {@code <publicBaseUrl>/cases/<caseId>}
 * @param timeZone zone in which messages show times (instants are stored in UTC)
 * @param recipients role mailboxes and endpoints by recipient id; addresses are templates with {@code {site}} and
 *     {@code {division}}
 * @param routes which recipients hear about which events
 * @param webhook webhook channel settings (HMAC secret, timeouts)
 * @param email e-mail channel settings (sender)
 * @param retries non-blocking retry topics: attempts and back-off between them
 * @param resilience Resilience4j settings per channel, applied to one instance per endpoint
 * @param delivery how many deliveries are in flight at once, and on how many threads they are prepared
 * @param dedupe the delivered-notification store
 * @param audit the recent-outcomes read model
 */
@Validated
@ValidRouting
@ConfigurationProperties("notification")
public record NotificationProperties(
        @Valid @NotNull @DefaultValue Topics topics,
        @NotNull @DefaultValue("http://localhost:8080") URI publicBaseUrl,
        @NotNull @DefaultValue("Europe/London") ZoneId timeZone,
        @Valid @NotNull @DefaultValue Map<String, @Valid Recipient> recipients,
        @Valid @NotNull @DefaultValue List<@Valid @NotNull Route> routes,
        @Valid @NotNull @DefaultValue Webhook webhook,
        @Valid @NotNull @DefaultValue Email email,
        @Valid @NotNull @DefaultValue Retries retries,
        @Valid @NotNull @DefaultValue Resilience resilience,
        @Valid @NotNull @DefaultValue Delivery delivery,
        @Valid @NotNull @DefaultValue Dedupe dedupe,
        @Valid @NotNull @DefaultValue Audit audit) {

    /**
     * @param events the applied events this service consumes
     * @param deliveries one record per planned delivery; its retry topics are {@code <deliveries>-retry-N} and its
     *     dead-letter topic {@code <deliveries>-dlt}
     * @param outcomes the audit trail: one record per attempt
     * @param delivered compacted dedupe store: notificationId to when it was delivered
     */
    public record Topics(
            @NotBlank @DefaultValue("handover-events") String events,

            @NotBlank @DefaultValue("notification-deliveries")
            String deliveries,

            @NotBlank @DefaultValue("notification-outcomes") String outcomes,

            @NotBlank @DefaultValue("notification-delivered")
            String delivered) {}

    /**
     * A role mailbox or endpoint, never a person. At least one channel.
     *
     * @param description what the role is, for people reading the configuration
     * @param email address template, e.g. {@code ed-coordinator.{site}@nhs.example}
     * @param webhook URL template, e.g. {@code https://hooks.example/ed/{site}/coordinator}
     */
    public record Recipient(String description, String email, String webhook) {}

    /**
     * One routing rule: an event of this type (and level, site, division when given) goes to these recipients.
     *
     * @param event the event type
     * @param level ESCALATED only: escalation level 1, 2 or 3; empty = every level
     * @param sites site codes this rule is limited to; empty = every site
     * @param divisions police divisions this rule is limited to; empty = every division
     * @param recipients recipient ids (keys of {@code notification.recipients})
     * @param siteOf whose {@code {site}} the recipients' addresses take: the case's site ({@code case}, the default)
     *     or, for DIVERTED only, the site the person is taken to instead ({@code destination})
     * @param withdrawn ACTION_UNDONE only: the time point the undo withdrew (e.g. {@code HANDED_OVER}: whoever heard
     *     "officers can be released" hears it was undone); empty = every undo
     */
    public record Route(
            @NotNull EventType event,
            @Min(1) @Max(3) Integer level,
            @DefaultValue List<String> sites,
            @DefaultValue List<String> divisions,
            @NotEmpty List<String> recipients,
            @NotNull @DefaultValue("CASE") SiteOf siteOf,
            TimePoint withdrawn) {}

    /** Whose site a route's addresses are made for. */
    public enum SiteOf {
        /** The case's site (the event's {@code siteCode}). */
        CASE,
        /** DIVERTED: the site the person is taken to instead (the event's {@code destinationSiteCode}). */
        DESTINATION
    }

    /**
     * @param baseUrl base of the default webhook templates ({@code ${notification.webhook.base-url}/ed/{site}/...};
     *     env {@code WEBHOOK_SINK_URL})
     * @param secret HMAC-SHA256 key for the {@code X-Signature-SHA256} header (env {@code NOTIFY_WEBHOOK_SECRET});
     *     required, at least 16 characters, whenever a recipient has a webhook
     * @param connectTimeout TCP connect timeout
     * @param requestTimeout whole-request timeout (must be shorter than the time limiter)
     */
    public record Webhook(
            String baseUrl,
            String secret,
            @NotNull @DefaultValue("2s") Duration connectTimeout,
            @NotNull @DefaultValue("5s") Duration requestTimeout) {}

    /**
     * @param from sender address of every e-mail
     * @param connectionMaxIdle a pooled SMTP connection unused for longer is closed and a new one opened before the
     *     next message (servers drop idle connections); the pool holds
     *     {@code notification.resilience.email.bulkhead.max-concurrent-calls} connections
     */
    public record Email(
            @NotBlank @jakarta.validation.constraints.Email @DefaultValue("notifications@transfer-of-care.example")
            String from,

            @NotNull @DefaultValue("30s") Duration connectionMaxIdle) {}

    /**
     * Non-blocking retries through retry topics ({@code @RetryableTopic} semantics).
     *
     * @param attempts delivery rounds in total (the first plus the retries) before the dead-letter topic
     * @param initialDelay delay before the first retry round
     * @param multiplier factor between consecutive delays
     * @param maxDelay cap of one delay
     */
    public record Retries(
            @Min(1) @Max(20) @DefaultValue("6") int attempts,
            @NotNull @DefaultValue("10s") Duration initialDelay,

            @DecimalMin("1.0") @DecimalMax("100.0") @DefaultValue("5")
            double multiplier,

            @NotNull @DefaultValue("30m") Duration maxDelay) {}

    /**
     * @param webhook settings of every webhook endpoint's Resilience4j instances
     * @param email settings of every SMTP server's Resilience4j instances
     */
    public record Resilience(
            @Valid @NotNull @DefaultValue ChannelResilience webhook,
            @Valid @NotNull @DefaultValue ChannelResilience email) {}

    /**
     * Resilience4j settings of one channel; each endpoint of the channel gets its own instances.
     *
     * @param retry in-process retries within one delivery round
     * @param circuitBreaker stops calling an endpoint that keeps failing
     * @param bulkhead bounds the concurrent calls to one endpoint
     * @param timeout time limiter: the longest one call may take
     */
    public record ChannelResilience(
            @Valid @NotNull @DefaultValue RetrySettings retry,
            @Valid @NotNull @DefaultValue CircuitBreakerSettings circuitBreaker,
            @Valid @NotNull @DefaultValue BulkheadSettings bulkhead,
            @NotNull @DefaultValue("10s") Duration timeout) {}

    /**
     * Exponential back-off with jitter: the n-th wait is {@code initialInterval * multiplier^(n-1)}, randomised by
     * plus or minus {@code randomizationFactor}.
     *
     * @param maxAttempts tries per delivery round, including the first
     * @param initialInterval wait before the second try
     * @param multiplier factor between consecutive waits
     * @param randomizationFactor jitter, 0 to 1
     */
    public record RetrySettings(
            @Min(1) @Max(10) @DefaultValue("3") int maxAttempts,
            @NotNull @DefaultValue("500ms") Duration initialInterval,

            @DecimalMin("1.0") @DecimalMax("10.0") @DefaultValue("2")
            double multiplier,

            @DecimalMin("0.0") @DecimalMax("1.0") @DefaultValue("0.5")
            double randomizationFactor) {}

    /**
     * @param failureRateThreshold percentage of failed calls that opens the breaker
     * @param slidingWindowSize calls the failure rate is computed over
     * @param minimumNumberOfCalls calls needed before the rate counts
     * @param waitDurationInOpenState how long the breaker stays open before letting trial calls through
     * @param permittedCallsInHalfOpenState trial calls while half open
     */
    public record CircuitBreakerSettings(
            @DecimalMin("1") @DecimalMax("100") @DefaultValue("50")
            float failureRateThreshold,

            @Min(1) @Max(1000) @DefaultValue("10") int slidingWindowSize,
            @Min(1) @Max(1000) @DefaultValue("5") int minimumNumberOfCalls,
            @NotNull @DefaultValue("30s") Duration waitDurationInOpenState,
            @Min(1) @Max(100) @DefaultValue("2") int permittedCallsInHalfOpenState) {}

    /**
     * A bulkhead per endpoint: at most so many calls at once, the others wait in a queue (no thread waits with them).
     *
     * @param maxConcurrentCalls calls to one endpoint at once at most (for e-mail also the number of pooled SMTP
     *     connections)
     * @param queueCapacity calls waiting for their turn before the bulkhead rejects ("bulkhead full", retried)
     */
    public record BulkheadSettings(
            @Min(1) @Max(200) @DefaultValue("16") int maxConcurrentCalls,
            @Min(1) @Max(10000) @DefaultValue("1000") int queueCapacity) {}

    /**
     * How deliveries flow. {@code notification-deliveries} is read in polls of {@code batchSize} records; every
     * delivery of a poll is in flight at once, those of one case on one channel one after the other in offset order,
     * and the next poll comes when the whole poll is delivered (or handed to the retry topics) and committed.
     *
     * @param batchSize records per poll of {@code handover-events} and of {@code notification-deliveries}: the
     *     deliveries one consumer has in flight at most
     * @param threads threads that prepare deliveries and record them (routing, rendering, signing, dedupe and outcome
     *     writes); sends wait on none of them
     * @param drainTimeout on a graceful stop, how long to wait for the deliveries in flight to finish; what is still
     *     in flight then is sent again after the restart, with the same idempotency key
     */
    public record Delivery(
            @Min(1) @Max(5000) @DefaultValue("500") int batchSize,
            @Min(1) @Max(64) @DefaultValue("2") int threads,
            @NotNull @DefaultValue("30s") Duration drainTimeout) {}

    /**
     * @param retention how long a delivered notification is remembered (retention of the compacted topic)
     * @param loadTimeout how long start-up may take to read the store before failing
     */
    public record Dedupe(
            @NotNull @DefaultValue("30d") Duration retention,
            @NotNull @DefaultValue("60s") Duration loadTimeout) {}

    /**
     * @param keep outcomes kept in memory for the read endpoint and page
     */
    public record Audit(
            @Min(10) @Max(100000) @DefaultValue("2000") int keep) {}
}
