package uk.transferofcare.processor.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;
import uk.transferofcare.events.HandoverSubmission;
import uk.transferofcare.processor.stream.CaseHistories;
import uk.transferofcare.support.serde.AvroSerde;

/** The benchmark's references do what their rows say, so that (d) and (e) measure that work and no other. */
class ReferenceTopologiesTest {

    private final Serde<HandoverSubmission> values = AvroSerde.forValues(
            HandoverSubmission.class,
            Map.of("schema.registry.url", "mock://references-" + UUID.randomUUID(), "specific.avro.reader", true));
    private final List<HandoverSubmission> input = CaseHistories.generate(7, 20, Instant.parse("2026-11-01T00:00:00Z"));

    @Test
    void thePassthroughWritesEveryRecordOnceAsItCame() throws Exception {
        try (TopologyTestDriver driver = driver(ReferenceTopologies.passthrough("in", "out", values))) {
            pipe(driver);

            assertThat(driver.createOutputTopic("out", new StringDeserializer(), values.deserializer())
                            .readKeyValuesToList())
                    .isEqualTo(input.stream()
                            .map(s -> KeyValue.pair(s.getCaseId(), s))
                            .toList());
        }
    }

    @Test
    void theNaiveStateMachineKeepsEachCasesLastRecordAndWritesEveryRecordToEachOfThreeTopics() throws Exception {
        List<String> outputs = List.of("out-0", "out-1", "out-2");
        try (TopologyTestDriver driver = driver(ReferenceTopologies.naiveStateMachine("in", outputs, values))) {
            pipe(driver);

            for (String output : outputs) {
                assertThat(driver.createOutputTopic(output, new StringDeserializer(), values.deserializer())
                                .readValuesToList())
                        .as(output)
                        .isEqualTo(input);
            }
            KeyValueStore<String, HandoverSubmission> store = driver.getKeyValueStore(ReferenceTopologies.NAIVE_STORE);
            for (HandoverSubmission submission : input) {
                HandoverSubmission last = input.stream()
                        .filter(s -> s.getCaseId().equals(submission.getCaseId()))
                        .reduce((a, b) -> b)
                        .orElseThrow();
                assertThat(store.get(submission.getCaseId())).isEqualTo(last);
            }
        }
    }

    @Test
    void theNaiveStateMachineTakesExactlyThreeOutputs() {
        assertThatThrownBy(() -> ReferenceTopologies.naiveStateMachine("in", List.of("a", "b"), values))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("three outputs, not 2");
    }

    private void pipe(TopologyTestDriver driver) {
        var in = driver.createInputTopic("in", new StringSerializer(), values.serializer());
        input.forEach(s -> in.pipeInput(s.getCaseId(), s));
    }

    private static TopologyTestDriver driver(Topology topology) throws Exception {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "references-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(
                StreamsConfig.STATE_DIR_CONFIG,
                Files.createTempDirectory("references-test").toString());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        return new TopologyTestDriver(topology, props);
    }
}
