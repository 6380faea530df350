package uk.transferofcare.processor.domain;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import uk.transferofcare.vocabulary.LegalBasis;
import uk.transferofcare.vocabulary.TimePoint;

/**
 * The timers of a case.
 *
 * @param escalationMinutes escalation thresholds after arrivedAt, strictly increasing; the mark at
 *     index i is level i + 1 (default 30, 60, 120 → levels 1, 2, 3)
 * @param legalClocks the legal clock of each basis; a basis without an entry has no clock (default:
 *     S297 24 h from REMOVED, S136 24 h from ARRIVED, extendable once by 12 h with LEGAL_CLOCK_EXTENDED)
 * @param warningMinutesBefore warnings before the legal deadline, kept in descending order (default
 *     240 and 60)
 * @param notifyHorizon a mark whose due time is further in the past than this when it is first seen
 *     is recorded with notify=false (default 6 h)
 */
public record TimerPolicy(
        List<Integer> escalationMinutes,
        Map<LegalBasis, ClockRule> legalClocks,
        List<Integer> warningMinutesBefore,
        Duration notifyHorizon) {

    public static final TimerPolicy DEFAULT = new TimerPolicy(
            List.of(30, 60, 120),
            Map.of(
                    LegalBasis.S297, new ClockRule(TimePoint.REMOVED, Duration.ofHours(24)),
                    LegalBasis.S136, new ClockRule(TimePoint.ARRIVED, Duration.ofHours(24), Duration.ofHours(12))),
            List.of(240, 60),
            Duration.ofHours(6));

    public TimerPolicy {
        escalationMinutes = List.copyOf(escalationMinutes);
        for (int i = 0; i < escalationMinutes.size(); i++) {
            int minutes = escalationMinutes.get(i);
            if (minutes <= 0 || (i > 0 && minutes <= escalationMinutes.get(i - 1))) {
                throw new IllegalArgumentException(
                        "escalation minutes must be positive and strictly increasing: " + escalationMinutes);
            }
        }
        EnumMap<LegalBasis, ClockRule> clocks = new EnumMap<>(LegalBasis.class);
        clocks.putAll(legalClocks);
        legalClocks = Collections.unmodifiableMap(clocks);
        if (warningMinutesBefore.stream().anyMatch(m -> m <= 0)
                || warningMinutesBefore.stream().distinct().count() != warningMinutesBefore.size()) {
            throw new IllegalArgumentException(
                    "warning minutes must be positive and distinct: " + warningMinutesBefore);
        }
        warningMinutesBefore =
                warningMinutesBefore.stream().sorted(Comparator.reverseOrder()).toList();
        requireNonNull(notifyHorizon, "notifyHorizon");
    }

    /** The clock of a basis, or null when it has none (or the basis is unknown). */
    public ClockRule clockFor(LegalBasis basis) {
        return basis == null ? null : legalClocks.get(basis);
    }
}
