package uk.transferofcare.processor.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static uk.transferofcare.processor.domain.Fixtures.arrive;
import static uk.transferofcare.processor.domain.Fixtures.correct;
import static uk.transferofcare.processor.domain.Fixtures.min;
import static uk.transferofcare.processor.domain.Fixtures.submit;

import org.junit.jupiter.api.Test;
import uk.transferofcare.vocabulary.EventType;
import uk.transferofcare.vocabulary.RuleCode;
import uk.transferofcare.vocabulary.TimePoint;

/**
 * OFFICER_RETAINED / OFFICER_RELEASED naming an officerCount change the count from their time on (the new total);
 * officerSeconds integrates the count from arrival to clearance.
 */
class OfficerCountTest {

    private static Fixtures.Run arrivedWithThree() {
        return Fixtures.Run.of(
                arrive("e1", min(0)).details(Details.site(Fixtures.SITE).withOfficerCount(3)));
    }

    private static Fixtures.Builder released(String eventId, long minute, Integer count) {
        return submit(eventId, EventType.OFFICER_RELEASED, min(minute)).details(Details.EMPTY.withOfficerCount(count));
    }

    private static Fixtures.Builder retained(String eventId, long minute, Integer count) {
        return submit(eventId, EventType.OFFICER_RETAINED, min(minute))
                .details(Details.EMPTY.withReason("violence risk").withOfficerCount(count));
    }

    @Test
    void givenThreeOfficersAtArrival_whenTheCountChangesTwice_thenOfficerSecondsIsTheHandComputedIntegral() {
        // 3 officers 10:00-10:40, 2 officers 10:40-11:10, 1 officer 11:10-12:00, cleared at 12:00:
        // 3 x 2400 + 2 x 1800 + 1 x 3000 = 7200 + 3600 + 3000 = 13800 officer-seconds (3h50m).
        Fixtures.Run run = arrivedWithThree()
                .then(
                        released("o1", 40, 2).by(Fixtures.OFFICER),
                        submit("e2", EventType.HANDED_OVER, min(60)),
                        released("o2", 70, 1),
                        submit("e3", EventType.CLEARED, min(120)));

        assertThat(run.decisions).extracting(d -> d.verdict().status()).containsOnly(SubmissionStatus.APPLIED);
        assertThat(run.caseFile.officerChanges())
                .containsExactly(
                        new OfficerChange(min(40), 2, EventType.OFFICER_RELEASED, "o1"),
                        new OfficerChange(min(70), 1, EventType.OFFICER_RELEASED, "o2"));
        assertThat(run.caseFile.intervals().timeAtEdSeconds()).isEqualTo(7200L);
        assertThat(run.caseFile.intervals().officerSeconds()).isEqualTo(13_800L);
        assertThat(run.caseFile.officerCount()).isEqualTo(3);
        assertThat(run.caseFile.currentOfficerCount()).isEqualTo(1);
        assertThat(run.caseFile.intervals().retainedSeconds()).isNull();
    }

    @Test
    void givenChangesDeliveredOutOfTimeOrder_whenIntegrated_thenTheyCountByTheirTimeNotTheirArrival() {
        // 2 officers 10:00-10:20, retained 4 from 10:20, released to 1 at 10:50 (closing the period), cleared 11:00:
        // 2 x 1200 + 4 x 1800 + 1 x 600 = 2400 + 7200 + 600 = 10200.
        Fixtures.Run run = Fixtures.Run.of(
                        arrive("e1", min(0)).details(Details.site(Fixtures.SITE).withOfficerCount(2)))
                .then(retained("o1", 20, 4), released("o2", 50, 1), submit("e3", EventType.CLEARED, min(60)));

        assertThat(run.caseFile.intervals().officerSeconds()).isEqualTo(10_200L);
        assertThat(run.caseFile.intervals().retainedSeconds()).isEqualTo(1800L);
    }

    @Test
    void givenNoChange_whenIntegrated_thenOfficerSecondsIsTheCountTimesTimeAtEdAsBefore() {
        Fixtures.Run run = arrivedWithThree().then(submit("e3", EventType.CLEARED, min(90)));

        assertThat(run.caseFile.intervals().officerSeconds()).isEqualTo(3 * 5400L);
    }

    @Test
    void givenAReleaseThatWouldLeaveNoOfficer_whenJudged_thenRejectedInvalidDetailOnOfficerCount() {
        Decision decision = arrivedWithThree().decide(released("o1", 30, 0));

        assertThat(decision.verdict().rule()).isEqualTo(RuleCode.INVALID_DETAIL);
        assertThat(((Verdict.Rejected) decision.verdict()).field()).isEqualTo("officerCount");
    }

    @Test
    void givenAClearedCase_whenACountChangeAfterClearanceComes_thenRejectedR3NamingCleared() {
        Decision decision = arrivedWithThree()
                .then(submit("e3", EventType.CLEARED, min(60)))
                .decide(released("o1", 61, 1));

        assertThat(decision.verdict().rule()).isEqualTo(RuleCode.R3_ORDER);
        assertThat(decision.verdict().conflictingPoint()).isEqualTo(TimePoint.CLEARED);
    }

    @Test
    void givenAClearedCase_whenALateChangeBeforeClearanceComes_thenAppliedAndIntegrated() {
        Fixtures.Run run = arrivedWithThree()
                .then(
                        submit("e3", EventType.CLEARED, min(60)),
                        released("o1", 30, 1).received(min(90)));

        assertThat(run.last().verdict()).isEqualTo(new Verdict.Applied(3));
        assertThat(run.caseFile.intervals().officerSeconds()).isEqualTo(3 * 1800L + 1800L);
    }

    @Test
    void givenAChange_whenTheSameChangeIsSentUnderANewEventId_thenDuplicate() {
        Fixtures.Run run = arrivedWithThree().then(released("o1", 30, 2));

        assertThat(run.decide(released("o9", 30, 2)).verdict())
                .isEqualTo(new Verdict.Duplicate(
                        RuleCode.R1_DUPLICATE,
                        "R1_DUPLICATE: same fact: 2 officers from 2025-03-01T10:30:00Z are already recorded by event o1",
                        "o1"));
    }

    @Test
    void givenAChangeAt1030_whenArrivalIsCorrectedToAfterIt_thenRejectedR3() {
        Fixtures.Run run = arrivedWithThree().then(released("o1", 30, 2));

        Decision decision = run.decide(correct("c1", TimePoint.ARRIVED, min(35), min(40)));

        assertThat(decision.verdict().message())
                .isEqualTo("R3_ORDER: ARRIVED at 2025-03-01T10:35:00Z is after OFFICER_RELEASED at"
                        + " 2025-03-01T10:30:00Z (event o1)");
    }

    @Test
    void givenAChangeAt1030_whenClearanceIsCorrectedToBeforeIt_thenRejectedR3() {
        Fixtures.Run run = arrivedWithThree().then(released("o1", 30, 2), submit("e3", EventType.CLEARED, min(60)));

        Decision decision = run.decide(correct("c1", TimePoint.CLEARED, min(20), min(70)));

        assertThat(decision.verdict().message())
                .isEqualTo("R3_ORDER: CLEARED at 2025-03-01T10:20:00Z is before OFFICER_RELEASED at"
                        + " 2025-03-01T10:30:00Z (event o1)");
    }
}
