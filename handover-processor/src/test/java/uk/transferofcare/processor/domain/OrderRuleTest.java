package uk.transferofcare.processor.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static uk.transferofcare.processor.domain.Fixtures.SITE;
import static uk.transferofcare.processor.domain.Fixtures.arrive;
import static uk.transferofcare.processor.domain.Fixtures.min;
import static uk.transferofcare.processor.domain.Fixtures.preAlert;
import static uk.transferofcare.processor.domain.Fixtures.submit;

import org.junit.jupiter.api.Test;
import uk.transferofcare.vocabulary.EventType;
import uk.transferofcare.vocabulary.RuleCode;
import uk.transferofcare.vocabulary.TimePoint;

/** Rule 3: removedAt ≤ preAlertedAt ≤ arrivedAt ≤ acknowledgedAt ≤ handoverStartedAt ≤ handedOverAt ≤ clearedAt. */
class OrderRuleTest {

    @Test
    void givenAcknowledgedAt1001_whenArrivedAt1005Comes_thenRejectedNamingAcknowledged() {
        Fixtures.Run run = Fixtures.Run.of(preAlert("e1", min(-10)), submit("e2", EventType.ACKNOWLEDGED, min(1)));
        CaseFile before = run.caseFile;

        Decision decision = run.decide(arrive("e3", min(5)));

        assertThat(decision.verdict())
                .isEqualTo(new Verdict.Rejected(
                        RuleCode.R3_ORDER,
                        "R3_ORDER: ARRIVED at 2025-03-01T10:05:00Z is after ACKNOWLEDGED recorded at "
                                + "2025-03-01T10:01:00Z by event e2",
                        TimePoint.ACKNOWLEDGED,
                        "occurredAt"));
        assertThat(decision.events()).isEmpty();
        assertThat(decision.caseFile())
                .usingRecursiveComparison()
                .ignoringFields("rejectedSubmissions", "submissions", "fingerprints")
                .isEqualTo(before);
    }

    @Test
    void givenArrivedAt1010_whenPreAlertAt1015Comes_thenRejectedNamingArrived() {
        Fixtures.Run run = Fixtures.Run.of(arrive("e1", min(10)));

        Decision decision = run.decide(preAlert("e2", min(15)));

        assertThat(decision.verdict())
                .isEqualTo(new Verdict.Rejected(
                        RuleCode.R3_ORDER,
                        "R3_ORDER: PRE_ALERTED at 2025-03-01T10:15:00Z is after ARRIVED recorded at "
                                + "2025-03-01T10:10:00Z by event e1",
                        TimePoint.ARRIVED,
                        "occurredAt"));
    }

    @Test
    void givenHandedOverAt1040_whenClearedAt1030Comes_thenRejectedNamingHandedOver() {
        Fixtures.Run run = Fixtures.Run.of(arrive("e1", min(0)), submit("e2", EventType.HANDED_OVER, min(40)));

        Decision decision = run.decide(submit("e3", EventType.CLEARED, min(30)));

        assertThat(decision.verdict())
                .isEqualTo(new Verdict.Rejected(
                        RuleCode.R3_ORDER,
                        "R3_ORDER: CLEARED at 2025-03-01T10:30:00Z is before HANDED_OVER recorded at "
                                + "2025-03-01T10:40:00Z by event e2",
                        TimePoint.HANDED_OVER,
                        "occurredAt"));
    }

    @Test
    void givenRemovedAt0940_whenAnArrivalBeforeTheRemovalComes_thenRejectedNamingRemoved() {
        Fixtures.Run run = Fixtures.Run.of(
                preAlert("e1", min(0)).details(Details.site(SITE).withRemovedAt(min(-20))));

        Decision decision = run.decide(arrive("e2", min(-30)));

        assertThat(decision.verdict())
                .isEqualTo(new Verdict.Rejected(
                        RuleCode.R3_ORDER,
                        "R3_ORDER: ARRIVED at 2025-03-01T09:30:00Z is before REMOVED recorded at "
                                + "2025-03-01T09:40:00Z by event e1",
                        TimePoint.REMOVED,
                        "occurredAt"));
    }

    @Test
    void givenAnArrivalAt1010_whenALatePreAlertGivesARemovedAtAfterIt_thenRejectedNamingTheFirstConflict() {
        Fixtures.Run run = Fixtures.Run.of(Fixtures.edArrive("e1", min(10)));

        Decision decision = run.decide(preAlert("e2", min(0))
                .details(Details.site(SITE).withRemovedAt(min(11)))
                .received(min(20)));

        assertThat(decision.verdict())
                .isEqualTo(new Verdict.Rejected(
                        RuleCode.R3_ORDER,
                        "R3_ORDER: REMOVED at 2025-03-01T10:11:00Z is after PRE_ALERTED recorded at "
                                + "2025-03-01T10:00:00Z by event e2",
                        TimePoint.PRE_ALERTED,
                        "removedAt"));
        assertThat(decision.caseFile().timeline()).isEqualTo(run.caseFile.timeline());
    }

    @Test
    void givenTwoPointsAtTheSameInstant_whenBothAreRecorded_thenBothAreApplied() {
        Fixtures.Run run = Fixtures.Run.of(
                arrive("e1", min(0)),
                submit("e2", EventType.ACKNOWLEDGED, min(0)),
                submit("e3", EventType.HANDED_OVER, min(0)),
                submit("e4", EventType.CLEARED, min(0)));

        assertThat(run.decisions).extracting(Decision::status).containsOnly(SubmissionStatus.APPLIED);
        assertThat(run.caseFile.intervals()).isEqualTo(new Intervals(0L, 0L, 0L, 0L, null, null, null));
    }

    @Test
    void givenArrivedAt1010_whenAnOutcomeBeforeArrivalComes_thenRejectedNamingArrived() {
        Fixtures.Run run = Fixtures.Run.of(arrive("e1", min(10)));

        Decision decision = run.decide(submit("e2", EventType.ABSCONDED, min(5)));

        assertThat(decision.verdict())
                .isEqualTo(new Verdict.Rejected(
                        RuleCode.R3_ORDER,
                        "R3_ORDER: OUTCOME at 2025-03-01T10:05:00Z is before ARRIVED recorded at "
                                + "2025-03-01T10:10:00Z by event e1",
                        TimePoint.ARRIVED,
                        "occurredAt"));
    }

    @Test
    void givenClearedAt1100_whenAnOutcomeAfterClearanceComes_thenRejectedNamingCleared() {
        Fixtures.Run run = Fixtures.Run.of(arrive("e1", min(0)), submit("e2", EventType.CLEARED, min(60)));

        Decision decision = run.decide(submit("e3", EventType.ENDED_WITHOUT_HANDOVER, min(61)));

        assertThat(decision.verdict())
                .isEqualTo(new Verdict.Rejected(
                        RuleCode.R3_ORDER,
                        "R3_ORDER: OUTCOME at 2025-03-01T11:01:00Z is after CLEARED recorded at "
                                + "2025-03-01T11:00:00Z by event e2",
                        TimePoint.CLEARED,
                        "occurredAt"));
    }

    @Test
    void givenAnOutcomeAt1030_whenALateArrivalAfterItComes_thenRejectedNamingTheOutcome() {
        Fixtures.Run run = Fixtures.Run.of(preAlert("e1", min(0)), submit("e2", EventType.ABSCONDED, min(30)));

        Decision decision = run.decide(arrive("e3", min(31)));

        assertThat(decision.verdict().message())
                .isEqualTo("R3_ORDER: ARRIVED at 2025-03-01T10:31:00Z is after OUTCOME recorded at "
                        + "2025-03-01T10:30:00Z by event e2");
        assertThat(decision.verdict().conflictingPoint()).isEqualTo(TimePoint.OUTCOME);
    }
}
