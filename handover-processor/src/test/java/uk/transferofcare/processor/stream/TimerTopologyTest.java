package uk.transferofcare.processor.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;
import static uk.transferofcare.processor.stream.WireFixtures.DIVISION;
import static uk.transferofcare.processor.stream.WireFixtures.SITE;
import static uk.transferofcare.processor.stream.WireFixtures.T0;
import static uk.transferofcare.processor.stream.WireFixtures.arrive;
import static uk.transferofcare.processor.stream.WireFixtures.min;
import static uk.transferofcare.processor.stream.WireFixtures.preAlert;
import static uk.transferofcare.processor.stream.WireFixtures.submit;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import uk.transferofcare.events.Actor;
import uk.transferofcare.events.ActorRole;
import uk.transferofcare.events.CaseSnapshot;
import uk.transferofcare.events.CaseState;
import uk.transferofcare.events.Escalation;
import uk.transferofcare.events.EventType;
import uk.transferofcare.events.HandoverEvent;
import uk.transferofcare.events.LegalBasis;
import uk.transferofcare.events.LegalClock;
import uk.transferofcare.events.LegalClockWarning;
import uk.transferofcare.events.Source;
import uk.transferofcare.events.SourceChannel;
import uk.transferofcare.events.SubmissionDetails;
import uk.transferofcare.processor.domain.HandoverStateMachine;

/** Escalation marks and legal-clock warnings, driven by TopologyTestDriver's wall clock. */
class TimerTopologyTest {

    private static final String CASE = "case-t";
    private static final Actor PROCESSOR = new Actor("handover-processor", ActorRole.SYSTEM, "SYSTEM");
    private static final Source PROCESSOR_SOURCE = new Source(SourceChannel.PROCESSOR, null, false);

    private TopologyHarness harness;

    @AfterEach
    void close() {
        harness.close();
    }

    private static String escalationId(String caseId, int level) {
        return HandoverStateMachine.timerEventId(caseId, uk.transferofcare.vocabulary.EventType.ESCALATED, level);
    }

    private static String warningId(String caseId, int minutes) {
        return HandoverStateMachine.timerEventId(
                caseId, uk.transferofcare.vocabulary.EventType.LEGAL_CLOCK_WARNING, minutes);
    }

    private List<HandoverEvent> timerEvents() {
        return harness.events.readValuesToList().stream()
                .filter(e -> e.getType() == EventType.ESCALATED || e.getType() == EventType.LEGAL_CLOCK_WARNING)
                .toList();
    }

    @Test
    void givenAnArrivalAtT0_whenTheWallClockPassesTwoHours_thenLevelsOneTwoThreeFireOnceEachAtTheirMarks() {
        harness = new TopologyHarness(T0);
        harness.send(
                arrive(CASE, "e1", T0).legalBasis(LegalBasis.VOLUNTARY).build(),
                TopologyHarness.traceHeaders("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"));
        harness.drain();

        harness.advanceInSteps(Duration.ofHours(3), Duration.ofMinutes(5));

        List<TestRecord<String, HandoverEvent>> records = harness.events.readRecordsToList();
        assertThat(records).hasSize(3);
        assertThat(records.get(0).value())
                .isEqualTo(HandoverEvent.newBuilder()
                        .setEventId(escalationId(CASE, 1))
                        .setCaseId(CASE)
                        .setSequence(2)
                        .setType(EventType.ESCALATED)
                        .setOccurredAt(min(30))
                        .setRecordedAt(min(30))
                        .setActor(PROCESSOR)
                        .setSource(PROCESSOR_SOURCE)
                        .setDetails(SubmissionDetails.newBuilder().build())
                        .setState(CaseState.ARRIVED)
                        .setSiteCode(SITE)
                        .setPoliceDivision(DIVISION)
                        .setLegalBasis(LegalBasis.VOLUNTARY)
                        .setLate(false)
                        .setCorrectedFrom(null)
                        .setEscalationLevel(1)
                        .setThresholdMinutes(30)
                        .setLegalClockDeadline(null)
                        .setNotifyRecipients(true)
                        .build());
        assertThat(records)
                .extracting(
                        r -> r.value().getEventId(),
                        r -> r.value().getSequence(),
                        r -> r.value().getEscalationLevel(),
                        r -> r.value().getOccurredAt(),
                        r -> r.value().getRecordedAt(),
                        r -> r.value().getNotifyRecipients())
                .containsExactly(
                        tuple(escalationId(CASE, 1), 2L, 1, min(30), min(30), true),
                        tuple(escalationId(CASE, 2), 3L, 2, min(60), min(60), true),
                        tuple(escalationId(CASE, 3), 4L, 3, min(120), min(120), true));
        assertThat(records)
                .as("timer events have no parent trace")
                .allSatisfy(r -> assertThat(r.headers().toArray()).isEmpty());
        List<CaseSnapshot> snapshots = harness.state.readValuesToList();
        assertThat(snapshots).extracting(CaseSnapshot::getEscalationLevel).containsExactly(1, 2, 3);
        assertThat(snapshots.get(2).getEscalations())
                .containsExactly(
                        new Escalation(1, 30, min(30), min(30), true),
                        new Escalation(2, 60, min(60), min(60), true),
                        new Escalation(3, 120, min(120), min(120), true));
        assertThat(harness.meterIds())
                .contains("MeterId{name='handover.timer.events', tags=[tag(notify=true),tag(type=ESCALATED)]}");
    }

    @Test
    void givenAnArrival_whenTheHandoverComesAfterTheFirstMark_thenOnlyLevelOneFiresAndTheTimerIndexEmpties() {
        harness = new TopologyHarness(min(1));
        harness.send(arrive(CASE, "e1", T0).legalBasis(LegalBasis.VOLUNTARY).build());
        assertThat(timerIndex()).containsExactly(TimerIndex.key(min(30), CASE));

        harness.advanceInSteps(Duration.ofMinutes(44), Duration.ofMinutes(4));
        assertThat(timerIndex()).containsExactly(TimerIndex.key(min(60), CASE));
        harness.send(submit(CASE, "e2", EventType.HANDED_OVER, min(45)).build());
        harness.advanceInSteps(Duration.ofHours(3), Duration.ofMinutes(10));

        assertThat(harness.events.readValuesToList())
                .extracting(HandoverEvent::getType, HandoverEvent::getEscalationLevel)
                .containsExactly(
                        tuple(EventType.ARRIVED, null),
                        tuple(EventType.ESCALATED, 1),
                        tuple(EventType.HANDED_OVER, null));
        assertThat(timerIndex()).isEmpty();
    }

    @Test
    void givenAnS297CaseRemoved18HoursBeforeT0_whenTheClockNearsTheDeadline_thenWarningsFire4HoursAnd1HourBefore() {
        harness = new TopologyHarness(T0);
        Instant removed = T0.minus(Duration.ofHours(18));
        Instant deadline = T0.plus(Duration.ofHours(6));
        harness.send(preAlert(CASE, "e1", T0)
                .legalBasis(LegalBasis.S297)
                .removedAt(removed)
                .build());

        harness.advanceInSteps(Duration.ofHours(6), Duration.ofMinutes(15));

        List<HandoverEvent> warnings = timerEvents();
        assertThat(warnings)
                .extracting(
                        HandoverEvent::getEventId,
                        HandoverEvent::getType,
                        HandoverEvent::getThresholdMinutes,
                        HandoverEvent::getOccurredAt,
                        HandoverEvent::getLegalClockDeadline,
                        HandoverEvent::getEscalationLevel,
                        HandoverEvent::getNotifyRecipients)
                .containsExactly(
                        tuple(
                                warningId(CASE, 240),
                                EventType.LEGAL_CLOCK_WARNING,
                                240,
                                deadline.minus(Duration.ofHours(4)),
                                deadline,
                                null,
                                true),
                        tuple(
                                warningId(CASE, 60),
                                EventType.LEGAL_CLOCK_WARNING,
                                60,
                                deadline.minus(Duration.ofHours(1)),
                                deadline,
                                null,
                                true));
        List<CaseSnapshot> snapshots = harness.state.readValuesToList();
        assertThat(snapshots.get(snapshots.size() - 1).getLegalClock())
                .usingRecursiveComparison()
                .isEqualTo(new LegalClock(
                        LegalBasis.S297,
                        removed,
                        deadline,
                        List.of(
                                new LegalClockWarning(
                                        240,
                                        deadline.minus(Duration.ofHours(4)),
                                        deadline.minus(Duration.ofHours(4)),
                                        true),
                                new LegalClockWarning(
                                        60,
                                        deadline.minus(Duration.ofHours(1)),
                                        deadline.minus(Duration.ofHours(1)),
                                        true)),
                        null,
                        null,
                        null));
    }

    @Test
    void givenAnS136CaseHandedOverBeforeAnyMark_whenADayPasses_thenWarningsFire20And23HoursAfterArrival() {
        harness = new TopologyHarness(T0);
        harness.send(
                arrive(CASE, "e1", T0).legalBasis(LegalBasis.S136).build(),
                submit(CASE, "e2", EventType.HANDED_OVER, min(20)).build());

        harness.advanceInSteps(Duration.ofHours(25), Duration.ofHours(1));

        assertThat(timerEvents())
                .extracting(
                        HandoverEvent::getType,
                        HandoverEvent::getThresholdMinutes,
                        HandoverEvent::getOccurredAt,
                        HandoverEvent::getLegalClockDeadline,
                        HandoverEvent::getState,
                        HandoverEvent::getNotifyRecipients)
                .containsExactly(
                        tuple(
                                EventType.LEGAL_CLOCK_WARNING,
                                240,
                                T0.plus(Duration.ofHours(20)),
                                T0.plus(Duration.ofHours(24)),
                                CaseState.HANDED_OVER,
                                true),
                        tuple(
                                EventType.LEGAL_CLOCK_WARNING,
                                60,
                                T0.plus(Duration.ofHours(23)),
                                T0.plus(Duration.ofHours(24)),
                                CaseState.HANDED_OVER,
                                true));
    }

    @Test
    void givenABackfilledCase_whenItIsProcessed_thenMarksOlderThanTheHorizonAreRecordedWithoutNotifying() {
        Instant now = T0.plus(Duration.ofDays(3));
        Instant arrived = now.minus(Duration.ofHours(7));
        harness = new TopologyHarness(now);

        harness.send(
                arrive(CASE, "e1", arrived).legalBasis(LegalBasis.VOLUNTARY).build());

        assertThat(harness.events.readValuesToList())
                .extracting(
                        HandoverEvent::getType,
                        HandoverEvent::getEscalationLevel,
                        HandoverEvent::getOccurredAt,
                        HandoverEvent::getRecordedAt,
                        HandoverEvent::getNotifyRecipients)
                .containsExactly(
                        tuple(EventType.ARRIVED, null, arrived, arrived.plus(WireFixtures.DELIVERY), true),
                        tuple(EventType.ESCALATED, 1, arrived.plus(Duration.ofMinutes(30)), now, false),
                        tuple(EventType.ESCALATED, 2, arrived.plus(Duration.ofMinutes(60)), now, true),
                        tuple(EventType.ESCALATED, 3, arrived.plus(Duration.ofMinutes(120)), now, true));
        assertThat(harness.state.readValuesToList())
                .extracting(CaseSnapshot::getVersion, CaseSnapshot::getEscalationLevel)
                .as("one snapshot for everything the record caused: the arrival and the marks it made due")
                .containsExactly(tuple(4L, 3));
    }

    @Test
    void givenAnArrival_whenTheProcessorMissesThreeHoursAndCatchesUpInOneStep_thenEachMarkFiresExactlyOnce() {
        harness = new TopologyHarness(min(1));
        harness.send(arrive(CASE, "e1", T0).legalBasis(LegalBasis.VOLUNTARY).build());
        harness.drain();

        harness.advance(Duration.ofHours(3));
        harness.advance(Duration.ofSeconds(5));
        harness.advanceInSteps(Duration.ofMinutes(10), Duration.ofMinutes(1));

        Instant caughtUp = min(1).plus(Duration.ofHours(3));
        assertThat(harness.events.readValuesToList())
                .extracting(
                        HandoverEvent::getEventId,
                        HandoverEvent::getSequence,
                        HandoverEvent::getOccurredAt,
                        HandoverEvent::getRecordedAt,
                        HandoverEvent::getNotifyRecipients)
                .containsExactly(
                        tuple(escalationId(CASE, 1), 2L, min(30), caughtUp, true),
                        tuple(escalationId(CASE, 2), 3L, min(60), caughtUp, true),
                        tuple(escalationId(CASE, 3), 4L, min(120), caughtUp, true));
        assertThat(harness.state.readValuesToList())
                .extracting(CaseSnapshot::getVersion)
                .containsExactly(4L);
        assertThat(timerIndex()).isEmpty();
    }

    @Test
    void givenManyCases_whenOnlyOneIsDue_thenTheScanFiresThatOneAndTheIndexKeepsTheOthersInDueOrder() {
        harness = new TopologyHarness(min(1));
        harness.send(
                arrive("case-c", "c1", min(0)).build(),
                arrive("case-a", "a1", min(-20)).build(),
                arrive("case-b", "b1", min(-10)).build());
        assertThat(timerIndex())
                .containsExactly(
                        TimerIndex.key(min(10), "case-a"),
                        TimerIndex.key(min(20), "case-b"),
                        TimerIndex.key(min(30), "case-c"));

        harness.advance(Duration.ofMinutes(10));

        assertThat(timerEvents())
                .extracting(HandoverEvent::getCaseId, HandoverEvent::getEscalationLevel)
                .containsExactly(tuple("case-a", 1));
        assertThat(timerIndex())
                .containsExactly(
                        TimerIndex.key(min(20), "case-b"),
                        TimerIndex.key(min(30), "case-c"),
                        TimerIndex.key(min(40), "case-a"));
    }

    private List<String> timerIndex() {
        KeyValueStore<String, String> store = harness.driver.getKeyValueStore(HandoverTopology.TIMERS_STORE);
        List<String> keys = new ArrayList<>();
        try (var all = store.all()) {
            all.forEachRemaining((KeyValue<String, String> entry) -> keys.add(entry.key));
        }
        return keys;
    }
}
