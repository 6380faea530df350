package uk.transferofcare.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import uk.transferofcare.simulator.ExpectedCase.Expectation;
import uk.transferofcare.simulator.ExpectedCase.Judgement;

class ExpectedCaseTest {

    private static final String CASE = "0f0e0d0c-0b0a-4908-8706-050403020100";
    private static final User OFFICER = User.officer("G", 1);
    private static final User OFFICER_OF_E = User.officer("E", 1);
    private static final User NURSE = User.edStaff("QEUH", 1);
    private static final User NURSE_OF_GRI = User.edStaff("GRI", 1);
    private static final User SERGEANT = User.divisionSupervisor("G");
    private static final Instant T0 = Instant.parse("2026-03-29T00:30:00.250Z");

    private static final Judgement APPLIED = Judgement.applied();
    private static final Judgement HELD = Judgement.held();

    private final ExpectedCase c = new ExpectedCase(CASE, "QEUH");
    private int ids;

    private Submission submission(String type, int minutes, User user, Map<String, Object> details) {
        return new Submission(new UUID(0, ++ids).toString(), type, T0.plusSeconds(60L * minutes), user, details, false);
    }

    private Submission submission(String type, int minutes, User user) {
        return submission(type, minutes, user, Map.of());
    }

    /** The answer to the submission's first send. */
    private Judgement judge(Submission s) {
        return c.judge(s).first();
    }

    private Judgement judge(String type, int minutes, User user) {
        return judge(submission(type, minutes, user));
    }

    private Submission preAlert(int minutes, Integer officers) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("siteCode", "QEUH");
        if (officers != null) {
            details.put("officerCount", officers);
        }
        details.put("removedAt", T0.minusSeconds(1800));
        return submission("PRE_ALERTED", minutes, OFFICER, details);
    }

    private Judgement open(int minutes, Integer officers) {
        return judge(preAlert(minutes, officers));
    }

    @Test
    void givenAStraightCase_whenJudged_thenEveryStepAppliesAndTheTimelineIsRecorded() {
        List<Judgement> verdicts = List.of(
                open(-20, 2),
                judge("ARRIVED", 0, OFFICER),
                judge("ACKNOWLEDGED", 5, NURSE),
                judge("HANDED_OVER", 50, NURSE),
                judge("CLEARED", 62, OFFICER));

        assertThat(verdicts).containsOnly(APPLIED);
        assertThat(List.of(c.state(), c.open(), c.complete(), c.division(), c.officerCount()))
                .containsExactly("CLEARED", false, true, "G", 2);
        assertThat(c.acknowledgedAt()).isEqualTo(T0.plusSeconds(300));
        assertThat(c.firstEventAt()).isEqualTo(T0.minusSeconds(1800)); // removedAt is the earliest point
    }

    private Submission closure(int minutes, User supervisor) {
        return submission(
                "CLOSED_NOT_RECORDED", minutes, supervisor, Map.of("reason", "officers left without clearing"));
    }

    @Test
    void givenAHandedOverCaseNeverCleared_whenASupervisorOfItsSiteOrDivisionClosesIt_thenItIsNotRecordedAndClosed() {
        open(-20, 2);
        judge("ARRIVED", 0, OFFICER);
        judge("HANDED_OVER", 40, NURSE);

        List<Judgement> verdicts = List.of(
                judge(closure(60 * 30, User.divisionSupervisor("E"))), // another division's supervisor
                judge(closure(60 * 30, User.siteSupervisor("GRI"))), // another site's supervisor
                judge(closure(60 * 30, NURSE)), // not a supervisor: the API refuses the type
                judge(submission("CLOSED_NOT_RECORDED", 60 * 30, SERGEANT)), // no reason
                judge(closure(-30, User.siteSupervisor("QEUH"))), // before the arrival (rule 3)
                judge(closure(60 * 30, User.siteSupervisor("QEUH"))),
                judge(closure(60 * 30, SERGEANT)), // the same fact under another eventId
                judge(closure(60 * 31, SERGEANT)), // closed already, at another time
                judge("CLEARED", 60, OFFICER), // nothing on the main path follows it
                judge("ABSCONDED", 50, NURSE)); // nor another outcome

        assertThat(verdicts)
                .containsExactly(
                        Judgement.rejected("NOT_PERMITTED"),
                        Judgement.rejected("NOT_PERMITTED"),
                        Judgement.rejected("NOT_PERMITTED"),
                        Judgement.rejected("MISSING_DETAIL"),
                        Judgement.rejected("R3_ORDER"),
                        APPLIED,
                        Judgement.duplicate(),
                        Judgement.rejected("R5_ALREADY_RECORDED"),
                        Judgement.rejected("INVALID_TRANSITION"),
                        Judgement.rejected("INVALID_TRANSITION"));
        assertThat(List.of(c.state(), c.outcome(), c.open(), c.complete()))
                .containsExactly("NOT_RECORDED", "NOT_RECORDED", false, false);
        assertThat(c.point(Point.OUTCOME)).isEqualTo(T0.plusSeconds(60L * 60 * 30));
        assertThat(c.point(Point.CLEARED)).isNull();
    }

    @Test
    void givenAClearedCase_whenASupervisorClosesItAsNotRecorded_thenItIsRefusedAndStaysCleared() {
        open(-20, 2);
        judge("ARRIVED", 0, OFFICER);
        judge("HANDED_OVER", 40, NURSE);
        judge("CLEARED", 50, OFFICER);

        assertThat(judge(closure(60 * 30, SERGEANT))).isEqualTo(Judgement.rejected("INVALID_TRANSITION"));
        assertThat(List.of(c.state(), c.complete())).containsExactly("CLEARED", true);
    }

    @Test
    void givenTheSameEventIdAgain_whenJudged_thenItGetsItsFirstVerdictAgainAppliedOrRejected() {
        open(-20, 2);
        Submission arrived = submission("ARRIVED", 0, OFFICER);
        Submission secondArrival = submission("ARRIVED", 2, NURSE);

        assertThat(List.of(judge(arrived), judge(secondArrival), judge(arrived), judge(secondArrival)))
                .containsExactly(
                        APPLIED,
                        Judgement.rejected("R5_ALREADY_RECORDED"),
                        APPLIED,
                        Judgement.rejected("R5_ALREADY_RECORDED"));
        assertThat(c.point(Point.ARRIVED)).isEqualTo(T0);
    }

    @Test
    void givenAUsedEventId_whenAnotherBodyIsSentUnderIt_thenEventIdReusedAndTheFirstStands() {
        open(-20, 2);
        Submission arrived = submission("ARRIVED", 0, OFFICER);
        judge(arrived);
        Submission other = new Submission(
                arrived.eventId(), "ARRIVED", T0.plusSeconds(60), OFFICER, Map.of(), arrived.queuedOffline());

        assertThat(List.of(judge(other), judge(arrived.asQueuedOffline())))
                .containsExactly(Judgement.rejected("EVENT_ID_REUSED"), APPLIED); // the source is not the body
        assertThat(c.point(Point.ARRIVED)).isEqualTo(T0);
    }

    @Test
    void givenAPointAlreadyRecorded_whenAnotherEventIdNamesTheSameOrAnotherTime_thenDuplicateOrR5() {
        open(-20, 2);
        judge("ARRIVED", 0, OFFICER);

        assertThat(List.of(judge("ARRIVED", 0, NURSE), judge("ARRIVED", 2, NURSE)))
                .containsExactly(Judgement.duplicate(), Judgement.rejected("R5_ALREADY_RECORDED"));
        assertThat(c.point(Point.ARRIVED)).isEqualTo(T0);
    }

    @Test
    void givenALateArrival_whenItFitsTheTimeline_thenItFillsArrivedAtAndOtherwiseR3() {
        open(-20, null);
        judge("ACKNOWLEDGED", 5, NURSE);

        assertThat(List.of(judge("ARRIVED", 7, OFFICER), judge("ARRIVED", 3, OFFICER)))
                .containsExactly(Judgement.rejected("R3_ORDER"), APPLIED);
        assertThat(c.point(Point.ARRIVED)).isEqualTo(T0.plusSeconds(180));
    }

    @Test
    void givenAHandoverWithoutAcknowledgement_whenJudged_thenAcknowledgedAtIsImpliedAndALaterAckMustFit() {
        open(-20, 2);
        judge("ARRIVED", 0, OFFICER);
        judge("HANDOVER_STARTED", 30, NURSE);
        judge("HANDED_OVER", 40, NURSE);

        assertThat(List.of(c.acknowledgedAt(), c.acknowledgedImplied()))
                .containsExactly(T0.plusSeconds(1800), true); // rule 6: handoverStartedAt when recorded
        assertThat(judge("ACKNOWLEDGED", 45, NURSE)).isEqualTo(Judgement.rejected("R3_ORDER")); // stale board
        assertThat(judge("ACKNOWLEDGED", 10, NURSE)).isEqualTo(APPLIED); // a real one replaces it
        assertThat(List.of(c.acknowledgedAt(), c.acknowledgedImplied())).containsExactly(T0.plusSeconds(600), false);
    }

    @Test
    void givenOutcomes_whenJudged_thenCancelOnlyBeforeArrivalAndNoOutcomeAfterHandover() {
        open(-20, 2);
        judge("ARRIVED", 0, OFFICER);

        assertThat(judge("CANCELLED", 1, OFFICER)).isEqualTo(Judgement.rejected("INVALID_TRANSITION"));
        assertThat(judge("ABSCONDED", 30, NURSE)).isEqualTo(APPLIED);
        assertThat(judge("ENDED_WITHOUT_HANDOVER", 31, NURSE)).isEqualTo(Judgement.rejected("INVALID_TRANSITION"));
        assertThat(judge("HANDED_OVER", 32, NURSE)).isEqualTo(Judgement.rejected("INVALID_TRANSITION"));
        assertThat(List.of(c.state(), c.open(), c.complete())).containsExactly("ABSCONDED", false, false);
        assertThat(judge("CLEARED", 40, OFFICER)).isEqualTo(APPLIED);
        assertThat(List.of(c.state(), c.open(), c.complete())).containsExactly("ABSCONDED", false, true);
    }

    @Test
    void givenRetainedOfficers_whenClearanceIsBeforeTheRelease_thenR3AndAfterItApplies() {
        open(-20, 2);
        judge("ARRIVED", 0, OFFICER);
        judge("HANDED_OVER", 40, NURSE);
        Judgement retained = judge(submission("OFFICER_RETAINED", 45, NURSE, Map.of("reason", "risk")));

        assertThat(List.of(
                        retained,
                        judge("OFFICER_RELEASED", 90, NURSE),
                        judge("CLEARED", 60, OFFICER),
                        judge("CLEARED", 95, OFFICER),
                        judge(submission("OFFICER_RETAINED", 100, NURSE, Map.of("reason", "risk again")))))
                .containsExactly(
                        APPLIED, APPLIED, Judgement.rejected("R3_ORDER"), APPLIED, Judgement.rejected("R3_ORDER"));
    }

    @Test
    void givenACorrection_whenItKeepsTheOrder_thenThePointMovesAndOtherwiseR3OrNotRecorded() {
        open(-20, 2);
        judge("ARRIVED", 0, OFFICER);
        judge("HANDED_OVER", 40, NURSE);
        judge("CLEARED", 50, OFFICER);

        Judgement tooEarly = judge(correction("ARRIVED", T0.minusSeconds(25 * 60))); // before the pre-alert
        Judgement fine = judge(correction("ARRIVED", T0.minusSeconds(10 * 60)));
        Judgement same = judge(correction("ARRIVED", T0.minusSeconds(10 * 60)));
        Judgement never = judge(correction("HANDOVER_STARTED", T0));

        assertThat(List.of(tooEarly, fine, same, never))
                .containsExactly(
                        Judgement.rejected("R3_ORDER"),
                        APPLIED,
                        Judgement.duplicate(),
                        Judgement.rejected("NOT_RECORDED"));
        assertThat(ExpectedCase.seconds(c.point(Point.ARRIVED), c.point(Point.HANDED_OVER)))
                .isEqualTo(3000);
    }

    @Test
    void givenACorrectionRightAfterTheEventItCorrects_whenJudged_thenItApplies() {
        open(-20, 2);
        judge("ARRIVED", 0, OFFICER);

        assertThat(judge(correction("ARRIVED", T0.minusSeconds(5 * 60)))).isEqualTo(APPLIED);
        assertThat(c.point(Point.ARRIVED)).isEqualTo(T0.minusSeconds(5 * 60));
    }

    @Test
    void givenAVoidedCase_whenAnythingFollows_thenCaseVoidButAResentEventIdGetsItsFirstVerdict() {
        open(-20, 2);
        Submission arrived = submission("ARRIVED", 0, OFFICER);
        judge(arrived);
        judge(submission("ENTERED_IN_ERROR", 1, User.siteSupervisor("QEUH"), Map.of("reason", "x")));

        assertThat(List.of(judge(arrived), judge("ACKNOWLEDGED", 2, NURSE)))
                .containsExactly(APPLIED, Judgement.rejected("CASE_VOID"));
        assertThat(List.of(c.state(), c.open(), c.voided())).containsExactly("ENTERED_IN_ERROR", false, true);
    }

    // ---------------------------------------------------------------------------------------------
    // Rule 8: holding

    @Test
    void givenACaseNotOpenYet_whenTheEdAcknowledges_thenHeldUntilThePreAlertOpensItThenApplied() {
        Expectation ack = c.judge(submission("ACKNOWLEDGED", 5, NURSE));
        assertThat(List.of(ack.first(), ack.verdict())).containsExactly(HELD, HELD);
        assertThat(List.of(c.opened(), c.heldSubmissions())).containsExactly(false, 1);

        Expectation opening = c.judge(preAlert(-20, 2));

        assertThat(List.of(opening.first(), ack.first(), ack.verdict())).containsExactly(APPLIED, HELD, APPLIED);
        assertThat(ack.releasedBy()).isSameAs(opening);
        assertThat(List.of(c.state(), c.heldSubmissions())).containsExactly("ACKNOWLEDGED", 0);
        // Sent again before the opening was received: still HELD; after it: the verdict.
        assertThat(ack.now(e -> false)).isEqualTo(HELD);
        assertThat(ack.now(e -> e == opening)).isEqualTo(APPLIED);
    }

    @Test
    void givenAWholeCaseReplayedLastEventFirst_whenThePreAlertComesLast_thenHeldOnesAreJudgedInTheOrderReceived() {
        // The phone recorded: pre-alert, arrival tapped twice (1 s apart), clearance; the ED acknowledged and handed
        // over live, while nothing had opened the case.
        Expectation ack = c.judge(submission("ACKNOWLEDGED", 5, NURSE));
        Expectation handedOver = c.judge(submission("HANDED_OVER", 40, NURSE));
        Expectation cleared = c.judge(submission("CLEARED", 60, OFFICER));
        Expectation secondTap = c.judge(
                new Submission(new UUID(9, 2).toString(), "ARRIVED", T0.plusSeconds(1), OFFICER, Map.of(), true));
        Expectation firstTap =
                c.judge(new Submission(new UUID(9, 1).toString(), "ARRIVED", T0, OFFICER, Map.of(), true));
        Expectation opening = c.judge(preAlert(-20, 2));

        List<Expectation> all = List.of(ack, handedOver, cleared, secondTap, firstTap, opening);
        assertThat(all.stream().map(Expectation::first).toList())
                .containsExactly(HELD, HELD, HELD, HELD, HELD, APPLIED);
        assertThat(all.stream().map(Expectation::verdict).toList())
                .containsExactly(
                        APPLIED, APPLIED, APPLIED, APPLIED, Judgement.rejected("R5_ALREADY_RECORDED"), APPLIED);
        assertThat(c.point(Point.ARRIVED)).isEqualTo(T0.plusSeconds(1)); // in reverse, the later tap wins
        assertThat(c.state()).isEqualTo("CLEARED");
    }

    @Test
    void givenAHeldCorrectionReceivedBeforeTheEventItCorrects_whenReleased_thenNotRecorded() {
        Expectation correction = c.judge(correction("ARRIVED", T0.minusSeconds(300)));
        Expectation arrived = c.judge(submission("ARRIVED", 0, OFFICER));
        c.judge(preAlert(-20, 2));

        assertThat(List.of(correction.verdict(), arrived.verdict()))
                .containsExactly(Judgement.rejected("NOT_RECORDED"), APPLIED);
    }

    @Test
    void givenAHeldEventIdSentAgain_whenStillHeldAndAfterRelease_thenHeldFollowingTheFirstThenItsVerdict() {
        Submission cleared = submission("CLEARED", 60, OFFICER);
        Expectation first = c.judge(cleared);
        Expectation again = c.judge(cleared.asQueuedOffline());
        Expectation reused = c.judge(
                new Submission(cleared.eventId(), "CLEARED", T0.plusSeconds(61 * 60), OFFICER, Map.of(), false));

        Expectation opening = c.judge(preAlert(-20, 2));
        Expectation afterwards = c.judge(cleared);

        assertThat(List.of(again.first(), again.verdict(), reused.first(), afterwards.first()))
                .containsExactly(HELD, APPLIED, Judgement.rejected("EVENT_ID_REUSED"), APPLIED);
        assertThat(again.releasedBy()).isSameAs(opening);
        assertThat(first.verdict()).isEqualTo(APPLIED);
    }

    @Test
    void givenARefusedOpening_whenTheSameEventIdIsSentAfterTheCaseOpened_thenItIsJudgedAfresh() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("siteCode", "QEUH");
        details.put("removedAt", T0.plusSeconds(600)); // after the arrival: breaks rule 3
        Submission arrival = submission("ARRIVED", 0, OFFICER, details);

        Judgement refused = judge(arrival);
        open(-20, 2);

        // Now the pre-alert's removal is recorded and the arrival's removedAt no longer fills the point.
        assertThat(List.of(refused, judge(arrival))).containsExactly(Judgement.rejected("R3_ORDER"), APPLIED);
        assertThat(List.of(c.point(Point.ARRIVED), c.point(Point.REMOVED))).containsExactly(T0, T0.minusSeconds(1800));
    }

    @Test
    void givenAnUnopenedCase_whenNothingEverOpensIt_thenHeldIsItsVerdictAndTheCaseIsNotOpen() {
        Expectation ack = c.judge(submission("ACKNOWLEDGED", 5, NURSE));

        assertThat(List.of(ack.first(), ack.verdict(), ack.now(e -> true))).containsOnly(HELD);
        assertThat(ack.releasedBy()).isNull();
        assertThat(List.of(c.opened(), c.state() == null)).containsExactly(false, true);
    }

    // ---------------------------------------------------------------------------------------------
    // Divisions and who may act

    @Test
    void givenEdStaffArrivalWithoutPoliceDivision_whenTheCaseIsNotOpen_thenHeldUntilAnArrivalNamingItOpensIt() {
        Expectation withoutDivision = c.judge(submission("ARRIVED", 0, NURSE, Map.of("siteCode", "QEUH")));
        Expectation opening =
                c.judge(submission("ARRIVED", 0, NURSE, Map.of("siteCode", "QEUH", "policeDivision", "G")));

        assertThat(List.of(withoutDivision.first(), opening.first(), withoutDivision.verdict()))
                .containsExactly(HELD, APPLIED, Judgement.duplicate()); // the same instant: the same fact
        assertThat(List.of(c.division(), c.point(Point.ARRIVED))).containsExactly("G", T0);
    }

    @Test
    void givenACaseTheEdOpenedForDivisionG_whenOfficersAndEdStaffFollow_thenTheDivisionNeverChanges() {
        judge(submission("ARRIVED", 0, NURSE, Map.of("siteCode", "QEUH", "policeDivision", "G")));

        Map<String, Object> latePreAlert = Map.of("siteCode", "QEUH");
        assertThat(List.of(
                        judge(submission("PRE_ALERTED", -20, OFFICER_OF_E, latePreAlert)),
                        judge(submission("CLEARED", 60, OFFICER_OF_E)),
                        judge(submission("ARRIVED", 0, NURSE, Map.of("policeDivision", "E"))),
                        judge(submission("ACKNOWLEDGED", 5, NURSE_OF_GRI)),
                        judge(submission("PRE_ALERTED", -20, OFFICER, latePreAlert)),
                        judge(submission("ARRIVED", 1, OFFICER, Map.of("siteCode", "QEUH")))))
                .containsExactly(
                        Judgement.rejected("NOT_PERMITTED"),
                        Judgement.rejected("NOT_PERMITTED"),
                        Judgement.rejected("CASE_MISMATCH"),
                        Judgement.rejected("WRONG_SITE"),
                        APPLIED, // a late pre-alert by an officer of the case's own division
                        Judgement.rejected("R5_ALREADY_RECORDED"));
        assertThat(List.of(c.division(), c.point(Point.PRE_ALERTED), c.point(Point.CLEARED) == null))
                .containsExactly("G", T0.minusSeconds(20 * 60), true);
    }

    @Test
    void givenAnOfficerOfAnotherDivisionOpeningFirst_whenTheCaseOpens_thenItIsTheirsAndOtherDivisionsAreRefused() {
        assertThat(judge(submission("ARRIVED", 0, OFFICER_OF_E, Map.of("siteCode", "QEUH"))))
                .isEqualTo(APPLIED);
        assertThat(judge("CLEARED", 30, OFFICER)).isEqualTo(Judgement.rejected("NOT_PERMITTED"));
        assertThat(judge(correction("ARRIVED", T0.minusSeconds(60)))) // a sergeant of G, neither site nor division
                .isEqualTo(Judgement.rejected("NOT_PERMITTED"));
        assertThat(c.division()).isEqualTo("E");
    }

    @Test
    void givenARoleThatMayNotSendTheType_whenJudged_thenNotPermittedAndNothingIsHeldOrRemembered() {
        Submission cleared = submission("CLEARED", 60, NURSE);

        assertThat(List.of(judge(cleared), judge(submission("ACKNOWLEDGED", 5, OFFICER))))
                .containsOnly(Judgement.rejected("NOT_PERMITTED"));
        assertThat(c.heldSubmissions()).isZero();
    }

    @Test
    void givenPoliceDivisionOnAnotherTypeOrFromPolice_whenJudged_thenInvalidDetail() {
        open(-20, 2);

        assertThat(List.of(
                        judge(submission("ACKNOWLEDGED", 5, NURSE, Map.of("policeDivision", "G"))),
                        judge(submission("ARRIVED", 0, OFFICER, Map.of("policeDivision", "G")))))
                .containsOnly(Judgement.rejected("INVALID_DETAIL"));
    }

    // ---------------------------------------------------------------------------------------------
    // Diversions

    @Test
    void givenADiversion_whenItApplies_thenTheLinkedCaseOpensWithTheCopiedAttributesAndItsIdComesLater() {
        ExpectedCase linked = new ExpectedCase(null, "GRI");
        c.divertsTo(linked);
        open(-20, 3);
        Expectation diverted = c.judge(submission(
                "DIVERTED",
                -10,
                OFFICER,
                Map.of("destinationSiteCode", "GRI", "reason", "ED asked for the person to go to another site")));

        assertThat(diverted.first()).isEqualTo(APPLIED);
        assertThat(new ArrayList<Object>(Arrays.asList(
                        linked.opened(),
                        linked.caseId(),
                        linked.state(),
                        linked.division(),
                        linked.officerCount(),
                        linked.linkedFrom(),
                        linked.firstEventAt(),
                        c.divertedTo())))
                .containsExactly(true, null, "PRE_ALERTED", "G", 3, CASE, T0.minusSeconds(1800), null);
        assertThat(linked.resolve("1f0e0d0c-0b0a-4908-8706-050403020100")).isTrue();
        assertThat(linked.resolve("2f0e0d0c-0b0a-4908-8706-050403020100")).isFalse();
        assertThat(c.divertedTo()).isEqualTo("1f0e0d0c-0b0a-4908-8706-050403020100");
        assertThat(linked.judge(new Submission(
                                new UUID(1, 1).toString(), "ARRIVED", T0.plusSeconds(1800), OFFICER, Map.of(), false))
                        .first())
                .isEqualTo(APPLIED);
    }

    @Test
    void givenADiversionToItsOwnSite_whenJudged_thenInvalidDetailAndNoLinkedCase() {
        ExpectedCase linked = new ExpectedCase(null, "QEUH");
        c.divertsTo(linked);
        open(-20, 3);

        assertThat(judge(submission("DIVERTED", -10, OFFICER, Map.of("destinationSiteCode", "QEUH"))))
                .isEqualTo(Judgement.rejected("INVALID_DETAIL"));
        assertThat(List.of(linked.opened(), c.state())).containsExactly(false, "PRE_ALERTED");
    }

    @Test
    void givenAnOpeningWithoutOfficerCount_whenALaterArrivalGivesIt_thenItFillsTheMissingValueOnly() {
        open(-20, null);
        judge(submission("ARRIVED", 0, OFFICER, Map.of("officerCount", 3)));

        assertThat(c.officerCount()).isEqualTo(3);
    }

    private Submission correction(String point, Instant to) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("correctedPoint", point);
        details.put("correctedTo", to);
        details.put("reason", "arrival recorded late");
        return submission("CORRECTED", 120, SERGEANT, details);
    }

    @Test
    void givenDispositions_whenJudged_thenOnlyAfterArrivalAndTheLatestByTimeStandsWhateverTheOrderSent() {
        List<Judgement> verdicts = List.of(
                open(-20, 2),
                judge(submission("DISPOSITION_RECORDED", -10, NURSE, Map.of("disposition", "DISCHARGED"))),
                judge("ARRIVED", 0, OFFICER),
                judge("HANDED_OVER", 40, NURSE),
                judge(submission("CLEARED", 50, OFFICER, Map.of("disposition", "DISCHARGED"))),
                judge(submission("DISPOSITION_RECORDED", 200, NURSE, Map.of("disposition", "ADMITTED_INFORMAL"))),
                judge(submission("DISPOSITION_RECORDED", 100, NURSE, Map.of("disposition", "OTHER"))),
                judge(submission("DISPOSITION_RECORDED", 300, SERGEANT, Map.of("disposition", "REFERRED_DBI"))),
                judge(submission("DISPOSITION_RECORDED", 200, NURSE, Map.of("disposition", "ADMITTED_INFORMAL"))));

        assertThat(verdicts)
                .containsExactly(
                        APPLIED,
                        Judgement.rejected("INVALID_TRANSITION"),
                        APPLIED,
                        APPLIED,
                        APPLIED,
                        APPLIED,
                        APPLIED,
                        Judgement.rejected("MISSING_DETAIL"),
                        Judgement.duplicate());
        assertThat(c.disposition()).isEqualTo("ADMITTED_INFORMAL");
        assertThat(List.of(c.state(), c.open())).containsExactly("CLEARED", false);
    }

    @Test
    void givenAReferralAtScene_whenItOpensTheCaseWithoutASite_thenTheCaseIsClosedAtNoSiteUntilAPreAlertNamesOne() {
        Map<String, Object> referral = new LinkedHashMap<>();
        referral.put("referralPathway", "DBI");
        referral.put("legalBasis", "S297");
        referral.put("officerCount", 2);

        List<Judgement> verdicts = List.of(
                judge(submission("REFERRED_AT_SCENE", 10, OFFICER, referral)),
                judge(submission("DISPOSITION_RECORDED", 12, OFFICER, Map.of("disposition", "OTHER"))),
                judge("ARRIVED", 15, NURSE));
        String siteBefore = c.siteCode();
        Judgement preAlert = open(0, null);

        assertThat(verdicts)
                .containsExactly(APPLIED, Judgement.rejected("INVALID_TRANSITION"), Judgement.rejected("WRONG_SITE"));
        assertThat(List.of(siteBefore, preAlert, c.siteCode(), c.state(), c.referralPathway(), c.officerCount()))
                .containsExactly(ExpectedCase.NO_SITE, APPLIED, "QEUH", "REFERRED_AT_SCENE", "DBI", 2);
        assertThat(judge("ARRIVED", 15, OFFICER)).isEqualTo(Judgement.rejected("INVALID_TRANSITION"));
    }

    // ---------------------------------------------------------------------------------------------
    // Issue 13: relief and mistakes

    private static final User SERGEANT_OF_E = User.divisionSupervisor("E");
    private static final User SISTER = User.siteSupervisor("QEUH");

    private Map<String, Object> with(String... keysAndValues) {
        Map<String, Object> details = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            details.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return details;
    }

    /** An officer of G walks in with the person under {@code basis}, without removal time. */
    private Judgement walkIn(int minutes, String basis) {
        return judge(submission("ARRIVED", minutes, OFFICER, with("siteCode", "QEUH", "legalBasis", basis)));
    }

    private Judgement transfer(int minutes, User supervisor, String to) {
        return judge(submission(
                "DIVISION_TRANSFERRED", minutes, supervisor, with("policeDivision", to, "reason", "relief")));
    }

    @Test
    void givenAnOpenCase_whenItsDivisionsSupervisorTransfersIt_thenTheReceivingDivisionOwnsItFromThenOn() {
        walkIn(0, "S297");
        judge("HANDED_OVER", 200, NURSE);

        List<Judgement> verdicts = List.of(
                transfer(120, SISTER, "E"), // the site's supervisor may not: the division owns the record
                transfer(120, SERGEANT, "G"), // the division it already belongs to
                judge(submission("DIVISION_TRANSFERRED", 120, SERGEANT, with("policeDivision", "E"))), // no reason
                transfer(-5, SERGEANT, "E"), // before the case's first point
                transfer(120, SERGEANT, "E"),
                transfer(120, SERGEANT_OF_E, "E"), // the same fact under another eventId
                transfer(110, SERGEANT_OF_E, "G"), // before the transfer it would follow
                judge("CLEARED", 230, OFFICER), // G's officers no longer act on it
                judge("CLEARED", 231, OFFICER_OF_E),
                transfer(240, SERGEANT_OF_E, "G")); // closed: a closed case's division is corrected instead

        assertThat(verdicts)
                .containsExactly(
                        Judgement.rejected("NOT_PERMITTED"),
                        Judgement.rejected("INVALID_DETAIL"),
                        Judgement.rejected("MISSING_DETAIL"),
                        Judgement.rejected("R3_ORDER"),
                        APPLIED,
                        Judgement.duplicate(),
                        Judgement.rejected("R3_ORDER"),
                        Judgement.rejected("NOT_PERMITTED"),
                        APPLIED,
                        Judgement.rejected("INVALID_TRANSITION"));
        assertThat(List.of(c.division(), c.divisionTransfers(), c.state())).containsExactly("E", 1, "CLEARED");
    }

    @Test
    void givenAClosedCase_whenTheOwningDivisionCorrectsItsAttributes_thenEachChangesAndTheSameAgainIsTheSameFact() {
        walkIn(0, "S297");
        judge("HANDED_OVER", 40, NURSE);
        judge("CLEARED", 50, OFFICER);

        List<Judgement> verdicts = List.of(
                judge(submission("CORRECTED", 60, SISTER, with("correctedLegalBasis", "S136", "reason", "r"))),
                judge(submission("CORRECTED", 60, SERGEANT, with("correctedLegalBasis", "S297", "reason", "r"))),
                judge(submission("CORRECTED", 60, SERGEANT, with("correctedLegalBasis", "S136"))), // no reason
                judge(submission(
                        "CORRECTED",
                        60,
                        SERGEANT,
                        with("correctedLegalBasis", "S136", "correctedSiteCode", "GRI", "reason", "r"))),
                judge(submission("CORRECTED", 60, SERGEANT, with("correctedLegalBasis", "S136", "reason", "r"))),
                judge(submission("CORRECTED", 61, SERGEANT, with("correctedLegalBasis", "S136", "reason", "r"))),
                judge(submission("CORRECTED", 62, SERGEANT, with("correctedSiteCode", "GRI", "reason", "r"))),
                judge(submission("DISPOSITION_RECORDED", 63, NURSE, with("disposition", "DISCHARGED"))),
                judge(submission("DISPOSITION_RECORDED", 63, NURSE_OF_GRI, with("disposition", "DISCHARGED"))),
                judge(submission("CORRECTED", 64, SERGEANT, with("correctedDivision", "E", "reason", "r"))),
                judge(submission("CORRECTED", 65, SERGEANT, with("correctedDivision", "G", "reason", "r"))),
                judge(submission("CORRECTED", 65, SERGEANT_OF_E, with("correctedDivision", "E", "reason", "r"))));

        assertThat(verdicts)
                .containsExactly(
                        Judgement.rejected("NOT_PERMITTED"), // only the owning division's supervisor
                        Judgement.rejected("INVALID_DETAIL"), // already S297, never corrected to it
                        Judgement.rejected("MISSING_DETAIL"),
                        Judgement.rejected("INVALID_DETAIL"), // two at once
                        APPLIED,
                        Judgement.duplicate(),
                        APPLIED,
                        Judgement.rejected("WRONG_SITE"), // the case is at GRI now
                        APPLIED,
                        APPLIED,
                        Judgement.rejected("NOT_PERMITTED"), // E owns it now
                        Judgement.duplicate());
        assertThat(List.of(c.legalBasis(), c.siteCode(), c.division(), c.fieldCorrections()))
                .containsExactly(
                        "S136", "GRI", "E", List.of("correctedLegalBasis", "correctedSiteCode", "correctedDivision"));
    }

    @Test
    void givenACaseOpenedWithoutRemoval_whenTheRemovalIsCorrected_thenTheCorrectionRecordsItKeepingTheOrder() {
        walkIn(0, "S297");
        judge("CLEARED", 50, OFFICER);

        Judgement afterArrival = judge(submission(
                "CORRECTED",
                60,
                SERGEANT,
                Map.of("correctedPoint", "REMOVED", "correctedTo", T0.plusSeconds(60), "reason", "r")));
        Judgement recorded = judge(submission(
                "CORRECTED",
                61,
                SISTER,
                Map.of("correctedPoint", "REMOVED", "correctedTo", T0.minusSeconds(1800), "reason", "r")));
        Judgement moved = judge(submission(
                "CORRECTED",
                62,
                SERGEANT,
                Map.of("correctedPoint", "REMOVED", "correctedTo", T0.minusSeconds(2400), "reason", "r")));

        assertThat(List.of(afterArrival, recorded, moved))
                .containsExactly(Judgement.rejected("R3_ORDER"), APPLIED, APPLIED);
        assertThat(c.point(Point.REMOVED)).isEqualTo(T0.minusSeconds(2400));
    }

    @Test
    void givenAnS136Case_whenTheClockIsExtended_thenOnceWhileItRunsAndOnlyForS136() {
        walkIn(0, "S136");
        Submission tooLate = submission("LEGAL_CLOCK_EXTENDED", 24 * 60, NURSE);
        Submission extension = submission("LEGAL_CLOCK_EXTENDED", 20 * 60, NURSE);

        List<Judgement> verdicts = List.of(
                judge("LEGAL_CLOCK_EXTENDED", 60, OFFICER), // ED staff or a supervisor, not police
                judge("LEGAL_CLOCK_EXTENDED", -1, NURSE), // before the clock started at arrival
                judge(tooLate), // at the deadline: too late
                judge(extension),
                judge("LEGAL_CLOCK_EXTENDED", 20 * 60, SISTER), // the same fact
                judge("LEGAL_CLOCK_EXTENDED", 21 * 60, SERGEANT)); // once only

        assertThat(verdicts)
                .containsExactly(
                        Judgement.rejected("NOT_PERMITTED"),
                        Judgement.rejected("R3_ORDER"),
                        Judgement.rejected("R3_ORDER"),
                        APPLIED,
                        Judgement.duplicate(),
                        Judgement.rejected("INVALID_TRANSITION"));
        assertThat(c.legalClockExtendedAt()).isEqualTo(extension.occurredAt());
    }

    @Test
    void givenAnotherBasisOrAClosedCase_whenTheClockIsExtended_thenInvalidTransition() {
        walkIn(0, "S297");
        Judgement s297 = judge("LEGAL_CLOCK_EXTENDED", 60, NURSE);
        judge(submission("CORRECTED", 61, SERGEANT, with("correctedLegalBasis", "S136", "reason", "r")));
        judge("CLEARED", 70, OFFICER);
        Judgement closed = judge("LEGAL_CLOCK_EXTENDED", 80, NURSE);

        assertThat(List.of(s297, closed))
                .containsExactly(Judgement.rejected("INVALID_TRANSITION"), Judgement.rejected("INVALID_TRANSITION"));
        assertThat(c.legalClockExtendedAt()).isNull();
    }

    @Test
    void givenATransferredCase_whenResent_thenItsSenderGetsItsVerdictAndAnyoneElseOfTheOldDivisionTheRefusal() {
        walkIn(0, "S297");
        Submission transfer = submission(
                "DIVISION_TRANSFERRED", 60, SERGEANT, with("policeDivision", "E", "reason", "relief at shift change"));
        User anotherSergeantOfG = new User("sim-sgt-G-2", User.SUPERVISOR, "G");
        Submission byAnother = new Submission(
                transfer.eventId(),
                transfer.type(),
                transfer.occurredAt(),
                anotherSergeantOfG,
                transfer.details(),
                false);

        assertThat(List.of(judge(transfer), judge(transfer), judge(transfer.asQueuedOffline()), judge(byAnother)))
                .containsExactly(APPLIED, APPLIED, APPLIED, Judgement.rejected("NOT_PERMITTED"));
        assertThat(c.division()).isEqualTo("E");
    }

    // ---------------------------------------------------------------------------------------------
    // ED staff's undo (ACTION_UNDONE)

    private static final User OTHER_NURSE = User.edStaff("QEUH", 2);

    private Judgement undo(Submission undone, int minutes, User nurse) {
        return judge(submission("ACTION_UNDONE", minutes, nurse, Map.of("undoneEventId", undone.eventId())));
    }

    @Test
    void givenAnAcknowledgement_whenItsNurseUndoesIt_thenTheCaseGoesBackAndItMayBeRecordedAgainAtItsTime() {
        open(-20, 2);
        judge("ARRIVED", 0, OFFICER);
        Submission ack = submission("ACKNOWLEDGED", 5, NURSE);
        judge(ack);
        Submission undone = submission("ACTION_UNDONE", 6, NURSE, Map.of("undoneEventId", ack.eventId()));

        assertThat(judge(undone)).isEqualTo(APPLIED);
        assertThat(List.of(c.state(), c.open(), c.undos())).containsExactly("ARRIVED", true, 1);
        assertThat(c.point(Point.ACKNOWLEDGED)).isNull();
        assertThat(c.acknowledgedAt()).isNull();
        // The same withdrawal under another eventId is the same fact; its re-send gets its first verdict.
        assertThat(undo(ack, 6, NURSE)).isEqualTo(Judgement.duplicate());
        assertThat(c.judge(undone).first()).isEqualTo(APPLIED);
        // Another nurse withdrawing what was withdrawn already: not theirs.
        assertThat(undo(ack, 6, OTHER_NURSE)).isEqualTo(Judgement.rejected("UNDO_NOT_OWN"));
        // Recorded again at its time under a new eventId: applied, not the same fact as the withdrawn one.
        assertThat(judge("ACKNOWLEDGED", 5, NURSE)).isEqualTo(APPLIED);
        assertThat(List.of(c.state(), c.undos())).containsExactly("ACKNOWLEDGED", 1);
        assertThat(c.acknowledgedAt()).isEqualTo(T0.plusSeconds(300));
    }

    @Test
    void givenAnUndoneAcknowledgementNotRecordedAgain_whenTheCaseIsHandedOver_thenTheHandoverImpliesIt() {
        open(-20, 2);
        judge("ARRIVED", 0, OFFICER);
        Submission ack = submission("ACKNOWLEDGED", 5, NURSE);
        judge(ack);
        undo(ack, 6, NURSE);

        assertThat(judge("HANDED_OVER", 40, NURSE)).isEqualTo(APPLIED);
        assertThat(judge("CLEARED", 50, OFFICER)).isEqualTo(APPLIED);
        assertThat(c.acknowledgedImplied()).isTrue();
        assertThat(c.acknowledgedAt()).isEqualTo(T0.plusSeconds(40 * 60));
        assertThat(c.complete()).isTrue();
    }

    @Test
    void givenAnAssessmentStarted_whenItsNurseUndoesIt_thenItAndItsModeGoAndItMayBeRecordedAgain() {
        open(-20, 2);
        judge("ARRIVED", 0, OFFICER);
        judge("ACKNOWLEDGED", 5, NURSE);
        judge("HANDED_OVER", 30, NURSE); // a later point does not stop an assessment's undo
        Submission assessed = submission("ASSESSMENT_STARTED", 20, NURSE, Map.of("assessmentMode", "REMOTE"));
        judge(assessed);

        assertThat(undo(assessed, 31, NURSE)).isEqualTo(APPLIED);
        assertThat(List.of(c.state(), c.undos())).containsExactly("HANDED_OVER", 1);
        assertThat(c.point(Point.ASSESSMENT_STARTED)).isNull();
        assertThat(c.assessmentMode()).isNull();
        assertThat(c.arrivalToAssessmentSeconds()).isNull();
        assertThat(judge(submission("ASSESSMENT_STARTED", 20, NURSE, Map.of()))).isEqualTo(APPLIED);
        assertThat(c.assessmentMode()).isNull(); // the mode went with the undone point
        assertThat(c.arrivalToAssessmentSeconds()).isEqualTo(20L * 60);
    }

    @Test
    void givenAHandover_whenItsNurseUndoesIt_thenTheAcknowledgementItImpliedGoesToo() {
        open(-20, 2);
        judge("ARRIVED", 0, OFFICER);
        Submission handedOver = submission("HANDED_OVER", 40, NURSE);
        judge(handedOver);
        assertThat(c.acknowledgedImplied()).isTrue();

        assertThat(undo(handedOver, 41, NURSE)).isEqualTo(APPLIED);
        assertThat(List.of(c.state(), c.acknowledgedImplied())).containsExactly("ARRIVED", false);
        assertThat(c.acknowledgedAt()).isNull();
    }

    @Test
    void givenSomeoneElsesOrNoSuchPoint_whenUndone_thenNotOwnOrNotFound() {
        Submission preAlert = preAlert(-20, 2);
        judge(preAlert);
        Submission arrived = submission("ARRIVED", 0, OFFICER);
        judge(arrived);
        Submission ack = submission("ACKNOWLEDGED", 5, NURSE);
        judge(ack);
        Submission refusedAgain = submission("ACKNOWLEDGED", 6, NURSE); // R5: it stands under the first eventId
        judge(refusedAgain);

        List<Judgement> verdicts = List.of(
                undo(ack, 6, OTHER_NURSE), // another nurse of the site
                undo(ack, 6, NURSE_OF_GRI), // another site's nurse: refused before the rules
                undo(arrived, 6, NURSE), // not a board action
                undo(preAlert, 6, NURSE),
                undo(refusedAgain, 6, NURSE), // refused: recorded nothing
                undo(submission("ACKNOWLEDGED", 5, NURSE), 6, NURSE), // never received
                undo(ack, 6, OFFICER), // officers may not undo
                judge(submission("ACTION_UNDONE", 6, NURSE))); // nothing named

        assertThat(verdicts)
                .containsExactly(
                        Judgement.rejected("UNDO_NOT_OWN"),
                        Judgement.rejected("WRONG_SITE"),
                        Judgement.rejected("UNDO_NOT_FOUND"),
                        Judgement.rejected("UNDO_NOT_FOUND"),
                        Judgement.rejected("UNDO_NOT_FOUND"),
                        Judgement.rejected("UNDO_NOT_FOUND"),
                        Judgement.rejected("NOT_PERMITTED"),
                        Judgement.rejected("MISSING_DETAIL"));
        assertThat(List.of(c.state(), c.undos())).containsExactly("ACKNOWLEDGED", 0);
    }

    @Test
    void givenALaterPointACorrectionOrAClosedCase_whenTheAcknowledgementIsUndone_thenNotLatest() {
        open(-20, 2);
        judge("ARRIVED", 0, OFFICER);
        Submission ack = submission("ACKNOWLEDGED", 5, NURSE);
        judge(ack);
        Submission started = submission("HANDOVER_STARTED", 10, NURSE);
        judge(started);
        assertThat(undo(ack, 11, NURSE)).isEqualTo(Judgement.rejected("UNDO_NOT_LATEST"));
        Submission handedOver = submission("HANDED_OVER", 12, NURSE);
        judge(handedOver);
        assertThat(undo(ack, 13, NURSE)).isEqualTo(Judgement.rejected("UNDO_NOT_LATEST"));
        assertThat(undo(started, 13, NURSE)).isEqualTo(Judgement.rejected("UNDO_NOT_LATEST"));
        // A supervisor corrected the handover: its nurse may no longer undo it.
        assertThat(judge(submission(
                        "CORRECTED",
                        14,
                        User.siteSupervisor("QEUH"),
                        Map.of(
                                "correctedPoint",
                                "HANDED_OVER",
                                "correctedTo",
                                T0.plusSeconds(13 * 60),
                                "reason",
                                "r"))))
                .isEqualTo(APPLIED);
        assertThat(undo(handedOver, 15, NURSE)).isEqualTo(Judgement.rejected("UNDO_NOT_LATEST"));
        // Cleared: the case ended, nothing of it can be undone.
        Submission assessed = submission("ASSESSMENT_STARTED", 14, NURSE);
        judge(assessed);
        judge("CLEARED", 20, OFFICER);
        assertThat(undo(assessed, 21, NURSE)).isEqualTo(Judgement.rejected("UNDO_NOT_LATEST"));
        assertThat(List.of(c.state(), c.undos())).containsExactly("CLEARED", 0);
    }

    @Test
    void givenAnAcknowledgementTheOnlySignOfArrival_whenRecordsSinceNeedIt_thenItsUndoIsNotLatest() {
        open(-20, 2);
        Submission ack = submission("ACKNOWLEDGED", 5, NURSE); // no ARRIVED: the acknowledgement shows it
        judge(ack);
        assertThat(judge(submission("DELAY_REASON_RECORDED", 6, NURSE, Map.of("delayReason", "AWAITING_BED"))))
                .isEqualTo(APPLIED);

        assertThat(undo(ack, 7, NURSE)).isEqualTo(Judgement.rejected("UNDO_NOT_LATEST"));
        assertThat(c.point(Point.ACKNOWLEDGED)).isEqualTo(T0.plusSeconds(300));
    }
}
