package uk.transferofcare.processor.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static uk.transferofcare.processor.domain.Fixtures.DELIVERY;
import static uk.transferofcare.processor.domain.Fixtures.ED;
import static uk.transferofcare.processor.domain.Fixtures.ED_SUPERVISOR;
import static uk.transferofcare.processor.domain.Fixtures.OFFICER;
import static uk.transferofcare.processor.domain.Fixtures.POLICE_SUPERVISOR;
import static uk.transferofcare.processor.domain.Fixtures.arrive;
import static uk.transferofcare.processor.domain.Fixtures.correct;
import static uk.transferofcare.processor.domain.Fixtures.min;
import static uk.transferofcare.processor.domain.Fixtures.preAlert;
import static uk.transferofcare.processor.domain.Fixtures.submit;

import java.util.List;
import org.junit.jupiter.api.Test;
import uk.transferofcare.vocabulary.CaseState;
import uk.transferofcare.vocabulary.EventType;
import uk.transferofcare.vocabulary.RuleCode;
import uk.transferofcare.vocabulary.TimePoint;

/** Rule 5: the first event for a point wins; changing it takes an append-only CORRECTED that keeps rule 3. */
class CorrectionRuleTest {

    @Test
    void
            givenArrivedAt1000ByE1_whenAnotherEventRecordsArrivalAt1003_thenRejectedAlreadyRecordedNamingTheValueAndEvent() {
        Fixtures.Run run = Fixtures.Run.of(arrive("e1", min(0)));

        Decision decision = run.decide(arrive("e2", min(3)).by(ED));

        assertThat(decision.verdict())
                .isEqualTo(new Verdict.Rejected(
                        RuleCode.R5_ALREADY_RECORDED,
                        "R5_ALREADY_RECORDED: ARRIVED is already recorded at 2025-03-01T10:00:00Z by event e1; "
                                + "2025-03-01T10:03:00Z would change it, which takes a CORRECTED event",
                        TimePoint.ARRIVED,
                        "occurredAt"));
        assertThat(decision.caseFile().timeline()).isEqualTo(run.caseFile.timeline());
    }

    @Test
    void givenAnOutcome_whenTheSameOutcomeAtAnotherInstantArrives_thenRejectedAlreadyRecorded() {
        Fixtures.Run run = Fixtures.Run.of(arrive("e1", min(0)), submit("e2", EventType.ABSCONDED, min(20)));

        Decision decision =
                run.decide(submit("e3", EventType.ABSCONDED, min(25)).by(ED));

        assertThat(decision.verdict().rule()).isEqualTo(RuleCode.R5_ALREADY_RECORDED);
        assertThat(decision.verdict().conflictingPoint()).isEqualTo(TimePoint.OUTCOME);
    }

    @Test
    void givenArrivedAt1000_whenASupervisorCorrectsItTo0958_thenTheValueChangesAndTheCorrectionIsAppended() {
        Fixtures.Run run = Fixtures.Run.of(arrive("e1", min(0)), submit("e2", EventType.ACKNOWLEDGED, min(10)));
        Submission correction =
                correct("c1", TimePoint.ARRIVED, min(-2), min(30)).build();

        Decision decision = run.machine.decide(run.caseFile, correction, min(31));

        assertThat(decision.verdict()).isEqualTo(new Verdict.Applied(3));
        AppliedEvent event = decision.events().get(0);
        assertThat(event.type()).isEqualTo(EventType.CORRECTED);
        assertThat(event.correctedFrom()).isEqualTo(min(0));
        assertThat(event.state()).isEqualTo(CaseState.ACKNOWLEDGED);
        CaseFile after = decision.caseFile();
        assertThat(after.timeline().record(TimePoint.ARRIVED))
                .isEqualTo(new PointRecord(
                        TimePoint.ARRIVED, min(-2), "e1", min(0).plus(DELIVERY), OFFICER, false, false, true));
        assertThat(after.corrections())
                .containsExactly(new Correction(
                        "c1",
                        TimePoint.ARRIVED,
                        min(0),
                        min(-2),
                        "clock of device was wrong",
                        ED_SUPERVISOR,
                        min(30).plus(DELIVERY)));
        assertThat(after.dataQuality().corrections()).isEqualTo(1);
        assertThat(after.intervals().arrivalToAcknowledgedSeconds()).isEqualTo(12 * 60L);
        assertThat(after.state()).isEqualTo(CaseState.ACKNOWLEDGED);
    }

    @Test
    void givenACorrectedPoint_whenCorrectedAgain_thenBothCorrectionsAreKeptInOrder() {
        Fixtures.Run run = Fixtures.Run.of(
                arrive("e1", min(0)),
                correct("c1", TimePoint.ARRIVED, min(-2), min(30)),
                correct("c2", TimePoint.ARRIVED, min(-1), min(40)).by(POLICE_SUPERVISOR));

        assertThat(run.caseFile.corrections())
                .extracting(Correction::eventId, Correction::from, Correction::to)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("c1", min(0), min(-2)),
                        org.assertj.core.groups.Tuple.tuple("c2", min(-2), min(-1)));
        assertThat(run.caseFile.timeline().arrivedAt()).isEqualTo(min(-1));
    }

    @Test
    void givenAcknowledgedAt1010_whenArrivalIsCorrectedAfterIt_thenRejectedR3() {
        Fixtures.Run run = Fixtures.Run.of(arrive("e1", min(0)), submit("e2", EventType.ACKNOWLEDGED, min(10)));

        Decision decision = run.decide(correct("c1", TimePoint.ARRIVED, min(11), min(30)));

        assertThat(decision.verdict())
                .isEqualTo(new Verdict.Rejected(
                        RuleCode.R3_ORDER,
                        "R3_ORDER: ARRIVED at 2025-03-01T10:11:00Z is after ACKNOWLEDGED recorded at "
                                + "2025-03-01T10:10:00Z by event e2",
                        TimePoint.ACKNOWLEDGED,
                        "correctedTo"));
        assertThat(decision.caseFile().corrections()).isEmpty();
    }

    @Test
    void givenNoHandover_whenHandedOverIsCorrected_thenRejectedNotRecorded() {
        Fixtures.Run run = Fixtures.Run.of(arrive("e1", min(0)));

        Decision decision = run.decide(correct("c1", TimePoint.HANDED_OVER, min(20), min(30)));

        assertThat(decision.verdict())
                .isEqualTo(new Verdict.Rejected(
                        RuleCode.NOT_RECORDED,
                        "NOT_RECORDED: HANDED_OVER was never recorded on case case-1; CORRECTED changes recorded "
                                + "points only",
                        TimePoint.HANDED_OVER,
                        "correctedPoint"));
    }

    @Test
    void givenACorrectionWithoutReason_whenSubmitted_thenRejectedMissingDetailNamingReason() {
        Fixtures.Run run = Fixtures.Run.of(arrive("e1", min(0)));

        Decision decision = run.decide(submit("c1", EventType.CORRECTED, min(30))
                .by(ED_SUPERVISOR)
                .details(Details.EMPTY.withCorrection(TimePoint.ARRIVED, min(-1), " ")));

        assertThat(decision.verdict())
                .isEqualTo(new Verdict.Rejected(
                        RuleCode.MISSING_DETAIL,
                        "MISSING_DETAIL: CORRECTED on case case-1 needs details.reason",
                        null,
                        "reason"));
    }

    @Test
    void givenACorrectionWithoutPointOrTime_whenSubmitted_thenRejectedMissingDetailNamingTheField() {
        Fixtures.Run run = Fixtures.Run.of(arrive("e1", min(0)));

        Decision noPoint = run.decide(submit("c1", EventType.CORRECTED, min(30))
                .by(ED_SUPERVISOR)
                .details(Details.EMPTY.withCorrection(null, min(-1), "why")));
        Decision noTime = run.decide(submit("c2", EventType.CORRECTED, min(30))
                .by(ED_SUPERVISOR)
                .details(Details.EMPTY.withCorrection(TimePoint.ARRIVED, null, "why")));

        assertThat(noPoint.verdict().message())
                .isEqualTo("MISSING_DETAIL: CORRECTED on case case-1 needs details.correctedPoint");
        assertThat(noTime.verdict().message())
                .isEqualTo("MISSING_DETAIL: CORRECTED on case case-1 needs details.correctedTo");
    }

    @Test
    void givenAnImpliedAcknowledgement_whenItIsCorrected_thenItBecomesARealPointRecordedByTheCorrection() {
        Fixtures.Run run = Fixtures.Run.of(arrive("e1", min(0)), submit("e2", EventType.HANDED_OVER, min(35)));

        Decision decision = run.decide(correct("c1", TimePoint.ACKNOWLEDGED, min(15), min(40)));

        assertThat(decision.caseFile().timeline().record(TimePoint.ACKNOWLEDGED))
                .isEqualTo(new PointRecord(
                        TimePoint.ACKNOWLEDGED,
                        min(15),
                        "c1",
                        min(40).plus(DELIVERY),
                        ED_SUPERVISOR,
                        false,
                        false,
                        true));
        assertThat(decision.caseFile().dataQuality().acknowledgedImplied()).isFalse();
        assertThat(decision.caseFile().corrections())
                .extracting(Correction::from)
                .containsExactly(min(35));
    }

    @Test
    void givenAPointAtSomeValue_whenACorrectionToTheSameValueArrives_thenDuplicateSameFact() {
        Fixtures.Run run = Fixtures.Run.of(arrive("e1", min(0)), correct("c1", TimePoint.ARRIVED, min(-3), min(30)));

        Decision decision = run.decide(correct("c2", TimePoint.ARRIVED, min(-3), min(31)));

        assertThat(decision.verdict())
                .isEqualTo(new Verdict.Duplicate(
                        RuleCode.R1_DUPLICATE,
                        "R1_DUPLICATE: same fact: ARRIVED is already at 2025-03-01T09:57:00Z (event c1); nothing to "
                                + "correct",
                        "c1"));
        assertThat(decision.caseFile().corrections()).hasSize(1);
    }

    @Test
    void givenAClosedCase_whenAPointIsCorrected_thenTheCompletedCaseIsEmittedAgain() {
        Fixtures.Run run = Fixtures.Run.of(
                arrive("e1", min(0)),
                submit("e2", EventType.HANDED_OVER, min(30)),
                submit("e3", EventType.CLEARED, min(50)));
        assertThat(run.last().emitCompletedCase()).isTrue();

        Decision decision =
                run.decide(correct("c1", TimePoint.CLEARED, min(55), min(60)).by(POLICE_SUPERVISOR));

        assertThat(decision.emitCompletedCase()).isTrue();
        assertThat(decision.caseFile().intervals())
                .isEqualTo(new Intervals(1800L, 1800L, 1500L, 3300L, null, null, null));
    }

    @Test
    void givenAnOfficer_whenTheySubmitACorrection_thenRejectedNotPermitted() {
        Fixtures.Run run = Fixtures.Run.of(preAlert("e1", min(-5)), arrive("e2", min(0)));

        Decision decision =
                run.decide(correct("c1", TimePoint.ARRIVED, min(-1), min(30)).by(OFFICER));

        assertThat(decision.verdict())
                .isEqualTo(new Verdict.Rejected(
                        RuleCode.NOT_PERMITTED,
                        "NOT_PERMITTED: CORRECTED may only be submitted by a SUPERVISOR of the case's site or police division",
                        null,
                        "type"));
        assertThat(decision.events()).isEqualTo(List.of());
    }
}
