package uk.transferofcare.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import uk.transferofcare.simulator.ExpectedCase.Judgement;

class ExpectedCaseTest {

    private static final String CASE = "0f0e0d0c-0b0a-4908-8706-050403020100";
    private static final User OFFICER = User.officer("G", 1);
    private static final User NURSE = User.edStaff("QEUH", 1);
    private static final Instant T0 = Instant.parse("2026-03-29T00:30:00.250Z");

    private final ExpectedCase c = new ExpectedCase(CASE, "QEUH");
    private int ids;

    private Submission submission(String type, Instant at, User user, Map<String, Object> details) {
        return new Submission(new UUID(0, ++ids).toString(), CASE, type, at, user, details, false);
    }

    private Judgement judge(String type, int minutes, User user) {
        return c.judge(submission(type, T0.plusSeconds(60L * minutes), user, Map.of()));
    }

    private Judgement open(int minutes, Integer officers) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("siteCode", "QEUH");
        if (officers != null) {
            details.put("officerCount", officers);
        }
        details.put("removedAt", T0.minusSeconds(1800));
        return c.judge(submission("PRE_ALERTED", T0.plusSeconds(60L * minutes), OFFICER, details));
    }

    @Test
    void givenAStraightCase_whenJudged_thenEveryStepAppliesAndTheTimelineIsRecorded() {
        List<Judgement> verdicts = List.of(
                open(-20, 2),
                judge("ARRIVED", 0, OFFICER),
                judge("ACKNOWLEDGED", 5, NURSE),
                judge("HANDED_OVER", 50, NURSE),
                judge("CLEARED", 62, OFFICER));

        assertThat(verdicts).allMatch(j -> j.equals(Judgement.applied()));
        assertThat(List.of(c.state(), c.open(), c.complete(), c.division(), c.officerCount()))
                .containsExactly("CLEARED", false, true, "G", 2);
        assertThat(c.acknowledgedAt()).isEqualTo(T0.plusSeconds(300));
        assertThat(c.firstEventAt()).isEqualTo(T0.minusSeconds(1800)); // removedAt is the earliest point
    }

    @Test
    void givenTheSameEventIdAgain_whenJudged_thenItIsADuplicateAndChangesNothing() {
        open(-20, 2);
        Submission arrived = submission("ARRIVED", T0, OFFICER, Map.of());

        assertThat(List.of(c.judge(arrived), c.judge(arrived)))
                .containsExactly(Judgement.applied(), Judgement.duplicate("R1_DUPLICATE"));
    }

    @Test
    void givenAPointAlreadyRecorded_whenAnotherEventIdNamesTheSameOrAnotherTime_thenDuplicateOrR5() {
        open(-20, 2);
        judge("ARRIVED", 0, OFFICER);

        assertThat(List.of(judge("ARRIVED", 0, NURSE), judge("ARRIVED", 2, NURSE)))
                .containsExactly(Judgement.duplicate("R1_DUPLICATE"), Judgement.rejected("R5_ALREADY_RECORDED"));
        assertThat(c.point(Point.ARRIVED)).isEqualTo(T0);
    }

    @Test
    void givenALateArrival_whenItFitsTheTimeline_thenItFillsArrivedAtAndOtherwiseR3() {
        open(-20, null);
        judge("ACKNOWLEDGED", 5, NURSE);

        assertThat(List.of(judge("ARRIVED", 7, OFFICER), judge("ARRIVED", 3, OFFICER)))
                .containsExactly(Judgement.rejected("R3_ORDER"), Judgement.applied());
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
        assertThat(judge("ACKNOWLEDGED", 10, NURSE)).isEqualTo(Judgement.applied()); // a real one replaces it
        assertThat(List.of(c.acknowledgedAt(), c.acknowledgedImplied())).containsExactly(T0.plusSeconds(600), false);
    }

    @Test
    void givenOutcomes_whenJudged_thenCancelOnlyBeforeArrivalAndNoOutcomeAfterHandover() {
        open(-20, 2);
        judge("ARRIVED", 0, OFFICER);

        assertThat(judge("CANCELLED", 1, OFFICER)).isEqualTo(Judgement.rejected("INVALID_TRANSITION"));
        assertThat(judge("ABSCONDED", 30, NURSE)).isEqualTo(Judgement.applied());
        assertThat(judge("ENDED_WITHOUT_HANDOVER", 31, NURSE)).isEqualTo(Judgement.rejected("INVALID_TRANSITION"));
        assertThat(judge("HANDED_OVER", 32, NURSE)).isEqualTo(Judgement.rejected("INVALID_TRANSITION"));
        assertThat(List.of(c.state(), c.open(), c.complete())).containsExactly("ABSCONDED", false, false);
        assertThat(judge("CLEARED", 40, OFFICER)).isEqualTo(Judgement.applied());
        assertThat(List.of(c.state(), c.open(), c.complete())).containsExactly("ABSCONDED", false, true);
    }

    @Test
    void givenRetainedOfficers_whenClearanceIsBeforeTheRelease_thenR3AndAfterItApplies() {
        open(-20, 2);
        judge("ARRIVED", 0, OFFICER);
        judge("HANDED_OVER", 40, NURSE);
        Judgement retained = c.judge(submission(
                "OFFICER_RETAINED",
                T0.plusSeconds(45 * 60),
                NURSE,
                Map.of("reason", "risk: the ED asked officers to stay")));

        assertThat(List.of(
                        retained,
                        judge("OFFICER_RELEASED", 90, NURSE),
                        judge("CLEARED", 60, OFFICER),
                        judge("CLEARED", 95, OFFICER),
                        c.judge(submission(
                                "OFFICER_RETAINED", T0.plusSeconds(100 * 60), NURSE, Map.of("reason", "risk again")))))
                .containsExactly(
                        Judgement.applied(),
                        Judgement.applied(),
                        Judgement.rejected("R3_ORDER"),
                        Judgement.applied(),
                        Judgement.rejected("R3_ORDER"));
    }

    @Test
    void givenACorrection_whenItKeepsTheOrder_thenThePointMovesAndOtherwiseR3OrNotRecorded() {
        open(-20, 2);
        judge("ARRIVED", 0, OFFICER);
        judge("HANDED_OVER", 40, NURSE);
        judge("CLEARED", 50, OFFICER);
        User sergeant = User.divisionSupervisor("G");

        Judgement tooEarly = c.judge(correction(sergeant, "ARRIVED", T0.minusSeconds(25 * 60))); // before pre-alert
        Judgement fine = c.judge(correction(sergeant, "ARRIVED", T0.minusSeconds(10 * 60)));
        Judgement same = c.judge(correction(sergeant, "ARRIVED", T0.minusSeconds(10 * 60)));
        Judgement never = c.judge(correction(sergeant, "HANDOVER_STARTED", T0));

        assertThat(List.of(tooEarly, fine, same, never))
                .containsExactly(
                        Judgement.rejected("R3_ORDER"),
                        Judgement.applied(),
                        Judgement.duplicate("R1_DUPLICATE"),
                        Judgement.rejected("NOT_RECORDED"));
        assertThat(ExpectedCase.seconds(c.point(Point.ARRIVED), c.point(Point.HANDED_OVER)))
                .isEqualTo(3000);
    }

    @Test
    void givenAVoidedCase_whenAnythingFollows_thenCaseVoidButAResentEventIdIsStillADuplicate() {
        open(-20, 2);
        Submission arrived = submission("ARRIVED", T0, OFFICER, Map.of());
        c.judge(arrived);
        c.judge(submission("ENTERED_IN_ERROR", T0.plusSeconds(60), User.siteSupervisor("QEUH"), Map.of("reason", "x")));

        assertThat(List.of(c.judge(arrived), judge("ACKNOWLEDGED", 2, NURSE)))
                .containsExactly(Judgement.duplicate("R1_DUPLICATE"), Judgement.rejected("CASE_VOID"));
        assertThat(List.of(c.state(), c.open(), c.voided())).containsExactly("ENTERED_IN_ERROR", false, true);
    }

    @Test
    void givenACaseOpenedByADiversion_whenTheOfficerArrives_thenItHasTheCopiedAttributes() {
        ExpectedCase linked = new ExpectedCase("1f0e0d0c-0b0a-4908-8706-050403020100", "GRI");
        Submission beforeOpening = new Submission(
                new UUID(1, 1).toString(), linked.caseId(), "ARRIVED", T0.plusSeconds(1800), OFFICER, Map.of(), false);
        assertThat(linked.judge(beforeOpening)).isEqualTo(Judgement.rejected("UNKNOWN_CASE"));

        linked.openLinked(T0, T0.minusSeconds(600), 3, "S297", "G", CASE);

        assertThat(linked.judge(beforeOpening)).isEqualTo(Judgement.applied()); // a refused opening left nothing
        assertThat(new ArrayList<Object>(List.of(
                        linked.state(),
                        linked.division(),
                        linked.officerCount(),
                        linked.linkedFrom(),
                        linked.firstEventAt())))
                .containsExactly("ARRIVED", "G", 3, CASE, T0.minusSeconds(600));
    }

    @Test
    void givenAnOpeningWithoutOfficerCount_whenALaterArrivalGivesIt_thenItFillsTheMissingValueOnly() {
        open(-20, null);
        c.judge(submission("ARRIVED", T0, OFFICER, Map.of("officerCount", 3)));

        assertThat(c.officerCount()).isEqualTo(3);
    }

    private Submission correction(User supervisor, String point, Instant to) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("correctedPoint", point);
        details.put("correctedTo", to);
        details.put("reason", "arrival recorded late");
        return submission("CORRECTED", T0.plusSeconds(7200), supervisor, details);
    }
}
