package uk.transferofcare.processor.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static uk.transferofcare.processor.domain.Fixtures.ED;
import static uk.transferofcare.processor.domain.Fixtures.arrive;
import static uk.transferofcare.processor.domain.Fixtures.min;
import static uk.transferofcare.processor.domain.Fixtures.preAlert;
import static uk.transferofcare.processor.domain.Fixtures.submit;

import java.util.List;
import org.junit.jupiter.api.Test;
import uk.transferofcare.vocabulary.EventType;
import uk.transferofcare.vocabulary.RuleCode;

/** Rule 1: the same eventId again, or the same fact under another eventId, is a no-op. */
class DuplicateRuleTest {

    @Test
    void givenAnAppliedEvent_whenTheSameEventIdIsResent_thenDuplicateAndOnlyTheDuplicateCountMoves() {
        Fixtures.Run run = Fixtures.Run.of(preAlert("e1", min(0)), arrive("e2", min(10)));
        CaseFile before = run.caseFile;

        Decision decision = run.decide(arrive("e2", min(10)).received(min(30)));

        assertThat(decision.verdict())
                .isEqualTo(new Verdict.Duplicate(
                        RuleCode.R1_DUPLICATE,
                        "R1_DUPLICATE: event e2 was already received (first verdict APPLIED as event #2); "
                                + "nothing changed",
                        "e2"));
        assertThat(decision.events()).isEmpty();
        assertThat(decision.emitCompletedCase()).isFalse();
        assertThat(decision.caseFile())
                .usingRecursiveComparison()
                .ignoringFields("duplicateSubmissions")
                .isEqualTo(before);
        assertThat(decision.caseFile().duplicateSubmissions()).isEqualTo(1);
        assertThat(decision.caseFile().dataQuality().duplicateSubmissions()).isEqualTo(1);
    }

    @Test
    void givenAResentEventWithChangedContent_whenItArrives_thenItIsStillADuplicateByEventId() {
        Fixtures.Run run = Fixtures.Run.of(preAlert("e1", min(0)), arrive("e2", min(10)));

        Decision decision = run.decide(arrive("e2", min(12)));

        assertThat(decision.status()).isEqualTo(SubmissionStatus.DUPLICATE);
        assertThat(decision.caseFile().timeline().arrivedAt()).isEqualTo(min(10));
    }

    @Test
    void givenARejectedEvent_whenTheSameEventIdIsResent_thenDuplicateNamingTheFirstVerdict() {
        Fixtures.Run run = Fixtures.Run.of(arrive("e1", min(10)), submit("e2", EventType.ACKNOWLEDGED, min(5)));
        assertThat(run.last().status()).isEqualTo(SubmissionStatus.REJECTED);

        Decision decision = run.decide(submit("e2", EventType.ACKNOWLEDGED, min(5)));

        assertThat(decision.verdict())
                .isEqualTo(new Verdict.Duplicate(
                        RuleCode.R1_DUPLICATE,
                        "R1_DUPLICATE: event e2 was already received (first verdict REJECTED by R3_ORDER); "
                                + "nothing changed",
                        "e2"));
        assertThat(decision.caseFile().rejectedSubmissions()).isEqualTo(1);
        assertThat(decision.caseFile().duplicateSubmissions()).isEqualTo(1);
        assertThat(decision.caseFile().submissions().get("e2"))
                .isEqualTo(run.last().verdict());
    }

    @Test
    void givenARecordedPoint_whenAnotherEventIdRecordsTheSameTypeAtTheSameInstant_thenDuplicateSameFact() {
        Fixtures.Run run = Fixtures.Run.of(arrive("e1", min(10)));
        CaseFile before = run.caseFile;

        Decision decision = run.decide(arrive("e9", min(10)).by(ED));

        Verdict.Duplicate expected = new Verdict.Duplicate(
                RuleCode.R1_DUPLICATE,
                "R1_DUPLICATE: same fact: ARRIVED at 2025-03-01T10:10:00Z is already recorded by event e1",
                "e1");
        assertThat(decision.verdict()).isEqualTo(expected);
        assertThat(decision.events()).isEmpty();
        assertThat(decision.caseFile().version()).isEqualTo(before.version());
        assertThat(decision.caseFile().timeline()).isEqualTo(before.timeline());
        assertThat(decision.caseFile().submissions()).containsEntry("e9", expected);
    }

    @Test
    void givenASameFactDuplicate_whenItsEventIdIsResent_thenDuplicateAgainNamingTheFirstVerdict() {
        Fixtures.Run run =
                Fixtures.Run.of(arrive("e1", min(10)), arrive("e9", min(10)).by(ED));

        Decision decision = run.decide(arrive("e9", min(10)).by(ED));

        assertThat(decision.verdict().message())
                .isEqualTo("R1_DUPLICATE: event e9 was already received (first verdict DUPLICATE of event e1); "
                        + "nothing changed");
        assertThat(decision.caseFile().duplicateSubmissions()).isEqualTo(2);
    }

    @Test
    void givenAnyDuplicates_whenTheyArrive_thenNoEventIsProducedAndNoNumberChanges() {
        Fixtures.Run run = Fixtures.Run.of(
                arrive("e1", min(0)),
                submit("e2", EventType.HANDED_OVER, min(40)),
                submit("e3", EventType.CLEARED, min(60)));
        CaseFile before = run.caseFile;

        run.then(
                arrive("e1", min(0)),
                submit("e2", EventType.HANDED_OVER, min(40)),
                submit("e7", EventType.CLEARED, min(60)),
                submit("e3", EventType.CLEARED, min(60)));

        assertThat(run.decisions.subList(3, 7))
                .extracting(Decision::status, Decision::events, Decision::emitCompletedCase)
                .containsOnly(org.assertj.core.groups.Tuple.tuple(SubmissionStatus.DUPLICATE, List.of(), false));
        assertThat(run.caseFile.intervals()).isEqualTo(before.intervals());
        assertThat(run.caseFile)
                .usingRecursiveComparison()
                .ignoringFields("duplicateSubmissions", "submissions")
                .isEqualTo(before);
    }
}
