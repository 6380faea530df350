package uk.transferofcare.api.board;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The board's server-sent event stream.
 *
 * @param heartbeat how often a comment line is sent so proxies and browsers keep the connection
 * @param timeout how long one stream lasts before the server ends it (the client reconnects with Last-Event-ID)
 * @param maxQueued events waiting for a slow client before it is disconnected (it reconnects and resyncs)
 * @param maxConnections open streams one instance serves in all; one more is refused 503 with Retry-After
 * @param maxConnectionsPerUser open streams of one user id on one instance; one more is refused 429
 * @param pollInterval how often the change listener looks for changes when no notification came (a safety net: the
 *     projection notifies every change at commit)
 */
@Validated
@ConfigurationProperties("handover.stream")
public record StreamProperties(
        @DefaultValue("15s") @NotNull Duration heartbeat,
        @DefaultValue("30m") @NotNull Duration timeout,
        @DefaultValue("1000") @Min(10) @Max(100000) int maxQueued,
        @DefaultValue("1000") @Min(1) @Max(100000) int maxConnections,
        @DefaultValue("10") @Min(1) @Max(1000) int maxConnectionsPerUser,
        @DefaultValue("1s") @NotNull Duration pollInterval) {

    public StreamProperties {
        if (heartbeat != null && heartbeat.toMillis() < 100) {
            throw new IllegalArgumentException("handover.stream.heartbeat must be at least 100 ms");
        }
        if (pollInterval != null && (pollInterval.toMillis() < 10 || pollInterval.toMinutes() > 1)) {
            throw new IllegalArgumentException("handover.stream.poll-interval must be between 10 ms and 1 min");
        }
        if (timeout != null && timeout.toSeconds() < 1) {
            throw new IllegalArgumentException("handover.stream.timeout must be at least 1 s");
        }
    }
}
