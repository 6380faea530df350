package uk.transferofcare.processor.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static uk.transferofcare.processor.domain.Fixtures.arrive;
import static uk.transferofcare.processor.domain.Fixtures.correct;
import static uk.transferofcare.processor.domain.Fixtures.min;
import static uk.transferofcare.processor.domain.Fixtures.preAlert;
import static uk.transferofcare.processor.domain.Fixtures.submit;

import org.junit.jupiter.api.Test;
import uk.transferofcare.vocabulary.AssessmentMode;
import uk.transferofcare.vocabulary.CaseState;
import uk.transferofcare.vocabulary.DelayReason;
import uk.transferofcare.vocabulary.EventType;
import uk.transferofcare.vocabulary.Role;
import uk.transferofcare.vocabulary.RuleCode;
import uk.transferofcare.vocabulary.TimePoint;

/** ASSESSMENT_STARTED is a time point after arrival; DELAY_REASON_RECORDED gives a case its distinct delay reasons. */
class AssessmentAndDelayTest {

    private static Fixtures.Builder assess(String eventId, long minute, AssessmentMode mode) {
        return submit(eventId, EventType.ASSESSMENT_STARTED, min(minute))
                .details(Details.EMPTY.withAssessmentMode(mode));
    }

    private static Fixtures.Builder delay(String eventId, long minute, DelayReason reason, String note) {
        return submit(eventId, EventType.DELAY_REASON_RECORDED, min(minute))
                .details(Details.EMPTY.withDelayReason(reason).withNote(note));
    }

    @Test
    void givenAnArrival_whenTheAssessmentStarts_thenItsPointModeAndIntervalAreRecordedAndTheStateStays() {
        Fixtures.Run run = Fixtures.Run.of(arrive("e1", min(0))).then(assess("a1", 95, AssessmentMode.REMOTE));

        assertThat(run.last().verdict()).isEqualTo(new Verdict.Applied(2));
        assertThat(run.caseFile.timeline().at(TimePoint.ASSESSMENT_STARTED)).isEqualTo(min(95));
        assertThat(run.caseFile.assessmentMode()).isEqualTo(AssessmentMode.REMOTE);
        assertThat(run.caseFile.intervals().arrivalToAssessmentSeconds()).isEqualTo(95 * 60L);
        assertThat(run.caseFile.state()).isEqualTo(CaseState.ARRIVED);
        assertThat(run.last().events().get(0).late()).isFalse();
    }

    @Test
    void givenArrivalAt1000_whenTheAssessmentIsBeforeIt_thenRejectedR3() {
        Decision decision = Fixtures.Run.of(arrive("e1", min(0))).decide(assess("a1", -5, AssessmentMode.IN_PERSON));

        assertThat(decision.verdict().rule()).isEqualTo(RuleCode.R3_ORDER);
        assertThat(decision.verdict().conflictingPoint()).isEqualTo(TimePoint.ARRIVED);
    }

    @Test
    void givenAClearedCase_whenTheAssessmentIsAfterClearance_thenRejectedR3_andBeforeItAppliedLate() {
        Fixtures.Run run = Fixtures.Run.of(arrive("e1", min(0)), submit("e2", EventType.CLEARED, min(200)));

        assertThat(run.decide(assess("a1", 210, AssessmentMode.IN_PERSON))
                        .verdict()
                        .rule())
                .isEqualTo(RuleCode.R3_ORDER);
        run.then(assess("a2", 60, null).received(min(220)));
        assertThat(run.last().verdict()).isEqualTo(new Verdict.Applied(3));
        assertThat(run.last().events().get(0).late()).isTrue();
        assertThat(run.caseFile.lateEvents()).isEqualTo(1);
        assertThat(run.caseFile.assessmentMode()).isNull();
    }

    @Test
    void givenAnAssessment_whenASecondAtAnotherTimeComes_thenR5_andACorrectionMovesIt() {
        Fixtures.Run run = Fixtures.Run.of(arrive("e1", min(0))).then(assess("a1", 30, AssessmentMode.IN_PERSON));

        assertThat(run.decide(assess("a2", 40, AssessmentMode.IN_PERSON))
                        .verdict()
                        .rule())
                .isEqualTo(RuleCode.R5_ALREADY_RECORDED);
        run.then(correct("c1", TimePoint.ASSESSMENT_STARTED, min(25), min(45)));
        assertThat(run.last().verdict()).isEqualTo(new Verdict.Applied(3));
        assertThat(run.caseFile.intervals().arrivalToAssessmentSeconds()).isEqualTo(25 * 60L);
    }

    @Test
    void givenACancelledCase_whenAnAssessmentComes_thenRejectedInvalidTransition() {
        Fixtures.Run run = Fixtures.Run.of(preAlert("e1", min(-20)), submit("e2", EventType.CANCELLED, min(-10)));

        assertThat(run.decide(assess("a1", 0, AssessmentMode.REMOTE)).verdict().rule())
                .isEqualTo(RuleCode.INVALID_TRANSITION);
    }

    @Test
    void givenAnArrival_whenReasonsAreRecordedTwiceAndByBothSides_thenTheCaseHoldsEachReasonOnce() {
        Fixtures.Run run = Fixtures.Run.of(arrive("e1", min(0)))
                .then(
                        delay("d1", 30, DelayReason.AWAITING_BED, "no bed in IPCU"),
                        delay("d2", 40, DelayReason.INTOXICATION, null).by(Fixtures.OFFICER),
                        delay("d3", 50, DelayReason.AWAITING_BED, "still none"));

        assertThat(run.decisions).extracting(d -> d.verdict().status()).containsOnly(SubmissionStatus.APPLIED);
        assertThat(run.caseFile.delayReasons())
                .containsExactly(
                        new DelayReasonRecord(
                                DelayReason.AWAITING_BED,
                                min(30),
                                "no bed in IPCU",
                                "d1",
                                Fixtures.ED,
                                min(30).plus(Fixtures.DELIVERY)),
                        new DelayReasonRecord(
                                DelayReason.INTOXICATION,
                                min(40),
                                null,
                                "d2",
                                Fixtures.OFFICER,
                                min(40).plus(Fixtures.DELIVERY)));
        assertThat(run.decide(delay("d4", 30, DelayReason.AWAITING_BED, null)).verdict())
                .isEqualTo(new Verdict.Duplicate(
                        RuleCode.R1_DUPLICATE,
                        "R1_DUPLICATE: same fact: delay reason AWAITING_BED at 2025-03-01T10:30:00Z is already recorded"
                                + " by event d1",
                        "d1"));
    }

    @Test
    void givenADelayReason_whenItHasNoCodeOrNoArrivalOrIsOutsideArrivalToClearance_thenRejected() {
        Fixtures.Run arrived = Fixtures.Run.of(arrive("e1", min(0)), submit("e2", EventType.CLEARED, min(100)));

        assertThat(arrived.decide(submit("d0", EventType.DELAY_REASON_RECORDED, min(10)))
                        .verdict()
                        .message())
                .isEqualTo("MISSING_DETAIL: DELAY_REASON_RECORDED on case case-1 needs details.delayReason");
        assertThat(arrived.decide(delay("d1", -1, DelayReason.STAFFING, null))
                        .verdict()
                        .rule())
                .isEqualTo(RuleCode.R3_ORDER);
        assertThat(arrived.decide(delay("d2", 101, DelayReason.STAFFING, null))
                        .verdict()
                        .rule())
                .isEqualTo(RuleCode.R3_ORDER);
        assertThat(arrived.decide(delay("d3", 99, DelayReason.STAFFING, null)).verdict())
                .isEqualTo(new Verdict.Applied(3));
        assertThat(Fixtures.Run.of(preAlert("e1", min(-20)))
                        .decide(delay("d4", 0, DelayReason.OTHER, null))
                        .verdict()
                        .rule())
                .isEqualTo(RuleCode.INVALID_TRANSITION);
    }

    @Test
    void givenAnOfficer_whenRecordingAnAssessment_thenNotPermitted() {
        Decision decision = Fixtures.Run.of(arrive("e1", min(0)))
                .decide(assess("a1", 10, AssessmentMode.REMOTE).by(Fixtures.OFFICER));

        assertThat(decision.verdict().rule()).isEqualTo(RuleCode.NOT_PERMITTED);
        assertThat(Fixtures.OFFICER.role()).isEqualTo(Role.OFFICER);
    }
}
