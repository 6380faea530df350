package uk.transferofcare.api.readmodel;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the read models follow the topics.
 *
 * @param groupId consumer group id used only for offset commits; every instance reads every partition from offset 0
 * @param idleInterval how often an idle consumer checks whether it has caught up with the end of its topic
 * @param readBarrierTimeout how long a read of something this instance does not know yet (a case, a verdict) may wait
 *     until it has read what was committed before the read began
 * @param startRetry pause between attempts to reach Kafka at start-up
 */
@Validated
@ConfigurationProperties("handover.read-model")
public record ReadModelProperties(
        @DefaultValue("handover-api-read-model") @NotBlank String groupId,

        @DefaultValue("200ms") @NotNull @DurationMin(millis = 10) @DurationMax(minutes = 1)
        Duration idleInterval,

        @DefaultValue("2s") @NotNull @DurationMin(millis = 1) @DurationMax(seconds = 30)
        Duration readBarrierTimeout,

        @DefaultValue("2s") @NotNull @DurationMin(millis = 10) @DurationMax(minutes = 5)
        Duration startRetry) {}
