package uk.transferofcare.processor.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static uk.transferofcare.processor.domain.Fixtures.ED;
import static uk.transferofcare.processor.domain.Fixtures.ED_SUPERVISOR;
import static uk.transferofcare.processor.domain.Fixtures.OFFICER;
import static uk.transferofcare.processor.domain.Fixtures.POLICE_SUPERVISOR;
import static uk.transferofcare.processor.domain.Fixtures.arrive;
import static uk.transferofcare.processor.domain.Fixtures.min;
import static uk.transferofcare.processor.domain.Fixtures.preAlert;
import static uk.transferofcare.processor.domain.Fixtures.submit;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import uk.transferofcare.vocabulary.CaseState;
import uk.transferofcare.vocabulary.Disposition;
import uk.transferofcare.vocabulary.EventType;
import uk.transferofcare.vocabulary.Role;
import uk.transferofcare.vocabulary.RuleCode;
import uk.transferofcare.vocabulary.TimePoint;

/** DISPOSITION_RECORDED and CLEARED's disposition: after arrival, also after closure; the latest stands. */
class DispositionRuleTest {

    private static final Actor OTHER_DIVISION_OFFICER = new Actor("PC9", Role.OFFICER, "E");

    private static Fixtures.Builder disposition(String eventId, Disposition value, Instant at) {
        return submit(eventId, EventType.DISPOSITION_RECORDED, at).details(Details.EMPTY.withDisposition(value));
    }

    private static Fixtures.Run clearedCase() {
        return Fixtures.Run.of(
                preAlert("e1", min(0)),
                arrive("e2", min(10)),
                submit("e3", EventType.HANDED_OVER, min(40)),
                submit("e4", EventType.CLEARED, min(50)));
    }

    @Test
    void givenAnArrivedCase_whenEdStaffRecordADisposition_thenItStandsAndIsKeptWithItsSequenceAndActor() {
        Fixtures.Run run = Fixtures.Run.of(arrive("e1", min(0)), submit("e2", EventType.HANDED_OVER, min(30)));

        Decision decision = run.decide(disposition("e3", Disposition.ADMITTED_INFORMAL, min(35)));

        assertThat(decision.verdict()).isEqualTo(new Verdict.Applied(3));
        assertThat(decision.caseFile().disposition()).isEqualTo(Disposition.ADMITTED_INFORMAL);
        assertThat(decision.caseFile().dispositions())
                .containsExactly(new DispositionRecord(
                        "e3", 3, Disposition.ADMITTED_INFORMAL, min(35), ED, null, min(35).plus(Fixtures.DELIVERY)));
        assertThat(decision.caseFile().state()).isEqualTo(CaseState.HANDED_OVER);
        assertThat(decision.emitCompletedCase()).isFalse();
        assertThat(decision.events()).singleElement().satisfies(event -> {
            assertThat(event.type()).isEqualTo(EventType.DISPOSITION_RECORDED);
            assertThat(event.details().disposition()).isEqualTo(Disposition.ADMITTED_INFORMAL);
        });
    }

    @Test
    void givenAClearedCase_whenTheDispositionIsRecordedLater_thenItIsAppliedAndTheCompletedCaseIsEmittedAgain() {
        Fixtures.Run run = clearedCase();

        Decision decision =
                run.decide(disposition("e5", Disposition.DISCHARGED, min(300)).by(OFFICER));

        assertThat(decision.verdict()).isEqualTo(new Verdict.Applied(5));
        assertThat(decision.caseFile().disposition()).isEqualTo(Disposition.DISCHARGED);
        assertThat(decision.caseFile().state()).isEqualTo(CaseState.CLEARED);
        assertThat(decision.emitCompletedCase()).isTrue();
    }

    @Test
    void givenClearedWithADisposition_whenApplied_thenTheClearanceFormRecordsIt() {
        Fixtures.Run run = Fixtures.Run.of(arrive("e1", min(0)), submit("e2", EventType.HANDED_OVER, min(30)));

        Decision decision = run.decide(submit("e3", EventType.CLEARED, min(45))
                .details(Details.EMPTY.withDisposition(Disposition.REFERRED_DBI)));

        assertThat(decision.verdict()).isEqualTo(new Verdict.Applied(3));
        assertThat(decision.caseFile().disposition()).isEqualTo(Disposition.REFERRED_DBI);
        assertThat(decision.caseFile().dispositions())
                .singleElement()
                .isEqualTo(new DispositionRecord(
                        "e3", 3, Disposition.REFERRED_DBI, min(45), OFFICER, null, min(45).plus(Fixtures.DELIVERY)));
    }

    @Test
    void
            givenSeveralDispositions_whenTheyArriveOutOfOrder_thenTheLatestByOccurredAtStandsAndTiesGoToTheLaterSequence() {
        Fixtures.Run run = clearedCase()
                .then(disposition("e5", Disposition.ADMITTED_DETAINED, min(120)))
                .then(disposition("e6", Disposition.DISCHARGED, min(60)));

        assertThat(run.caseFile.disposition()).isEqualTo(Disposition.ADMITTED_DETAINED);

        run.then(disposition("e7", Disposition.OTHER, min(120)).by(OFFICER));

        assertThat(run.caseFile.disposition()).isEqualTo(Disposition.OTHER);
        assertThat(run.caseFile.dispositions())
                .extracting(DispositionRecord::eventId)
                .containsExactly("e5", "e6", "e7");
    }

    @Test
    void givenARecordedDisposition_whenASupervisorCorrectsItWithAReason_thenTheCorrectionStands() {
        Fixtures.Run run = clearedCase().then(disposition("e5", Disposition.DISCHARGED, min(60)));

        Decision decision = run.decide(disposition("e6", Disposition.ADMITTED_INFORMAL, min(90))
                .by(POLICE_SUPERVISOR)
                .details(Details.EMPTY
                        .withDisposition(Disposition.ADMITTED_INFORMAL)
                        .withReason("recorded on the wrong case")));

        assertThat(decision.verdict()).isEqualTo(new Verdict.Applied(6));
        assertThat(decision.caseFile().disposition()).isEqualTo(Disposition.ADMITTED_INFORMAL);
        assertThat(decision.caseFile().dispositions().get(1).reason()).isEqualTo("recorded on the wrong case");
    }

    @Test
    void givenASupervisorWithoutAReason_whenRecordingADisposition_thenRejectedMissingReason() {
        Fixtures.Run run = clearedCase();

        Decision decision =
                run.decide(disposition("e5", Disposition.DISCHARGED, min(60)).by(ED_SUPERVISOR));

        assertThat(decision.verdict())
                .isEqualTo(new Verdict.Rejected(
                        RuleCode.MISSING_DETAIL,
                        "MISSING_DETAIL: DISPOSITION_RECORDED on case case-1 by a SUPERVISOR (a correction) needs"
                                + " details.reason",
                        null,
                        "reason"));
    }

    @Test
    void givenNoDisposition_whenDispositionRecordedIsSubmitted_thenRejectedMissingDetail() {
        Fixtures.Run run = clearedCase();

        Decision decision = run.decide(submit("e5", EventType.DISPOSITION_RECORDED, min(60)));

        assertThat(decision.verdict())
                .isEqualTo(new Verdict.Rejected(
                        RuleCode.MISSING_DETAIL,
                        "MISSING_DETAIL: DISPOSITION_RECORDED on case case-1 needs details.disposition",
                        null,
                        "disposition"));
    }

    @Test
    void givenAPreAlertedCase_whenADispositionComesBeforeArrival_thenRejectedInvalidTransitionNamingArrival() {
        Fixtures.Run run = Fixtures.Run.of(preAlert("e1", min(0)));

        Decision decision = run.decide(disposition("e2", Disposition.DISCHARGED, min(5)));

        assertThat(decision.verdict())
                .isEqualTo(new Verdict.Rejected(
                        RuleCode.INVALID_TRANSITION,
                        "INVALID_TRANSITION: DISPOSITION_RECORDED is only possible after arrival, and ARRIVED is not"
                                + " recorded",
                        TimePoint.ARRIVED,
                        "type"));
    }

    @Test
    void givenAnArrivedCase_whenTheDispositionIsDatedBeforeArrival_thenRejectedOrder() {
        Fixtures.Run run = Fixtures.Run.of(arrive("e1", min(10)));

        Decision decision = run.decide(disposition("e2", Disposition.DISCHARGED, min(5)));

        assertThat(decision.verdict())
                .isEqualTo(new Verdict.Rejected(
                        RuleCode.R3_ORDER,
                        "R3_ORDER: DISPOSITION_RECORDED at 2025-03-01T10:05:00Z is before ARRIVED recorded at"
                                + " 2025-03-01T10:10:00Z by event e1",
                        TimePoint.ARRIVED,
                        "occurredAt"));
    }

    @Test
    void givenAVoidCase_whenADispositionIsRecorded_thenRejectedCaseVoid() {
        Fixtures.Run run = clearedCase()
                .then(submit("e5", EventType.ENTERED_IN_ERROR, min(60))
                        .details(Details.EMPTY.withReason("opened twice")));

        Decision decision = run.decide(disposition("e6", Disposition.DISCHARGED, min(70)));

        assertThat(decision.verdict().rule()).isEqualTo(RuleCode.CASE_VOID);
    }

    @Test
    void givenTheSameDispositionAtTheSameInstantUnderAnotherId_whenSubmitted_thenDuplicateOfTheFirst() {
        Fixtures.Run run = clearedCase().then(disposition("e5", Disposition.DISCHARGED, min(60)));

        Decision decision = run.decide(disposition("e6", Disposition.DISCHARGED, min(60)));

        assertThat(decision.verdict())
                .isEqualTo(new Verdict.Duplicate(
                        RuleCode.R1_DUPLICATE,
                        "R1_DUPLICATE: same fact: disposition DISCHARGED at 2025-03-01T11:00:00Z is already recorded"
                                + " by event e5",
                        "e5"));
        assertThat(decision.caseFile().dispositions()).hasSize(1);
    }

    @Test
    void givenAnOfficerOfAnotherDivision_whenRecordingADisposition_thenNotPermitted() {
        Fixtures.Run run = clearedCase();

        Decision decision =
                run.decide(disposition("e5", Disposition.DISCHARGED, min(60)).by(OTHER_DIVISION_OFFICER));

        assertThat(decision.verdict().rule()).isEqualTo(RuleCode.NOT_PERMITTED);
    }

    @Test
    void givenADispositionOnAnotherType_whenSubmitted_thenRejectedInvalidDetail() {
        Fixtures.Run run = Fixtures.Run.of(arrive("e1", min(0)));

        List<Decision> decisions = List.of(
                run.decide(submit("e2", EventType.HANDED_OVER, min(30))
                        .details(Details.EMPTY.withDisposition(Disposition.DISCHARGED))),
                run.decide(submit("e3", EventType.HANDED_OVER, min(30))
                        .details(Details.EMPTY.withReferralPathway(uk.transferofcare.vocabulary.ReferralPathway.DBI))));

        assertThat(decisions)
                .extracting(
                        decision -> decision.verdict().rule(),
                        decision -> decision.verdict().field())
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(RuleCode.INVALID_DETAIL, "disposition"),
                        org.assertj.core.groups.Tuple.tuple(RuleCode.INVALID_DETAIL, "referralPathway"));
    }
}
