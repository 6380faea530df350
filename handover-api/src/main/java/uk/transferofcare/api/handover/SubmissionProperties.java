package uk.transferofcare.api.handover;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How submissions are taken. A bad value stops start-up with a message naming the key.
 *
 * @param ackTimeout how long a request waits for Kafka's acknowledgement (acks=all) before answering 503; nothing is
 *     answered 2xx before it
 * @param verdictTimeout how long, after Kafka's acknowledgement, a request waits for the processor's verdict before
 *     answering 202 with the status URL (the client then re-sends the same eventId, or reads the status URL)
 * @param maxPendingVerdicts how many requests of this instance may wait for a verdict at once; beyond that a
 *     submission is answered 503 with Retry-After before anything is produced
 * @param retryAfter the Retry-After given with a 503
 * @param maxBodyBytes largest request body accepted on the API (413 above)
 * @param rateLimit per-user and per-organisation submission rate limits
 */
@Validated
@ConfigurationProperties("handover.submissions")
public record SubmissionProperties(
        @DefaultValue("5s") @NotNull @DurationMin(millis = 1) @DurationMax(seconds = 60)
        Duration ackTimeout,

        @DefaultValue("2s") @NotNull @DurationMin(millis = 0) @DurationMax(seconds = 30)
        Duration verdictTimeout,

        @DefaultValue("10000") @Min(1) @Max(1_000_000) int maxPendingVerdicts,

        @DefaultValue("5s") @NotNull @DurationMin(seconds = 1) @DurationMax(hours = 1)
        Duration retryAfter,

        @DefaultValue("16384") @Min(1024) @Max(1048576) int maxBodyBytes,
        @DefaultValue @Valid RateLimit rateLimit) {

    /**
     * @param limitForPeriod submissions one user may make per period
     * @param period the refresh period (of both limits)
     * @param perOrganisationLimitForPeriod submissions all users of one organisation (a division, a site, ADMIN)
     *     together may make per period: many stolen or scripted accounts of one organisation cannot take the whole
     *     API. At least {@code limitForPeriod}, or start-up stops naming both.
     */
    public record RateLimit(
            @DefaultValue("20") @Min(1) @Max(100000) int limitForPeriod,

            @DefaultValue("1s") @NotNull @DurationMin(millis = 1) @DurationMax(hours = 1)
            Duration period,

            @DefaultValue("200") @Min(1) @Max(1000000) int perOrganisationLimitForPeriod) {

        public RateLimit {
            if (perOrganisationLimitForPeriod < limitForPeriod) {
                throw new IllegalArgumentException("handover.submissions.rate-limit.per-organisation-limit-for-period ("
                        + perOrganisationLimitForPeriod
                        + ") must be at least handover.submissions.rate-limit.limit-for-period ("
                        + limitForPeriod + "): one user alone would be limited by their organisation");
            }
        }
    }
}
