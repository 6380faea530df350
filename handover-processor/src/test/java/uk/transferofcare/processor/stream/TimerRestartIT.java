package uk.transferofcare.processor.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.KafkaStreams;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import uk.transferofcare.events.EventType;
import uk.transferofcare.events.HandoverEvent;
import uk.transferofcare.events.HandoverSubmission;
import uk.transferofcare.events.SubmissionOutcome;
import uk.transferofcare.testkit.PlatformInfrastructure;
import uk.transferofcare.testkit.PlatformIntegrationTest;

/**
 * A timer mark that comes due while no instance runs fires once when one comes back, even on another machine: the
 * second instance has an empty state directory and restores the case and the timer index from the changelogs.
 */
@PlatformIntegrationTest
class TimerRestartIT {

    @TempDir
    Path firstMachine;

    @TempDir
    Path secondMachine;

    @Test
    void givenAnEscalationDueWhileTheProcessorIsDown_whenAnInstanceStartsFromTheChangelogs_thenItFiresExactlyOnce(
            PlatformInfrastructure infrastructure, uk.transferofcare.testkit.KafkaTestClients clients) {
        TopicNames topics = RealBroker.freshTopics(clients, "timer", 1);
        String applicationId = RealBroker.prefixOf(topics) + "handover-processor";
        try (TopicReader<HandoverEvent> events = TopicReader.avro(
                        infrastructure.bootstrapServers(), infrastructure.schemaRegistryUrl(), topics.events(), true);
                TopicReader<SubmissionOutcome> outcomes = TopicReader.avro(
                        infrastructure.bootstrapServers(),
                        infrastructure.schemaRegistryUrl(),
                        topics.outcomes(),
                        true)) {
            Instant due;
            Instant arrived;
            try (KafkaStreams first = RealBroker.streams(infrastructure, topics, applicationId, firstMachine)) {
                first.start();
                // The mark is due 8 s after the first instance runs, not after the test started: on a loaded machine
                // its start alone took longer than that, and the first instance fired the mark itself.
                Awaitility.await("the first instance running")
                        .atMost(Duration.ofSeconds(60))
                        .until(() -> first.state() == KafkaStreams.State.RUNNING);
                due = Instant.now().plusSeconds(8).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
                arrived = due.minus(Duration.ofMinutes(30));
                HandoverSubmission arrival =
                        WireFixtures.arrive("timer-case", "t1", arrived).build();
                RealBroker.send(infrastructure, topics.submissions(), List.of(arrival), 0);
                Awaitility.await("the arrival applied")
                        .atMost(Duration.ofSeconds(60))
                        .until(() -> outcomes.size() == 1);
            }
            Awaitility.await("the mark is due while no instance runs")
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> Instant.now().isAfter(due.plusSeconds(1)));
            assertThat(events.values())
                    .as("the first instance applied the arrival and stopped before the mark was due")
                    .extracting(HandoverEvent::getType)
                    .containsExactly(EventType.ARRIVED);

            try (KafkaStreams second = RealBroker.streams(infrastructure, topics, applicationId, secondMachine)) {
                second.start();
                Awaitility.await("the escalation")
                        .atMost(Duration.ofSeconds(60))
                        .until(() -> events.size() == 2);
                Awaitility.await("no second escalation over several punctuations")
                        .during(Duration.ofSeconds(4))
                        .atMost(Duration.ofSeconds(10))
                        .until(() -> events.size() == 2);
            }

            List<HandoverEvent> all = events.values();
            assertThat(all)
                    .extracting(
                            HandoverEvent::getSequence,
                            HandoverEvent::getType,
                            HandoverEvent::getEscalationLevel,
                            HandoverEvent::getOccurredAt,
                            HandoverEvent::getNotifyRecipients)
                    .containsExactly(
                            tuple(1L, EventType.ARRIVED, null, arrived, true),
                            tuple(2L, EventType.ESCALATED, 1, due, true));
            assertThat(all.get(1).getRecordedAt()).isAfter(due);
        }
    }
}
