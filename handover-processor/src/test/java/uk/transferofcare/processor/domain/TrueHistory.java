package uk.transferofcare.processor.domain;

import static uk.transferofcare.processor.domain.Fixtures.CASE;
import static uk.transferofcare.processor.domain.Fixtures.DIVISION;
import static uk.transferofcare.processor.domain.Fixtures.ED;
import static uk.transferofcare.processor.domain.Fixtures.ED_DEVICE;
import static uk.transferofcare.processor.domain.Fixtures.OFFICER;
import static uk.transferofcare.processor.domain.Fixtures.OFFICER_DEVICE;
import static uk.transferofcare.processor.domain.Fixtures.OTHER_SITE;
import static uk.transferofcare.processor.domain.Fixtures.SITE;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import uk.transferofcare.vocabulary.CaseState;
import uk.transferofcare.vocabulary.EventType;
import uk.transferofcare.vocabulary.LegalBasis;
import uk.transferofcare.vocabulary.TimePoint;

/**
 * A valid, true case history as a realistic ED process would produce it, with one device per side:
 * the officer's device records the police-side events, the ED's device the ED-side events, each in
 * the order they happened. Also the timeline, state and attributes the state machine must end with
 * once every event is in, whatever the arrival order.
 */
final class TrueHistory {

    enum Kind {
        HANDED_OVER,
        LEFT_WITHOUT_HANDOVER,
        DIVERTED_AFTER_ARRIVAL,
        DIVERTED_EN_ROUTE,
        CANCELLED,
        STILL_WAITING
    }

    final Kind kind;
    final Instant base;
    final LegalBasis legalBasis;
    final Integer officerCount;
    final String localReference;
    final Instant eta;
    final CaseState outcome;
    /** Every true time point, with the implied acknowledgement where rule 6 applies. */
    final Map<TimePoint, Instant> points = new EnumMap<>(TimePoint.class);

    boolean acknowledgementImplied;
    /** True when a police opening event (PRE_ALERTED or the officer's ARRIVED) carries the case details. */
    boolean officerGivesDetails;

    final List<Instant[]> retained = new ArrayList<>();
    final List<Submission> officerDevice = new ArrayList<>();
    final List<Submission> edDevice = new ArrayList<>();
    /** How many distinct facts the history holds: the number of events the case must apply. */
    int facts;

    private final Random random;
    private int nextId = 1;

    private TrueHistory(Random random) {
        this.random = random;
        this.kind = Kind.values()[pick(new int[] {45, 15, 8, 7, 7, 18})];
        this.base = Instant.parse("2025-01-01T00:00:00Z")
                .plus(Duration.ofDays(random.nextInt(365)))
                .plusMillis(random.nextInt(24 * 3600 * 1000));
        this.legalBasis =
                random.nextInt(10) == 0 ? null : LegalBasis.values()[random.nextInt(LegalBasis.values().length)];
        this.officerCount = random.nextInt(7) == 0 ? null : 1 + random.nextInt(3);
        this.localReference = random.nextBoolean() ? "INC-" + random.nextInt(10_000) : null;
        this.outcome = switch (kind) {
            case HANDED_OVER, STILL_WAITING -> null;
            case LEFT_WITHOUT_HANDOVER -> random.nextBoolean() ? CaseState.ABSCONDED : CaseState.ENDED_WITHOUT_HANDOVER;
            case DIVERTED_AFTER_ARRIVAL, DIVERTED_EN_ROUTE -> CaseState.DIVERTED;
            case CANCELLED -> CaseState.CANCELLED;
        };
        Instant removed = random.nextInt(10) < 7 ? base : null;
        boolean enRoute = kind == Kind.CANCELLED || kind == Kind.DIVERTED_EN_ROUTE;
        boolean preAlert = enRoute || random.nextInt(10) < 7;
        Instant t = base;
        Instant pre = preAlert ? (t = after(t)) : null;
        this.eta = pre == null ? null : pre.plus(Duration.ofMinutes(20));
        if (enRoute) {
            officerGivesDetails = true;
            put(TimePoint.REMOVED, removed);
            put(TimePoint.PRE_ALERTED, pre);
            officer(EventType.PRE_ALERTED, pre, openingDetails(removed).withEta(eta));
            Instant at = after(t);
            put(TimePoint.OUTCOME, at);
            officer(
                    outcome == CaseState.CANCELLED ? EventType.CANCELLED : EventType.DIVERTED,
                    at,
                    outcome == CaseState.CANCELLED
                            ? Details.EMPTY.withReason("no longer needed")
                            : Details.EMPTY.withDestinationSiteCode(OTHER_SITE));
            return;
        }
        Instant arrived = t = after(t);
        // Who records the arrival: the officer, the ED, or both at the same instant (only with a
        // pre-alert, so the case details never hang on which of the two arrives first).
        int arrivalBy = random.nextInt(10);
        boolean officerArrival = arrivalBy < 5 || (arrivalBy >= 8 && preAlert);
        boolean edArrival = !officerArrival || arrivalBy >= 8;
        officerGivesDetails = preAlert || officerArrival;
        put(TimePoint.REMOVED, officerGivesDetails ? removed : null);
        put(TimePoint.PRE_ALERTED, pre);
        put(TimePoint.ARRIVED, arrived);
        if (pre != null) {
            officer(EventType.PRE_ALERTED, pre, openingDetails(removed).withEta(eta));
        }
        if (officerArrival) {
            officer(EventType.ARRIVED, arrived, openingDetails(removed));
        }
        if (edArrival) {
            ed(EventType.ARRIVED, arrived, Details.site(SITE).withPoliceDivision(DIVISION));
        }
        if (officerArrival && edArrival) {
            facts--; // two devices, one fact
        }
        Instant acknowledged = random.nextInt(4) < 3 ? (t = after(t)) : null;
        if (acknowledged != null) {
            put(TimePoint.ACKNOWLEDGED, acknowledged);
            ed(EventType.ACKNOWLEDGED, acknowledged, Details.EMPTY);
        }
        Instant started = random.nextInt(100) < 35 ? (t = after(t)) : null;
        if (started != null) {
            put(TimePoint.HANDOVER_STARTED, started);
            ed(EventType.HANDOVER_STARTED, started, Details.EMPTY);
        }
        Instant officersLeave = null;
        switch (kind) {
            case HANDED_OVER -> {
                Instant handedOver = t = after(t);
                put(TimePoint.HANDED_OVER, handedOver);
                ed(EventType.HANDED_OVER, handedOver, Details.EMPTY);
                if (acknowledged == null) {
                    acknowledgementImplied = true;
                    put(TimePoint.ACKNOWLEDGED, started != null ? started : handedOver);
                }
                int periods = random.nextInt(10) < 6 ? 0 : random.nextInt(10) < 7 ? 1 : 2;
                for (int i = 0; i < periods; i++) {
                    Instant from = t = after(t);
                    Instant to = t = after(t);
                    retained.add(new Instant[] {from, to});
                    ed(
                            EventType.OFFICER_RETAINED,
                            from,
                            Details.EMPTY.withReason("risk").withOfficerCount(1));
                    ed(EventType.OFFICER_RELEASED, to, Details.EMPTY);
                }
                officersLeave = random.nextInt(100) < 85 ? after(t) : null;
            }
            case LEFT_WITHOUT_HANDOVER -> {
                Instant at = t = after(t);
                put(TimePoint.OUTCOME, at);
                EventType type =
                        outcome == CaseState.ABSCONDED ? EventType.ABSCONDED : EventType.ENDED_WITHOUT_HANDOVER;
                if (random.nextBoolean()) {
                    officer(type, at, Details.EMPTY);
                } else {
                    ed(type, at, Details.EMPTY);
                }
                officersLeave = random.nextInt(10) < 7 ? after(t) : null;
            }
            case DIVERTED_AFTER_ARRIVAL -> {
                Instant at = t = after(t);
                put(TimePoint.OUTCOME, at);
                officer(EventType.DIVERTED, at, Details.EMPTY.withDestinationSiteCode(OTHER_SITE));
                officersLeave = random.nextInt(10) < 6 ? after(t) : null;
            }
            default -> {}
        }
        if (officersLeave != null) {
            put(TimePoint.CLEARED, officersLeave);
            officer(EventType.CLEARED, officersLeave, Details.EMPTY);
        }
    }

    static TrueHistory generate(Random random) {
        TrueHistory history = new TrueHistory(random);
        history.addRetriesWithRegeneratedIds();
        return history;
    }

    /** A device that retries with a regenerated eventId: the same fact again, right after the original. */
    private void addRetriesWithRegeneratedIds() {
        for (List<Submission> device : List.of(officerDevice, edDevice)) {
            for (int i = device.size() - 1; i >= 0; i--) {
                if (random.nextInt(100) < 12) {
                    Submission original = device.get(i);
                    device.add(i + 1, withEventId(original, original.eventId() + "-retry"));
                }
            }
        }
    }

    CaseState expectedState() {
        if (outcome != null) {
            return outcome;
        }
        for (TimePoint point : List.of(
                TimePoint.CLEARED,
                TimePoint.HANDED_OVER,
                TimePoint.HANDOVER_STARTED,
                TimePoint.ACKNOWLEDGED,
                TimePoint.ARRIVED,
                TimePoint.PRE_ALERTED)) {
            if (points.containsKey(point)) {
                return point.mainPathState();
            }
        }
        throw new IllegalStateException("no main-path point");
    }

    /** The intervals, computed here independently of the state machine. */
    Intervals expectedIntervals() {
        Long timeAtEd = seconds(TimePoint.ARRIVED, TimePoint.CLEARED);
        Long retainedSeconds = null;
        for (Instant[] period : retained) {
            long seconds = Math.floorDiv(period[1].toEpochMilli() - period[0].toEpochMilli(), 1000);
            retainedSeconds = retainedSeconds == null ? seconds : retainedSeconds + seconds;
        }
        Integer count = officerGivesDetails ? officerCount : null;
        // Every OFFICER_RETAINED names 1 officer: the count at arrival until the first one, then 1 until clearance.
        Long officerSeconds = null;
        if (timeAtEd != null && count != null) {
            Instant arrived = points.get(TimePoint.ARRIVED);
            Instant cleared = points.get(TimePoint.CLEARED);
            // A change to the count already in force does not split the stretch.
            officerSeconds = retained.isEmpty() || count == 1
                    ? timeAtEd * count
                    : count * Math.floorDiv(retained.get(0)[0].toEpochMilli() - arrived.toEpochMilli(), 1000)
                            + Math.floorDiv(cleared.toEpochMilli() - retained.get(0)[0].toEpochMilli(), 1000);
        }
        return new Intervals(
                seconds(TimePoint.ARRIVED, TimePoint.ACKNOWLEDGED),
                seconds(TimePoint.ARRIVED, TimePoint.HANDED_OVER),
                seconds(TimePoint.HANDED_OVER, TimePoint.CLEARED),
                timeAtEd,
                officerSeconds,
                retainedSeconds,
                null);
    }

    /** Every case has its division from its opening: the officer's own, or the one ED staff name. */
    String expectedDivision() {
        return DIVISION;
    }

    List<Submission> allTemplates() {
        List<Submission> all = new ArrayList<>(officerDevice);
        all.addAll(edDevice);
        return Collections.unmodifiableList(all);
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(kind + " basis=" + legalBasis + " officers=" + officerCount + " points="
                + points + (acknowledgementImplied ? " (ack implied)" : "") + " retained=" + retained.size()
                + "\n  officer:");
        officerDevice.forEach(s -> text.append(' ')
                .append(s.eventId())
                .append('=')
                .append(s.type())
                .append('@')
                .append(s.occurredAt()));
        text.append("\n  ed:");
        edDevice.forEach(s -> text.append(' ')
                .append(s.eventId())
                .append('=')
                .append(s.type())
                .append('@')
                .append(s.occurredAt()));
        return text.toString();
    }

    static Submission withEventId(Submission s, String eventId) {
        return new Submission(
                eventId, s.caseId(), s.type(), s.occurredAt(), s.receivedAt(), s.actor(), s.source(), s.details());
    }

    static Submission withReceivedAt(Submission s, Instant receivedAt) {
        return new Submission(
                s.eventId(), s.caseId(), s.type(), s.occurredAt(), receivedAt, s.actor(), s.source(), s.details());
    }

    static Submission withOccurredAt(Submission s, Instant occurredAt) {
        return new Submission(
                s.eventId(), s.caseId(), s.type(), occurredAt, s.receivedAt(), s.actor(), s.source(), s.details());
    }

    private Details openingDetails(Instant removed) {
        return Details.site(SITE)
                .withLegalBasis(legalBasis)
                .withOfficerCount(officerCount)
                .withLocalReference(localReference)
                .withRemovedAt(removed);
    }

    private void officer(EventType type, Instant at, Details details) {
        officerDevice.add(template(type, at, OFFICER, OFFICER_DEVICE, details));
    }

    private void ed(EventType type, Instant at, Details details) {
        edDevice.add(template(type, at, ED, ED_DEVICE, details));
    }

    private Submission template(EventType type, Instant at, Actor actor, Source source, Details details) {
        facts++;
        String id =
                (actor == OFFICER ? "o" : "d") + nextId++ + "-" + type.name().toLowerCase();
        return new Submission(id, CASE, type, at, at, actor, source, details);
    }

    private void put(TimePoint point, Instant at) {
        if (at != null) {
            points.put(point, at);
        }
    }

    /** The next instant: equal (5 %), minutes (55 %), hours (32 %) or a long tail of up to 20 hours. */
    private Instant after(Instant t) {
        int p = random.nextInt(100);
        long gap;
        if (p < 5) {
            gap = 0;
        } else if (p < 60) {
            gap = random.nextInt(15 * 60_000);
        } else if (p < 92) {
            gap = random.nextInt(3 * 3_600_000);
        } else {
            gap = 3 * 3_600_000L + random.nextInt(17 * 3_600_000);
        }
        return t.plusMillis(gap);
    }

    private Long seconds(TimePoint from, TimePoint to) {
        Instant a = points.get(from);
        Instant b = points.get(to);
        return a == null || b == null ? null : Math.floorDiv(b.toEpochMilli() - a.toEpochMilli(), 1000);
    }

    private int pick(int[] weights) {
        int total = 0;
        for (int weight : weights) {
            total += weight;
        }
        int roll = random.nextInt(total);
        for (int i = 0; i < weights.length; i++) {
            roll -= weights[i];
            if (roll < 0) {
                return i;
            }
        }
        return weights.length - 1;
    }
}
