package uk.transferofcare.api.readmodel;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the read models follow the topics.
 *
 * @param groupId consumer group id used only for offset commits; every instance reads every partition from offset 0
 * @param idleInterval how often an idle consumer checks whether it has caught up with the end of its topic
 * @param barrierTimeout how long a request may wait for this instance to have read every submission acknowledged
 *     before it started (another instance may have accepted it)
 * @param crossInstanceChecks wait for that barrier before treating an eventId as new or a case as unknown
 * @param startRetry pause between attempts to reach Kafka at start-up
 */
@Validated
@ConfigurationProperties("handover.read-model")
public record ReadModelProperties(
        @DefaultValue("handover-api-read-model") @NotBlank String groupId,
        @DefaultValue("200ms") @NotNull Duration idleInterval,
        @DefaultValue("2s") @NotNull Duration barrierTimeout,
        @DefaultValue("true") boolean crossInstanceChecks,
        @DefaultValue("2s") @NotNull Duration startRetry) {

    public ReadModelProperties {
        if (idleInterval != null && idleInterval.toMillis() < 10) {
            throw new IllegalArgumentException("handover.read-model.idle-interval must be at least 10 ms");
        }
        if (barrierTimeout != null && barrierTimeout.toMillis() < 1) {
            throw new IllegalArgumentException("handover.read-model.barrier-timeout must be positive");
        }
    }
}
