package uk.transferofcare.processor.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static uk.transferofcare.processor.domain.Fixtures.CASE;
import static uk.transferofcare.processor.domain.Fixtures.DIVISION;
import static uk.transferofcare.processor.domain.Fixtures.SITE;
import static uk.transferofcare.processor.domain.Fixtures.arrive;
import static uk.transferofcare.processor.domain.Fixtures.correct;
import static uk.transferofcare.processor.domain.Fixtures.min;
import static uk.transferofcare.processor.domain.Fixtures.preAlert;
import static uk.transferofcare.processor.domain.Fixtures.submit;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import uk.transferofcare.vocabulary.CaseState;
import uk.transferofcare.vocabulary.EventType;
import uk.transferofcare.vocabulary.LegalBasis;
import uk.transferofcare.vocabulary.TimePoint;

/** Escalation marks and legal-clock warnings: each fires once, at its due time, with a deterministic id. */
class TimerTest {

    private static final long HOUR = 60;

    private static Fixtures.Run arrivedAtT0(LegalBasis basis) {
        return Fixtures.Run.of(arrive("e1", min(0)).details(Details.site(SITE).withLegalBasis(basis)));
    }

    private static String escalationId(int level) {
        return UUID.nameUUIDFromBytes(("uk.transferofcare:" + CASE + ":ESCALATED:" + level).getBytes())
                .toString();
    }

    @Test
    void givenArrivalAtT0_whenTimePassesThirtyMinutes_thenExactlyOneLevelOneEscalationIsRecorded() {
        Fixtures.Run run = arrivedAtT0(LegalBasis.VOLUNTARY);
        HandoverStateMachine machine = run.machine;

        TickResult early = machine.tick(run.caseFile, min(29));
        TickResult due = machine.tick(early.caseFile(), min(30).plusSeconds(5));
        TickResult again = machine.tick(due.caseFile(), min(31));

        assertThat(early.events()).isEmpty();
        assertThat(early.caseFile()).isSameAs(run.caseFile);
        assertThat(due.events())
                .containsExactly(new AppliedEvent(
                        escalationId(1),
                        CASE,
                        2,
                        EventType.ESCALATED,
                        min(30),
                        min(30).plusSeconds(5),
                        Actor.PROCESSOR,
                        Source.PROCESSOR,
                        Details.EMPTY,
                        CaseState.ARRIVED,
                        SITE,
                        DIVISION,
                        LegalBasis.VOLUNTARY,
                        false,
                        null,
                        1,
                        30,
                        null,
                        true,
                        null));
        assertThat(HandoverStateMachine.timerEventId(CASE, EventType.ESCALATED, 1))
                .isEqualTo(escalationId(1));
        assertThat(due.caseFile().escalations())
                .containsExactly(new EscalationMark(1, 30, min(30), min(30).plusSeconds(5), true, escalationId(1)));
        assertThat(due.caseFile().escalationLevel()).isEqualTo(1);
        assertThat(due.caseFile().version()).isEqualTo(2);
        assertThat(due.emitCompletedCase()).isFalse();
        assertThat(again.events()).isEmpty();
    }

    @Test
    void givenArrivalAtT0_whenOneTickComesAfterTwoHours_thenLevelsOneToThreeFireInOrderWithConsecutiveSequences() {
        Fixtures.Run run = arrivedAtT0(LegalBasis.VOLUNTARY);

        TickResult tick = run.machine.tick(run.caseFile, min(125));

        assertThat(tick.events())
                .extracting(
                        AppliedEvent::sequence,
                        AppliedEvent::escalationLevel,
                        AppliedEvent::thresholdMinutes,
                        AppliedEvent::occurredAt)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(2L, 1, 30, min(30)),
                        org.assertj.core.groups.Tuple.tuple(3L, 2, 60, min(60)),
                        org.assertj.core.groups.Tuple.tuple(4L, 3, 120, min(120)));
        assertThat(run.machine.nextDueAt(tick.caseFile())).isEqualTo(Optional.empty());
    }

    @Test
    void givenArrivalAtT0_whenAskedForTheNextDueTime_thenItIsTheNextUnfiredMark() {
        Fixtures.Run run = arrivedAtT0(LegalBasis.VOLUNTARY);

        assertThat(run.machine.nextDueAt(run.caseFile)).contains(min(30));
        assertThat(run.machine.nextDueAt(run.machine.tick(run.caseFile, min(30)).caseFile()))
                .contains(min(60));
    }

    @Test
    void givenHandoverBeforeTheFirstMark_whenTimePasses_thenNoEscalationEverFires() {
        Fixtures.Run run = arrivedAtT0(LegalBasis.VOLUNTARY).then(submit("e2", EventType.HANDED_OVER, min(25)));

        assertThat(run.machine.tick(run.caseFile, min(10 * HOUR)).events()).isEmpty();
        assertThat(run.machine.nextDueAt(run.caseFile)).isEqualTo(Optional.empty());
    }

    @Test
    void givenLevelOneFired_whenHandedOverBeforeLevelTwo_thenMarksStop() {
        Fixtures.Run run = arrivedAtT0(LegalBasis.VOLUNTARY);
        CaseFile escalated = run.machine.tick(run.caseFile, min(30)).caseFile();

        Decision handedOver = run.machine.decide(
                escalated, submit("e2", EventType.HANDED_OVER, min(45)).build(), min(46));

        assertThat(run.machine.tick(handedOver.caseFile(), min(5 * HOUR)).events())
                .isEmpty();
        assertThat(handedOver.caseFile().escalationLevel()).isEqualTo(1);
    }

    @Test
    void givenAHandoverProcessedBeforeATickThatWouldHaveFiredAMark_whenTicked_thenTheMarkIsRecordedWithoutNotifying() {
        Fixtures.Run run = arrivedAtT0(LegalBasis.VOLUNTARY).then(submit("e2", EventType.HANDED_OVER, min(45)));

        TickResult tick = run.machine.tick(run.caseFile, min(46));

        assertThat(tick.events())
                .extracting(AppliedEvent::escalationLevel, AppliedEvent::notifyRecipients)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, false));
    }

    @Test
    void
            givenABackfilledCaseArrivedSevenHoursAgo_whenFirstTicked_thenMarksPastTheSixHourHorizonAreRecordedWithoutNotifying() {
        Fixtures.Run run = arrivedAtT0(LegalBasis.VOLUNTARY);

        TickResult tick = run.machine.tick(run.caseFile, min(7 * HOUR));

        assertThat(tick.events())
                .extracting(AppliedEvent::escalationLevel, AppliedEvent::notifyRecipients)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(1, false),
                        org.assertj.core.groups.Tuple.tuple(2, true),
                        org.assertj.core.groups.Tuple.tuple(3, true));
        assertThat(tick.caseFile().escalations())
                .extracting(EscalationMark::notified)
                .containsExactly(false, true, true);
    }

    @Test
    void
            givenAnS297CaseRemovedTwoHoursBeforeArrival_whenTheWarningsAreDue_thenTheyFireFourAndOneHoursBeforeRemovalPlus24h() {
        Fixtures.Run run = Fixtures.Run.of(arrive("e1", min(0))
                        .details(Details.site(SITE)
                                .withLegalBasis(LegalBasis.S297)
                                .withRemovedAt(min(-2 * HOUR))))
                .then(submit("e2", EventType.HANDED_OVER, min(20)));
        Instant deadline = min(22 * HOUR);
        assertThat(run.caseFile.legalClock())
                .isEqualTo(new LegalClock(LegalBasis.S297, TimePoint.REMOVED, min(-2 * HOUR), deadline));
        assertThat(run.machine.nextDueAt(run.caseFile)).contains(min(18 * HOUR));

        TickResult first = run.machine.tick(run.caseFile, min(18 * HOUR));
        TickResult second = run.machine.tick(first.caseFile(), min(21 * HOUR + 1));

        String warningId = UUID.nameUUIDFromBytes(("uk.transferofcare:" + CASE + ":LEGAL_CLOCK_WARNING:240").getBytes())
                .toString();
        assertThat(first.events())
                .containsExactly(new AppliedEvent(
                        warningId,
                        CASE,
                        3,
                        EventType.LEGAL_CLOCK_WARNING,
                        min(18 * HOUR),
                        min(18 * HOUR),
                        Actor.PROCESSOR,
                        Source.PROCESSOR,
                        Details.EMPTY,
                        CaseState.HANDED_OVER,
                        SITE,
                        DIVISION,
                        LegalBasis.S297,
                        false,
                        null,
                        null,
                        240,
                        deadline,
                        true,
                        null));
        assertThat(second.events())
                .extracting(AppliedEvent::thresholdMinutes, AppliedEvent::occurredAt, AppliedEvent::legalClockDeadline)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(60, min(21 * HOUR), deadline));
        assertThat(second.caseFile().legalClockWarnings())
                .extracting(LegalClockWarningMark::minutesBefore)
                .containsExactly(240, 60);
        assertThat(run.machine.nextDueAt(second.caseFile())).isEqualTo(Optional.empty());
    }

    @Test
    void givenAnS136Case_whenTheFirstWarningIsDue_thenItRunsFromArrival() {
        Fixtures.Run run = arrivedAtT0(LegalBasis.S136).then(submit("e2", EventType.HANDED_OVER, min(20)));

        assertThat(run.caseFile.legalClock())
                .isEqualTo(new LegalClock(LegalBasis.S136, TimePoint.ARRIVED, min(0), min(24 * HOUR)));
        assertThat(run.machine.nextDueAt(run.caseFile)).contains(min(20 * HOUR));
    }

    @Test
    void givenAVoluntaryCaseHandedOver_whenAWeekPasses_thenNoLegalClockWarningFires() {
        Fixtures.Run run = arrivedAtT0(LegalBasis.VOLUNTARY).then(submit("e2", EventType.HANDED_OVER, min(20)));

        assertThat(run.caseFile.legalClock()).isNull();
        assertThat(run.machine.tick(run.caseFile, min(7 * 24 * HOUR)).events()).isEmpty();
    }

    @Test
    void givenAnS297CaseWithoutRemovedAt_whenTimePasses_thenNoWarningFiresUntilRemovedAtIsKnown() {
        Fixtures.Run run = arrivedAtT0(LegalBasis.S297).then(submit("e2", EventType.HANDED_OVER, min(20)));

        assertThat(run.machine.nextDueAt(run.caseFile)).isEqualTo(Optional.empty());

        run.then(preAlert("e3", min(-10)).details(Details.site(SITE).withRemovedAt(min(-HOUR))));

        assertThat(run.machine.nextDueAt(run.caseFile)).contains(min(19 * HOUR));
    }

    @Test
    void givenAClearedCase_whenTheLegalDeadlinePasses_thenNoWarningFires() {
        Fixtures.Run run = arrivedAtT0(LegalBasis.S136)
                .then(submit("e2", EventType.HANDED_OVER, min(20)), submit("e3", EventType.CLEARED, min(40)));

        assertThat(run.machine.tick(run.caseFile, min(30 * HOUR)).events()).isEmpty();
    }

    @Test
    void givenLevelOneFired_whenArrivedAtIsCorrectedEarlier_thenTheFiredMarkStaysAndUnfiredMarksMove() {
        Fixtures.Run run = arrivedAtT0(LegalBasis.VOLUNTARY);
        CaseFile escalated = run.machine.tick(run.caseFile, min(30)).caseFile();

        Decision corrected = run.machine.decide(
                escalated, correct("c1", TimePoint.ARRIVED, min(-20), min(35)).build(), min(36));

        assertThat(corrected.caseFile().escalations())
                .extracting(EscalationMark::level, EscalationMark::dueAt)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, min(30)));
        assertThat(run.machine.nextDueAt(corrected.caseFile())).contains(min(40));
    }

    @Test
    void givenAClosedCaseWithAnEarnedUnfiredMark_whenTicked_thenTheCompletedCaseIsEmittedAgain() {
        Fixtures.Run run = arrivedAtT0(LegalBasis.VOLUNTARY)
                .then(submit("e2", EventType.ABSCONDED, min(40)), submit("e3", EventType.CLEARED, min(50)));

        TickResult tick = run.machine.tick(run.caseFile, min(51));

        assertThat(tick.events()).extracting(AppliedEvent::escalationLevel).containsExactly(1);
        assertThat(tick.events().get(0).notifyRecipients()).isFalse();
        assertThat(tick.emitCompletedCase()).isTrue();
    }

    @Test
    void givenCustomThresholdsAndHorizon_whenTicked_thenThePolicyIsUsed() {
        TimerPolicy timers = new TimerPolicy(
                List.of(15, 45), TimerPolicy.DEFAULT.legalClocks(), List.of(30), Duration.ofMinutes(10));
        HandoverStateMachine machine = new HandoverStateMachine(new HandoverPolicy(Duration.ofMinutes(2), timers));
        CaseFile arrived =
                machine.decide(null, arrive("e1", min(0)).build(), min(1)).caseFile();

        TickResult tick = machine.tick(arrived, min(50));

        assertThat(tick.events())
                .extracting(
                        AppliedEvent::escalationLevel, AppliedEvent::thresholdMinutes, AppliedEvent::notifyRecipients)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(1, 15, false),
                        org.assertj.core.groups.Tuple.tuple(2, 45, true));
    }
}
