package uk.transferofcare.processor.stream;

import java.time.Instant;
import java.util.List;
import uk.transferofcare.events.HandoverSubmission;

/**
 * The uninterrupted run a real run is compared with: the same topology in TopologyTestDriver, fed the same records in
 * the same per-case order (the driver also processes the linked-case submissions the topology writes back).
 */
final class ReferenceRun {

    private ReferenceRun() {}

    static RunResult of(List<HandoverSubmission> submissions, int garbageRecords, Instant wallClock) {
        try (TopologyHarness harness = new TopologyHarness(wallClock)) {
            for (HandoverSubmission submission : submissions) {
                harness.send(submission);
            }
            for (int i = 0; i < garbageRecords; i++) {
                harness.raw.pipeInput(("garbage-" + i).getBytes(java.nio.charset.StandardCharsets.UTF_8), garbage(i));
            }
            return RunResult.of(
                    harness.events.readValuesToList(),
                    harness.outcomes.readValuesToList(),
                    harness.state.readValuesToList(),
                    harness.deadLetters.readRecordsToList().size());
        }
    }

    /** A record that is not Confluent-framed Avro. */
    static byte[] garbage(int i) {
        return ("not a submission #" + i).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
