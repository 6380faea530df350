package uk.transferofcare.processor.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static uk.transferofcare.processor.domain.Fixtures.DELIVERY;
import static uk.transferofcare.processor.domain.Fixtures.DIVISION;
import static uk.transferofcare.processor.domain.Fixtures.ED;
import static uk.transferofcare.processor.domain.Fixtures.ED_SUPERVISOR;
import static uk.transferofcare.processor.domain.Fixtures.OFFICER;
import static uk.transferofcare.processor.domain.Fixtures.OTHER_DIVISION;
import static uk.transferofcare.processor.domain.Fixtures.OTHER_SITE;
import static uk.transferofcare.processor.domain.Fixtures.POLICE_SUPERVISOR;
import static uk.transferofcare.processor.domain.Fixtures.SITE;
import static uk.transferofcare.processor.domain.Fixtures.arrive;
import static uk.transferofcare.processor.domain.Fixtures.correct;
import static uk.transferofcare.processor.domain.Fixtures.min;
import static uk.transferofcare.processor.domain.Fixtures.submit;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import uk.transferofcare.vocabulary.EventType;
import uk.transferofcare.vocabulary.LegalBasis;
import uk.transferofcare.vocabulary.Role;
import uk.transferofcare.vocabulary.RuleCode;
import uk.transferofcare.vocabulary.TimePoint;

/**
 * Relief and mistakes: DIVISION_TRANSFERRED, CORRECTED of the division, legal basis, site and a removal time that was
 * never recorded, and LEGAL_CLOCK_EXTENDED.
 */
class ReliefRuleTest {

    private static final Actor SUPERVISOR_OF_OTHER_DIVISION = new Actor("SGT88", Role.SUPERVISOR, OTHER_DIVISION);
    private static final Actor OFFICER_OF_OTHER_DIVISION = new Actor("PC9999", Role.OFFICER, OTHER_DIVISION);
    private static final Actor ED_OF_OTHER_SITE = new Actor("RN0099", Role.ED_STAFF, OTHER_SITE);
    private static final Duration DAY = Duration.ofHours(24);
    private static final Duration EXTENSION = Duration.ofHours(12);

    private static Fixtures.Builder transfer(String eventId, Instant at, String to) {
        return submit(eventId, EventType.DIVISION_TRANSFERRED, at)
                .by(POLICE_SUPERVISOR)
                .details(Details.EMPTY.withPoliceDivision(to).withReason("shift change"));
    }

    private static Fixtures.Builder extend(String eventId, Instant at) {
        return submit(eventId, EventType.LEGAL_CLOCK_EXTENDED, at).by(ED);
    }

    private static Fixtures.Builder correctField(String eventId, Instant at, Details fields) {
        return submit(eventId, EventType.CORRECTED, at)
                .by(POLICE_SUPERVISOR)
                .details(fields.withReason("recorded wrongly"));
    }

    private static Fixtures.Builder arriveUnder(String eventId, Instant at, LegalBasis basis) {
        return arrive(eventId, at).details(Details.site(SITE).withLegalBasis(basis));
    }

    private static Verdict.Rejected rejected(Decision decision) {
        assertThat(decision.verdict()).isInstanceOf(Verdict.Rejected.class);
        return (Verdict.Rejected) decision.verdict();
    }

    // ---------------------------------------------------------------------------------------------
    // DIVISION_TRANSFERRED

    @Test
    void givenAnOpenCaseOfDivisionG_whenASupervisorOfGTransfersItToE_thenItBelongsToEAndTheTransferIsKept() {
        Fixtures.Run run = Fixtures.Run.of(arrive("e1", min(0)));

        Decision decision = run.decide(transfer("t1", min(30), OTHER_DIVISION));

        assertThat(decision.verdict()).isEqualTo(new Verdict.Applied(2));
        CaseFile after = decision.caseFile();
        assertThat(after.policeDivision()).isEqualTo(OTHER_DIVISION);
        assertThat(after.divisionTransfers())
                .containsExactly(new DivisionTransfer(
                        "t1",
                        DIVISION,
                        OTHER_DIVISION,
                        min(30),
                        "shift change",
                        POLICE_SUPERVISOR,
                        min(30).plus(DELIVERY)));
        assertThat(decision.events()).singleElement().satisfies(event -> {
            assertThat(event.type()).isEqualTo(EventType.DIVISION_TRANSFERRED);
            assertThat(event.policeDivision()).isEqualTo(OTHER_DIVISION);
        });
        assertThat(after.dataQuality().corrections()).isZero();
    }

    @Test
    void givenACaseTransferredToE_whenOfficersOfTheOldAndTheNewDivisionClearIt_thenOnlyTheNewDivisionMay() {
        Fixtures.Run run = Fixtures.Run.of(arrive("e1", min(0)), transfer("t1", min(30), OTHER_DIVISION));

        Decision oldDivision =
                run.decide(submit("e2", EventType.CLEARED, min(60)).by(OFFICER));
        Decision newDivision =
                run.decide(submit("e3", EventType.CLEARED, min(60)).by(OFFICER_OF_OTHER_DIVISION));

        assertThat(rejected(oldDivision).rule()).isEqualTo(RuleCode.NOT_PERMITTED);
        assertThat(rejected(oldDivision).field()).isEqualTo("caseId");
        assertThat(newDivision.verdict()).isEqualTo(new Verdict.Applied(3));
    }

    @Test
    void givenACaseOfDivisionG_whenASupervisorOfAnotherDivisionOrOfTheSiteTransfersIt_thenNotPermitted() {
        Fixtures.Run run = Fixtures.Run.of(arrive("e1", min(0)));

        Decision otherDivision =
                run.decide(transfer("t1", min(30), OTHER_DIVISION).by(SUPERVISOR_OF_OTHER_DIVISION));
        Decision siteSupervisor =
                run.decide(transfer("t2", min(30), OTHER_DIVISION).by(ED_SUPERVISOR));
        Decision officer = run.decide(transfer("t3", min(30), OTHER_DIVISION).by(OFFICER));

        assertThat(rejected(otherDivision))
                .isEqualTo(new Verdict.Rejected(
                        RuleCode.NOT_PERMITTED,
                        "NOT_PERMITTED: a SUPERVISOR of E may only submit DIVISION_TRANSFERRED for a case of their"
                                + " police division",
                        null,
                        "caseId"));
        assertThat(rejected(siteSupervisor).rule()).isEqualTo(RuleCode.NOT_PERMITTED);
        assertThat(rejected(siteSupervisor).field()).isEqualTo("caseId");
        assertThat(rejected(officer).rule()).isEqualTo(RuleCode.NOT_PERMITTED);
        assertThat(rejected(officer).field()).isEqualTo("type");
    }

    @Test
    void givenATransferWithoutDivisionOrReasonOrToItsOwnDivision_whenSubmitted_thenTheDetailIsNamed() {
        Fixtures.Run run = Fixtures.Run.of(arrive("e1", min(0)));

        Decision noDivision =
                run.decide(transfer("t1", min(30), null).details(Details.EMPTY.withReason("shift change")));
        Decision noReason = run.decide(
                transfer("t2", min(30), OTHER_DIVISION).details(Details.EMPTY.withPoliceDivision(OTHER_DIVISION)));
        Decision sameDivision = run.decide(transfer("t3", min(30), DIVISION));

        assertThat(rejected(noDivision).rule()).isEqualTo(RuleCode.MISSING_DETAIL);
        assertThat(rejected(noDivision).field()).isEqualTo("policeDivision");
        assertThat(rejected(noReason).rule()).isEqualTo(RuleCode.MISSING_DETAIL);
        assertThat(rejected(noReason).field()).isEqualTo("reason");
        assertThat(rejected(sameDivision).rule()).isEqualTo(RuleCode.INVALID_DETAIL);
        assertThat(rejected(sameDivision).field()).isEqualTo("policeDivision");
    }

    @Test
    void givenAClosedCase_whenTransferred_thenInvalidTransition() {
        Fixtures.Run run = Fixtures.Run.of(arrive("e1", min(0)), submit("e2", EventType.CLEARED, min(60)));

        Verdict.Rejected verdict = rejected(run.decide(transfer("t1", min(90), OTHER_DIVISION)));

        assertThat(verdict.rule()).isEqualTo(RuleCode.INVALID_TRANSITION);
        assertThat(verdict.conflictingPoint()).isEqualTo(TimePoint.CLEARED);
        assertThat(verdict.field()).isEqualTo("type");
    }

    @Test
    void givenATransferBeforeTheCaseBegan_whenSubmitted_thenOrderViolationOnOccurredAt() {
        Fixtures.Run run = Fixtures.Run.of(arrive("e1", min(0)));

        Verdict.Rejected verdict = rejected(run.decide(transfer("t1", min(-5), OTHER_DIVISION)));

        assertThat(verdict.rule()).isEqualTo(RuleCode.R3_ORDER);
        assertThat(verdict.field()).isEqualTo("occurredAt");
    }

    @Test
    void givenATransfer_whenTheSameTransferArrivesUnderAnotherEventId_thenDuplicateNamingTheFirst() {
        Fixtures.Run run = Fixtures.Run.of(arrive("e1", min(0)), transfer("t1", min(30), OTHER_DIVISION));

        Decision again = run.decide(transfer("t2", min(30), OTHER_DIVISION).by(SUPERVISOR_OF_OTHER_DIVISION));

        assertThat(again.verdict()).isInstanceOf(Verdict.Duplicate.class);
        assertThat(((Verdict.Duplicate) again.verdict()).originalEventId()).isEqualTo("t1");
    }

    // ---------------------------------------------------------------------------------------------
    // CORRECTED of the division, legal basis and site

    @Test
    void givenAClearedCase_whenASupervisorOfTheDivisionCorrectsTheSite_thenTheSiteChangesAndTheCaseIsEmittedAgain() {
        Fixtures.Run run = Fixtures.Run.of(arrive("e1", min(0)), submit("e2", EventType.CLEARED, min(60)));

        Decision decision = run.decide(correctField("c1", min(90), Details.EMPTY.withCorrectedSiteCode(OTHER_SITE)));

        assertThat(decision.verdict()).isEqualTo(new Verdict.Applied(3));
        assertThat(decision.caseFile().siteCode()).isEqualTo(OTHER_SITE);
        assertThat(decision.caseFile().fieldCorrections())
                .containsExactly(new FieldCorrection(
                        "c1",
                        CorrectedField.SITE_CODE,
                        SITE,
                        OTHER_SITE,
                        "recorded wrongly",
                        POLICE_SUPERVISOR,
                        min(90).plus(DELIVERY)));
        assertThat(decision.caseFile().dataQuality().corrections()).isEqualTo(1);
        assertThat(decision.emitCompletedCase()).isTrue();
        assertThat(decision.events())
                .singleElement()
                .extracting(AppliedEvent::siteCode)
                .isEqualTo(OTHER_SITE);
    }

    @Test
    void givenACase_whenTheDivisionIsCorrected_thenTheCorrectedDivisionOwnsItFromTheStart() {
        Fixtures.Run run = Fixtures.Run.of(arrive("e1", min(0)));

        Decision decision =
                run.decide(correctField("c1", min(10), Details.EMPTY.withCorrectedDivision(OTHER_DIVISION)));

        assertThat(decision.verdict()).isEqualTo(new Verdict.Applied(2));
        assertThat(decision.caseFile().policeDivision()).isEqualTo(OTHER_DIVISION);
        assertThat(decision.caseFile().fieldCorrections())
                .extracting(FieldCorrection::field, FieldCorrection::from, FieldCorrection::to)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(CorrectedField.POLICE_DIVISION, DIVISION, OTHER_DIVISION));
        assertThat(decision.caseFile().divisionTransfers()).isEmpty();
    }

    @Test
    void givenAnS297Case_whenTheBasisIsCorrectedToS136_thenTheClockRunsFromArrival() {
        Fixtures.Run run = Fixtures.Run.of(arrive("e1", min(0))
                .details(Details.site(SITE).withLegalBasis(LegalBasis.S297).withRemovedAt(min(-40))));

        Decision decision =
                run.decide(correctField("c1", min(10), Details.EMPTY.withCorrectedLegalBasis(LegalBasis.S136)));

        assertThat(decision.verdict()).isEqualTo(new Verdict.Applied(2));
        assertThat(decision.caseFile().legalBasis()).isEqualTo(LegalBasis.S136);
        assertThat(decision.caseFile().legalClock())
                .isEqualTo(new LegalClock(LegalBasis.S136, TimePoint.ARRIVED, min(0), min(0).plus(DAY)));
        assertThat(decision.caseFile().fieldCorrections())
                .singleElement()
                .extracting(FieldCorrection::from, FieldCorrection::to)
                .containsExactly("S297", "S136");
    }

    @Test
    void givenACaseOfDivisionG_whenTheSiteSupervisorOrAnotherDivisionCorrectsAnAttribute_thenNotPermitted() {
        Fixtures.Run run = Fixtures.Run.of(arrive("e1", min(0)));

        Decision site = run.decide(correctField("c1", min(10), Details.EMPTY.withCorrectedSiteCode(OTHER_SITE))
                .by(ED_SUPERVISOR));
        Decision otherDivision =
                run.decide(correctField("c2", min(10), Details.EMPTY.withCorrectedLegalBasis(LegalBasis.S136))
                        .by(SUPERVISOR_OF_OTHER_DIVISION));
        Decision siteCorrectsTime = run.decide(correct("c3", TimePoint.ARRIVED, min(-1), min(10)));

        assertThat(rejected(site))
                .isEqualTo(new Verdict.Rejected(
                        RuleCode.NOT_PERMITTED,
                        "NOT_PERMITTED: a SUPERVISOR of QEUH may only submit a CORRECTED of the case's SITE_CODE for"
                                + " a case of their police division",
                        null,
                        "caseId"));
        assertThat(rejected(otherDivision).rule()).isEqualTo(RuleCode.NOT_PERMITTED);
        assertThat(siteCorrectsTime.verdict()).isEqualTo(new Verdict.Applied(2));
    }

    @Test
    void givenCorrectionsOfTwoThingsOrNothingOrATimeWithoutPoint_whenSubmitted_thenTheFieldIsNamed() {
        Fixtures.Run run = Fixtures.Run.of(arrive("e1", min(0)));

        Decision two = run.decide(correctField(
                "c1",
                min(10),
                Details.EMPTY.withCorrectedDivision(OTHER_DIVISION).withCorrectedSiteCode(OTHER_SITE)));
        Decision none = run.decide(correctField("c2", min(10), Details.EMPTY));
        Decision timeWithoutPoint = run.decide(correctField(
                "c3",
                min(10),
                Details.EMPTY.withCorrectedDivision(OTHER_DIVISION).withCorrection(null, min(1), "recorded wrongly")));

        assertThat(rejected(two).rule()).isEqualTo(RuleCode.INVALID_DETAIL);
        assertThat(rejected(two).field()).isEqualTo("correctedDivision");
        assertThat(rejected(none).rule()).isEqualTo(RuleCode.MISSING_DETAIL);
        assertThat(rejected(none).field()).isEqualTo("correctedPoint");
        assertThat(rejected(timeWithoutPoint).rule()).isEqualTo(RuleCode.INVALID_DETAIL);
        assertThat(rejected(timeWithoutPoint).field()).isEqualTo("correctedTo");
    }

    @Test
    void givenACorrectedSite_whenTheSameCorrectionComesAgainOrTheCurrentValueIsGiven_thenDuplicateOrInvalidDetail() {
        Fixtures.Run run = Fixtures.Run.of(
                arrive("e1", min(0)), correctField("c1", min(10), Details.EMPTY.withCorrectedSiteCode(OTHER_SITE)));

        Decision again = run.decide(correctField("c2", min(11), Details.EMPTY.withCorrectedSiteCode(OTHER_SITE)));
        Decision current = run.decide(correctField("c3", min(11), Details.EMPTY.withCorrectedDivision(DIVISION)));

        assertThat(again.verdict()).isInstanceOf(Verdict.Duplicate.class);
        assertThat(((Verdict.Duplicate) again.verdict()).originalEventId()).isEqualTo("c1");
        assertThat(rejected(current).rule()).isEqualTo(RuleCode.INVALID_DETAIL);
        assertThat(rejected(current).field()).isEqualTo("correctedDivision");
    }

    @Test
    void givenACorrectedAttributeOnAnotherType_whenSubmitted_thenInvalidDetail() {
        Fixtures.Run run = Fixtures.Run.of(arrive("e1", min(0)));

        Verdict.Rejected verdict = rejected(run.decide(submit("e2", EventType.CLEARED, min(60))
                .by(OFFICER)
                .details(Details.EMPTY.withCorrectedSiteCode(OTHER_SITE))));

        assertThat(verdict.rule()).isEqualTo(RuleCode.INVALID_DETAIL);
        assertThat(verdict.field()).isEqualTo("correctedSiteCode");
    }

    // ---------------------------------------------------------------------------------------------
    // CORRECTED of a removal time that was never recorded

    @Test
    void givenAnS297CaseOpenedWithoutRemovedAt_whenTheRemovalTimeIsCorrected_thenItIsRecordedAndTheClockStarts() {
        Fixtures.Run run = Fixtures.Run.of(arriveUnder("e1", min(0), LegalBasis.S297));
        assertThat(run.caseFile.legalClock().isRunning()).isFalse();

        Decision decision = run.decide(submit("c1", EventType.CORRECTED, min(20))
                .by(POLICE_SUPERVISOR)
                .details(Details.EMPTY.withCorrection(TimePoint.REMOVED, min(-45), "from the incident log")));

        assertThat(decision.verdict()).isEqualTo(new Verdict.Applied(2));
        CaseFile after = decision.caseFile();
        assertThat(after.timeline().record(TimePoint.REMOVED))
                .isEqualTo(new PointRecord(
                        TimePoint.REMOVED,
                        min(-45),
                        "c1",
                        min(20).plus(DELIVERY),
                        POLICE_SUPERVISOR,
                        false,
                        false,
                        true));
        assertThat(after.corrections())
                .containsExactly(new Correction(
                        "c1",
                        TimePoint.REMOVED,
                        null,
                        min(-45),
                        "from the incident log",
                        POLICE_SUPERVISOR,
                        min(20).plus(DELIVERY)));
        assertThat(after.legalClock())
                .isEqualTo(new LegalClock(LegalBasis.S297, TimePoint.REMOVED, min(-45), min(-45).plus(DAY)));
        assertThat(decision.events())
                .singleElement()
                .extracting(AppliedEvent::correctedFrom)
                .isNull();
        assertThat(run.machine
                        .tick(after, min(-45).plus(DAY).minus(Duration.ofHours(4)))
                        .events())
                .filteredOn(event -> event.type() == EventType.LEGAL_CLOCK_WARNING)
                .extracting(AppliedEvent::legalClockDeadline)
                .containsExactly(min(-45).plus(DAY));
    }

    @Test
    void givenACaseWithoutRemovedAt_whenARemovalAfterArrivalIsCorrected_thenOrderViolation() {
        Fixtures.Run run = Fixtures.Run.of(arriveUnder("e1", min(0), LegalBasis.S297));

        Verdict.Rejected verdict = rejected(run.decide(submit("c1", EventType.CORRECTED, min(20))
                .by(POLICE_SUPERVISOR)
                .details(Details.EMPTY.withCorrection(TimePoint.REMOVED, min(5), "from the incident log"))));

        assertThat(verdict.rule()).isEqualTo(RuleCode.R3_ORDER);
        assertThat(verdict.conflictingPoint()).isEqualTo(TimePoint.ARRIVED);
        assertThat(verdict.field()).isEqualTo("correctedTo");
    }

    // ---------------------------------------------------------------------------------------------
    // LEGAL_CLOCK_EXTENDED

    @Test
    void givenAnS136CaseWhoseClockRuns_whenEdStaffExtendIt_thenTheDeadlineMovesTwelveHoursAndShowsTheExtension() {
        Fixtures.Run run = Fixtures.Run.of(arriveUnder("e1", min(0), LegalBasis.S136));

        Decision decision = run.decide(extend("x1", min(600)));

        assertThat(decision.verdict()).isEqualTo(new Verdict.Applied(2));
        LegalClock clock = decision.caseFile().legalClock();
        assertThat(clock)
                .isEqualTo(new LegalClock(
                        LegalBasis.S136,
                        TimePoint.ARRIVED,
                        min(0),
                        min(0).plus(DAY).plus(EXTENSION),
                        min(600),
                        ED,
                        min(0).plus(DAY)));
        assertThat(decision.caseFile().legalClockExtension())
                .isEqualTo(new ClockExtension("x1", min(600), ED, min(600).plus(DELIVERY)));
        assertThat(decision.events())
                .singleElement()
                .extracting(AppliedEvent::legalClockDeadline)
                .isEqualTo(min(0).plus(DAY).plus(EXTENSION));
    }

    @Test
    void givenAnS136CaseWithTheFirstWarningFired_whenExtended_thenTheWarningsReArmAgainstTheNewDeadline() {
        Fixtures.Run run = Fixtures.Run.of(arriveUnder("e1", min(0), LegalBasis.S136));
        Instant deadline = min(0).plus(DAY);
        Instant firstWarning = deadline.minus(Duration.ofHours(4));
        CaseFile warned = run.machine.tick(run.caseFile, firstWarning).caseFile();
        assertThat(warned.legalClockWarnings())
                .singleElement()
                .extracting(LegalClockWarningMark::minutesBefore)
                .isEqualTo(240);
        run.caseFile = warned;

        Decision extended = run.decide(extend("x1", firstWarning.plus(Duration.ofMinutes(10))));
        Instant newDeadline = deadline.plus(EXTENSION);
        Instant rearmed = newDeadline.minus(Duration.ofHours(4));

        assertThat(run.machine.nextDueAt(extended.caseFile())).contains(rearmed);
        assertThat(run.machine.tick(extended.caseFile(), deadline).events())
                .as("nothing fires at the old deadline")
                .isEmpty();
        TickResult tick = run.machine.tick(extended.caseFile(), rearmed);
        assertThat(tick.events()).singleElement().satisfies(event -> {
            assertThat(event.type()).isEqualTo(EventType.LEGAL_CLOCK_WARNING);
            assertThat(event.occurredAt()).isEqualTo(rearmed);
            assertThat(event.legalClockDeadline()).isEqualTo(newDeadline);
            assertThat(event.eventId())
                    .isEqualTo(HandoverStateMachine.legalClockWarningEventId(Fixtures.CASE, 240, true))
                    .isNotEqualTo(HandoverStateMachine.timerEventId(Fixtures.CASE, EventType.LEGAL_CLOCK_WARNING, 240));
        });
        assertThat(tick.caseFile().legalClockWarnings()).hasSize(2);
        assertThat(run.machine.nextDueAt(tick.caseFile())).contains(newDeadline.minus(Duration.ofHours(1)));
    }

    @Test
    void givenAnExtendedClock_whenExtendedAgainOrTheSameExtensionIsResent_thenInvalidTransitionOrDuplicate() {
        Fixtures.Run run = Fixtures.Run.of(arriveUnder("e1", min(0), LegalBasis.S136), extend("x1", min(600)));

        Decision again = run.decide(extend("x2", min(700)));
        Decision resent = run.decide(extend("x3", min(600)).by(POLICE_SUPERVISOR));

        assertThat(rejected(again).rule()).isEqualTo(RuleCode.INVALID_TRANSITION);
        assertThat(rejected(again).field()).isEqualTo("type");
        assertThat(resent.verdict()).isInstanceOf(Verdict.Duplicate.class);
        assertThat(((Verdict.Duplicate) resent.verdict()).originalEventId()).isEqualTo("x1");
    }

    @Test
    void givenCasesWhoseClockCannotBeExtended_whenExtended_thenInvalidTransition() {
        Fixtures.Run s297 = Fixtures.Run.of(arrive("e1", min(0))
                .details(Details.site(SITE).withLegalBasis(LegalBasis.S297).withRemovedAt(min(-10))));
        Fixtures.Run notArrived = Fixtures.Run.of(
                Fixtures.preAlert("e1", min(0)).details(Details.site(SITE).withLegalBasis(LegalBasis.S136)));
        Fixtures.Run cleared =
                Fixtures.Run.of(arriveUnder("e1", min(0), LegalBasis.S136), submit("e2", EventType.CLEARED, min(60)));

        Verdict.Rejected basis = rejected(s297.decide(extend("x1", min(60))));
        Verdict.Rejected notRunning =
                rejected(notArrived.decide(extend("x1", min(60)).by(POLICE_SUPERVISOR)));
        Verdict.Rejected closed = rejected(cleared.decide(extend("x1", min(90))));

        assertThat(List.of(basis.rule(), notRunning.rule(), closed.rule())).containsOnly(RuleCode.INVALID_TRANSITION);
        assertThat(notRunning.conflictingPoint()).isEqualTo(TimePoint.ARRIVED);
        assertThat(basis.message()).contains("S297");
    }

    @Test
    void givenAnS136Clock_whenTheExtensionIsAtTheDeadlineOrBeforeTheClockStarted_thenOrderViolationOnOccurredAt() {
        Fixtures.Run run = Fixtures.Run.of(arriveUnder("e1", min(0), LegalBasis.S136));

        Verdict.Rejected late = rejected(run.decide(
                extend("x1", min(0).plus(DAY)).received(min(0).plus(DAY).plusSeconds(5))));
        Verdict.Rejected early = rejected(run.decide(extend("x2", min(-1))));

        assertThat(late.rule()).isEqualTo(RuleCode.R3_ORDER);
        assertThat(late.field()).isEqualTo("occurredAt");
        assertThat(early.rule()).isEqualTo(RuleCode.R3_ORDER);
        assertThat(early.conflictingPoint()).isEqualTo(TimePoint.ARRIVED);
    }

    @Test
    void givenAnS136Case_whenEdStaffOfAnotherSiteOrAnOfficerExtendIt_thenWrongSiteOrNotPermitted() {
        Fixtures.Run run = Fixtures.Run.of(arriveUnder("e1", min(0), LegalBasis.S136));

        Verdict.Rejected otherSite = rejected(run.decide(extend("x1", min(60)).by(ED_OF_OTHER_SITE)));
        Verdict.Rejected officer = rejected(run.decide(extend("x2", min(60)).by(OFFICER)));
        Verdict.Rejected otherDivision =
                rejected(run.decide(extend("x3", min(60)).by(SUPERVISOR_OF_OTHER_DIVISION)));

        assertThat(otherSite.rule()).isEqualTo(RuleCode.WRONG_SITE);
        assertThat(officer.rule()).isEqualTo(RuleCode.NOT_PERMITTED);
        assertThat(officer.field()).isEqualTo("type");
        assertThat(otherDivision.rule()).isEqualTo(RuleCode.NOT_PERMITTED);
        assertThat(otherDivision.field()).isEqualTo("caseId");
    }

    @Test
    void givenAnExtendedS136Clock_whenClearedAfterTheOldButBeforeTheNewDeadline_thenNotBreachedAndLaterIsBreached() {
        Instant afterOldDeadline = min(0).plus(Duration.ofHours(30));
        Instant afterNewDeadline = min(0).plus(Duration.ofHours(37));
        Fixtures.Run extended = Fixtures.Run.of(arriveUnder("e1", min(0), LegalBasis.S136), extend("x1", min(600)));
        Fixtures.Run notExtended = Fixtures.Run.of(arriveUnder("e1", min(0), LegalBasis.S136));

        CaseFile inTime = extended.decide(submit("e2", EventType.CLEARED, afterOldDeadline))
                .caseFile();
        CaseFile tooLate = extended.decide(submit("e2", EventType.CLEARED, afterNewDeadline))
                .caseFile();
        CaseFile withoutExtension = notExtended
                .decide(submit("e2", EventType.CLEARED, afterOldDeadline))
                .caseFile();

        assertThat(inTime.legalClockBreached()).isFalse();
        assertThat(tooLate.legalClockBreached()).isTrue();
        assertThat(withoutExtension.legalClockBreached()).isTrue();
    }

    @Test
    void givenAnExtendedS136Case_whenTheBasisIsCorrectedToS297_thenTheExtensionStaysRecordedButMovesNoDeadline() {
        Fixtures.Run run = Fixtures.Run.of(
                arrive("e1", min(0))
                        .details(Details.site(SITE)
                                .withLegalBasis(LegalBasis.S136)
                                .withRemovedAt(min(-30))),
                extend("x1", min(600)));

        CaseFile after = run.decide(
                        correctField("c1", min(700), Details.EMPTY.withCorrectedLegalBasis(LegalBasis.S297)))
                .caseFile();

        assertThat(after.legalClockExtension()).isNotNull();
        assertThat(after.legalClock())
                .isEqualTo(new LegalClock(LegalBasis.S297, TimePoint.REMOVED, min(-30), min(-30).plus(DAY)));
    }
}
