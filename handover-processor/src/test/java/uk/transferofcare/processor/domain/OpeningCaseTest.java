package uk.transferofcare.processor.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static uk.transferofcare.processor.domain.Fixtures.CASE;
import static uk.transferofcare.processor.domain.Fixtures.DELIVERY;
import static uk.transferofcare.processor.domain.Fixtures.DIVISION;
import static uk.transferofcare.processor.domain.Fixtures.ED;
import static uk.transferofcare.processor.domain.Fixtures.OFFICER;
import static uk.transferofcare.processor.domain.Fixtures.OFFICER_DEVICE;
import static uk.transferofcare.processor.domain.Fixtures.OTHER_DIVISION;
import static uk.transferofcare.processor.domain.Fixtures.OTHER_SITE;
import static uk.transferofcare.processor.domain.Fixtures.SITE;
import static uk.transferofcare.processor.domain.Fixtures.arrive;
import static uk.transferofcare.processor.domain.Fixtures.edArrive;
import static uk.transferofcare.processor.domain.Fixtures.min;
import static uk.transferofcare.processor.domain.Fixtures.preAlert;
import static uk.transferofcare.processor.domain.Fixtures.submit;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import uk.transferofcare.vocabulary.CaseState;
import uk.transferofcare.vocabulary.EventType;
import uk.transferofcare.vocabulary.LegalBasis;
import uk.transferofcare.vocabulary.Role;
import uk.transferofcare.vocabulary.RuleCode;
import uk.transferofcare.vocabulary.TimePoint;

class OpeningCaseTest {

    private final HandoverStateMachine machine = new HandoverStateMachine();

    @Test
    void givenUnknownCase_whenOfficerPreAlerts_thenTheCaseOpensWithEveryDetail() {
        Details details = Details.site(SITE)
                .withLegalBasis(LegalBasis.S297)
                .withRemovedAt(min(-20))
                .withEta(min(15))
                .withOfficerCount(2)
                .withLocalReference("PS-20250301-0042");
        Submission submission = preAlert("e1", min(0)).details(details).build();
        Instant processedAt = min(1);

        Decision decision = machine.decide(null, submission, processedAt);

        Instant received = min(0).plus(DELIVERY);
        Timeline timeline = new Timeline(Map.of(
                TimePoint.PRE_ALERTED,
                new PointRecord(TimePoint.PRE_ALERTED, min(0), "e1", received, OFFICER, false, false, false),
                TimePoint.REMOVED,
                new PointRecord(TimePoint.REMOVED, min(-20), "e1", received, OFFICER, false, false, false)));
        CaseFile expected = new CaseFile(
                CASE,
                1,
                SITE,
                DIVISION,
                LegalBasis.S297,
                2,
                "PS-20250301-0042",
                null,
                null,
                null,
                min(15),
                timeline,
                null,
                null,
                List.of(),
                List.of(),
                new LegalClock(LegalBasis.S297, TimePoint.REMOVED, min(-20), min(-20).plus(Duration.ofHours(24))),
                List.of(),
                List.of(),
                0,
                0,
                0,
                Map.of("e1", new Verdict.Applied(1)),
                Map.of("e1", submission.fingerprint()),
                received,
                received,
                "e1",
                List.of(),
                List.of(),
                null,
                List.of(),
                null,
                null,
                List.of(),
                List.of());
        AppliedEvent event = new AppliedEvent(
                "e1",
                CASE,
                1,
                EventType.PRE_ALERTED,
                min(0),
                received,
                OFFICER,
                OFFICER_DEVICE,
                details,
                CaseState.PRE_ALERTED,
                SITE,
                DIVISION,
                LegalBasis.S297,
                false,
                null,
                null,
                null,
                null,
                true,
                null);
        assertThat(decision)
                .isEqualTo(new Decision(
                        submission, new Verdict.Applied(1), expected, List.of(event), false, List.of(), processedAt));
        assertThat(decision.caseFile().state()).isEqualTo(CaseState.PRE_ALERTED);
        assertThat(decision.caseFile().isOpen()).isTrue();
    }

    @Test
    void givenUnknownCase_whenEdStaffRecordArrivalNamingTheDivision_thenTheCaseOpensAtArrivedForThatDivision() {
        Decision decision = machine.decide(null, edArrive("e1", min(0)).build(), min(1));

        CaseFile opened = decision.caseFile();
        assertThat(decision.verdict()).isEqualTo(new Verdict.Applied(1));
        assertThat(opened.state()).isEqualTo(CaseState.ARRIVED);
        assertThat(opened.policeDivision()).isEqualTo(DIVISION);
        assertThat(opened.timeline().arrivedAt()).isEqualTo(min(0));
        assertThat(opened.dataQuality())
                .isEqualTo(new DataQuality(false, false, 0, 0, 0, 0, true, true, false, true, false));
    }

    @Test
    void givenUnknownCase_whenEdStaffRecordArrivalWithoutNamingTheDivision_thenItIsHeldNotOpened() {
        Submission arrival = arrive("e1", min(0)).by(ED).build();

        Decision decision = machine.decide(null, arrival, min(1));

        assertThat(machine.opensCase(arrival)).isFalse();
        assertThat(decision.verdict())
                .isEqualTo(new Verdict.Held(
                        "HELD: case case-1 is not open yet; this ARRIVED is judged when PRE_ALERTED or ARRIVED opens"
                                + " it, or rejected UNKNOWN_CASE if none has by 2025-03-02T10:01:00Z",
                        min(1).plus(Duration.ofHours(24))));
        assertThat(decision.caseFile()).isNull();
        assertThat(decision.events()).isEmpty();
    }

    @Test
    void givenCaseOpenedByEdForDivisionG_whenAnOfficerOfAnotherDivisionSubmits_thenNotPermittedAndTheDivisionStays() {
        Fixtures.Run run = Fixtures.Run.of(edArrive("e1", min(0)));
        CaseFile before = run.caseFile;

        Decision late = run.decide(preAlert("e2", min(-10)).by(new Actor("PC9", Role.OFFICER, OTHER_DIVISION)));
        Decision own = run.decide(submit("e3", EventType.CLEARED, min(90)));

        assertThat(late.verdict())
                .isEqualTo(new Verdict.Rejected(
                        RuleCode.NOT_PERMITTED,
                        "NOT_PERMITTED: an OFFICER of police division E may not submit PRE_ALERTED for this case:"
                                + " it belongs to another police division",
                        null,
                        "caseId"));
        assertThat(late.caseFile().timeline()).isEqualTo(before.timeline());
        assertThat(late.caseFile().policeDivision()).isEqualTo(DIVISION);
        assertThat(own.verdict()).isEqualTo(new Verdict.Applied(2));
    }

    @Test
    void givenCaseOpenedByEdForDivisionG_whenEdStaffNameAnotherDivisionLater_thenCaseMismatch() {
        Fixtures.Run run = Fixtures.Run.of(preAlert("e1", min(-10)));

        Decision decision =
                run.decide(edArrive("e2", min(0)).details(Details.site(SITE).withPoliceDivision("E")));

        assertThat(decision.verdict())
                .isEqualTo(new Verdict.Rejected(
                        RuleCode.CASE_MISMATCH,
                        "CASE_MISMATCH: ARRIVED names police division E but case case-1 belongs to division G",
                        null,
                        "policeDivision"));
    }

    @Test
    void givenAnOfficer_whenTheyNameAPoliceDivision_thenInvalidDetail() {
        Decision decision = machine.decide(
                null,
                arrive("e1", min(0))
                        .details(Details.site(SITE).withPoliceDivision(DIVISION))
                        .build(),
                min(1));

        assertThat(decision.verdict())
                .isEqualTo(new Verdict.Rejected(
                        RuleCode.INVALID_DETAIL,
                        "INVALID_DETAIL: ARRIVED on case case-1 names a police division; only ED staff name one, on"
                                + " ARRIVED (police act for their own)",
                        null,
                        "policeDivision"));
    }

    @Test
    void givenUnknownCase_whenAPreAlertHasNoSite_thenRejectedMissingDetailAndNothingIsStored() {
        Submission submission = submit("e1", EventType.PRE_ALERTED, min(0)).build();

        Decision decision = machine.decide(null, submission, min(1));

        assertThat(decision)
                .isEqualTo(new Decision(
                        submission,
                        new Verdict.Rejected(
                                RuleCode.MISSING_DETAIL,
                                "MISSING_DETAIL: PRE_ALERTED on case case-1 needs details.siteCode",
                                null,
                                "siteCode"),
                        null,
                        List.of(),
                        false,
                        List.of(),
                        min(1)));
    }

    @Test
    void givenUnknownCase_whenAnythingButPreAlertOrArrivalComes_thenItIsHeldUntilTheHorizon() {
        Submission submission = submit("e1", EventType.ACKNOWLEDGED, min(0)).build();

        Decision decision = machine.decide(null, submission, min(1));

        assertThat(decision.verdict().status()).isEqualTo(SubmissionStatus.HELD);
        assertThat(((Verdict.Held) decision.verdict()).until()).isEqualTo(min(1).plus(Duration.ofHours(24)));
        assertThat(decision.caseFile()).isNull();
        assertThat(machine.unknownCase(submission))
                .isEqualTo(new Verdict.Rejected(
                        RuleCode.UNKNOWN_CASE,
                        "UNKNOWN_CASE: no case case-1 was opened (by PRE_ALERTED or ARRIVED naming its site) within"
                                + " 1440 minutes of receiving this ACKNOWLEDGED",
                        null,
                        "caseId"));
    }

    @Test
    void givenUnknownCase_whenASubmissionThatNoCaseCouldMakeValidComes_thenRejectedAtOnceNotHeld() {
        Decision analyst = machine.decide(
                null,
                submit("e1", EventType.ACKNOWLEDGED, min(0))
                        .by(Fixtures.ANALYST)
                        .build(),
                min(1));
        Decision future = machine.decide(
                null,
                submit("e2", EventType.HANDED_OVER, min(0)).received(min(-5)).build(),
                min(1));
        Decision noReason = machine.decide(
                null, submit("e3", EventType.OFFICER_RETAINED, min(0)).build(), min(1));

        assertThat(analyst.verdict().rule()).isEqualTo(RuleCode.NOT_PERMITTED);
        assertThat(future.verdict().rule()).isEqualTo(RuleCode.R2_FUTURE);
        assertThat(noReason.verdict().rule()).isEqualTo(RuleCode.MISSING_DETAIL);
        assertThat(List.of(analyst, future, noReason))
                .allSatisfy(d -> assertThat(d.caseFile()).isNull());
    }

    @Test
    void givenUnknownCase_whenEdStaffOfAnotherSiteOpenIt_thenRejectedWrongSite() {
        Decision decision = machine.decide(
                null,
                edArrive("e1", min(0))
                        .by(new Actor("RN9", Role.ED_STAFF, OTHER_SITE))
                        .build(),
                min(1));

        assertThat(decision.verdict())
                .isEqualTo(new Verdict.Rejected(
                        RuleCode.WRONG_SITE,
                        "WRONG_SITE: ED_STAFF of site RIE may not submit ARRIVED for this case: it is at another site",
                        null,
                        "caseId"));
        assertThat(decision.caseFile()).isNull();
    }

    @Test
    void givenUnknownCase_whenRemovedAtIsAfterTheArrival_thenRejectedR3() {
        Decision decision = machine.decide(
                null,
                arrive("e1", min(0))
                        .details(Details.site(SITE).withRemovedAt(min(5)))
                        .received(min(30))
                        .build(),
                min(31));

        assertThat(decision.verdict())
                .isEqualTo(new Verdict.Rejected(
                        RuleCode.R3_ORDER,
                        "R3_ORDER: REMOVED at 2025-03-01T10:05:00Z is after ARRIVED recorded at "
                                + "2025-03-01T10:00:00Z by event e1",
                        TimePoint.ARRIVED,
                        "removedAt"));
        assertThat(decision.caseFile()).isNull();
    }

    @Test
    void givenOpenCase_whenALaterPreAlertNamesAnotherSite_thenRejectedCaseMismatch() {
        Fixtures.Run run = Fixtures.Run.of(arrive("e1", min(10)));

        Decision decision = run.decide(preAlert("e2", min(0)).details(Details.site(OTHER_SITE)));

        assertThat(decision.verdict())
                .isEqualTo(new Verdict.Rejected(
                        RuleCode.CASE_MISMATCH,
                        "CASE_MISMATCH: PRE_ALERTED names site RIE but case case-1 is at site QEUH",
                        null,
                        "siteCode"));
    }

    @Test
    void givenOpenCase_whenALaterOpeningEventGivesDetails_thenMissingOnesAreFilledAndTheFirstValueWins() {
        Fixtures.Run run = Fixtures.Run.of(
                edArrive("e1", min(10))
                        .details(Details.site(SITE).withPoliceDivision(DIVISION).withOfficerCount(2)),
                preAlert("e2", min(0))
                        .details(Details.site(SITE)
                                .withOfficerCount(3)
                                .withLegalBasis(LegalBasis.S136)
                                .withLocalReference("REF-1")));

        assertThat(run.caseFile.officerCount()).isEqualTo(2);
        assertThat(run.caseFile.legalBasis()).isEqualTo(LegalBasis.S136);
        assertThat(run.caseFile.localReference()).isEqualTo("REF-1");
        assertThat(run.caseFile.legalClock())
                .isEqualTo(new LegalClock(
                        LegalBasis.S136, TimePoint.ARRIVED, min(10), min(10).plus(Duration.ofHours(24))));
    }

    @Test
    void givenASubmissionHeldForAnUnknownCase_whenJudgedAfterTheCaseOpened_thenItApplies() {
        Submission acknowledgement =
                submit("e2", EventType.ACKNOWLEDGED, min(5)).build();
        Decision tooEarly = machine.decide(null, acknowledgement, min(6));
        CaseFile opened =
                machine.decide(null, arrive("e1", min(0)).build(), min(7)).caseFile();

        Decision released = machine.decide(opened, acknowledgement, min(8));

        assertThat(tooEarly.verdict().status()).isEqualTo(SubmissionStatus.HELD);
        assertThat(released.verdict()).isEqualTo(new Verdict.Applied(2));
    }

    @Test
    void givenAnOpeningEventWithZeroOfficers_whenSubmitted_thenRejectedInvalidDetail() {
        Decision decision = machine.decide(
                null,
                preAlert("e1", min(0))
                        .details(Details.site(SITE).withOfficerCount(0))
                        .build(),
                min(1));

        assertThat(decision.verdict())
                .isEqualTo(new Verdict.Rejected(
                        RuleCode.INVALID_DETAIL,
                        "INVALID_DETAIL: PRE_ALERTED on case case-1 gives officerCount 0; it must be at least 1",
                        null,
                        "officerCount"));
    }

    @Test
    void givenACase_whenASubmissionForAnotherCaseIsDecidedAgainstIt_thenTheCallerIsToldOfTheBug() {
        CaseFile opened =
                machine.decide(null, arrive("e1", min(0)).build(), min(1)).caseFile();
        Submission elsewhere = arrive("e2", min(0)).forCase("case-2").build();

        org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
                .isThrownBy(() -> machine.decide(opened, elsewhere, min(2)))
                .withMessage("submission for case case-2 given case case-1");
    }
}
