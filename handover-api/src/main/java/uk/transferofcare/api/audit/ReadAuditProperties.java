package uk.transferofcare.api.audit;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The audit of reads ({@code audit.reads}).
 *
 * @param retention how long a recorded read is kept (default 6 years: the time within which a claim about a misuse of
 *     the record may be brought, Limitation Act 1980; at least 30 days, at most 20 years)
 * @param retentionCheckInterval how often reads older than the retention are deleted (and once at start)
 */
@Validated
@ConfigurationProperties("handover.audit")
public record ReadAuditProperties(
        @DefaultValue("2192d") @NotNull @DurationMin(days = 30) @DurationMax(days = 7305)
        Duration retention,

        @DefaultValue("1h") @NotNull @DurationMin(seconds = 1) @DurationMax(days = 1)
        Duration retentionCheckInterval) {}
