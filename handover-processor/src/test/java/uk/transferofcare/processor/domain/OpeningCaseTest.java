package uk.transferofcare.processor.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static uk.transferofcare.processor.domain.Fixtures.CASE;
import static uk.transferofcare.processor.domain.Fixtures.DELIVERY;
import static uk.transferofcare.processor.domain.Fixtures.DIVISION;
import static uk.transferofcare.processor.domain.Fixtures.ED;
import static uk.transferofcare.processor.domain.Fixtures.OFFICER;
import static uk.transferofcare.processor.domain.Fixtures.OFFICER_DEVICE;
import static uk.transferofcare.processor.domain.Fixtures.OTHER_SITE;
import static uk.transferofcare.processor.domain.Fixtures.SITE;
import static uk.transferofcare.processor.domain.Fixtures.arrive;
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
                received,
                received,
                "e1");
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
                true);
        assertThat(decision)
                .isEqualTo(new Decision(
                        submission, new Verdict.Applied(1), expected, List.of(event), false, List.of(), processedAt));
        assertThat(decision.caseFile().state()).isEqualTo(CaseState.PRE_ALERTED);
        assertThat(decision.caseFile().isOpen()).isTrue();
    }

    @Test
    void givenUnknownCase_whenEdStaffRecordArrival_thenTheCaseOpensAtArrivedWithoutPoliceDivision() {
        Decision decision = machine.decide(null, arrive("e1", min(0)).by(ED).build(), min(1));

        CaseFile opened = decision.caseFile();
        assertThat(decision.verdict()).isEqualTo(new Verdict.Applied(1));
        assertThat(opened.state()).isEqualTo(CaseState.ARRIVED);
        assertThat(opened.policeDivision()).isNull();
        assertThat(opened.timeline().arrivedAt()).isEqualTo(min(0));
        assertThat(opened.dataQuality())
                .isEqualTo(new DataQuality(false, false, 0, 0, 0, 0, true, true, false, true, false));
    }

    @Test
    void givenCaseOpenedByEd_whenAnOfficerSubmits_thenTheOfficersDivisionBecomesTheCasesDivision() {
        Fixtures.Run run = Fixtures.Run.of(arrive("e1", min(0)).by(ED), submit("e2", EventType.CLEARED, min(90)));

        assertThat(run.caseFile.policeDivision()).isEqualTo(DIVISION);
    }

    @Test
    void givenUnknownCase_whenOpeningEventHasNoSite_thenRejectedMissingDetailAndNothingIsStored() {
        Submission submission = submit("e1", EventType.PRE_ALERTED, min(0)).build();

        Decision decision = machine.decide(null, submission, min(1));

        assertThat(decision)
                .isEqualTo(new Decision(
                        submission,
                        new Verdict.Rejected(
                                RuleCode.MISSING_DETAIL,
                                "MISSING_DETAIL: PRE_ALERTED opening case case-1 needs details.siteCode",
                                null),
                        null,
                        List.of(),
                        false,
                        List.of(),
                        min(1)));
    }

    @Test
    void givenUnknownCase_whenAnythingButPreAlertOrArrivalComes_thenRejectedUnknownCase() {
        Submission submission = submit("e1", EventType.ACKNOWLEDGED, min(0)).build();

        Decision decision = machine.decide(null, submission, min(1));

        assertThat(decision.verdict())
                .isEqualTo(new Verdict.Rejected(
                        RuleCode.UNKNOWN_CASE,
                        "UNKNOWN_CASE: case case-1 is not known; only PRE_ALERTED or ARRIVED opens a case, "
                                + "not ACKNOWLEDGED",
                        null));
        assertThat(decision.caseFile()).isNull();
    }

    @Test
    void givenUnknownCase_whenEdStaffOfAnotherSiteOpenIt_thenRejectedWrongSite() {
        Decision decision = machine.decide(
                null,
                arrive("e1", min(0))
                        .by(new Actor("RN9", Role.ED_STAFF, OTHER_SITE))
                        .build(),
                min(1));

        assertThat(decision.verdict())
                .isEqualTo(new Verdict.Rejected(
                        RuleCode.WRONG_SITE,
                        "WRONG_SITE: ED_STAFF of site RIE may not submit ARRIVED for a case at site QEUH",
                        null));
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
                        TimePoint.ARRIVED));
        assertThat(decision.caseFile()).isNull();
    }

    @Test
    void givenOpenCase_whenALaterPreAlertNamesAnotherSite_thenRejectedWrongSite() {
        Fixtures.Run run = Fixtures.Run.of(arrive("e1", min(10)));

        Decision decision = run.decide(preAlert("e2", min(0)).details(Details.site(OTHER_SITE)));

        assertThat(decision.verdict())
                .isEqualTo(new Verdict.Rejected(
                        RuleCode.WRONG_SITE,
                        "WRONG_SITE: PRE_ALERTED names site RIE but case case-1 is at site QEUH",
                        null));
    }

    @Test
    void givenOpenCase_whenALaterOpeningEventGivesDetails_thenMissingOnesAreFilledAndTheFirstValueWins() {
        Fixtures.Run run = Fixtures.Run.of(
                arrive("e1", min(10)).by(ED).details(Details.site(SITE).withOfficerCount(2)),
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
    void givenASubmissionRejectedAsUnknownCase_whenResentAfterTheCaseOpened_thenItIsJudgedAfresh() {
        Submission acknowledgement =
                submit("e2", EventType.ACKNOWLEDGED, min(5)).build();
        Decision tooEarly = machine.decide(null, acknowledgement, min(6));
        CaseFile opened =
                machine.decide(null, arrive("e1", min(0)).build(), min(7)).caseFile();

        Decision resent = machine.decide(opened, acknowledgement, min(8));

        assertThat(tooEarly.verdict().rule()).isEqualTo(RuleCode.UNKNOWN_CASE);
        assertThat(resent.verdict()).isEqualTo(new Verdict.Applied(2));
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
                        null));
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
