package uk.transferofcare.processor.stream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import uk.transferofcare.processor.domain.Verdict;
import uk.transferofcare.vocabulary.EventType;

/**
 * The processor's own counters, next to the Kafka Streams metrics:
 *
 * <ul>
 *   <li>{@code handover.submissions{status, rule}}: outcomes by status (APPLIED, REJECTED, DUPLICATE) and rule
 *       ({@code none} for applied; {@code PROCESSING_FAILED} for submissions the processor could not judge);
 *   <li>{@code handover.timer.events{type, notify}}: ESCALATED and LEGAL_CLOCK_WARNING events recorded;
 *   <li>{@code handover.dead.letters{reason}}: records sent to the dead-letter topic ({@code deserialization},
 *       {@code processing});
 *   <li>{@code handover.timer.failures}: timer checks of a case that failed and were rescheduled.
 * </ul>
 *
 * <p>Counters count processing attempts: when an exactly-once transaction is aborted and its records are processed
 * again, they count twice. The topics are exact; the counters are for dashboards and alerts.
 */
final class ProcessorMetrics {

    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    ProcessorMetrics(MeterRegistry registry) {
        this.registry = registry;
        // The series an alert watches for growth exist from the start at 0 (deploy/prometheus/alerts.yml).
        counter("handover.dead.letters", "reason", "deserialization", null, null);
        counter("handover.dead.letters", "reason", "processing", null, null);
    }

    void outcome(Verdict verdict) {
        String status = verdict.status().name();
        String rule = verdict.rule() == null ? "none" : verdict.rule().name();
        counter("handover.submissions", "status", status, "rule", rule).increment();
    }

    void failed() {
        counter("handover.submissions", "status", "REJECTED", "rule", HandoverProcessor.PROCESSING_FAILED)
                .increment();
    }

    void timerEvent(EventType type, boolean notify) {
        counter("handover.timer.events", "type", type.name(), "notify", Boolean.toString(notify))
                .increment();
    }

    void deadLetter(String reason) {
        counter("handover.dead.letters", "reason", reason, null, null).increment();
    }

    void timerFailure() {
        counter("handover.timer.failures", null, null, null, null).increment();
    }

    private Counter counter(String name, String k1, String v1, String k2, String v2) {
        String id = name + '|' + v1 + '|' + v2;
        return counters.computeIfAbsent(id, ignored -> {
            Counter.Builder builder = Counter.builder(name);
            if (k1 != null) {
                builder.tag(k1, v1);
            }
            if (k2 != null) {
                builder.tag(k2, v2);
            }
            return builder.register(registry);
        });
    }
}
