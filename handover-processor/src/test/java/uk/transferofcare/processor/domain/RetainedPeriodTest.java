package uk.transferofcare.processor.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static uk.transferofcare.processor.domain.Fixtures.arrive;
import static uk.transferofcare.processor.domain.Fixtures.min;
import static uk.transferofcare.processor.domain.Fixtures.submit;

import org.junit.jupiter.api.Test;
import uk.transferofcare.vocabulary.CaseState;
import uk.transferofcare.vocabulary.EventType;
import uk.transferofcare.vocabulary.RuleCode;
import uk.transferofcare.vocabulary.TimePoint;

/** OFFICER_RETAINED / OFFICER_RELEASED build retained periods after arrival and never move the state. */
class RetainedPeriodTest {

    private static Fixtures.Builder retain(String eventId, long minute) {
        return submit(eventId, EventType.OFFICER_RETAINED, min(minute))
                .details(Details.EMPTY.withReason("risk to staff").withOfficerCount(1));
    }

    private static Fixtures.Builder release(String eventId, long minute) {
        return submit(eventId, EventType.OFFICER_RELEASED, min(minute));
    }

    private static Fixtures.Run handedOver() {
        return Fixtures.Run.of(
                arrive("e1", min(0)).details(Details.site(Fixtures.SITE).withOfficerCount(2)),
                submit("e2", EventType.HANDED_OVER, min(30)));
    }

    @Test
    void givenHandedOverCase_whenOfficersAreRetainedThenReleasedTwice_thenTwoPeriodsAreSummedAndTheStateStays() {
        Fixtures.Run run = handedOver().then(retain("r1", 31), release("r2", 50), retain("r3", 60), release("r4", 70));

        assertThat(run.caseFile.retained())
                .containsExactly(
                        new RetainedPeriod(min(31), min(50), 1, "risk to staff", "r1", "r2"),
                        new RetainedPeriod(min(60), min(70), 1, "risk to staff", "r3", "r4"));
        assertThat(run.caseFile.state()).isEqualTo(CaseState.HANDED_OVER);
        assertThat(run.decisions.subList(2, 6))
                .extracting(decision -> decision.events().get(0).state())
                .containsOnly(CaseState.HANDED_OVER);
        assertThat(run.caseFile.intervals().retainedSeconds()).isEqualTo(29 * 60L);
    }

    @Test
    void givenAnOpenPeriod_whenTheCaseIsAskedForIntervals_thenOnlyClosedPeriodsCount() {
        Fixtures.Run run = handedOver().then(retain("r1", 31));

        assertThat(run.caseFile.openRetainedPeriod())
                .isEqualTo(new RetainedPeriod(min(31), null, 1, "risk to staff", "r1", null));
        assertThat(run.caseFile.intervals().retainedSeconds()).isNull();
    }

    @Test
    void givenNoArrival_whenOfficersAreRetained_thenRejectedInvalidTransition() {
        Fixtures.Run run = Fixtures.Run.of(Fixtures.preAlert("e0", min(-10)));

        Decision decision = run.decide(retain("r1", 10));

        assertThat(decision.verdict())
                .isEqualTo(new Verdict.Rejected(
                        RuleCode.INVALID_TRANSITION,
                        "INVALID_TRANSITION: OFFICER_RETAINED is only possible after ARRIVED, which is not recorded",
                        TimePoint.ARRIVED,
                        "type"));
    }

    @Test
    void givenAnArrivalWithoutHandover_whenAnOfficerRecordsRetained_thenAppliedAsAPeriodAndACountChange() {
        Fixtures.Run run = Fixtures.Run.of(
                arrive("e1", min(0)).details(Details.site(Fixtures.SITE).withOfficerCount(2)));

        Decision decision = run.decide(retain("r1", 10).by(Fixtures.OFFICER));

        assertThat(decision.verdict()).isEqualTo(new Verdict.Applied(2));
        assertThat(decision.caseFile().retained())
                .containsExactly(new RetainedPeriod(min(10), null, 1, "risk to staff", "r1", null));
        assertThat(decision.caseFile().officerChanges())
                .containsExactly(new OfficerChange(min(10), 1, EventType.OFFICER_RETAINED, "r1"));
    }

    @Test
    void givenHandedOverCase_whenRetainedWithoutReason_thenRejectedMissingDetail() {
        Decision decision = handedOver().decide(submit("r1", EventType.OFFICER_RETAINED, min(31)));

        assertThat(decision.verdict().message())
                .isEqualTo("MISSING_DETAIL: OFFICER_RETAINED on case case-1 needs details.reason");
    }

    @Test
    void givenArrivedAt1000_whenRetainedBeforeTheArrival_thenRejectedR3() {
        Decision decision = handedOver().decide(retain("r1", -5));

        assertThat(decision.verdict())
                .isEqualTo(new Verdict.Rejected(
                        RuleCode.R3_ORDER,
                        "R3_ORDER: OFFICER_RETAINED at 2025-03-01T09:55:00Z is before ARRIVED recorded at "
                                + "2025-03-01T10:00:00Z by event e1",
                        TimePoint.ARRIVED,
                        "occurredAt"));
    }

    @Test
    void givenAnOpenPeriod_whenRetainedAgain_thenRejectedInvalidTransition() {
        Decision decision = handedOver().then(retain("r1", 31)).decide(retain("r2", 35));

        assertThat(decision.verdict().message())
                .isEqualTo("INVALID_TRANSITION: officers are already retained since 2025-03-01T10:31:00Z (event r1); "
                        + "OFFICER_RELEASED must close that period first");
    }

    @Test
    void givenNoOpenPeriod_whenReleasedWithoutACount_thenRejectedInvalidTransition() {
        Decision decision = handedOver().decide(release("r1", 35));

        assertThat(decision.verdict())
                .isEqualTo(new Verdict.Rejected(
                        RuleCode.INVALID_TRANSITION,
                        "INVALID_TRANSITION: OFFICER_RELEASED without an open retained period must name"
                                + " details.officerCount, the officers still at the site from then on",
                        null,
                        "type"));
    }

    @Test
    void givenAnOpenPeriodFrom1031_whenReleasedBeforeIt_thenRejectedR3() {
        Decision decision = handedOver().then(retain("r1", 31)).decide(release("r2", 30));

        assertThat(decision.verdict().rule()).isEqualTo(RuleCode.R3_ORDER);
        assertThat(decision.verdict().message())
                .isEqualTo("R3_ORDER: OFFICER_RELEASED at 2025-03-01T10:30:00Z is before OFFICER_RETAINED at "
                        + "2025-03-01T10:31:00Z (event r1)");
    }

    @Test
    void givenClearedAt1100_whenRetainedAfterClearance_thenRejectedNamingCleared() {
        Decision decision =
                handedOver().then(submit("e3", EventType.CLEARED, min(60))).decide(retain("r1", 61));

        assertThat(decision.verdict().conflictingPoint()).isEqualTo(TimePoint.CLEARED);
    }

    @Test
    void givenAClosedRetainedPeriod_whenAClearanceBeforeItsEndComes_thenRejectedR3() {
        Decision decision =
                handedOver().then(retain("r1", 31), release("r2", 50)).decide(submit("e3", EventType.CLEARED, min(45)));

        assertThat(decision.verdict().message())
                .isEqualTo("R3_ORDER: CLEARED at 2025-03-01T10:45:00Z is before OFFICER_RELEASED at "
                        + "2025-03-01T10:50:00Z (event r2)");
    }

    @Test
    void givenAPeriod_whenTheSameStartOrEndIsSentUnderANewEventId_thenDuplicateSameFact() {
        Fixtures.Run run = handedOver().then(retain("r1", 31), release("r2", 50));

        assertThat(run.decide(retain("r9", 31)).verdict())
                .isEqualTo(new Verdict.Duplicate(
                        RuleCode.R1_DUPLICATE,
                        "R1_DUPLICATE: same fact: officers retained from 2025-03-01T10:31:00Z are already recorded by "
                                + "event r1",
                        "r1"));
        assertThat(run.decide(release("r8", 50)).verdict().status()).isEqualTo(SubmissionStatus.DUPLICATE);
    }
}
