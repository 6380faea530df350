package uk.transferofcare.processor.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static uk.transferofcare.processor.domain.Fixtures.ED;
import static uk.transferofcare.processor.domain.Fixtures.OFFICER;
import static uk.transferofcare.processor.domain.Fixtures.arrive;
import static uk.transferofcare.processor.domain.Fixtures.min;
import static uk.transferofcare.processor.domain.Fixtures.preAlert;
import static uk.transferofcare.processor.domain.Fixtures.submit;

import org.junit.jupiter.api.Test;
import uk.transferofcare.vocabulary.CaseState;
import uk.transferofcare.vocabulary.EventType;
import uk.transferofcare.vocabulary.TimePoint;

/** Rule 4: a late event that fits the timeline fills its point; the state is the furthest reached. */
class LateEventRuleTest {

    @Test
    void givenAcknowledgedCase_whenAnEarlierArrivalArrivesLate_thenItFillsArrivedAtFlaggedLate() {
        Fixtures.Run run = Fixtures.Run.of(preAlert("e1", min(-10)), submit("e2", EventType.ACKNOWLEDGED, min(8)));

        Decision decision = run.decide(arrive("e3", min(2)).received(min(30)));

        assertThat(decision.verdict()).isEqualTo(new Verdict.Applied(3));
        assertThat(decision.events().get(0).late()).isTrue();
        assertThat(decision.events().get(0).state()).isEqualTo(CaseState.ACKNOWLEDGED);
        CaseFile after = decision.caseFile();
        assertThat(after.state()).isEqualTo(CaseState.ACKNOWLEDGED);
        assertThat(after.timeline().record(TimePoint.ARRIVED))
                .isEqualTo(new PointRecord(TimePoint.ARRIVED, min(2), "e3", min(30), OFFICER, false, true, false));
        assertThat(after.lateEvents()).isEqualTo(1);
        assertThat(after.dataQuality().lateEvents()).isEqualTo(1);
        assertThat(after.intervals().arrivalToAcknowledgedSeconds()).isEqualTo(360L);
    }

    @Test
    void givenPreAlertedCase_whenHandedOverComesWithoutArrival_thenAcceptedAndTheCaseIsIncompleteUntilArrivalFills() {
        Fixtures.Run run = Fixtures.Run.of(preAlert("e1", min(0)), submit("e2", EventType.HANDED_OVER, min(50)));

        assertThat(run.last().status()).isEqualTo(SubmissionStatus.APPLIED);
        assertThat(run.caseFile.state()).isEqualTo(CaseState.HANDED_OVER);
        assertThat(run.caseFile.dataQuality().incomplete()).isTrue();
        assertThat(run.caseFile.intervals().handoverSeconds()).isNull();

        run.then(arrive("e3", min(10)).by(ED));

        assertThat(run.caseFile.dataQuality().incomplete()).isFalse();
        assertThat(run.caseFile.state()).isEqualTo(CaseState.HANDED_OVER);
        assertThat(run.caseFile.intervals().handoverSeconds()).isEqualTo(40 * 60L);
        assertThat(run.last().events().get(0).late()).isTrue();
    }

    @Test
    void givenArrivedCase_whenAPointFurtherAlongIsRecorded_thenItIsNotLate() {
        Fixtures.Run run = Fixtures.Run.of(arrive("e1", min(0)));

        Decision decision = run.decide(submit("e2", EventType.HANDOVER_STARTED, min(20)));

        assertThat(decision.events().get(0).late()).isFalse();
        assertThat(decision.caseFile().state()).isEqualTo(CaseState.HANDOVER_STARTED);
        assertThat(decision.caseFile().lateEvents()).isZero();
    }

    @Test
    void givenClearedCase_whenAnEarlierOutcomeArrivesLate_thenItIsLateAndTheOutcomeBecomesTheState() {
        Fixtures.Run run = Fixtures.Run.of(arrive("e1", min(0)), submit("e2", EventType.CLEARED, min(90)));

        Decision decision =
                run.decide(submit("e3", EventType.ABSCONDED, min(60)).by(ED));

        assertThat(decision.events().get(0).late()).isTrue();
        assertThat(decision.caseFile().state()).isEqualTo(CaseState.ABSCONDED);
        assertThat(decision.caseFile().timeline().clearedAt()).isEqualTo(min(90));
        assertThat(decision.emitCompletedCase()).isTrue();
    }
}
