package uk.transferofcare.processor.stream;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import uk.transferofcare.events.Topics;
import uk.transferofcare.support.serde.AvroSerializer;

/**
 * The processor's topology, keyed by case id everywhere:
 *
 * <pre>
 *   handover-submissions ──► state-machine ──► handover-events       (every applied event)
 *        ▲                     │  │  │   ├──► handover-state        (a snapshot after every change)
 *        │                     │  │  │   ├──► handover-outcomes     (one per submission record)
 *        │                     │  │  │   ├──► handover-rejections   (rule, message, original submission)
 *        │                     │  │  │   ├──► handover-completed    (closed cases, again on every change)
 *        └─────────────────────┘  │  │   └──► handover-submissions-dlt (undecodable or unprocessable)
 *     linked-case pre-alerts      │  └── store handover-cases  (case id → case file, RocksDB, changelogged)
 *     of diversions               └───── store handover-timers (due time|case id → case id, RocksDB, changelogged)
 *
 *   repeat attendance (RepeatAttendance), the person key never leaving the processor's own stores and topics:
 *   state-machine ──► handover-processor-person-keys (key = person key) ──► person-keys ──┐ store handover-person-
 *        │ store handover-case-persons (case id → key, flags)                             │ attendances (key → cases)
 *        │                                                                                ▼
 *   repeat-flags ◄── handover-processor-repeat-flags (key = case id, the flags) ◄─────────┘
 *        └──► handover-state, handover-completed (the case again, same version, with its new flags)
 * </pre>
 *
 * <p>Built with the Processor API because one record fans out to seven topics with different value types, and the
 * timers need a wall-clock punctuator next to the stores. Spring adds it to the application's topology
 * ({@code KafkaStreamsInfrastructureCustomizer}); tests build it alone for {@code TopologyTestDriver}.
 */
public final class HandoverTopology {

    public static final String SOURCE = "submissions-source";
    public static final String PROCESSOR = "state-machine";
    public static final String CASES_STORE = "handover-cases";
    public static final String TIMERS_STORE = "handover-timers";
    public static final String HELD_STORE = "handover-held";
    /** Case id → the case's person key and repeat flags ({@link RepeatAttendance.Link}). */
    public static final String LINKS_STORE = "handover-case-persons";
    /** Person key → the person's attendances ({@link RepeatAttendance.Attendance}), partitioned by person key. */
    public static final String PERSONS_STORE = "handover-person-attendances";

    /** How long the processor keeps a person key (stores and its own topics): {@link RepeatAttendance#RETENTION}. */
    public static final Duration REPEAT_RETENTION = RepeatAttendance.RETENTION;

    static final String PERSON_KEYS_SOURCE = "person-keys-source";
    static final String PERSONS_PROCESSOR = "person-keys";
    static final String REPEAT_FLAGS_SOURCE = "repeat-flags-source";
    static final String REPEAT_FLAGS_PROCESSOR = "repeat-flags";
    static final String PERSON_KEYS_SINK = "person-keys-sink";
    static final String REPEAT_FLAGS_SINK = "repeat-flags-sink";

    static final String EVENTS_SINK = "events-sink";
    static final String STATE_SINK = "state-sink";
    static final String OUTCOMES_SINK = "outcomes-sink";
    static final String REJECTIONS_SINK = "rejections-sink";
    static final String COMPLETED_SINK = "completed-sink";
    static final String LINKED_SINK = "linked-submissions-sink";
    static final String DEAD_LETTER_SINK = "dead-letter-sink";

    private HandoverTopology() {}

    /**
     * What the topology needs besides the stores it declares.
     *
     * @param topics the topic names
     * @param logic the state machine
     * @param punctuationInterval how often (wall clock) the timer index is scanned for due marks
     * @param maxTimersPerPunctuation at most this many due cases per scan; the rest wait for the next one
     * @param timerRetryDelay when a case's timers fail (a fault), when to try them again
     * @param serdeConfig the Avro serde settings ({@code schema.registry.url} and Confluent's other keys)
     * @param meters where the processor's counters go
     * @param caseStoreRetentionMs {@code retention.ms} of the case store's changelog, which is {@code compact,delete}:
     *     a case untouched for longer (its free text included) leaves the changelog as its snapshot leaves {@code
     *     handover-state}, so a restored store holds what a rebuilt read store holds; {@code -1} keeps it for ever
     * @param recentCases cases each task keeps decoded ({@code handover.streams.recent-cases}); 0 keeps none
     */
    public record Settings(
            TopicNames topics,
            CaseLogic logic,
            Duration punctuationInterval,
            int maxTimersPerPunctuation,
            Duration timerRetryDelay,
            Map<String, ?> serdeConfig,
            MeterRegistry meters,
            long caseStoreRetentionMs,
            int recentCases) {

        /**
         * With the case store kept as long as {@code handover-state} keeps its snapshots by default, and the default
         * number of decoded cases kept per task.
         */
        public Settings(
                TopicNames topics,
                CaseLogic logic,
                Duration punctuationInterval,
                int maxTimersPerPunctuation,
                Duration timerRetryDelay,
                Map<String, ?> serdeConfig,
                MeterRegistry meters) {
            this(
                    topics,
                    logic,
                    punctuationInterval,
                    maxTimersPerPunctuation,
                    timerRetryDelay,
                    serdeConfig,
                    meters,
                    Topics.STATE.retentionMs(),
                    RecentCases.DEFAULT_CAPACITY);
        }

        public Settings {
            Objects.requireNonNull(topics, "topics");
            Objects.requireNonNull(logic, "logic");
            Objects.requireNonNull(punctuationInterval, "punctuationInterval");
            Objects.requireNonNull(timerRetryDelay, "timerRetryDelay");
            Objects.requireNonNull(serdeConfig, "serdeConfig");
            Objects.requireNonNull(meters, "meters");
            if (maxTimersPerPunctuation < 1) {
                throw new IllegalArgumentException("maxTimersPerPunctuation must be at least 1");
            }
            if (recentCases < 0) {
                throw new IllegalArgumentException("recentCases must be 0 or more");
            }
            serdeConfig = Map.copyOf(serdeConfig);
        }
    }

    /** A topology of its own, e.g. for {@code TopologyTestDriver} or a plain {@code KafkaStreams}. */
    public static Topology build(Settings settings) {
        Topology topology = new Topology();
        addTo(topology, settings);
        return topology;
    }

    /** Adds the source, processor, stores and sinks to {@code topology}. */
    public static void addTo(Topology topology, Settings settings) {
        TopicNames topics = settings.topics();
        // Trusts the case store's generated Avro classes here, before any stream thread runs (see CaseStoreFormat).
        CaseStoreFormat.initialize();
        ProcessorMetrics metrics = new ProcessorMetrics(settings.meters());
        topology.addSource(SOURCE, new ByteArrayDeserializer(), new ByteArrayDeserializer(), topics.submissions());
        topology.addProcessor(PROCESSOR, () -> new HandoverProcessor(settings, metrics), SOURCE);
        topology.addSource(
                REPEAT_FLAGS_SOURCE, new StringDeserializer(), new ByteArrayDeserializer(), topics.repeatFlags());
        topology.addProcessor(
                REPEAT_FLAGS_PROCESSOR,
                () -> new RepeatFlagsProcessor(settings.punctuationInterval()),
                REPEAT_FLAGS_SOURCE);
        topology.addStateStore(casesStore(settings.caseStoreRetentionMs()), PROCESSOR, REPEAT_FLAGS_PROCESSOR);
        topology.addStateStore(linksStore(settings.caseStoreRetentionMs()), PROCESSOR, REPEAT_FLAGS_PROCESSOR);
        topology.addStateStore(timersStore(), PROCESSOR);
        topology.addStateStore(heldStore(), PROCESSOR);
        topology.addSink(EVENTS_SINK, topics.events(), new StringSerializer(), avroSerializer(settings), PROCESSOR);
        topology.addSink(
                STATE_SINK,
                topics.state(),
                new StringSerializer(),
                avroSerializer(settings),
                PROCESSOR,
                REPEAT_FLAGS_PROCESSOR);
        topology.addSink(OUTCOMES_SINK, topics.outcomes(), new StringSerializer(), avroSerializer(settings), PROCESSOR);
        topology.addSink(
                REJECTIONS_SINK, topics.rejections(), new StringSerializer(), avroSerializer(settings), PROCESSOR);
        topology.addSink(
                COMPLETED_SINK,
                topics.completed(),
                new StringSerializer(),
                avroSerializer(settings),
                PROCESSOR,
                REPEAT_FLAGS_PROCESSOR);
        topology.addSink(
                PERSON_KEYS_SINK,
                topics.personKeys(),
                new StringSerializer(),
                new RepeatCodec.ValueSerializer(),
                PROCESSOR);
        // The person side: its own sub-topology, partitioned by person key.
        topology.addSource(
                PERSON_KEYS_SOURCE, new StringDeserializer(), new ByteArrayDeserializer(), topics.personKeys());
        topology.addProcessor(
                PERSONS_PROCESSOR, () -> new PersonProcessor(settings.punctuationInterval()), PERSON_KEYS_SOURCE);
        topology.addStateStore(personsStore(), PERSONS_PROCESSOR);
        topology.addSink(
                REPEAT_FLAGS_SINK,
                topics.repeatFlags(),
                new StringSerializer(),
                new RepeatCodec.ValueSerializer(),
                PERSONS_PROCESSOR);
        topology.addSink(
                LINKED_SINK, topics.submissions(), new StringSerializer(), avroSerializer(settings), PROCESSOR);
        topology.addSink(
                DEAD_LETTER_SINK,
                topics.submissionsDeadLetter(),
                new ByteArraySerializer(),
                new DeadLetter.ValueSerializer(),
                new DeadLetter.SamePartition(),
                PROCESSOR);
    }

    private static StoreBuilder<KeyValueStore<String, byte[]>> casesStore(long retentionMs) {
        return Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(CASES_STORE), Serdes.String(), Serdes.ByteArray())
                .withCachingEnabled()
                .withLoggingEnabled(changelogConfig(retentionMs));
    }

    /** The case store's changelog topic settings: see {@link Settings#caseStoreRetentionMs()}. */
    static Map<String, String> changelogConfig(long retentionMs) {
        return retentionMs < 0
                ? Map.of("cleanup.policy", "compact", "retention.ms", "-1")
                : Map.of("cleanup.policy", "compact,delete", "retention.ms", Long.toString(retentionMs));
    }

    /**
     * The case side's links: kept like the case store (a link outlives its person key, which the punctuator removes
     * after {@link RepeatAttendance#RETENTION}, because the flags stay with the case); a link rewritten without its key
     * is compacted within a day ({@code max.compaction.lag.ms}), so the changelog forgets the key too.
     */
    private static StoreBuilder<KeyValueStore<String, byte[]>> linksStore(long retentionMs) {
        Map<String, String> config = new java.util.HashMap<>(changelogConfig(retentionMs));
        config.put("max.compaction.lag.ms", Long.toString(Duration.ofDays(1).toMillis()));
        return Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(LINKS_STORE), Serdes.String(), Serdes.ByteArray())
                .withCachingEnabled()
                .withLoggingEnabled(config);
    }

    /** The person side's store: its changelog forgets what the store forgot within a day, and everything at 90 days. */
    static Map<String, String> personsChangelogConfig() {
        return Map.of(
                "cleanup.policy", "compact,delete",
                "retention.ms", Long.toString(RepeatAttendance.RETENTION.toMillis()),
                "max.compaction.lag.ms", Long.toString(Duration.ofDays(1).toMillis()));
    }

    private static StoreBuilder<KeyValueStore<String, byte[]>> personsStore() {
        return Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(PERSONS_STORE), Serdes.String(), Serdes.ByteArray())
                .withCachingEnabled()
                .withLoggingEnabled(personsChangelogConfig());
    }

    private static StoreBuilder<KeyValueStore<String, byte[]>> heldStore() {
        return Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(HELD_STORE), Serdes.String(), Serdes.ByteArray())
                .withCachingEnabled();
    }

    private static StoreBuilder<KeyValueStore<String, String>> timersStore() {
        return Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(TIMERS_STORE), Serdes.String(), Serdes.String())
                .withCachingEnabled();
    }

    private static <T extends SpecificRecord> AvroSerializer<T> avroSerializer(Settings settings) {
        AvroSerializer<T> serializer = new AvroSerializer<>();
        serializer.configure(settings.serdeConfig(), false);
        return serializer;
    }
}
