package uk.transferofcare.processor.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static uk.transferofcare.processor.domain.Fixtures.CASE;
import static uk.transferofcare.processor.domain.Fixtures.DIVISION;
import static uk.transferofcare.processor.domain.Fixtures.ED;
import static uk.transferofcare.processor.domain.Fixtures.OTHER_SITE;
import static uk.transferofcare.processor.domain.Fixtures.SITE;
import static uk.transferofcare.processor.domain.Fixtures.arrive;
import static uk.transferofcare.processor.domain.Fixtures.min;
import static uk.transferofcare.processor.domain.Fixtures.preAlert;
import static uk.transferofcare.processor.domain.Fixtures.submit;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import uk.transferofcare.vocabulary.CaseState;
import uk.transferofcare.vocabulary.EventType;
import uk.transferofcare.vocabulary.LegalBasis;
import uk.transferofcare.vocabulary.ReferralPathway;
import uk.transferofcare.vocabulary.RuleCode;
import uk.transferofcare.vocabulary.TimePoint;

/** REFERRED_AT_SCENE: the officer referred the person at the point of contact, before any arrival. */
class ReferredAtSceneTest {

    private static Fixtures.Builder referred(String eventId, ReferralPathway pathway, java.time.Instant at) {
        return submit(eventId, EventType.REFERRED_AT_SCENE, at).details(Details.EMPTY.withReferralPathway(pathway));
    }

    @Test
    void givenAPreAlertedCase_whenTheOfficerRefersAtScene_thenTheCaseEndsReferredWithThePathway() {
        Fixtures.Run run = Fixtures.Run.of(preAlert("e1", min(0)));

        Decision decision = run.decide(referred("e2", ReferralPathway.NHS24_MENTAL_HEALTH_HUB, min(10)));

        assertThat(decision.verdict()).isEqualTo(new Verdict.Applied(2));
        CaseFile file = decision.caseFile();
        assertThat(file.state()).isEqualTo(CaseState.REFERRED_AT_SCENE);
        assertThat(file.isOpen()).isFalse();
        assertThat(file.referralPathway()).isEqualTo(ReferralPathway.NHS24_MENTAL_HEALTH_HUB);
        assertThat(file.siteCode()).isEqualTo(SITE);
        assertThat(file.timeline().outcomeAt()).isEqualTo(min(10));
        assertThat(decision.emitCompletedCase()).isTrue();
    }

    @Test
    void givenNoCase_whenTheOfficerRefersAtSceneWithoutASite_thenOneSubmissionOpensAndEndsACaseAtNoSite() {
        Fixtures.Run run = Fixtures.Run.of();

        Decision decision = run.decide(referred("e1", ReferralPathway.DBI, min(0))
                .details(Details.EMPTY
                        .withReferralPathway(ReferralPathway.DBI)
                        .withLegalBasis(LegalBasis.S297)
                        .withRemovedAt(min(-30))
                        .withOfficerCount(2)));

        assertThat(decision.verdict()).isEqualTo(new Verdict.Applied(1));
        CaseFile file = decision.caseFile();
        assertThat(file.siteCode()).isEqualTo(EventType.NO_SITE);
        assertThat(file.policeDivision()).isEqualTo(DIVISION);
        assertThat(file.state()).isEqualTo(CaseState.REFERRED_AT_SCENE);
        assertThat(file.referralPathway()).isEqualTo(ReferralPathway.DBI);
        assertThat(file.legalBasis()).isEqualTo(LegalBasis.S297);
        assertThat(file.officerCount()).isEqualTo(2);
        assertThat(file.timeline().removedAt()).isEqualTo(min(-30));
        assertThat(file.timeline().arrivedAt()).isNull();
        assertThat(file.intervals().timeAtEdSeconds()).isNull();
        assertThat(file.legalClockBreached()).isFalse();
        assertThat(decision.emitCompletedCase()).isTrue();
        assertThat(run.machine.nextDueAt(file)).isEmpty();
    }

    @Test
    void givenNoCase_whenTheOfficerRefersAtSceneNamingTheIntendedSite_thenTheCaseIsAtThatSite() {
        Decision decision = Fixtures.Run.of()
                .decide(referred("e1", ReferralPathway.OTHER, min(0))
                        .details(Details.site(SITE).withReferralPathway(ReferralPathway.OTHER)));

        assertThat(decision.verdict()).isEqualTo(new Verdict.Applied(1));
        assertThat(decision.caseFile().siteCode()).isEqualTo(SITE);
    }

    @Test
    void givenAReferralProcessedBeforeItsPreAlert_whenThePreAlertComes_thenItFillsTheSiteAndTheCaseStaysReferred() {
        Fixtures.Run run = Fixtures.Run.of(referred("e2", ReferralPathway.DBI, min(10)));

        Decision decision = run.decide(preAlert("e1", min(0)));

        assertThat(decision.verdict()).isEqualTo(new Verdict.Applied(2));
        assertThat(decision.caseFile().siteCode()).isEqualTo(SITE);
        assertThat(decision.caseFile().state()).isEqualTo(CaseState.REFERRED_AT_SCENE);
    }

    @Test
    void givenAnArrivedCase_whenReferredAtScene_thenRejectedInvalidTransitionNamingTheArrival() {
        Fixtures.Run run = Fixtures.Run.of(preAlert("e1", min(0)), arrive("e2", min(10)));

        Decision decision = run.decide(referred("e3", ReferralPathway.DBI, min(12)));

        assertThat(decision.verdict())
                .isEqualTo(new Verdict.Rejected(
                        RuleCode.INVALID_TRANSITION,
                        "INVALID_TRANSITION: REFERRED_AT_SCENE is only possible before arrival, but ARRIVED is"
                                + " recorded at 2025-03-01T10:10:00Z by event e2",
                        TimePoint.ARRIVED,
                        "type"));
    }

    @Test
    void givenAReferredCase_whenAnArrivalComes_thenRejectedInvalidTransition() {
        Fixtures.Run run = Fixtures.Run.of(preAlert("e1", min(0)), referred("e2", ReferralPathway.DBI, min(15)));

        Decision decision = run.decide(arrive("e3", min(20)).by(ED));

        assertThat(decision.verdict())
                .isEqualTo(new Verdict.Rejected(
                        RuleCode.INVALID_TRANSITION,
                        "INVALID_TRANSITION: ARRIVED cannot follow REFERRED_AT_SCENE: the case was referred at scene"
                                + " before arrival (recorded at 2025-03-01T10:15:00Z by event e2)",
                        TimePoint.OUTCOME,
                        "type"));
    }

    @Test
    void givenACancelledCase_whenReferredAtScene_thenRejectedAsASecondOutcome() {
        Fixtures.Run run = Fixtures.Run.of(preAlert("e1", min(0)), submit("e2", EventType.CANCELLED, min(5)));

        Decision decision = run.decide(referred("e3", ReferralPathway.DBI, min(8)));

        assertThat(decision.verdict().rule()).isEqualTo(RuleCode.INVALID_TRANSITION);
        assertThat(decision.verdict().message())
                .startsWith("INVALID_TRANSITION: REFERRED_AT_SCENE cannot follow CANCELLED");
    }

    @Test
    void givenAReferralWithoutPathway_whenSubmitted_thenRejectedMissingDetail() {
        Decision decision =
                Fixtures.Run.of(preAlert("e1", min(0))).decide(submit("e2", EventType.REFERRED_AT_SCENE, min(5)));

        assertThat(decision.verdict())
                .isEqualTo(new Verdict.Rejected(
                        RuleCode.MISSING_DETAIL,
                        "MISSING_DETAIL: REFERRED_AT_SCENE on case " + CASE + " needs details.referralPathway",
                        null,
                        "referralPathway"));
    }

    @Test
    void givenEdStaff_whenTheyReferAtScene_thenNotPermitted() {
        Decision decision = Fixtures.Run.of(preAlert("e1", min(0)))
                .decide(referred("e2", ReferralPathway.DBI, min(5)).by(ED));

        assertThat(decision.verdict().rule()).isEqualTo(RuleCode.NOT_PERMITTED);
    }

    @Test
    void givenAPreAlertedCaseAtOneSite_whenTheReferralNamesAnother_thenRejectedCaseMismatch() {
        Decision decision = Fixtures.Run.of(preAlert("e1", min(0)))
                .decide(referred("e2", ReferralPathway.DBI, min(5))
                        .details(Details.site(OTHER_SITE).withReferralPathway(ReferralPathway.DBI)));

        assertThat(decision.verdict().rule()).isEqualTo(RuleCode.CASE_MISMATCH);
    }

    @Test
    void givenAReferralNamingTheNoSiteSentinel_whenSubmitted_thenRejectedInvalidDetail() {
        Decision decision = Fixtures.Run.of()
                .decide(referred("e1", ReferralPathway.DBI, min(0))
                        .details(Details.site(EventType.NO_SITE).withReferralPathway(ReferralPathway.DBI)));

        assertThat(decision.verdict().rule()).isEqualTo(RuleCode.INVALID_DETAIL);
        assertThat(decision.verdict().field()).isEqualTo("siteCode");
    }

    @Test
    void givenAReferralWithAnS297Clock_whenTheReferralIsLongAfterRemoval_thenTheClockEndsAtTheReferral() {
        Fixtures.Run run = Fixtures.Run.of(preAlert("e1", min(0))
                .details(Details.site(SITE).withLegalBasis(LegalBasis.S297).withRemovedAt(min(-60))));

        Decision decision = run.decide(referred("e2", ReferralPathway.DBI, min(0).plus(Duration.ofHours(2))));

        assertThat(decision.caseFile().legalClock().deadline()).isEqualTo(min(-60).plus(Duration.ofHours(24)));
        assertThat(decision.caseFile().legalClockBreached()).isFalse();
        assertThat(decision.caseFile().endedAt()).isEqualTo(min(120));
    }
}
