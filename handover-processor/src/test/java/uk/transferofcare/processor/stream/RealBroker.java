package uk.transferofcare.processor.stream;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import uk.transferofcare.events.HandoverSubmission;
import uk.transferofcare.events.Topics;
import uk.transferofcare.processor.domain.HandoverStateMachine;
import uk.transferofcare.support.serde.AvroSerializer;
import uk.transferofcare.testkit.KafkaTestClients;
import uk.transferofcare.testkit.PlatformInfrastructure;

/** Helpers for running the topology against the real broker and registry of the test kit. */
final class RealBroker {

    private RealBroker() {}

    /** A fresh prefix, and the processor's topics behind it, created with {@code partitions} partitions. */
    static TopicNames freshTopics(KafkaTestClients clients, String name, int partitions) {
        String prefix = name + "-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        TopicNames topics = TopicNames.withPrefix(prefix);
        List<NewTopic> created = new ArrayList<>();
        for (String topic : topics.all()) {
            boolean compacted = topic.equals(topics.state()) || topic.equals(topics.completed());
            created.add(new NewTopic(topic, partitions, (short) 1)
                    .configs(Map.of("cleanup.policy", compacted ? "compact" : "delete")));
        }
        clients.createTopics(created);
        return topics;
    }

    /** The platform's topic settings for the application under test: same names as the catalogue, prefixed. */
    static String prefixOf(TopicNames topics) {
        return topics.submissions()
                .substring(
                        0,
                        topics.submissions().length()
                                - Topics.SUBMISSIONS.name().length());
    }

    /** A Kafka Streams client running the topology exactly once, with a state directory of its own. */
    static KafkaStreams streams(
            PlatformInfrastructure infrastructure, TopicNames topics, String applicationId, Path stateDir) {
        Map<String, Object> serde =
                Map.of("schema.registry.url", infrastructure.schemaRegistryUrl(), "specific.avro.reader", true);
        HandoverTopology.Settings settings = new HandoverTopology.Settings(
                topics,
                CaseLogic.of(new HandoverStateMachine()),
                Duration.ofSeconds(1),
                10_000,
                Duration.ofMinutes(1),
                serde,
                new SimpleMeterRegistry());
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.bootstrapServers());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
        props.put(StreamsConfig.consumerPrefix("session.timeout.ms"), 10_000);
        props.put(StreamsConfig.consumerPrefix("heartbeat.interval.ms"), 1_000);
        return new KafkaStreams(HandoverTopology.build(settings), props);
    }

    /** Sends submissions keyed by case id (and raw garbage records), acks=all, idempotent, in the given order. */
    static void send(
            PlatformInfrastructure infrastructure,
            String topic,
            List<HandoverSubmission> submissions,
            int garbageRecords) {
        Map<String, Object> config = Map.of(
                "bootstrap.servers",
                infrastructure.bootstrapServers(),
                "acks",
                "all",
                "enable.idempotence",
                true,
                "linger.ms",
                5,
                "schema.registry.url",
                infrastructure.schemaRegistryUrl());
        AvroSerializer<HandoverSubmission> values = new AvroSerializer<>();
        values.configure(config, false);
        try (KafkaProducer<String, HandoverSubmission> producer =
                        new KafkaProducer<>(config, new StringSerializer(), values);
                KafkaProducer<String, byte[]> raw =
                        new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
            for (HandoverSubmission submission : submissions) {
                producer.send(new ProducerRecord<>(topic, submission.getCaseId(), submission));
            }
            for (int i = 0; i < garbageRecords; i++) {
                raw.send(new ProducerRecord<>(topic, "garbage-" + i, ReferenceRun.garbage(i)));
            }
            producer.flush();
            raw.flush();
        }
    }

    static void awaitQuietly(Process process, long seconds) {
        try {
            process.waitFor(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
