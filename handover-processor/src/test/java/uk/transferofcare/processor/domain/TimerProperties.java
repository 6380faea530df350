package uk.transferofcare.processor.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import uk.transferofcare.vocabulary.EventType;
import uk.transferofcare.vocabulary.LegalBasis;
import uk.transferofcare.vocabulary.TimePoint;

/**
 * Timers driven by {@code tick} at any increasing sequence of instants, interleaved with a true
 * history delivered in real time: each mark fires at most once, and exactly once when it passes
 * while the case is open and not handed over.
 */
class TimerProperties {

    private static final TimerPolicy TIMERS = TimerPolicy.DEFAULT;

    private final HandoverStateMachine machine = new HandoverStateMachine();

    /** A true history delivered in real time, with increasing tick instants over two days. */
    record Scenario(
            TrueHistory history, List<Submission> arrivals, List<Instant> ticks, boolean tickAfterEachDecision) {
        @Override
        public String toString() {
            return history + "\n  ticks: " + ticks + "\n  tick after each decision: " + tickAfterEachDecision;
        }
    }

    @Provide
    Arbitrary<Scenario> scenarios() {
        return Arbitraries.randomValue(TimerProperties::scenario);
    }

    @Property
    void eachMarkFiresAtMostOnceAndExactlyOnceWhenPassedWhileOpenAndNotHandedOver(
            @ForAll("scenarios") Scenario scenario) {
        Instant end = scenario.ticks().get(scenario.ticks().size() - 1);
        List<AppliedEvent> timerEvents = new ArrayList<>();
        CaseFile current = null;
        int next = 0;
        List<Submission> arrivals = scenario.arrivals().stream()
                .filter(submission -> !submission.receivedAt().isAfter(end))
                .toList();
        for (Instant tick : scenario.ticks()) {
            while (next < arrivals.size() && !arrivals.get(next).receivedAt().isAfter(tick)) {
                Submission submission = arrivals.get(next++);
                Decision decision = machine.decide(current, submission, submission.receivedAt());
                assertThat(decision.status()).isNotEqualTo(SubmissionStatus.REJECTED);
                current = decision.caseFile();
                if (scenario.tickAfterEachDecision()) {
                    TickResult result = machine.tick(current, submission.receivedAt());
                    timerEvents.addAll(result.events());
                    current = result.caseFile();
                }
            }
            if (current != null) {
                TickResult result = machine.tick(current, tick);
                timerEvents.addAll(result.events());
                current = result.caseFile();
            }
        }
        if (current == null) {
            return; // the case was not opened before the last tick
        }

        // At most once: one event per mark id, and the case remembers each one.
        Set<String> ids = new HashSet<>();
        for (AppliedEvent event : timerEvents) {
            assertThat(ids.add(event.eventId())).as("fired twice: %s", event).isTrue();
            assertThat(event.occurredAt()).isBeforeOrEqualTo(event.recordedAt());
            if (Duration.between(event.occurredAt(), event.recordedAt()).compareTo(TIMERS.notifyHorizon()) > 0) {
                assertThat(event.notifyRecipients()).isFalse();
            }
        }
        assertThat(current.escalations().size() + current.legalClockWarnings().size())
                .isEqualTo(timerEvents.size());
        // Nothing is left due once the last tick has run.
        Instant nextDue = machine.nextDueAt(current).orElse(null);
        if (nextDue != null) {
            assertThat(nextDue).isAfter(end);
        }

        // Exactly once for every mark passed while the case was open and not handed over.
        TrueHistory history = scenario.history();
        Instant arrived = current.timeline().arrivedAt();
        if (arrived != null) {
            Instant stop = earliest(
                    history.points.get(TimePoint.HANDED_OVER),
                    history.points.get(TimePoint.OUTCOME),
                    history.points.get(TimePoint.CLEARED));
            for (int i = 0; i < TIMERS.escalationMinutes().size(); i++) {
                Instant due = arrived.plus(
                        Duration.ofMinutes(TIMERS.escalationMinutes().get(i)));
                if (!due.isAfter(end) && (stop == null || stop.isAfter(due))) {
                    String id = HandoverStateMachine.timerEventId(Fixtures.CASE, EventType.ESCALATED, i + 1);
                    assertThat(timerEvents)
                            .filteredOn(e -> e.eventId().equals(id))
                            .hasSize(1);
                    Statistics.label("escalation levels fired").collect(i + 1);
                }
            }
        }
        LegalClock clock = current.legalClock();
        if (clock != null && clock.isRunning()) {
            Instant expectedStart = clock.basis() == LegalBasis.S297
                    ? history.points.get(TimePoint.REMOVED)
                    : history.points.get(TimePoint.ARRIVED);
            assertThat(clock.startsAt()).isEqualTo(expectedStart);
            Instant ended = earliest(history.points.get(TimePoint.OUTCOME), history.points.get(TimePoint.CLEARED));
            for (int minutes : TIMERS.warningMinutesBefore()) {
                Instant due = clock.deadline().minus(Duration.ofMinutes(minutes));
                if (!due.isAfter(end) && (ended == null || ended.isAfter(due))) {
                    String id =
                            HandoverStateMachine.timerEventId(Fixtures.CASE, EventType.LEGAL_CLOCK_WARNING, minutes);
                    assertThat(timerEvents)
                            .filteredOn(e -> e.eventId().equals(id))
                            .hasSize(1);
                    Statistics.label("legal warnings fired").collect(minutes);
                }
            }
        }
        Statistics.label("silent marks").collect(timerEvents.stream().anyMatch(e -> !e.notifyRecipients()));
    }

    private static Scenario scenario(Random random) {
        TrueHistory history = TrueHistory.generate(random);
        List<Submission> officer = realTime(history.officerDevice, random);
        List<Submission> ed = realTime(history.edDevice, random);
        // The case must open first: the officer's first event if it opens, else the ED's arrival.
        Submission opener = !officer.isEmpty() && officer.get(0).type().opensCase() ? officer.get(0) : ed.get(0);
        List<Submission> arrivals = new ArrayList<>();
        arrivals.add(opener);
        for (Submission submission : concat(officer, ed)) {
            if (submission != opener) {
                Instant received = submission.receivedAt().isBefore(opener.receivedAt())
                        ? opener.receivedAt()
                        : submission.receivedAt();
                arrivals.add(TrueHistory.withReceivedAt(submission, received));
            }
        }
        // Stable: equal receivedAt keeps the opener first and each device's own order.
        arrivals.sort(Comparator.comparing(Submission::receivedAt));
        int count = 1 + random.nextInt(40);
        List<Instant> ticks = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ticks.add(history.base.plusMillis(
                    (long) (random.nextDouble() * Duration.ofHours(50).toMillis())));
        }
        ticks.sort(Comparator.naturalOrder());
        return new Scenario(history, arrivals, ticks, random.nextBoolean());
    }

    /** Each device sends in its own order, each event 0 to 10 minutes after it happened. */
    private static List<Submission> realTime(List<Submission> device, Random random) {
        List<Submission> sent = new ArrayList<>();
        Instant previous = Instant.MIN;
        for (Submission submission : device) {
            Instant received = submission.occurredAt().plusMillis(random.nextInt(600_000));
            previous = received.isAfter(previous) ? received : previous;
            sent.add(TrueHistory.withReceivedAt(submission, previous));
        }
        return sent;
    }

    private static List<Submission> concat(List<Submission> a, List<Submission> b) {
        List<Submission> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static Instant earliest(Instant... instants) {
        Instant earliest = null;
        for (Instant instant : instants) {
            if (instant != null && (earliest == null || instant.isBefore(earliest))) {
                earliest = instant;
            }
        }
        return earliest;
    }
}
