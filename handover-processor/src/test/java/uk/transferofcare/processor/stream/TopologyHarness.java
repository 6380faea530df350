package uk.transferofcare.processor.stream;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import uk.transferofcare.events.CaseSnapshot;
import uk.transferofcare.events.CompletedCase;
import uk.transferofcare.events.HandoverEvent;
import uk.transferofcare.events.HandoverSubmission;
import uk.transferofcare.events.SubmissionOutcome;
import uk.transferofcare.events.SubmissionRejected;
import uk.transferofcare.processor.domain.HandoverPolicy;
import uk.transferofcare.processor.domain.HandoverStateMachine;
import uk.transferofcare.support.registry.SchemaRegistryClients;
import uk.transferofcare.support.serde.AvroDeserializer;
import uk.transferofcare.support.serde.AvroSerializer;

/**
 * The real topology in a {@link TopologyTestDriver}, with an in-memory schema registry ({@code mock://}) of its own
 * and the driver's mock wall clock, which drives the timers.
 */
final class TopologyHarness implements AutoCloseable {

    static final Duration PUNCTUATION = Duration.ofSeconds(5);
    static final String REQUEST_ID = "toc-request-id";

    private final List<String> outcomeRequestIds = new ArrayList<>();

    final TopicNames topics = TopicNames.DEFAULT;
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final TopologyTestDriver driver;
    final TestInputTopic<String, HandoverSubmission> submissions;
    final TestInputTopic<byte[], byte[]> raw;
    final TestOutputTopic<String, HandoverEvent> events;
    final TestOutputTopic<String, CaseSnapshot> state;
    final TestOutputTopic<String, SubmissionOutcome> outcomes;
    final TestOutputTopic<String, SubmissionRejected> rejections;
    final TestOutputTopic<String, CompletedCase> completed;
    final TestOutputTopic<String, HandoverSubmission> linked;
    final TestOutputTopic<byte[], byte[]> deadLetters;
    final Map<String, Object> serdeConfig;
    private final String registryUrl;
    private final Path stateDir;

    TopologyHarness(Instant wallClock) {
        this(wallClock, CaseLogic.of(new HandoverStateMachine(HandoverPolicy.DEFAULT)));
    }

    TopologyHarness(Instant wallClock, CaseLogic logic) {
        this(wallClock, logic, "mock://topology-" + UUID.randomUUID());
    }

    TopologyHarness(Instant wallClock, CaseLogic logic, String registryUrl) {
        this.registryUrl = registryUrl;
        this.serdeConfig = Map.of(
                "schema.registry.url",
                registryUrl,
                "specific.avro.reader",
                true,
                "schema.registry.retry.max.attempts",
                1,
                "schema.registry.connect.timeout.ms",
                500);
        try {
            stateDir = Files.createTempDirectory("topology-test");
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        HandoverTopology.Settings settings = new HandoverTopology.Settings(
                topics, logic, PUNCTUATION, 10_000, Duration.ofMinutes(1), serdeConfig, meters);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "handover-processor-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        driver = new TopologyTestDriver(HandoverTopology.build(settings), props, wallClock);
        AvroSerializer<HandoverSubmission> values = new AvroSerializer<>();
        values.configure(serdeConfig, false);
        submissions = driver.createInputTopic(topics.submissions(), new StringSerializer(), values);
        raw = driver.createInputTopic(topics.submissions(), new ByteArraySerializer(), new ByteArraySerializer());
        events = output(topics.events(), HandoverEvent.class);
        state = output(topics.state(), CaseSnapshot.class);
        outcomes = output(topics.outcomes(), SubmissionOutcome.class);
        rejections = output(topics.rejections(), SubmissionRejected.class);
        completed = output(topics.completed(), CompletedCase.class);
        linked = output(topics.submissions(), HandoverSubmission.class);
        deadLetters = driver.createOutputTopic(
                topics.submissionsDeadLetter(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** Pipes submissions keyed by their case id, with no headers. */
    void send(HandoverSubmission... values) {
        for (HandoverSubmission value : values) {
            submissions.pipeInput(value.getCaseId(), value);
        }
    }

    void send(HandoverSubmission value, Headers headers) {
        submissions.pipeInput(new TestRecord<>(value.getCaseId(), value, headers, (Instant) null));
    }

    /** Pipes a submission with the header the API puts on each request's record ({@value #REQUEST_ID}). */
    void send(HandoverSubmission value, String requestId) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(REQUEST_ID, requestId.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        send(value, headers);
    }

    /** The request id header of every outcome drained so far, in order (null for an outcome without one). */
    List<String> requestIdsOfOutcomes() {
        return java.util.Collections.unmodifiableList(new ArrayList<>(outcomeRequestIds));
    }

    org.apache.kafka.streams.state.KeyValueStore<String, byte[]> heldStore() {
        return driver.getKeyValueStore(HandoverTopology.HELD_STORE);
    }

    /** Moves the wall clock on; due wall-clock punctuations run once. */
    void advance(Duration duration) {
        driver.advanceWallClockTime(duration);
    }

    /**
     * Moves the wall clock on in steps, a punctuation after each, as a running instance would experience it (coarser
     * than the 5 s punctuation interval: every step commits, and an exactly-once commit flushes RocksDB).
     */
    void advanceInSteps(Duration duration, Duration step) {
        for (Duration done = Duration.ZERO; done.compareTo(duration) < 0; done = done.plus(step)) {
            driver.advanceWallClockTime(step);
        }
    }

    /** Everything the topology produced to every topic, for "nothing else happened" checks. */
    Produced drain() {
        List<SubmissionOutcome> outcomeValues = new ArrayList<>();
        for (TestRecord<String, SubmissionOutcome> record : outcomes.readRecordsToList()) {
            outcomeValues.add(record.value());
            var header = record.headers().lastHeader(REQUEST_ID);
            outcomeRequestIds.add(
                    header == null ? null : new String(header.value(), java.nio.charset.StandardCharsets.UTF_8));
        }
        return new Produced(
                events.readValuesToList(),
                state.readValuesToList(),
                outcomeValues,
                rejections.readValuesToList(),
                completed.readValuesToList(),
                linked.readValuesToList(),
                deadLetters.readRecordsToList().size());
    }

    record Produced(
            List<HandoverEvent> events,
            List<CaseSnapshot> snapshots,
            List<SubmissionOutcome> outcomes,
            List<SubmissionRejected> rejections,
            List<CompletedCase> completed,
            List<HandoverSubmission> linked,
            int deadLetters) {}

    static Headers traceHeaders(String traceparent) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("traceparent", traceparent.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return headers;
    }

    private <V> TestOutputTopic<String, V> output(String topic, Class<V> type) {
        AvroDeserializer<V> values = new AvroDeserializer<>();
        values.configure(serdeConfig, false);
        return driver.createOutputTopic(topic, new StringDeserializer(), values);
    }

    List<String> meterIds() {
        List<String> ids = new ArrayList<>();
        meters.getMeters().forEach(m -> ids.add(m.getId().toString()));
        return ids;
    }

    @Override
    public void close() {
        try {
            driver.close();
        } finally {
            SchemaRegistryClients.dropMock(registryUrl);
            deleteQuietly(stateDir);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        } catch (java.io.IOException e) {
            // a temp directory: the OS cleans it up
        }
    }
}
