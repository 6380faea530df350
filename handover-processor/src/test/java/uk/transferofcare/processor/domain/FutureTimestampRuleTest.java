package uk.transferofcare.processor.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static uk.transferofcare.processor.domain.Fixtures.SITE;
import static uk.transferofcare.processor.domain.Fixtures.arrive;
import static uk.transferofcare.processor.domain.Fixtures.correct;
import static uk.transferofcare.processor.domain.Fixtures.min;
import static uk.transferofcare.processor.domain.Fixtures.preAlert;
import static uk.transferofcare.processor.domain.Fixtures.submit;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import uk.transferofcare.vocabulary.EventType;
import uk.transferofcare.vocabulary.RuleCode;
import uk.transferofcare.vocabulary.TimePoint;

/** Rule 2: no time more than the skew tolerance (2 minutes) after the platform received it. */
class FutureTimestampRuleTest {

    @Test
    void givenOpenCase_whenOccurredAtIsMoreThanTwoMinutesAfterReceivedAt_thenRejectedR2() {
        Fixtures.Run run = Fixtures.Run.of(arrive("e1", min(0)));

        Decision decision = run.decide(
                submit("e2", EventType.ACKNOWLEDGED, min(10).plusMillis(1)).received(min(8)));

        assertThat(decision.verdict())
                .isEqualTo(new Verdict.Rejected(
                        RuleCode.R2_FUTURE,
                        "R2_FUTURE: occurredAt 2025-03-01T10:10:00.001Z of ACKNOWLEDGED is more than 2 minutes after it "
                                + "was received at 2025-03-01T10:08:00Z",
                        TimePoint.ACKNOWLEDGED,
                        "occurredAt"));
        assertThat(decision.caseFile().timeline()).isEqualTo(run.caseFile.timeline());
        assertThat(decision.caseFile().rejectedSubmissions()).isEqualTo(1);
    }

    @Test
    void givenOpenCase_whenOccurredAtIsExactlyTwoMinutesAfterReceivedAt_thenApplied() {
        Fixtures.Run run = Fixtures.Run.of(arrive("e1", min(0)));

        Decision decision =
                run.decide(submit("e2", EventType.ACKNOWLEDGED, min(10)).received(min(8)));

        assertThat(decision.status()).isEqualTo(SubmissionStatus.APPLIED);
    }

    @Test
    void givenAnySubmission_whenItIsProcessedLongAfterItWasReceived_thenRule2UsesReceivedAtNotProcessingTime() {
        HandoverStateMachine machine = new HandoverStateMachine();
        Submission submission = arrive("e1", min(0)).received(min(0)).build();

        Decision replayedNextWeek = machine.decide(null, submission, min(0).plus(Duration.ofDays(7)));
        Decision processedAtOnce = machine.decide(null, submission, min(0));

        assertThat(replayedNextWeek.caseFile()).isEqualTo(processedAtOnce.caseFile());
        assertThat(replayedNextWeek.events()).isEqualTo(processedAtOnce.events());
    }

    @Test
    void givenUnknownCase_whenRemovedAtIsInTheFuture_thenRejectedR2OnRemoved() {
        Decision decision = new HandoverStateMachine()
                .decide(
                        null,
                        preAlert("e1", min(0))
                                .details(Details.site(SITE).withRemovedAt(min(10)))
                                .build(),
                        min(1));

        assertThat(decision.verdict())
                .isEqualTo(new Verdict.Rejected(
                        RuleCode.R2_FUTURE,
                        "R2_FUTURE: removedAt 2025-03-01T10:10:00Z of PRE_ALERTED is more than 2 minutes after it was "
                                + "received at 2025-03-01T10:00:10Z",
                        TimePoint.REMOVED,
                        "removedAt"));
    }

    @Test
    void givenUnknownCase_whenEtaIsInTheFuture_thenApplied() {
        Decision decision = new HandoverStateMachine()
                .decide(
                        null,
                        preAlert("e1", min(0))
                                .details(Details.site(SITE).withEta(min(45)))
                                .build(),
                        min(1));

        assertThat(decision.status()).isEqualTo(SubmissionStatus.APPLIED);
        assertThat(decision.caseFile().eta()).isEqualTo(min(45));
    }

    @Test
    void givenRecordedArrival_whenACorrectionMovesItIntoTheFuture_thenRejectedR2() {
        Fixtures.Run run = Fixtures.Run.of(arrive("e1", min(0)));

        Decision decision = run.decide(correct("c1", TimePoint.ARRIVED, min(30), min(20)));

        assertThat(decision.verdict())
                .isEqualTo(new Verdict.Rejected(
                        RuleCode.R2_FUTURE,
                        "R2_FUTURE: correctedTo 2025-03-01T10:30:00Z of CORRECTED is more than 2 minutes after it was "
                                + "received at 2025-03-01T10:20:10Z",
                        TimePoint.ARRIVED,
                        "correctedTo"));
    }

    @Test
    void givenAConfiguredSkewOfThirtySeconds_whenOccurredAtIsFortySecondsAhead_thenRejected() {
        HandoverStateMachine strict =
                new HandoverStateMachine(new HandoverPolicy(Duration.ofSeconds(30), TimerPolicy.DEFAULT));

        Decision decision = strict.decide(
                null, arrive("e1", min(0)).received(min(0).minusSeconds(40)).build(), min(1));

        assertThat(decision.verdict().rule()).isEqualTo(RuleCode.R2_FUTURE);
        assertThat(decision.verdict().message()).contains("more than 30 seconds after");
    }
}
