package uk.transferofcare.processor.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static uk.transferofcare.processor.domain.Fixtures.ADMIN;
import static uk.transferofcare.processor.domain.Fixtures.DELIVERY;
import static uk.transferofcare.processor.domain.Fixtures.ED_SUPERVISOR;
import static uk.transferofcare.processor.domain.Fixtures.arrive;
import static uk.transferofcare.processor.domain.Fixtures.min;
import static uk.transferofcare.processor.domain.Fixtures.submit;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import uk.transferofcare.vocabulary.CaseState;
import uk.transferofcare.vocabulary.EventType;
import uk.transferofcare.vocabulary.LegalBasis;
import uk.transferofcare.vocabulary.RuleCode;

/** ENTERED_IN_ERROR voids a case from any state; the case is final. */
class VoidCaseTest {

    private static Fixtures.Builder voidIt(String eventId, long minute) {
        return submit(eventId, EventType.ENTERED_IN_ERROR, min(minute))
                .details(Details.EMPTY.withReason("test record"));
    }

    @Test
    void givenAnOpenCase_whenASupervisorEntersItInError_thenTheCaseIsVoidClosedAndCompletedIsEmitted() {
        Fixtures.Run run = Fixtures.Run.of(arrive("e1", min(0)), submit("e2", EventType.ACKNOWLEDGED, min(5)));

        Decision decision = run.decide(voidIt("v1", 10));

        assertThat(decision.verdict()).isEqualTo(new Verdict.Applied(3));
        assertThat(decision.caseFile().state()).isEqualTo(CaseState.ENTERED_IN_ERROR);
        assertThat(decision.caseFile().voiding())
                .isEqualTo(new Voiding("v1", min(10), "test record", ED_SUPERVISOR, min(10).plus(DELIVERY)));
        assertThat(decision.caseFile().isOpen()).isFalse();
        assertThat(decision.emitCompletedCase()).isTrue();
        assertThat(decision.events().get(0).state()).isEqualTo(CaseState.ENTERED_IN_ERROR);
    }

    @Test
    void givenAClosedCase_whenAnAdminEntersItInError_thenRejectedBecauseAdminsSubmitNothing() {
        Fixtures.Run run = Fixtures.Run.of(arrive("e1", min(0)), submit("e2", EventType.CLEARED, min(50)));

        Decision decision = run.decide(voidIt("v1", 60).by(ADMIN));

        assertThat(decision.verdict().rule()).isEqualTo(RuleCode.NOT_PERMITTED);
        assertThat(decision.caseFile().state()).isEqualTo(CaseState.CLEARED);
    }

    @Test
    void givenEnteredInErrorWithoutReason_whenSubmitted_thenRejectedMissingDetail() {
        Fixtures.Run run = Fixtures.Run.of(arrive("e1", min(0)));

        Decision decision = run.decide(submit("v1", EventType.ENTERED_IN_ERROR, min(10)));

        assertThat(decision.verdict())
                .isEqualTo(new Verdict.Rejected(
                        RuleCode.MISSING_DETAIL,
                        "MISSING_DETAIL: ENTERED_IN_ERROR on case case-1 needs details.reason",
                        null,
                        "reason"));
    }

    @Test
    void givenAVoidCase_whenAnyNewSubmissionComes_thenRejectedCaseVoid() {
        Fixtures.Run run = Fixtures.Run.of(arrive("e1", min(0)), voidIt("v1", 10));

        Decision acknowledgement = run.decide(submit("e2", EventType.ACKNOWLEDGED, min(5)));
        Decision secondVoid = run.decide(voidIt("v2", 11));
        Decision sameFactArrival = run.decide(arrive("e3", min(0)));

        String message = "CASE_VOID: case case-1 was entered in error by event v1 at 2025-03-01T10:10:00Z and "
                + "accepts no further events";
        assertThat(acknowledgement.verdict())
                .isEqualTo(new Verdict.Rejected(RuleCode.CASE_VOID, message, null, "caseId"));
        assertThat(secondVoid.verdict()).isEqualTo(new Verdict.Rejected(RuleCode.CASE_VOID, message, null, "caseId"));
        assertThat(sameFactArrival.verdict())
                .isEqualTo(new Verdict.Rejected(RuleCode.CASE_VOID, message, null, "caseId"));
    }

    @Test
    void givenAVoidCase_whenAnEarlierEventIsResent_thenItsVerdictIsRepeated() {
        Fixtures.Run run = Fixtures.Run.of(arrive("e1", min(0)), voidIt("v1", 10));

        Decision arrival = run.decide(arrive("e1", min(0)));
        Decision voiding = run.decide(voidIt("v1", 10));

        assertThat(arrival.verdict()).isEqualTo(new Verdict.Applied(1));
        assertThat(arrival.resend()).isTrue();
        assertThat(voiding.verdict()).isEqualTo(new Verdict.Applied(2));
        assertThat(voiding.resend()).isTrue();
    }

    @Test
    void givenAVoidCase_whenTimeGoesOn_thenNoTimerFires() {
        Fixtures.Run run = Fixtures.Run.of(
                arrive("e1", min(0)).details(Details.site(Fixtures.SITE).withLegalBasis(LegalBasis.S136)),
                voidIt("v1", 10));

        TickResult tick = run.machine.tick(run.caseFile, min(60 * 48));

        assertThat(tick.events()).isEmpty();
        assertThat(run.machine.nextDueAt(run.caseFile)).isEqualTo(Optional.empty());
    }
}
