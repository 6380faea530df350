package uk.transferofcare.processor.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static uk.transferofcare.processor.domain.Fixtures.ED;
import static uk.transferofcare.processor.domain.Fixtures.arrive;
import static uk.transferofcare.processor.domain.Fixtures.min;
import static uk.transferofcare.processor.domain.Fixtures.submit;

import org.junit.jupiter.api.Test;
import uk.transferofcare.vocabulary.CaseState;
import uk.transferofcare.vocabulary.EventType;
import uk.transferofcare.vocabulary.RuleCode;
import uk.transferofcare.vocabulary.TimePoint;

/**
 * Rule 6: HANDED_OVER without ACKNOWLEDGED implies acknowledgedAt. Decision: the implied value is
 * handoverStartedAt when recorded, else handedOverAt; a real ACKNOWLEDGED arriving later replaces
 * it when it fits, since the implied value was never a recorded first event.
 */
class ImpliedAcknowledgementRuleTest {

    @Test
    void givenArrivedCase_whenHandedOverWithoutAcknowledgement_thenAcknowledgedAtIsImpliedAtTheHandover() {
        Fixtures.Run run = Fixtures.Run.of(arrive("e1", min(0)));

        Decision decision = run.decide(submit("e2", EventType.HANDED_OVER, min(35)));

        assertThat(decision.caseFile().timeline().record(TimePoint.ACKNOWLEDGED))
                .isEqualTo(new PointRecord(
                        TimePoint.ACKNOWLEDGED,
                        min(35),
                        "e2",
                        min(35).plus(Fixtures.DELIVERY),
                        ED,
                        true,
                        false,
                        false));
        assertThat(decision.caseFile().dataQuality().acknowledgedImplied()).isTrue();
        assertThat(decision.caseFile().intervals().arrivalToAcknowledgedSeconds())
                .isEqualTo(35 * 60L);
        assertThat(decision.caseFile().state()).isEqualTo(CaseState.HANDED_OVER);
    }

    @Test
    void
            givenImpliedAcknowledgement_whenARealAcknowledgementArrivesLateBeforeTheHandover_thenItReplacesTheImpliedValue() {
        Fixtures.Run run = Fixtures.Run.of(arrive("e1", min(0)), submit("e2", EventType.HANDED_OVER, min(35)));

        Decision decision =
                run.decide(submit("e3", EventType.ACKNOWLEDGED, min(12)).received(min(40)));

        assertThat(decision.verdict()).isEqualTo(new Verdict.Applied(3));
        assertThat(decision.events().get(0).late()).isTrue();
        assertThat(decision.caseFile().timeline().record(TimePoint.ACKNOWLEDGED))
                .isEqualTo(new PointRecord(TimePoint.ACKNOWLEDGED, min(12), "e3", min(40), ED, false, true, false));
        assertThat(decision.caseFile().dataQuality().acknowledgedImplied()).isFalse();
        assertThat(decision.caseFile().intervals().arrivalToAcknowledgedSeconds())
                .isEqualTo(12 * 60L);
    }

    @Test
    void
            givenImpliedAcknowledgement_whenARealAcknowledgementAtTheHandoverInstantArrives_thenItIsAppliedNotADuplicate() {
        Fixtures.Run run = Fixtures.Run.of(arrive("e1", min(0)), submit("e2", EventType.HANDED_OVER, min(35)));

        Decision decision = run.decide(submit("e3", EventType.ACKNOWLEDGED, min(35)));

        assertThat(decision.status()).isEqualTo(SubmissionStatus.APPLIED);
        assertThat(decision.caseFile().timeline().acknowledgedImplied()).isFalse();
    }

    @Test
    void givenImpliedAcknowledgement_whenARealAcknowledgementAfterTheHandoverArrives_thenRejectedNamingHandedOver() {
        Fixtures.Run run = Fixtures.Run.of(arrive("e1", min(0)), submit("e2", EventType.HANDED_OVER, min(35)));

        Decision decision = run.decide(submit("e3", EventType.ACKNOWLEDGED, min(36)));

        assertThat(decision.verdict())
                .isEqualTo(new Verdict.Rejected(
                        RuleCode.R3_ORDER,
                        "R3_ORDER: ACKNOWLEDGED at 2025-03-01T10:36:00Z is after HANDED_OVER recorded at "
                                + "2025-03-01T10:35:00Z by event e2",
                        TimePoint.HANDED_OVER,
                        "occurredAt"));
        assertThat(decision.caseFile().timeline().acknowledgedImplied()).isTrue();
    }

    @Test
    void
            givenHandoverStarted_whenHandedOverWithoutAcknowledgement_thenTheImpliedValueIsTheHandoverStartSoTheOrderHolds() {
        Fixtures.Run run = Fixtures.Run.of(
                arrive("e1", min(0)),
                submit("e2", EventType.HANDOVER_STARTED, min(20)),
                submit("e3", EventType.HANDED_OVER, min(35)));

        assertThat(run.caseFile.timeline().acknowledgedAt()).isEqualTo(min(20));
        assertThat(run.caseFile.timeline().acknowledgedImplied()).isTrue();
    }

    @Test
    void givenImpliedAcknowledgement_whenAnEarlierHandoverStartArrivesLate_thenTheImpliedValueFollowsIt() {
        Fixtures.Run run = Fixtures.Run.of(arrive("e1", min(0)), submit("e2", EventType.HANDED_OVER, min(35)));

        Decision decision = run.decide(submit("e3", EventType.HANDOVER_STARTED, min(20)));

        assertThat(decision.status()).isEqualTo(SubmissionStatus.APPLIED);
        assertThat(decision.caseFile().timeline().acknowledgedAt()).isEqualTo(min(20));
        assertThat(decision.caseFile().timeline().acknowledgedImplied()).isTrue();
    }

    @Test
    void givenARealAcknowledgement_whenHandedOverComes_thenNothingIsImplied() {
        Fixtures.Run run = Fixtures.Run.of(
                arrive("e1", min(0)),
                submit("e2", EventType.ACKNOWLEDGED, min(5)),
                submit("e3", EventType.HANDED_OVER, min(35)));

        assertThat(run.caseFile.timeline().acknowledgedAt()).isEqualTo(min(5));
        assertThat(run.caseFile.dataQuality().acknowledgedImplied()).isFalse();
    }
}
