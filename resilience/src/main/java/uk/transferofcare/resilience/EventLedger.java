package uk.transferofcare.resilience;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.avro.generic.GenericRecord;
import uk.transferofcare.events.HandoverEvent;
import uk.transferofcare.events.Topics;

/**
 * The event stream of one row's cases ({@code handover-events}, {@code read_committed}: what every consumer of the
 * platform reads), held against the invariants of a record kept exactly once, with no help from the truth file: each
 * case's events carry the sequence numbers 1, 2, ... n, each once (a sequence twice is an event applied twice, a
 * missing one an event lost between the processor's decision and the topic); no event id twice; and every timer mark
 * at most once: one ESCALATED per case and level, one LEGAL_CLOCK_WARNING per case, legal-clock deadline and warning
 * threshold. The last is what the simulator's truth cannot say (a mark fires on the processor's clock, so the truth
 * only bounds how many there are from below, which the report comparison checks): a processor crash or pause between
 * a mark's event and the commit of the case that records it fired would show here as a mark twice. The suite's live
 * cases ({@link LiveCases}) are held exactly against the same read ({@link #read}).
 */
final class EventLedger {

    /**
     * One row's ledger.
     *
     * @param cases cases of the row with at least one event
     * @param events their events
     * @param escalations ESCALATED events among them
     * @param warnings LEGAL_CLOCK_WARNING events among them
     * @param twice events whose sequence or event id an earlier event of the case already had
     * @param gaps sequence numbers missing below a case's highest
     * @param marksTwice ESCALATED or LEGAL_CLOCK_WARNING events for a mark the case already had an event for
     * @param examples up to five of the cases behind the last three counts
     */
    record Result(
            long cases,
            long events,
            long escalations,
            long warnings,
            long twice,
            long gaps,
            long marksTwice,
            List<String> examples) {

        boolean clean() {
            return twice == 0 && gaps == 0 && marksTwice == 0;
        }

        @Override
        public String toString() {
            return String.format(
                            Locale.ROOT,
                            "%,d events of %,d cases (%,d escalations, %,d legal-clock warnings): %,d applied twice,"
                                    + " %,d sequence numbers missing, %,d marks twice",
                            events,
                            cases,
                            escalations,
                            warnings,
                            twice,
                            gaps,
                            marksTwice)
                    + (examples.isEmpty() ? "" : " (e.g. " + String.join("; ", examples) + ")");
        }
    }

    /** What the ledger needs of an event. */
    record Event(
            String caseId,
            String eventId,
            long sequence,
            String type,
            Integer escalationLevel,
            Integer thresholdMinutes,
            Long legalClockDeadline,
            boolean notifyRecipients) {

        /** The timer mark this event records, or null for an event of a submission. */
        String mark() {
            return switch (type) {
                case "ESCALATED" -> "ESCALATED level " + escalationLevel;
                case "LEGAL_CLOCK_WARNING" ->
                    "LEGAL_CLOCK_WARNING " + thresholdMinutes + " min before " + legalClockDeadline;
                default -> null;
            };
        }
    }

    private EventLedger() {}

    /** Reads {@code handover-events} to its end as of now and judges the events of {@code caseIds}. */
    static Result audit(String bootstrap, Set<String> caseIds) {
        return judge(read(bootstrap, caseIds));
    }

    /** The events of {@code caseIds} on {@code handover-events}, read to its end as of now, in the order written. */
    static List<Event> read(String bootstrap, Set<String> caseIds) {
        List<Event> events = new ArrayList<>();
        for (GenericRecord value :
                TopicReader.readAll(bootstrap, Topics.EVENTS.name(), HandoverEvent.getClassSchema())) {
            String caseId = value.get("caseId").toString();
            if (caseIds.contains(caseId)) {
                events.add(new Event(
                        caseId,
                        value.get("eventId").toString(),
                        (Long) value.get("sequence"),
                        value.get("type").toString(),
                        (Integer) value.get("escalationLevel"),
                        (Integer) value.get("thresholdMinutes"),
                        (Long) value.get("legalClockDeadline"),
                        Boolean.TRUE.equals(value.get("notifyRecipients"))));
            }
        }
        return events;
    }

    /** The ledger of these events, in the order read (each case's on one partition, so in the order written). */
    static Result judge(List<Event> events) {
        Map<String, List<Event>> byCase = new TreeMap<>();
        for (Event event : events) {
            byCase.computeIfAbsent(event.caseId(), id -> new ArrayList<>()).add(event);
        }
        long escalations = 0;
        long warnings = 0;
        long twice = 0;
        long gaps = 0;
        long marksTwice = 0;
        List<String> examples = new ArrayList<>();
        for (Map.Entry<String, List<Event>> entry : byCase.entrySet()) {
            Set<Long> sequences = new HashSet<>();
            Set<String> eventIds = new HashSet<>();
            Map<String, Integer> marks = new HashMap<>();
            long highest = 0;
            List<String> problems = new ArrayList<>();
            for (Event event : entry.getValue()) {
                highest = Math.max(highest, event.sequence());
                boolean seqAgain = !sequences.add(event.sequence());
                boolean idAgain = !eventIds.add(event.eventId());
                if (seqAgain || idAgain) {
                    twice++;
                    problems.add((seqAgain ? "sequence " + event.sequence() : "event " + event.eventId()) + " twice");
                }
                String mark = event.mark();
                if (mark != null) {
                    if (event.type().equals("ESCALATED")) {
                        escalations++;
                    } else {
                        warnings++;
                    }
                    if (marks.merge(mark, 1, Integer::sum) > 1) {
                        marksTwice++;
                        problems.add(mark + " twice");
                    }
                }
            }
            long missing = 0;
            for (long sequence = 1; sequence <= highest; sequence++) {
                if (!sequences.contains(sequence)) {
                    missing++;
                }
            }
            if (missing > 0) {
                gaps += missing;
                problems.add(missing + " of sequences 1.." + highest + " missing");
            }
            if (!problems.isEmpty() && examples.size() < 5) {
                examples.add(entry.getKey() + ": " + String.join(", ", problems));
            }
        }
        return new Result(
                byCase.size(), events.size(), escalations, warnings, twice, gaps, marksTwice, List.copyOf(examples));
    }
}
