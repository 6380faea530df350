package uk.transferofcare.processor.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static uk.transferofcare.processor.domain.Fixtures.CASE;
import static uk.transferofcare.processor.domain.Fixtures.DELIVERY;
import static uk.transferofcare.processor.domain.Fixtures.DIVISION;
import static uk.transferofcare.processor.domain.Fixtures.ED;
import static uk.transferofcare.processor.domain.Fixtures.OTHER_SITE;
import static uk.transferofcare.processor.domain.Fixtures.SITE;
import static uk.transferofcare.processor.domain.Fixtures.arrive;
import static uk.transferofcare.processor.domain.Fixtures.min;
import static uk.transferofcare.processor.domain.Fixtures.preAlert;
import static uk.transferofcare.processor.domain.Fixtures.submit;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import uk.transferofcare.vocabulary.CaseState;
import uk.transferofcare.vocabulary.EventType;
import uk.transferofcare.vocabulary.LegalBasis;
import uk.transferofcare.vocabulary.Role;
import uk.transferofcare.vocabulary.RuleCode;
import uk.transferofcare.vocabulary.TimePoint;

class TerminalOutcomeTest {

    @Test
    void givenPreAlertedCase_whenCancelled_thenTheCaseIsClosedAsCancelledAndCompletedIsEmitted() {
        Fixtures.Run run = Fixtures.Run.of(preAlert("e1", min(0)));

        Decision decision = run.decide(submit("e2", EventType.CANCELLED, min(5)));

        assertThat(decision.verdict()).isEqualTo(new Verdict.Applied(2));
        assertThat(decision.caseFile().state()).isEqualTo(CaseState.CANCELLED);
        assertThat(decision.caseFile().terminalOutcome()).isEqualTo(CaseState.CANCELLED);
        assertThat(decision.caseFile().timeline().outcomeAt()).isEqualTo(min(5));
        assertThat(decision.caseFile().isOpen()).isFalse();
        assertThat(decision.emitCompletedCase()).isTrue();
    }

    @Test
    void givenArrivedCase_whenCancelled_thenRejectedInvalidTransitionNamingTheArrival() {
        Fixtures.Run run = Fixtures.Run.of(preAlert("e1", min(0)), arrive("e2", min(10)));

        Decision decision = run.decide(submit("e3", EventType.CANCELLED, min(12)));

        assertThat(decision.verdict())
                .isEqualTo(new Verdict.Rejected(
                        RuleCode.INVALID_TRANSITION,
                        "INVALID_TRANSITION: CANCELLED is only possible before arrival, but ARRIVED is recorded at "
                                + "2025-03-01T10:10:00Z by event e2",
                        TimePoint.ARRIVED,
                        "type"));
    }

    @Test
    void givenCancelledCase_whenAnArrivalComes_thenRejectedInvalidTransition() {
        Fixtures.Run run = Fixtures.Run.of(preAlert("e1", min(0)), submit("e2", EventType.CANCELLED, min(15)));

        Decision decision = run.decide(arrive("e3", min(10)).by(ED));

        assertThat(decision.verdict())
                .isEqualTo(new Verdict.Rejected(
                        RuleCode.INVALID_TRANSITION,
                        "INVALID_TRANSITION: ARRIVED cannot follow CANCELLED: the case was cancelled before arrival "
                                + "(recorded at 2025-03-01T10:15:00Z by event e2)",
                        TimePoint.OUTCOME,
                        "type"));
    }

    @Test
    void givenHandedOverCase_whenAbscondedOrEndedWithoutHandoverOrDiverted_thenRejectedInvalidTransition() {
        Fixtures.Run run = Fixtures.Run.of(arrive("e1", min(0)), submit("e2", EventType.HANDED_OVER, min(30)));

        List<Decision> decisions = List.of(
                run.decide(submit("e3", EventType.ABSCONDED, min(40))),
                run.decide(
                        submit("e4", EventType.ENDED_WITHOUT_HANDOVER, min(40)).by(ED)),
                run.decide(submit("e5", EventType.DIVERTED, min(40))
                        .details(Details.EMPTY.withDestinationSiteCode(OTHER_SITE))));

        assertThat(decisions)
                .extracting(Decision::verdict)
                .containsExactly(
                        new Verdict.Rejected(
                                RuleCode.INVALID_TRANSITION,
                                "INVALID_TRANSITION: ABSCONDED is not possible after HANDED_OVER, recorded at "
                                        + "2025-03-01T10:30:00Z by event e2",
                                TimePoint.HANDED_OVER,
                                "type"),
                        new Verdict.Rejected(
                                RuleCode.INVALID_TRANSITION,
                                "INVALID_TRANSITION: ENDED_WITHOUT_HANDOVER is not possible after HANDED_OVER, "
                                        + "recorded at 2025-03-01T10:30:00Z by event e2",
                                TimePoint.HANDED_OVER,
                                "type"),
                        new Verdict.Rejected(
                                RuleCode.INVALID_TRANSITION,
                                "INVALID_TRANSITION: DIVERTED is not possible after HANDED_OVER, recorded at "
                                        + "2025-03-01T10:30:00Z by event e2",
                                TimePoint.HANDED_OVER,
                                "type"));
    }

    @Test
    void givenAbscondedCase_whenAHandoverComesLate_thenRejectedInvalidTransition() {
        Fixtures.Run run = Fixtures.Run.of(arrive("e1", min(0)), submit("e2", EventType.ABSCONDED, min(40)));

        Decision decision = run.decide(submit("e3", EventType.HANDED_OVER, min(30)));

        assertThat(decision.verdict().rule()).isEqualTo(RuleCode.INVALID_TRANSITION);
        assertThat(decision.verdict().message())
                .isEqualTo("INVALID_TRANSITION: HANDED_OVER cannot follow ABSCONDED (recorded at "
                        + "2025-03-01T10:40:00Z by event e2)");
    }

    @Test
    void givenAbscondedCase_whenAnotherOutcomeComes_thenRejectedInvalidTransition() {
        Fixtures.Run run = Fixtures.Run.of(arrive("e1", min(0)), submit("e2", EventType.ABSCONDED, min(40)));

        Decision decision = run.decide(submit("e3", EventType.ENDED_WITHOUT_HANDOVER, min(40)));

        assertThat(decision.verdict())
                .isEqualTo(new Verdict.Rejected(
                        RuleCode.INVALID_TRANSITION,
                        "INVALID_TRANSITION: ENDED_WITHOUT_HANDOVER cannot follow ABSCONDED (recorded at "
                                + "2025-03-01T10:40:00Z by event e2)",
                        TimePoint.OUTCOME,
                        "type"));
    }

    @Test
    void givenAbscondedCase_whenOfficersClear_thenClearedAtIsRecordedAndTheOutcomeStays() {
        Fixtures.Run run = Fixtures.Run.of(
                arrive("e1", min(0)), submit("e2", EventType.ABSCONDED, min(40)).by(ED));

        Decision decision = run.decide(submit("e3", EventType.CLEARED, min(55)));

        assertThat(decision.status()).isEqualTo(SubmissionStatus.APPLIED);
        assertThat(decision.caseFile().state()).isEqualTo(CaseState.ABSCONDED);
        assertThat(decision.events().get(0).state()).isEqualTo(CaseState.ABSCONDED);
        assertThat(decision.caseFile().intervals().timeAtEdSeconds()).isEqualTo(55 * 60L);
        assertThat(decision.caseFile().dataQuality().missingClearance()).isFalse();
        assertThat(decision.caseFile().dataQuality().complete()).isTrue();
        assertThat(decision.emitCompletedCase()).isTrue();
    }

    @Test
    void givenEndedWithoutHandover_whenAnAcknowledgementFitsLate_thenItIsFilledAndTheOutcomeStays() {
        Fixtures.Run run =
                Fixtures.Run.of(arrive("e1", min(0)), submit("e2", EventType.ENDED_WITHOUT_HANDOVER, min(90)));

        Decision decision = run.decide(submit("e3", EventType.ACKNOWLEDGED, min(10)));

        assertThat(decision.status()).isEqualTo(SubmissionStatus.APPLIED);
        assertThat(decision.caseFile().state()).isEqualTo(CaseState.ENDED_WITHOUT_HANDOVER);
        assertThat(decision.caseFile().timeline().acknowledgedAt()).isEqualTo(min(10));
    }

    @Test
    void givenArrivedCase_whenDivertedWithoutDestination_thenRejectedMissingDetail() {
        Fixtures.Run run = Fixtures.Run.of(arrive("e1", min(0)));

        Decision decision = run.decide(submit("e2", EventType.DIVERTED, min(10)));

        assertThat(decision.verdict())
                .isEqualTo(new Verdict.Rejected(
                        RuleCode.MISSING_DETAIL,
                        "MISSING_DETAIL: DIVERTED on case case-1 needs details.destinationSiteCode",
                        null,
                        "destinationSiteCode"));
    }

    @Test
    void givenArrivedCase_whenDivertedToItsOwnSite_thenRejectedInvalidDetail() {
        Fixtures.Run run = Fixtures.Run.of(arrive("e1", min(0)));

        Decision decision = run.decide(
                submit("e2", EventType.DIVERTED, min(10)).details(Details.EMPTY.withDestinationSiteCode(SITE)));

        assertThat(decision.verdict())
                .isEqualTo(new Verdict.Rejected(
                        RuleCode.INVALID_DETAIL,
                        "INVALID_DETAIL: DIVERTED on case case-1 diverts to its own site QEUH",
                        null,
                        "destinationSiteCode"));
    }

    @Test
    void givenPreAlertedCase_whenDiverted_thenALinkedCaseIsPreAlertedAtTheDestinationWithTheSameDetails() {
        Fixtures.Run run = Fixtures.Run.of(preAlert("e1", min(0))
                .details(Details.site(SITE)
                        .withLegalBasis(LegalBasis.S297)
                        .withRemovedAt(min(-30))
                        .withOfficerCount(2)
                        .withLocalReference("INC-77")));

        Decision decision = run.decide(submit("e2", EventType.DIVERTED, min(8))
                .details(Details.EMPTY.withDestinationSiteCode(OTHER_SITE).withEta(min(40))));

        String linkedId = UUID.nameUUIDFromBytes(("uk.transferofcare:linked-case:" + CASE + ":e2").getBytes())
                .toString();
        assertThat(HandoverStateMachine.linkedCaseIdFor(CASE, "e2")).isEqualTo(linkedId);
        CaseFile diverted = decision.caseFile();
        assertThat(diverted.state()).isEqualTo(CaseState.DIVERTED);
        assertThat(diverted.divertedToCaseId()).isEqualTo(linkedId);
        assertThat(diverted.destinationSiteCode()).isEqualTo(OTHER_SITE);
        assertThat(decision.linkedCaseSubmissions())
                .containsExactly(new Submission(
                        UUID.nameUUIDFromBytes(
                                        ("uk.transferofcare:linked-pre-alert:" + CASE + ":" + linkedId).getBytes())
                                .toString(),
                        linkedId,
                        EventType.PRE_ALERTED,
                        min(8),
                        min(8).plus(DELIVERY),
                        new Actor("handover-processor", Role.SYSTEM, DIVISION),
                        Source.PROCESSOR,
                        Details.site(OTHER_SITE)
                                .withLegalBasis(LegalBasis.S297)
                                .withRemovedAt(min(-30))
                                .withEta(min(40))
                                .withOfficerCount(2)
                                .withLocalReference("INC-77")
                                .withLinkedCaseId(CASE)));
    }

    @Test
    void givenADiversion_whenTheClientNamesALinkedCaseId_thenRejectedInvalidDetail() {
        Fixtures.Run run = Fixtures.Run.of(arrive("e1", min(0)));

        Decision decision = run.decide(submit("e2", EventType.DIVERTED, min(8))
                .details(Details.EMPTY.withDestinationSiteCode(OTHER_SITE).withLinkedCaseId("case-2")));

        assertThat(decision.verdict())
                .isEqualTo(new Verdict.Rejected(
                        RuleCode.INVALID_DETAIL,
                        "INVALID_DETAIL: DIVERTED on case case-1 names a linked case; the processor chooses the id of"
                                + " the case a diversion opens and returns it in the DIVERTED's outcome",
                        null,
                        "linkedCaseId"));
        assertThat(decision.linkedCaseSubmissions()).isEmpty();
    }

    @Test
    void
            givenAnExistingCaseOfAnotherDivision_whenTheLinkedPreAlertOfADiversionMeetsIt_thenRejectedAndTheCaseIsUnchanged() {
        HandoverStateMachine machine = new HandoverStateMachine();
        Fixtures.Run diverted = Fixtures.Run.of(
                preAlert("e1", min(0)),
                submit("e2", EventType.DIVERTED, min(8)).details(Details.EMPTY.withDestinationSiteCode(OTHER_SITE)));
        Submission linked = diverted.last().linkedCaseSubmissions().get(0);
        CaseFile squatter = machine.decide(
                        null,
                        preAlert("s1", min(1))
                                .forCase(linked.caseId())
                                .by(new Actor("PC9", Role.OFFICER, "E"))
                                .details(Details.site(OTHER_SITE))
                                .build(),
                        min(2))
                .caseFile();

        Decision decision = machine.decide(squatter, linked, min(9));

        assertThat(decision.verdict().rule()).isEqualTo(RuleCode.CASE_MISMATCH);
        assertThat(decision.events()).isEmpty();
        assertThat(decision.caseFile().timeline()).isEqualTo(squatter.timeline());
    }

    @Test
    void givenTheLinkedPreAlert_whenTheProcessorDecidesIt_thenTheLinkedCaseOpensAtTheDestinationLinkedToTheOriginal() {
        HandoverStateMachine machine = new HandoverStateMachine();
        Fixtures.Run run = Fixtures.Run.of(
                preAlert("e1", min(0))
                        .details(Details.site(SITE)
                                .withLegalBasis(LegalBasis.S136)
                                .withOfficerCount(2)),
                submit("e2", EventType.DIVERTED, min(8)).details(Details.EMPTY.withDestinationSiteCode(OTHER_SITE)));
        Submission linked = run.last().linkedCaseSubmissions().get(0);

        Decision decision = machine.decide(null, linked, min(9));

        CaseFile opened = decision.caseFile();
        assertThat(decision.status()).isEqualTo(SubmissionStatus.APPLIED);
        assertThat(opened.caseId()).isEqualTo(run.caseFile.divertedToCaseId());
        assertThat(opened.siteCode()).isEqualTo(OTHER_SITE);
        assertThat(opened.linkedFromCaseId()).isEqualTo(CASE);
        assertThat(opened.policeDivision()).isEqualTo(DIVISION);
        assertThat(opened.legalBasis()).isEqualTo(LegalBasis.S136);
        assertThat(opened.officerCount()).isEqualTo(2);
        assertThat(opened.state()).isEqualTo(CaseState.PRE_ALERTED);

        Decision officersArrive = machine.decide(
                opened,
                arrive("e3", min(30))
                        .forCase(opened.caseId())
                        .details(Details.site(OTHER_SITE))
                        .build(),
                min(31));
        assertThat(officersArrive.status()).isEqualTo(SubmissionStatus.APPLIED);
    }

    @Test
    void givenADivertedCase_whenOfficersClearLater_thenTheOutcomeStaysDiverted() {
        Fixtures.Run run = Fixtures.Run.of(
                arrive("e1", min(0)),
                submit("e2", EventType.DIVERTED, min(20)).details(Details.EMPTY.withDestinationSiteCode(OTHER_SITE)));

        Decision decision = run.decide(submit("e3", EventType.CLEARED, min(25)));

        assertThat(decision.caseFile().state()).isEqualTo(CaseState.DIVERTED);
        assertThat(decision.linkedCaseSubmissions()).isEmpty();
        assertThat(decision.emitCompletedCase()).isTrue();
    }

    @Test
    void givenAClosedCase_whenASubmissionIsRejectedOrDuplicated_thenTheCompletedCaseIsNotEmittedAgain() {
        Fixtures.Run run = Fixtures.Run.of(arrive("e1", min(0)), submit("e2", EventType.CLEARED, min(60)));

        Decision rejected = run.decide(submit("e3", EventType.HANDED_OVER, min(70)));
        Decision duplicate = run.decide(submit("e2", EventType.CLEARED, min(60)));

        assertThat(rejected.status()).isEqualTo(SubmissionStatus.REJECTED);
        assertThat(rejected.emitCompletedCase()).isFalse();
        assertThat(duplicate.emitCompletedCase()).isFalse();
    }
}
