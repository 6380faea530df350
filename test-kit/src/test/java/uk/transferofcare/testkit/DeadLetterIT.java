package uk.transferofcare.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.annotation.KafkaListener;
import uk.transferofcare.events.Actor;
import uk.transferofcare.events.ActorRole;
import uk.transferofcare.events.EventType;
import uk.transferofcare.events.HandoverSubmission;
import uk.transferofcare.events.Source;
import uk.transferofcare.events.SourceChannel;
import uk.transferofcare.events.SubmissionDetails;
import uk.transferofcare.events.Topics;

/**
 * The support library's wiring on a real broker and registry: a listener meeting a record it cannot decode sends the
 * original bytes to {@code <topic>-dlt} with the error in headers, and goes on with the next record.
 */
@PlatformIntegrationTest
@SpringBootTest(
        classes = DeadLetterIT.ListenerApp.class,
        properties = {"spring.kafka.consumer.group-id=dead-letter-it", "platform.kafka.topics.partitions=1"})
class DeadLetterIT {

    @SpringBootApplication
    @Import(SubmissionListener.class)
    static class ListenerApp {}

    static class SubmissionListener {
        final List<HandoverSubmission> received = new CopyOnWriteArrayList<>();

        @KafkaListener(topics = "handover-submissions")
        void on(HandoverSubmission submission) {
            received.add(submission);
        }
    }

    @Autowired
    SubmissionListener listener;

    @BeforeAll
    static void topics(KafkaTestClients kafka) {
        kafka.createPlatformTopics(1);
    }

    static HandoverSubmission submission(String eventId) {
        return HandoverSubmission.newBuilder()
                .setEventId(eventId)
                .setCaseId("c0ffee00-0000-4000-8000-000000000001")
                .setType(EventType.ARRIVED)
                .setOccurredAt(Instant.parse("2026-11-25T03:00:00Z"))
                .setReceivedAt(Instant.parse("2026-11-25T03:00:01Z"))
                .setActor(new Actor("pc-1", ActorRole.OFFICER, "G"))
                .setSource(new Source(SourceChannel.API, null, false))
                .setDetails(SubmissionDetails.newBuilder().setSiteCode("QEUH").build())
                .build();
    }

    @Test
    void aGarbageRecordGoesToTheDeadLetterTopicAndTheListenerCarriesOn(KafkaTestClients kafka) {
        String topic = Topics.SUBMISSIONS.name();
        byte[] garbage = "{\"not\":\"avro\"}".getBytes(StandardCharsets.UTF_8);

        kafka.send(topic, "case-1", submission("e-before"));
        kafka.sendRaw(topic, "case-1", garbage);
        kafka.send(topic, "case-1", submission("e-after"));

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(listener.received)
                        .extracting(HandoverSubmission::getEventId)
                        .containsExactly("e-before", "e-after"));
        List<ConsumerRecord<String, byte[]>> dead =
                kafka.read(Topics.SUBMISSIONS.deadLetterTopic(), byte[].class, 1, Duration.ofSeconds(30));
        assertThat(dead).hasSize(1);
        ConsumerRecord<String, byte[]> record = dead.get(0);
        assertThat(record.key()).isEqualTo("case-1");
        assertThat(record.value()).isEqualTo(garbage);
        assertThat(header(record, "kafka_dlt-original-topic")).isEqualTo(topic);
        assertThat(header(record, "kafka_dlt-exception-stacktrace")).contains("Unknown magic byte 0x7b");
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
