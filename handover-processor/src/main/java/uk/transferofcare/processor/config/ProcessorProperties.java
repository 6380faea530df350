package uk.transferofcare.processor.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;
import uk.transferofcare.processor.domain.ClockRule;
import uk.transferofcare.processor.domain.HandoverPolicy;
import uk.transferofcare.processor.domain.TimerPolicy;
import uk.transferofcare.vocabulary.LegalBasis;
import uk.transferofcare.vocabulary.TimePoint;

/**
 * The processor's settings ({@code handover.*}). Validated at start-up: a bad value stops the application with a
 * message naming the key.
 *
 * @param topics where the topics are
 * @param policy the state machine's rules that are configurable
 * @param timers how due marks are found
 * @param streams the Kafka Streams settings that are the processor's to choose
 */
@Validated
@ConfigurationProperties("handover")
public record ProcessorProperties(
        @Valid @DefaultValue Topics topics,
        @Valid @DefaultValue Policy policy,
        @Valid @DefaultValue Timers timers,
        @Valid @DefaultValue Streams streams) {

    /**
     * @param prefix put before every topic name of the catalogue (empty in production; tests and benchmarks use one
     *     to share a broker)
     */
    public record Topics(
            @DefaultValue("") @Pattern(regexp = "[A-Za-z0-9._-]*")
            String prefix) {}

    /**
     * @param clockSkewTolerance rule 2: how far after its receipt an occurredAt may be (default 2 minutes)
     * @param escalationMinutes escalation marks after arrival while not handed over, strictly increasing; the mark
     *     at position i is level i + 1 (default 30, 60, 120 → levels 1, 2, 3)
     * @param legalClocks the legal clock of each basis: the time point it starts from and how long it runs; a basis
     *     without an entry has no clock (default S297 24 h from REMOVED, S136 24 h from ARRIVED)
     * @param warningMinutesBefore legal-clock warnings, minutes before the deadline (default 240 and 60)
     * @param notifyHorizon a mark further in the past than this when first seen (a backfilled case) is recorded
     *     without notifying anyone (default 6 h)
     * @param undoWindow how long after recording a board action (ACKNOWLEDGED, HANDOVER_STARTED, HANDED_OVER,
     *     ASSESSMENT_STARTED) its author may undo it with ACTION_UNDONE (default 5 minutes; 1 second to 1 hour)
     * @param holdingHorizon rule 8: how long a submission for a case that is not open yet is held, from when it was
     *     first held, before it is rejected UNKNOWN_CASE (default 24 hours; 1 minute to 30 days)
     */
    public record Policy(
            @DefaultValue("2m") @NotNull @DurationMin(seconds = 0) @DurationMax(hours = 24)
            Duration clockSkewTolerance,

            @DefaultValue({"30", "60", "120"}) @NotNull List<@NotNull @Min(1) @Max(10080) Integer> escalationMinutes,
            Map<LegalBasis, @Valid @NotNull LegalClockSettings> legalClocks,
            @DefaultValue({"240", "60"}) @NotNull List<@NotNull @Min(1) @Max(10080) Integer> warningMinutesBefore,

            @DefaultValue("6h") @NotNull @DurationMin(minutes = 1) @DurationMax(days = 365)
            Duration notifyHorizon,

            @DefaultValue("5m") @NotNull @DurationMin(seconds = 1) @DurationMax(hours = 1)
            Duration undoWindow,

            @DefaultValue("24h") @NotNull @DurationMin(minutes = 1) @DurationMax(days = 30)
            Duration holdingHorizon) {

        public Policy {
            legalClocks = legalClocks == null ? defaultLegalClocks() : legalClocks;
        }

        @AssertTrue(message = "handover.policy.escalation-minutes must be strictly increasing (level 1 first)")
        public boolean isEscalationMinutesIncreasing() {
            if (escalationMinutes == null || escalationMinutes.contains(null)) {
                return true;
            }
            for (int i = 1; i < escalationMinutes.size(); i++) {
                if (escalationMinutes.get(i) <= escalationMinutes.get(i - 1)) {
                    return false;
                }
            }
            return true;
        }

        @AssertTrue(message = "handover.policy.warning-minutes-before must not repeat a value")
        public boolean isWarningMinutesDistinct() {
            return warningMinutesBefore == null
                    || warningMinutesBefore.stream().distinct().count() == warningMinutesBefore.size();
        }

        /** The domain's policy. */
        public HandoverPolicy toDomain() {
            Map<LegalBasis, ClockRule> clocks = new EnumMap<>(LegalBasis.class);
            legalClocks.forEach((basis, clock) ->
                    clocks.put(basis, new ClockRule(clock.startsFrom(), clock.length(), clock.extension())));
            return new HandoverPolicy(
                    clockSkewTolerance,
                    new TimerPolicy(escalationMinutes, clocks, warningMinutesBefore, notifyHorizon),
                    holdingHorizon,
                    undoWindow);
        }

        private static Map<LegalBasis, LegalClockSettings> defaultLegalClocks() {
            Map<LegalBasis, LegalClockSettings> clocks = new EnumMap<>(LegalBasis.class);
            TimerPolicy.DEFAULT
                    .legalClocks()
                    .forEach((basis, rule) -> clocks.put(
                            basis, new LegalClockSettings(rule.startsFrom(), rule.length(), rule.extension())));
            return clocks;
        }
    }

    /**
     * @param startsFrom the time point the clock starts at (REMOVED for s297, ARRIVED for s136)
     * @param length how long it runs (24h)
     * @param extension how much later a recorded LEGAL_CLOCK_EXTENDED moves the deadline (s136: 12h); absent when the
     *     clock cannot be extended (s297)
     */
    public record LegalClockSettings(
            @NotNull TimePoint startsFrom,

            @NotNull @DurationMin(minutes = 1) @DurationMax(days = 30)
            Duration length,

            @DurationMin(minutes = 1) @DurationMax(days = 30)
            Duration extension) {}

    /**
     * @param punctuationInterval how often (wall clock) the timer index is scanned for due marks (default 5 s): a
     *     mark fires at most this long after it is due
     * @param maxPerPunctuation at most this many due cases per scan and task; the rest wait for the next scan
     * @param retryAfterFailure when the timers of a case fail (a fault), when they are tried again
     */
    public record Timers(
            @DefaultValue("5s") @NotNull @DurationMin(millis = 100) @DurationMax(hours = 1)
            Duration punctuationInterval,

            @DefaultValue("10000") @Min(1) @Max(1_000_000) int maxPerPunctuation,

            @DefaultValue("1m") @NotNull @DurationMin(seconds = 1) @DurationMax(days = 1)
            Duration retryAfterFailure) {}

    /**
     * @param standbyReplicas {@code num.standby.replicas}: warm copies of each case store on other instances, for
     *     fast fail-over (0 locally; 1 in production with two or more instances)
     * @param threads {@code num.stream.threads} of this instance
     * @param maxThreadReplacements a stream thread that dies of an unexpected error (e.g. the registry unreachable
     *     while writing) is replaced this many times per 10 minutes; after that the client shuts down and
     *     readiness goes DOWN
     * @param recentCases cases each stream task keeps decoded (with the bytes they came from, 3.6–4.8 KB of heap a
     *     case), so a case's next submission skips decoding it; 0 keeps none
     */
    public record Streams(
            @DefaultValue("0") @Min(0) @Max(10) int standbyReplicas,
            @DefaultValue("1") @Min(1) @Max(64) int threads,
            @DefaultValue("10") @Min(0) @Max(1000) int maxThreadReplacements,
            @DefaultValue("1000") @Min(0) @Max(100000) int recentCases) {}
}
