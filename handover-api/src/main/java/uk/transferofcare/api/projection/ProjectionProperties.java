package uk.transferofcare.api.projection;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The PostgreSQL projection of the processor's topics.
 *
 * @param groupId the consumer group shared by every API instance (partitions are spread over them)
 * @param maxLag readiness is UP only while the projection was caught up, within this bound, with every record
 *     committed to its topics: the end offsets (last stable offsets) read at most this long ago are all committed by
 *     the group
 * @param lagCheckInterval how often the group's committed offsets are compared with the topics' end offsets
 * @param readWaitTimeout how long a read of a case or verdict not (yet) in the projection waits for the projection to
 *     catch up with what was committed before the read began, before answering 404
 * @param pollTimeout the consumer's poll timeout
 * @param maxPollRecords records per batch (one database transaction)
 * @param retryBackoff pause before reading again after Kafka or the database failed (the batch is read again from the
 *     committed offsets)
 * @param instancesCheckInterval how often the group's members (the running API instances, {@link ApiInstances}) are
 *     counted
 */
@Validated
@ConfigurationProperties("handover.projection")
public record ProjectionProperties(
        @DefaultValue("handover-api-projection") @NotBlank String groupId,

        @DefaultValue("1s") @NotNull @DurationMin(millis = 100) @DurationMax(hours = 1)
        Duration maxLag,

        @DefaultValue("200ms") @NotNull @DurationMin(millis = 10) @DurationMax(minutes = 1)
        Duration lagCheckInterval,

        @DefaultValue("2s") @NotNull @DurationMin(millis = 0) @DurationMax(seconds = 30)
        Duration readWaitTimeout,

        @DefaultValue("500ms") @NotNull @DurationMin(millis = 10) @DurationMax(minutes = 1)
        Duration pollTimeout,

        @DefaultValue("1000") @Min(1) @Max(100000) int maxPollRecords,

        @DefaultValue("1s") @NotNull @DurationMin(millis = 10) @DurationMax(minutes = 5)
        Duration retryBackoff,

        @DefaultValue("5s") @NotNull @DurationMin(millis = 100) @DurationMax(minutes = 5)
        Duration instancesCheckInterval) {}
