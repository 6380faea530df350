package uk.transferofcare.api.handover;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How submissions are taken. A bad value stops start-up with a message naming the key.
 *
 * @param ackTimeout how long a request waits for Kafka's acknowledgement (acks=all) before answering 503
 * @param retryAfter the Retry-After given with a 503
 * @param maxBodyBytes largest request body accepted on the API (413 above)
 * @param clockSkewTolerance how far after the server's clock an occurredAt may be (rule 2)
 * @param rateLimit per-user submission rate limit
 */
@Validated
@ConfigurationProperties("handover.submissions")
public record SubmissionProperties(
        @DefaultValue("5s") @NotNull Duration ackTimeout,
        @DefaultValue("5s") @NotNull Duration retryAfter,
        @DefaultValue("16384") @Min(1024) @Max(1048576) int maxBodyBytes,
        @DefaultValue("2m") @NotNull Duration clockSkewTolerance,
        @DefaultValue @Valid RateLimit rateLimit) {

    public SubmissionProperties {
        if (ackTimeout != null && (ackTimeout.isNegative() || ackTimeout.isZero() || ackTimeout.toSeconds() > 60)) {
            throw new IllegalArgumentException("handover.submissions.ack-timeout must be between 1 ms and 60 s");
        }
        if (retryAfter != null && retryAfter.toSeconds() < 1) {
            throw new IllegalArgumentException("handover.submissions.retry-after must be at least 1 s");
        }
    }

    /**
     * @param limitForPeriod submissions one user may make per period
     * @param period the refresh period
     */
    public record RateLimit(
            @DefaultValue("20") @Min(1) @Max(100000) int limitForPeriod,
            @DefaultValue("1s") @NotNull Duration period) {

        public RateLimit {
            if (period != null && (period.isNegative() || period.isZero())) {
                throw new IllegalArgumentException("handover.submissions.rate-limit.period must be positive");
            }
        }
    }
}
