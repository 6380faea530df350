package uk.transferofcare.processor.domain;

import static uk.transferofcare.processor.domain.Fixtures.ANALYST;
import static uk.transferofcare.processor.domain.Fixtures.ED;
import static uk.transferofcare.processor.domain.Fixtures.ED_DEVICE;
import static uk.transferofcare.processor.domain.Fixtures.OFFICER;
import static uk.transferofcare.processor.domain.Fixtures.OFFICER_DEVICE;
import static uk.transferofcare.processor.domain.Fixtures.OTHER_SITE;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import uk.transferofcare.vocabulary.EventType;
import uk.transferofcare.vocabulary.Role;
import uk.transferofcare.vocabulary.TimePoint;

/**
 * One way the platform may receive a true history: the two device sequences interleaved in any
 * order that keeps each device's own order, with the case opened first (by the officer device's
 * first event, or the ED device's ARRIVED), random resends of the same eventId, and optionally
 * invalid submissions (future timestamps, out-of-order times, wrong site, an analyst) that must all
 * be rejected. receivedAt grows along the arrival order and is never before occurredAt.
 */
final class Delivery {

    final TrueHistory history;
    final List<Submission> submissions = new ArrayList<>();
    /** eventIds of the injected invalid submissions. */
    final Set<String> invalid = new LinkedHashSet<>();

    private final Random random;

    private Delivery(TrueHistory history, Random random, boolean withInvalid) {
        this.history = history;
        this.random = random;
        List<Submission> order = interleave();
        List<Submission> withResends = addResends(order);
        Instant clock = withResends.get(0).occurredAt();
        Map<TimePoint, Instant> delivered = new EnumMap<>(TimePoint.class);
        int invalidLeft = withInvalid ? 1 + random.nextInt(4) : 0;
        int invalidCount = 0;
        for (int i = 0; i < withResends.size(); i++) {
            Submission next = withResends.get(i);
            clock = later(clock, next.occurredAt());
            submissions.add(TrueHistory.withReceivedAt(next, clock));
            remember(delivered, next);
            if (invalidLeft > 0 && random.nextInt(withResends.size()) < 2 * invalidLeft) {
                invalidLeft--;
                clock = later(clock, clock);
                Submission bad = invalidSubmission("bad-" + ++invalidCount, clock, delivered);
                invalid.add(bad.eventId());
                submissions.add(bad);
            }
        }
    }

    static Delivery of(TrueHistory history, Random random, boolean withInvalid) {
        return new Delivery(history, random, withInvalid);
    }

    /** A random merge of the two device sequences, opened by an opening event of either device. */
    private List<Submission> interleave() {
        List<Submission> officer = history.officerDevice;
        List<Submission> ed = history.edDevice;
        boolean officerCanOpen = !officer.isEmpty() && officer.get(0).type().opensCase();
        boolean edCanOpen = !ed.isEmpty() && ed.get(0).type() == EventType.ARRIVED;
        boolean officerFirst = officerCanOpen && (!edCanOpen || random.nextBoolean());
        List<Submission> order = new ArrayList<>();
        int o = 0;
        int e = 0;
        if (officerFirst) {
            order.add(officer.get(o++));
        } else {
            order.add(ed.get(e++));
        }
        while (o < officer.size() || e < ed.size()) {
            boolean takeOfficer = e >= ed.size() || (o < officer.size() && random.nextBoolean());
            order.add(takeOfficer ? officer.get(o++) : ed.get(e++));
        }
        return order;
    }

    /** The same eventId sent again (a device retry or an at-least-once redelivery), later. */
    private List<Submission> addResends(List<Submission> order) {
        List<Submission> result = new ArrayList<>(order);
        int resends = random.nextInt(order.size() / 2 + 2);
        for (int i = 0; i < resends; i++) {
            int from = random.nextInt(result.size());
            int to = from + 1 + random.nextInt(result.size() - from);
            result.add(to, result.get(from));
        }
        return result;
    }

    private Submission invalidSubmission(String eventId, Instant receivedAt, Map<TimePoint, Instant> delivered) {
        int kind = random.nextInt(4);
        if (kind == 0) {
            Submission disorder = outOfOrder(eventId, receivedAt, delivered);
            if (disorder != null) {
                return disorder;
            }
        }
        if (kind == 1) {
            EventType type = List.of(EventType.ACKNOWLEDGED, EventType.HANDED_OVER, EventType.ARRIVED)
                    .get(random.nextInt(3));
            return new Submission(
                    eventId,
                    Fixtures.CASE,
                    type,
                    receivedAt.minusSeconds(random.nextInt(7200)),
                    receivedAt,
                    new Actor("RN9", Role.ED_STAFF, OTHER_SITE),
                    ED_DEVICE,
                    Details.EMPTY);
        }
        if (kind == 2) {
            return new Submission(
                    eventId,
                    Fixtures.CASE,
                    EventType.CLEARED,
                    receivedAt.minusSeconds(60),
                    receivedAt,
                    ANALYST,
                    new Source(SourceChannel.API, null, false),
                    Details.EMPTY);
        }
        // A future timestamp: any true event, again under a new id, dated past the skew tolerance.
        List<Submission> templates = history.allTemplates();
        Submission template = templates.get(random.nextInt(templates.size()));
        Instant future = receivedAt.plus(Duration.ofMinutes(2)).plusMillis(1 + random.nextInt(86_400_000));
        return TrueHistory.withOccurredAt(
                TrueHistory.withReceivedAt(TrueHistory.withEventId(template, eventId), receivedAt), future);
    }

    /**
     * A main-path event whose time breaks rule 3 against a point already delivered: rejected as out of
     * order, or as already recorded, or as an invalid transition, but never applied.
     */
    private Submission outOfOrder(String eventId, Instant receivedAt, Map<TimePoint, Instant> delivered) {
        List<TimePoint> recorded = new ArrayList<>(delivered.keySet());
        if (recorded.isEmpty()) {
            return null;
        }
        TimePoint anchor = recorded.get(random.nextInt(recorded.size()));
        Instant anchorAt = delivered.get(anchor);
        List<TimePoint> before = new ArrayList<>();
        List<TimePoint> after = new ArrayList<>();
        for (TimePoint point : TimePoint.values()) {
            if (point.isMainPath() && ClockOrder.mustNotBeAfter(point, anchor)) {
                before.add(point);
            }
            if (point.isMainPath() && ClockOrder.mustNotBeAfter(anchor, point)) {
                after.add(point);
            }
        }
        boolean late = !before.isEmpty() && (after.isEmpty() || random.nextBoolean());
        TimePoint point = late
                ? before.get(random.nextInt(before.size()))
                : after.isEmpty() ? null : after.get(random.nextInt(after.size()));
        if (point == null) {
            return null;
        }
        Duration shift = Duration.ofMillis(1 + random.nextInt(3_600_000));
        // A point that must not be after the anchor, dated after it; or one that must not be before, dated before.
        Instant at = late ? anchorAt.plus(shift) : anchorAt.minus(shift);
        if (at.isAfter(receivedAt)) {
            at = receivedAt; // keep it a rule-3 case, not a rule-2 one
            if (!at.isAfter(anchorAt)) {
                return null;
            }
        }
        EventType type = EventType.valueOf(point.name());
        boolean police = type == EventType.PRE_ALERTED || type == EventType.ARRIVED || type == EventType.CLEARED;
        return new Submission(
                eventId,
                Fixtures.CASE,
                type,
                at,
                receivedAt,
                police ? OFFICER : ED,
                police ? OFFICER_DEVICE : ED_DEVICE,
                Details.EMPTY);
    }

    private static void remember(Map<TimePoint, Instant> delivered, Submission submission) {
        TimePoint point = submission.type().mainPathPoint() != null
                ? submission.type().mainPathPoint()
                : submission.type().terminalOutcome() != null ? TimePoint.OUTCOME : null;
        if (point != null) {
            delivered.putIfAbsent(point, submission.occurredAt());
        }
    }

    /** The next receivedAt: not before the previous one nor the event itself, up to 5 minutes later. */
    private Instant later(Instant previous, Instant occurredAt) {
        Instant floor = previous.isAfter(occurredAt) ? previous : occurredAt;
        return floor.plusMillis(random.nextInt(300_000));
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(history.toString()).append("\n  arrival order:");
        submissions.forEach(s -> text.append(' ').append(s.eventId()));
        return text.toString();
    }
}
