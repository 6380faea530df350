package uk.transferofcare.processor.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import uk.transferofcare.processor.domain.CaseFile;
import uk.transferofcare.processor.domain.Decision;
import uk.transferofcare.processor.domain.GeneratedDeliveries;
import uk.transferofcare.processor.domain.HandoverStateMachine;
import uk.transferofcare.processor.domain.Submission;
import uk.transferofcare.processor.domain.Verdict;
import uk.transferofcare.processor.stream.StoredCaseSamples.Sample;

/** The case store's format is lossless for every case file generated histories lead to, at every step. */
class CaseStoreFormatProperties {

    private final HandoverStateMachine machine = new HandoverStateMachine();

    @Provide
    Arbitrary<List<Submission>> deliveries() {
        return Arbitraries.randomValue(random -> GeneratedDeliveries.submissions(random, random.nextBoolean()));
    }

    /**
     * Every case file of a true history delivered in any order (duplicates under regenerated eventIds, resends,
     * late events, invalid submissions), after each decision and tick, and once more two days later when every timer
     * mark has fired.
     */
    @Property(tries = 200)
    void everyCaseFileOfADeliveredHistoryRoundTrips(@ForAll("deliveries") List<Submission> delivery) {
        List<Sample> stored = new ArrayList<>();
        CaseFile current = null;
        Instant now = null;
        for (Submission submission : delivery) {
            now = submission.receivedAt().plusMillis(5);
            Decision decision = machine.decide(current, submission, now);
            current = machine.tick(decision.caseFile(), now).caseFile();
            stored.add(new Sample(current, machine.nextDueAt(current).orElse(null)));
        }
        CaseFile later = machine.tick(current, now.plus(Duration.ofDays(2))).caseFile();
        stored.add(new Sample(later, machine.nextDueAt(later).orElse(null)));
        collectStatistics(later);

        for (Sample sample : stored) {
            assertRoundTrips(sample);
        }
    }

    /** Every value the processor stores for the generated histories of the integration tests and the benchmark. */
    @Property(tries = 30)
    void everyStoredValueOfGeneratedCaseHistoriesRoundTrips(@ForAll long seed) {
        Instant start = Instant.parse("2026-01-01T00:00:00Z");

        List<Sample> stored = StoredCaseSamples.storedValues(
                CaseHistories.generate(seed, 20, start), start.plus(Duration.ofDays(30)));

        assertThat(stored).isNotEmpty();
        for (Sample sample : stored) {
            assertRoundTrips(sample);
        }
    }

    private static void assertRoundTrips(Sample sample) {
        byte[] encoded = StoredCaseSamples.encode(sample);

        assertThat(encoded[0]).isEqualTo((byte) CaseStoreFormat.FORMAT);
        assertThat(StoredCaseSamples.decode(sample.caseFile().caseId(), encoded))
                .isEqualTo(sample);
    }

    private static void collectStatistics(CaseFile file) {
        for (Verdict verdict : file.submissions().values()) {
            Statistics.label("verdicts").collect(verdict.getClass().getSimpleName());
        }
        Statistics.label("escalations fired").collect(file.escalations().size());
        Statistics.label("retained periods").collect(file.retained().size());
    }
}
