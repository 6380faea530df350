package uk.transferofcare.processor.stream;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import uk.transferofcare.events.ActorRole;
import uk.transferofcare.events.CaseSnapshot;
import uk.transferofcare.events.CaseState;
import uk.transferofcare.events.DataQuality;
import uk.transferofcare.events.EventType;
import uk.transferofcare.events.HandoverEvent;
import uk.transferofcare.events.Intervals;
import uk.transferofcare.events.SubmissionOutcome;
import uk.transferofcare.events.SubmissionStatus;
import uk.transferofcare.events.TimePoints;

/**
 * What a run of the processor produced, per case, in a form two runs can be compared by: the applied events in
 * order, the outcomes in order, and the last snapshot. Processing-time fields are left out (recordedAt of timer
 * events, processedAt of outcomes, updatedAt and firedAt of snapshots): they say when the processor ran, not what
 * it decided.
 */
record RunResult(
        Map<String, List<EventView>> events,
        Map<String, List<OutcomeView>> outcomes,
        Map<String, SnapshotView> lastSnapshots,
        int deadLetters) {

    record EventView(
            long sequence,
            String eventId,
            EventType type,
            Instant occurredAt,
            Instant recordedAt,
            CaseState state,
            boolean late,
            Instant correctedFrom,
            Integer escalationLevel,
            Integer thresholdMinutes,
            Instant legalClockDeadline,
            boolean notifyRecipients) {

        static EventView of(HandoverEvent event) {
            boolean timer = event.getActor().getRole() == ActorRole.SYSTEM
                    && (event.getType() == EventType.ESCALATED || event.getType() == EventType.LEGAL_CLOCK_WARNING);
            return new EventView(
                    event.getSequence(),
                    event.getEventId(),
                    event.getType(),
                    event.getOccurredAt(),
                    timer ? null : event.getRecordedAt(),
                    event.getState(),
                    event.getLate(),
                    event.getCorrectedFrom(),
                    event.getEscalationLevel(),
                    event.getThresholdMinutes(),
                    event.getLegalClockDeadline(),
                    event.getNotifyRecipients());
        }
    }

    record OutcomeView(String eventId, SubmissionStatus status, String rule, Long sequence) {
        static OutcomeView of(SubmissionOutcome outcome) {
            return new OutcomeView(outcome.getEventId(), outcome.getStatus(), outcome.getRule(), outcome.getSequence());
        }
    }

    record SnapshotView(
            long version,
            CaseState state,
            boolean open,
            TimePoints points,
            Intervals intervals,
            int escalationLevel,
            DataQuality dataQuality,
            String lastEventId) {
        static SnapshotView of(CaseSnapshot snapshot) {
            return new SnapshotView(
                    snapshot.getVersion(),
                    snapshot.getState(),
                    snapshot.getOpen(),
                    snapshot.getPoints(),
                    snapshot.getIntervals(),
                    snapshot.getEscalationLevel(),
                    snapshot.getDataQuality(),
                    snapshot.getLastEventId());
        }
    }

    /** Groups records read in topic order (per partition, so per case) by case. */
    static RunResult of(
            List<HandoverEvent> events,
            List<SubmissionOutcome> outcomes,
            List<CaseSnapshot> snapshots,
            int deadLetters) {
        Map<String, List<EventView>> eventsByCase = new TreeMap<>();
        events.forEach(e -> eventsByCase
                .computeIfAbsent(e.getCaseId(), k -> new ArrayList<>())
                .add(EventView.of(e)));
        Map<String, List<OutcomeView>> outcomesByCase = new TreeMap<>();
        outcomes.forEach(o -> outcomesByCase
                .computeIfAbsent(o.getCaseId(), k -> new ArrayList<>())
                .add(OutcomeView.of(o)));
        Map<String, SnapshotView> last = new LinkedHashMap<>();
        snapshots.forEach(s -> last.put(s.getCaseId(), SnapshotView.of(s)));
        return new RunResult(eventsByCase, outcomesByCase, new TreeMap<>(last), deadLetters);
    }

    int outcomeCount() {
        return outcomes.values().stream().mapToInt(List::size).sum();
    }

    int eventCount() {
        return events.values().stream().mapToInt(List::size).sum();
    }

    /** Per case, the applied events' sequences are 1..n, each exactly once. */
    boolean sequencesAreGapless() {
        for (List<EventView> list : events.values()) {
            for (int i = 0; i < list.size(); i++) {
                if (list.get(i).sequence() != i + 1) {
                    return false;
                }
            }
        }
        return true;
    }

    /** A readable account of the first cases whose events differ, for an assertion's description. */
    String differencesFrom(RunResult other, int max) {
        StringBuilder text = new StringBuilder();
        casesDifferingFrom(other).stream().limit(max).forEach(caseId -> {
            text.append("\ncase ").append(caseId).append("\n  this run:");
            events.get(caseId).forEach(e -> text.append("\n    ").append(e));
            text.append("\n  other run:");
            List<EventView> others = other.events.get(caseId);
            if (others != null) {
                others.forEach(e -> text.append("\n    ").append(e));
            }
        });
        return text.toString();
    }

    /** The cases whose events differ between two runs. */
    List<String> casesDifferingFrom(RunResult other) {
        List<String> differing = new ArrayList<>();
        for (String caseId : events.keySet()) {
            if (!events.get(caseId).equals(other.events.get(caseId))) {
                differing.add(caseId);
            }
        }
        return differing;
    }
}
