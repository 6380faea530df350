package uk.transferofcare.api.handover;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import uk.transferofcare.api.problem.FieldError;

class TransitionCheckTest {

    private static final Instant T0 = Instant.parse("2026-11-25T03:00:00Z");

    private static ValidatedSubmission submission(SubmissionType type, Instant at) {
        return submission(type, at, null, null);
    }

    private static ValidatedSubmission submission(SubmissionType type, Instant at, Point corrected, Instant to) {
        return new ValidatedSubmission(
                "e",
                "c",
                type,
                at,
                new ValidatedSubmission.Details(
                        null, null, null, null, null, null, null, corrected, to, "r", null, null),
                new ValidatedSubmission.SourceInfo("API", null, false));
    }

    private static CaseTimeline timeline(String state, Set<Point> implied, Object... pointsAndTimes) {
        Map<Point, Instant> points = new EnumMap<>(Point.class);
        for (int i = 0; i < pointsAndTimes.length; i += 2) {
            points.put((Point) pointsAndTimes[i], (Instant) pointsAndTimes[i + 1]);
        }
        return new CaseTimeline(state, points, implied);
    }

    @Test
    void givenAVoidCase_whenAnythingArrives_thenCaseVoid() {
        assertThat(TransitionCheck.check(
                        submission(SubmissionType.CLEARED, T0),
                        timeline("ENTERED_IN_ERROR", Set.of(), Point.ARRIVED, T0)))
                .contains(new FieldError(
                        "type", "CASE_VOID", "the case was entered in error: it is void and takes no more events"));
    }

    @Test
    void givenAnArrivedCase_whenCancelled_thenInvalidTransition() {
        assertThat(TransitionCheck.check(
                                submission(SubmissionType.CANCELLED, T0.plusSeconds(60)),
                                timeline("ARRIVED", Set.of(), Point.ARRIVED, T0))
                        .map(FieldError::rule))
                .contains("INVALID_TRANSITION");
    }

    @Test
    void givenAnOutcome_whenASecondOutcomeArrives_thenInvalidTransition() {
        assertThat(TransitionCheck.check(
                                submission(SubmissionType.ABSCONDED, T0.plusSeconds(60)),
                                timeline("ENDED_WITHOUT_HANDOVER", Set.of(), Point.ARRIVED, T0, Point.OUTCOME, T0))
                        .map(FieldError::rule))
                .contains("INVALID_TRANSITION");
    }

    @Test
    void givenARecordedArrival_whenTheSameInstantComesAgain_thenItIsLeftToTheProcessorAsADuplicate() {
        assertThat(TransitionCheck.check(
                        submission(SubmissionType.ARRIVED, T0), timeline("ARRIVED", Set.of(), Point.ARRIVED, T0)))
                .isEmpty();
    }

    @Test
    void givenARecordedArrival_whenAnotherInstantComes_thenAlreadyRecorded() {
        assertThat(TransitionCheck.check(
                                submission(SubmissionType.ARRIVED, T0.plusSeconds(5)),
                                timeline("ARRIVED", Set.of(), Point.ARRIVED, T0))
                        .map(FieldError::rule))
                .contains("R5_ALREADY_RECORDED");
    }

    @Test
    void givenALateArrivalBeforeTheAcknowledgement_whenItComes_thenItIsAllowed() {
        assertThat(TransitionCheck.check(
                        submission(SubmissionType.ARRIVED, T0.minusSeconds(300)),
                        timeline("ACKNOWLEDGED", Set.of(), Point.ACKNOWLEDGED, T0)))
                .isEmpty();
    }

    @Test
    void givenAnImpliedAcknowledgement_whenAnAcknowledgementAfterTheHandoverComes_thenOrderNamesTheHandover() {
        Optional<FieldError> result = TransitionCheck.check(
                submission(SubmissionType.ACKNOWLEDGED, T0.plusSeconds(4000)),
                timeline(
                        "CLEARED",
                        Set.of(Point.ACKNOWLEDGED),
                        Point.ARRIVED,
                        T0,
                        Point.ACKNOWLEDGED,
                        T0.plusSeconds(1800),
                        Point.HANDED_OVER,
                        T0.plusSeconds(1800),
                        Point.CLEARED,
                        T0.plusSeconds(3600)));

        assertThat(result.map(FieldError::rule)).contains("R3_ORDER");
        assertThat(result.map(FieldError::field)).contains("occurredAt");
    }

    @Test
    void givenACorrectionOfAPointNeverRecorded_whenChecked_thenNotRecorded() {
        assertThat(TransitionCheck.check(
                                submission(SubmissionType.CORRECTED, T0, Point.HANDED_OVER, T0),
                                timeline("ARRIVED", Set.of(), Point.ARRIVED, T0))
                        .map(FieldError::rule))
                .contains("NOT_RECORDED");
    }

    @Test
    void givenACorrectionThatBreaksTheOrder_whenChecked_thenOrderOnCorrectedTo() {
        Optional<FieldError> result = TransitionCheck.check(
                submission(SubmissionType.CORRECTED, T0, Point.ARRIVED, T0.plusSeconds(7200)),
                timeline("HANDED_OVER", Set.of(), Point.ARRIVED, T0, Point.HANDED_OVER, T0.plusSeconds(3600)));

        assertThat(result.map(e -> e.field() + " " + e.rule())).contains("correctedTo R3_ORDER");
    }
}
