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

/**
 * Rule 1: the same eventId again is answered with its standing verdict (a different body under it is EVENT_ID_REUSED),
 * and the same fact under another eventId is a DUPLICATE; neither changes anything but the counts.
 */
class DuplicateRuleTest {

    @Test
    void givenAnAppliedEvent_whenTheSameEventIdIsResent_thenItsVerdictIsRepeatedAndOnlyTheDuplicateCountMoves() {
        Fixtures.Run run = Fixtures.Run.of(preAlert("e1", min(0)), arrive("e2", min(10)));
        CaseFile before = run.caseFile;

        Decision decision = run.decide(arrive("e2", min(10)).received(min(30)));

        assertThat(decision.verdict()).isEqualTo(new Verdict.Applied(2));
        assertThat(decision.resend()).isTrue();
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
    void givenAnAppliedEvent_whenItsEventIdComesWithAnotherTime_thenEventIdReusedAndTheStandingVerdictStays() {
        Fixtures.Run run = Fixtures.Run.of(preAlert("e1", min(0)), arrive("e2", min(10)));

        Decision decision = run.decide(arrive("e2", min(12)));

        assertThat(decision.verdict())
                .isEqualTo(new Verdict.Rejected(
                        RuleCode.EVENT_ID_REUSED,
                        "EVENT_ID_REUSED: event e2 was already received on case case-1 with another type, time or"
                                + " details (first verdict APPLIED as event #2); every new event needs a new eventId",
                        null,
                        "eventId"));
        assertThat(decision.resend()).isTrue();
        assertThat(decision.caseFile().timeline().arrivedAt()).isEqualTo(min(10));
        assertThat(decision.caseFile().submissions().get("e2")).isEqualTo(new Verdict.Applied(2));
        assertThat(decision.caseFile().rejectedSubmissions()).isEqualTo(1);
    }

    @Test
    void givenASubmission_whenFingerprinted_thenTheValueIsStableAcrossReleases() {
        // Stored in every case file: changing the canonical form would make every stored eventId's re-send look
        // like EVENT_ID_REUSED. Change it only with a new case-store format that recomputes or drops them.
        Submission submission = preAlert("e1", min(0))
                .details(Details.site(Fixtures.SITE).withOfficerCount(2).withNote("calm"))
                .build();

        assertThat(submission.fingerprint()).isEqualTo("6a04d7bf235fcd3fe061f8093b319f3c");
        assertThat(preAlert("e1", min(0))
                        .details(Details.site(Fixtures.SITE).withOfficerCount(3))
                        .build()
                        .fingerprint())
                .isNotEqualTo(submission.fingerprint());
    }

    @Test
    void givenAnEventWhoseDeviceDetailsDiffer_whenResent_thenItIsStillTheSameSubmission() {
        Fixtures.Run run = Fixtures.Run.of(preAlert("e1", min(0)));

        Decision decision = run.decide(preAlert("e1", min(0))
                .from(new Source(SourceChannel.OFFICER_APP, "other-device", true))
                .received(min(20)));

        assertThat(decision.verdict()).isEqualTo(new Verdict.Applied(1));
        assertThat(decision.resend()).isTrue();
    }

    @Test
    void givenARejectedEvent_whenTheSameEventIdIsResent_thenTheSameRejectionIsRepeated() {
        Fixtures.Run run = Fixtures.Run.of(arrive("e1", min(10)), submit("e2", EventType.ACKNOWLEDGED, min(5)));
        assertThat(run.last().status()).isEqualTo(SubmissionStatus.REJECTED);

        Decision decision = run.decide(submit("e2", EventType.ACKNOWLEDGED, min(5)));

        assertThat(decision.verdict()).isEqualTo(run.decisions.get(1).verdict());
        assertThat(decision.resend()).isTrue();
        assertThat(decision.caseFile().rejectedSubmissions()).isEqualTo(1);
        assertThat(decision.caseFile().duplicateSubmissions()).isEqualTo(1);
        assertThat(decision.caseFile().submissions().get("e2"))
                .isEqualTo(run.decisions.get(1).verdict());
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
    void givenASameFactDuplicate_whenItsEventIdIsResent_thenTheDuplicateNamingTheOriginalIsRepeated() {
        Fixtures.Run run =
                Fixtures.Run.of(arrive("e1", min(10)), arrive("e9", min(10)).by(ED));

        Decision decision = run.decide(arrive("e9", min(10)).by(ED));

        assertThat(decision.verdict()).isEqualTo(run.decisions.get(1).verdict());
        assertThat(((Verdict.Duplicate) decision.verdict()).originalEventId()).isEqualTo("e1");
        assertThat(decision.resend()).isTrue();
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
                .extracting(Decision::status, Decision::resend, Decision::events, Decision::emitCompletedCase)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(SubmissionStatus.APPLIED, true, List.of(), false),
                        org.assertj.core.groups.Tuple.tuple(SubmissionStatus.APPLIED, true, List.of(), false),
                        org.assertj.core.groups.Tuple.tuple(SubmissionStatus.DUPLICATE, false, List.of(), false),
                        org.assertj.core.groups.Tuple.tuple(SubmissionStatus.APPLIED, true, List.of(), false));
        assertThat(run.caseFile.intervals()).isEqualTo(before.intervals());
        assertThat(run.caseFile)
                .usingRecursiveComparison()
                .ignoringFields("duplicateSubmissions", "submissions", "fingerprints")
                .isEqualTo(before);
    }
}
