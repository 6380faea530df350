package uk.transferofcare.processor.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import uk.transferofcare.vocabulary.CaseState;
import uk.transferofcare.vocabulary.EventType;
import uk.transferofcare.vocabulary.TimePoint;

/**
 * For any valid true case history, delivered with duplicates and in any arrival order that keeps
 * each device's order, the state machine ends with the true timeline; and no rejected or duplicate
 * submission affects any number.
 */
class CaseHistoryProperties {

    private final HandoverStateMachine machine = new HandoverStateMachine();

    @Provide
    Arbitrary<Delivery> deliveries() {
        return Arbitraries.randomValue(random -> Delivery.of(TrueHistory.generate(random), random, false));
    }

    @Provide
    Arbitrary<Delivery> deliveriesWithInvalidSubmissions() {
        return Arbitraries.randomValue(random -> Delivery.of(TrueHistory.generate(random), random, true));
    }

    @Property
    void anyArrivalOrderWithDuplicatesEndsWithTheTrueTimeline(@ForAll("deliveries") Delivery delivery) {
        List<Decision> decisions = decideAll(delivery.submissions);
        Statistics.label("kind").collect(delivery.history.kind);
        Statistics.label("late events").collect(Math.min(last(decisions).lateEvents(), 3));
        Statistics.label("acknowledgement implied").collect(delivery.history.acknowledgementImplied);
        decisions.stream()
                .filter(decision -> decision.verdict() instanceof Verdict.Duplicate duplicate
                        && !duplicate
                                .originalEventId()
                                .equals(decision.submission().eventId()))
                .findAny()
                .ifPresentOrElse(
                        same -> Statistics.label("same fact under another id").collect(true),
                        () -> Statistics.label("same fact under another id").collect(false));

        assertTrueCase(delivery.history, last(decisions));
        assertThat(decisions).extracting(Decision::status).doesNotContain(SubmissionStatus.REJECTED);
    }

    @Property
    void invalidSubmissionsAreAllRejectedAndTheTimelineIsStillTheTrueOne(
            @ForAll("deliveriesWithInvalidSubmissions") Delivery delivery) {
        List<Decision> decisions = decideAll(delivery.submissions);

        assertTrueCase(delivery.history, last(decisions));
        for (Decision decision : decisions) {
            if (decision.verdict() instanceof Verdict.Rejected rejected) {
                Statistics.label("rejected by").collect(rejected.rule());
            }
            boolean injected = delivery.invalid.contains(decision.submission().eventId());
            assertThat(decision.status() == SubmissionStatus.REJECTED)
                    .as("%s: %s", decision.submission().eventId(), decision.verdict())
                    .isEqualTo(injected);
        }
        assertThat(last(decisions).rejectedSubmissions()).isEqualTo(delivery.invalid.size());
    }

    @Property
    void sequenceNumbersAreOneToNWithoutGapsAndEveryEventIdHasExactlyOneFirstVerdict(
            @ForAll("deliveriesWithInvalidSubmissions") Delivery delivery) {
        List<Decision> decisions = decideAll(delivery.submissions);
        CaseFile last = last(decisions);

        List<Long> sequences = decisions.stream()
                .flatMap(decision -> decision.events().stream())
                .map(AppliedEvent::sequence)
                .toList();
        assertThat(sequences)
                .containsExactlyElementsOf(
                        LongStream.rangeClosed(1, last.version()).boxed().toList());
        assertThat(last.version()).isEqualTo(delivery.history.facts);

        Map<String, Verdict> firstVerdicts = new LinkedHashMap<>();
        for (Decision decision : decisions) {
            String eventId = decision.submission().eventId();
            if (firstVerdicts.containsKey(eventId)) {
                assertThat(decision.resend()).isTrue();
                assertThat(decision.verdict()).isEqualTo(firstVerdicts.get(eventId));
                assertThat(decision.events()).isEmpty();
                continue;
            }
            assertThat(decision.resend()).isFalse();
            firstVerdicts.put(eventId, decision.verdict());
            if (decision.verdict() instanceof Verdict.Applied applied) {
                assertThat(decision.events())
                        .singleElement()
                        .extracting(AppliedEvent::sequence)
                        .isEqualTo(applied.sequence());
            } else {
                assertThat(decision.events()).isEmpty();
            }
        }
        assertThat(last.submissions()).isEqualTo(firstVerdicts);
        assertThat(last.rejectedSubmissions() + last.duplicateSubmissions() + last.version())
                .isEqualTo((long) decisions.size());
    }

    @Property
    void removingEveryRejectedAndDuplicateSubmissionGivesTheIdenticalCase(
            @ForAll("deliveriesWithInvalidSubmissions") Delivery delivery) {
        List<Decision> decisions = decideAll(delivery.submissions);
        List<Submission> appliedOnly = decisions.stream()
                .filter(decision -> decision.status() == SubmissionStatus.APPLIED && !decision.resend())
                .map(Decision::submission)
                .toList();

        List<Decision> clean = decideAll(appliedOnly);

        assertThat(clean).extracting(Decision::status).containsOnly(SubmissionStatus.APPLIED);
        assertThat(withoutSubmissionLog(last(clean))).isEqualTo(withoutSubmissionLog(last(decisions)));
        assertThat(clean.stream()
                        .flatMap(decision -> decision.events().stream())
                        .toList())
                .isEqualTo(decisions.stream()
                        .flatMap(decision -> decision.events().stream())
                        .toList());
    }

    /** Determinism only (processing time must not matter): 200 tries keep the suite fast and suffice. */
    @Property(tries = 200)
    void replayingTheSameArrivalsLaterDecidesIdentically(
            @ForAll("deliveriesWithInvalidSubmissions") Delivery delivery) {
        List<Decision> first = decideAll(delivery.submissions);
        List<Decision> replay = new ArrayList<>();
        CaseFile current = null;
        for (Submission submission : delivery.submissions) {
            Decision decision =
                    machine.decide(current, submission, submission.receivedAt().plusSeconds(86_400 * 30));
            replay.add(decision);
            current = decision.caseFile() != null ? decision.caseFile() : current;
        }

        assertThat(replay)
                .extracting(Decision::caseFile)
                .isEqualTo(first.stream().map(Decision::caseFile).toList());
        assertThat(replay)
                .extracting(Decision::events)
                .isEqualTo(first.stream().map(Decision::events).toList());
    }

    private void assertTrueCase(TrueHistory history, CaseFile actual) {
        Map<TimePoint, Instant> points = new EnumMap<>(TimePoint.class);
        actual.timeline().records().forEach((point, record) -> points.put(point, record.at()));
        assertThat(points).as("timeline of %s", history).isEqualTo(history.points);
        assertThat(actual.timeline().acknowledgedImplied()).isEqualTo(history.acknowledgementImplied);
        assertThat(actual.state()).isEqualTo(history.expectedState());
        assertThat(actual.terminalOutcome()).isEqualTo(history.outcome);
        assertThat(actual.intervals())
                .as("intervals of %s, changes %s", history, actual.officerChanges())
                .isEqualTo(history.expectedIntervals());
        assertThat(actual.retained())
                .extracting(RetainedPeriod::from, RetainedPeriod::to)
                .containsExactlyElementsOf(history.retained.stream()
                        .map(period -> org.assertj.core.groups.Tuple.tuple(period[0], period[1]))
                        .toList());
        assertThat(actual.siteCode()).isEqualTo(Fixtures.SITE);
        assertThat(actual.policeDivision()).isEqualTo(history.expectedDivision());
        boolean details = history.officerGivesDetails;
        assertThat(actual.legalBasis()).isEqualTo(details ? history.legalBasis : null);
        assertThat(actual.officerCount()).isEqualTo(details ? history.officerCount : null);
        assertThat(actual.localReference()).isEqualTo(details ? history.localReference : null);
        assertThat(actual.eta()).isEqualTo(history.eta);
        boolean diverted = history.outcome == CaseState.DIVERTED;
        assertThat(actual.destinationSiteCode()).isEqualTo(diverted ? Fixtures.OTHER_SITE : null);
        assertThat(actual.divertedToCaseId())
                .isEqualTo(
                        diverted
                                ? HandoverStateMachine.linkedCaseIdFor(
                                        Fixtures.CASE,
                                        history.officerDevice.stream()
                                                .filter(s -> s.type() == EventType.DIVERTED)
                                                .findFirst()
                                                .orElseThrow()
                                                .eventId())
                                : null);
        assertThat(actual.isOpen())
                .isEqualTo(history.outcome == null && !history.points.containsKey(TimePoint.CLEARED));
        assertThat(actual.corrections()).isEmpty();
        assertThat(actual.voiding()).isNull();
        assertThat(actual.dataQuality().incomplete()).isEqualTo(!history.points.containsKey(TimePoint.ARRIVED));
    }

    private List<Decision> decideAll(List<Submission> submissions) {
        List<Decision> decisions = new ArrayList<>();
        CaseFile current = null;
        for (Submission submission : submissions) {
            Decision decision =
                    machine.decide(current, submission, submission.receivedAt().plusMillis(5));
            assertThat(decision.caseFile())
                    .as("the first submission must open the case: %s", decision)
                    .isNotNull();
            decisions.add(decision);
            current = decision.caseFile();
        }
        return decisions;
    }

    private static CaseFile last(List<Decision> decisions) {
        return decisions.get(decisions.size() - 1).caseFile();
    }

    /** The case without the log of verdicts and the rejected/duplicate counts: every number that is a fact. */
    private static CaseFile withoutSubmissionLog(CaseFile file) {
        CaseDraft draft = CaseDraft.of(file);
        draft.submissions = new LinkedHashMap<>();
        draft.fingerprints = new LinkedHashMap<>();
        draft.rejectedSubmissions = 0;
        draft.duplicateSubmissions = 0;
        return draft.build();
    }
}
