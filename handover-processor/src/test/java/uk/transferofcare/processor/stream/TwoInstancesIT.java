package uk.transferofcare.processor.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.processor.TaskId;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import uk.transferofcare.events.CaseSnapshot;
import uk.transferofcare.events.HandoverEvent;
import uk.transferofcare.events.HandoverSubmission;
import uk.transferofcare.events.SubmissionOutcome;
import uk.transferofcare.testkit.KafkaTestClients;
import uk.transferofcare.testkit.PlatformInfrastructure;
import uk.transferofcare.testkit.PlatformIntegrationTest;

/** Two instances with the same application id share the partitions and decide every case exactly once. */
@PlatformIntegrationTest
class TwoInstancesIT {

    @TempDir
    Path stateA;

    @TempDir
    Path stateB;

    @Test
    void givenTwoInstancesOnAThreePartitionTopic_whenCasesArrive_thenEachGetsPartitionsAndTheResultsMatchOneInstance(
            PlatformInfrastructure infrastructure, KafkaTestClients clients) {
        TopicNames topics = RealBroker.freshTopics(clients, "two", 3);
        String applicationId = RealBroker.prefixOf(topics) + "handover-processor";
        Instant start = Instant.now().minus(Duration.ofDays(5));
        List<HandoverSubmission> input = CaseHistories.generate(42, 120, start);
        RunResult reference = ReferenceRun.of(input, 2, Instant.now());

        try (KafkaStreams a = RealBroker.streams(infrastructure, topics, applicationId, stateA);
                KafkaStreams b = RealBroker.streams(infrastructure, topics, applicationId, stateB);
                TopicReader<HandoverEvent> events = TopicReader.avro(
                        infrastructure.bootstrapServers(), infrastructure.schemaRegistryUrl(), topics.events(), true);
                TopicReader<SubmissionOutcome> outcomes = TopicReader.avro(
                        infrastructure.bootstrapServers(),
                        infrastructure.schemaRegistryUrl(),
                        topics.outcomes(),
                        true);
                TopicReader<CaseSnapshot> snapshots = TopicReader.avro(
                        infrastructure.bootstrapServers(), infrastructure.schemaRegistryUrl(), topics.state(), true);
                TopicReader<byte[]> deadLetters =
                        TopicReader.bytes(infrastructure.bootstrapServers(), topics.submissionsDeadLetter())) {
            a.start();
            b.start();
            Awaitility.await("both instances running with partitions of their own")
                    .atMost(Duration.ofSeconds(60))
                    .until(() -> running(a) && running(b) && !tasks(a).isEmpty() && !tasks(b).isEmpty());

            RealBroker.send(infrastructure, topics.submissions(), input, 2);
            Awaitility.await("every outcome")
                    .atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> outcomes.size() >= reference.outcomeCount()
                            && deadLetters.size() >= reference.deadLetters());

            Set<TaskId> taskIdsOfA = tasks(a);
            Set<TaskId> taskIdsOfB = tasks(b);
            Set<TaskId> all = new HashSet<>(taskIdsOfA);
            all.addAll(taskIdsOfB);
            // Sub-topology 0: the state machine (and repeat flags); 1: the person side of repeat attendance.
            assertThat(all)
                    .containsExactlyInAnyOrder(
                            new TaskId(0, 0),
                            new TaskId(0, 1),
                            new TaskId(0, 2),
                            new TaskId(1, 0),
                            new TaskId(1, 1),
                            new TaskId(1, 2));
            assertThat(taskIdsOfA).doesNotContainAnyElementsOf(taskIdsOfB);
            RunResult real = RunResult.of(
                    events.values(),
                    outcomes.values(),
                    snapshots.values(),
                    deadLetters.readToEnd().size());
            assertThat(real.sequencesAreGapless()).isTrue();
            assertThat(real.casesDifferingFrom(reference))
                    .as(real.differencesFrom(reference, 3))
                    .isEmpty();
            assertThat(real).isEqualTo(reference);
        }
    }

    private static boolean running(KafkaStreams streams) {
        return streams.state() == KafkaStreams.State.RUNNING;
    }

    private static Set<TaskId> tasks(KafkaStreams streams) {
        Set<TaskId> ids = new HashSet<>();
        for (ThreadMetadata thread : streams.metadataForLocalThreads()) {
            thread.activeTasks().forEach(task -> ids.add(task.taskId()));
        }
        return ids;
    }
}
