package uk.transferofcare.processor.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import uk.transferofcare.events.HandoverSubmission;
import uk.transferofcare.processor.domain.HandoverStateMachine;
import uk.transferofcare.processor.stream.CaseHistories;
import uk.transferofcare.processor.stream.CaseLogic;
import uk.transferofcare.processor.stream.HandoverTopology;
import uk.transferofcare.processor.stream.TopicNames;
import uk.transferofcare.support.serde.AvroDeserializer;
import uk.transferofcare.support.serde.AvroSerde;
import uk.transferofcare.support.serde.AvroSerializer;
import uk.transferofcare.testkit.EmbeddedPlatformInfrastructure;
import uk.transferofcare.testkit.KafkaTestClients;

/**
 * Not a test: measures, on one embedded KRaft broker and registry in this JVM and in the same run,
 *
 * <ol>
 *   <li>the real topology with {@code exactly_once_v2} over pre-produced, generated case histories ({@link
 *       CaseHistories}): applied events per second (and submissions per second), from the moment the Kafka Streams
 *       client is RUNNING until its committed offsets reach the end of the input;
 *   <li>a plain consume→produce copy of the same records: a {@code KafkaConsumer} and a {@code KafkaProducer}
 *       ({@code acks=all}, idempotent, no transactions) with the same Avro serde, from its first non-empty poll until
 *       the last record is acknowledged;
 *   <li>for context, the same copy with the processor's fan-out: every input record written as many times as the
 *       topology wrote records per submission in (a) (outputs and changelogs together, rounded), so the broker and
 *       the producer carry the same number of records without transactions, state or logic;
 *   <li>for calibration, Kafka Streams' exactly-once itself with the settings of (a) and next to no work of ours
 *       ({@link ReferenceTopologies}): a passthrough, and a naive state machine (a store read and write per record,
 *       three outputs), both in records per second; so the ratio (a)/(b) can be read against what any exactly-once
 *       Streams application reaches on the same machine and broker.
 * </ol>
 *
 * and prints the rates and their ratios. Warm-up rounds of all of it (as many cases, on topics of their own) run first,
 * until the JIT spends under 5% of the topology's time compiling, so the measured round runs on a warm JIT.
 *
 * <pre>
 * ./mvnw -q -pl handover-processor test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=uk.transferofcare.processor.bench.ProcessorBenchmark -Dexec.args="4000"
 * </pre>
 *
 * The argument is the number of cases (default 4000, about 5 submissions each).
 */
public final class ProcessorBenchmark {

    private static final int PARTITIONS = 3;

    private ProcessorBenchmark() {}

    public static void main(String[] args) throws Exception {
        int cases = args.length > 0 ? Integer.parseInt(args[0]) : 4000;
        Instant started = Instant.now();
        // Any broker setting to try: -Dbench.broker.<key>=<value>, e.g.
        // -Dbench.broker.add.partitions.to.txn.retry.backoff.ms=20
        Map<String, String> brokerOverrides = new TreeMap<>();
        System.getProperties().stringPropertyNames().stream()
                .filter(key -> key.startsWith("bench.broker."))
                .forEach(key -> brokerOverrides.put(key.substring("bench.broker.".length()), System.getProperty(key)));
        if (!brokerOverrides.isEmpty()) {
            System.out.println("Broker overrides: " + brokerOverrides);
        }
        try (EmbeddedPlatformInfrastructure infrastructure = EmbeddedPlatformInfrastructure.start(brokerOverrides)) {
            KafkaTestClients clients = new KafkaTestClients(infrastructure);
            System.out.printf(
                    "Broker %s, registry %s ready in %d ms%n",
                    infrastructure.bootstrapServers(),
                    infrastructure.schemaRegistryUrl(),
                    Duration.between(started, Instant.now()).toMillis());

            String transactionVersion = System.getProperty("bench.transaction.version");
            if (transactionVersion != null) {
                // -Dbench.transaction.version=1: the classic transaction protocol instead of Kafka 4's version 2
                try (Admin admin = Admin.create(Map.of("bootstrap.servers", infrastructure.bootstrapServers()))) {
                    admin.updateFeatures(
                                    Map.of(
                                            "transaction.version",
                                            new org.apache.kafka.clients.admin.FeatureUpdate(
                                                    Short.parseShort(transactionVersion),
                                                    org.apache.kafka.clients.admin.FeatureUpdate.UpgradeType
                                                            .SAFE_DOWNGRADE)),
                                    new org.apache.kafka.clients.admin.UpdateFeaturesOptions())
                            .all()
                            .get();
                    System.out.println("Finalized features: "
                            + admin.describeFeatures().featureMetadata().get().finalizedFeatures());
                }
            }
            // The warm-up rounds let the JIT compile the hot paths before the measured round: with a tenth of the cases
            // (until 2026-12-06), the compiler threads still used more CPU than the stream thread during the measured
            // round (JFR), so the round measured compilation as much as processing. One round as large as the measured
            // one was not enough either (2026-12-07: the compiler threads still took 98 µs of CPU per submission
            // during (a), a third of the process's, the broker, Streams and the topology sharing one JVM): warm-up
            // rounds follow one another until the JIT spent under 5% of (a)'s time compiling, at most
            // -Dbench.warm-up.rounds (default 6). -Dbench.warm-up.cases=N sets their size.
            int warmUpCases = Integer.getInteger("bench.warm-up.cases", cases);
            int warmUpRounds = Integer.getInteger("bench.warm-up.rounds", 6);
            for (int i = 1; i <= warmUpRounds; i++) {
                Result warmUp = round(infrastructure, clients, warmUpCases, "warm-up-" + i);
                double compiling = warmUp.eos.compileMillis() / (warmUp.eos.seconds() * 1000);
                System.out.printf(
                        Locale.ROOT,
                        "[warm-up-%d] the JIT compiled for %.0f%% of the topology's %.2f s%n",
                        i,
                        compiling * 100,
                        warmUp.eos.seconds());
                if (compiling < 0.05) {
                    break;
                }
            }
            Result result = round(infrastructure, clients, cases, "measured");

            System.out.println();
            System.out.printf(
                    Locale.ROOT,
                    "Input: %d submissions of %d cases, %d partitions%n",
                    result.submissions,
                    cases,
                    PARTITIONS);
            System.out.printf(
                    Locale.ROOT,
                    "(a) exactly_once_v2 topology: %d applied events in %.2f s = %.0f applied events/s"
                            + " (%.0f submissions/s)%n",
                    result.events,
                    result.eos.seconds(),
                    result.events / result.eos.seconds(),
                    result.submissions / result.eos.seconds());
            System.out.printf(
                    Locale.ROOT,
                    "    it wrote %d records in all (outputs and changelogs, by topic above) = %.0f records/s%n",
                    result.written,
                    result.written / result.eos.seconds());
            System.out.println("    " + result.eos.cpu().per(result.submissions, "submission"));
            System.out.println("    " + result.eos.threads().top(10, result.submissions, "submission"));
            System.out.printf(
                    Locale.ROOT,
                    "    the JIT compiled for %d ms of these %.2f s%n",
                    result.eos.compileMillis(),
                    result.eos.seconds());
            System.out.printf(
                    Locale.ROOT,
                    "(b) plain consume->produce copy: %d records in %.2f s = %.0f records/s%n",
                    result.submissions,
                    result.copySeconds,
                    result.submissions / result.copySeconds);
            System.out.println("    " + result.copyCpu.per(result.submissions, "record"));
            System.out.printf(
                    Locale.ROOT,
                    "Ratio (a)/(b): %.2f (EOS applied events/s per copied record/s)%n",
                    (result.events / result.eos.seconds()) / (result.submissions / result.copySeconds));
            System.out.printf(
                    Locale.ROOT,
                    "CPU ratio: the copy's whole-process CPU per record / the topology's per submission = %.3f"
                            + " (load average now: %s)%n",
                    (double) result.copyCpu.processNanos / result.eos.cpu().processNanos,
                    loadAverage());
            System.out.printf(
                    Locale.ROOT,
                    "(c) consume->produce copy with the same fan-out (%d records out per record in): %d records in"
                            + " %.2f s = %.0f input records/s (%.0f written/s); (a) submissions/s per (c) input"
                            + " records/s: %.2f%n",
                    result.fanOut,
                    result.submissions,
                    result.fanOutSeconds,
                    result.submissions / result.fanOutSeconds,
                    result.submissions * (double) result.fanOut / result.fanOutSeconds,
                    (result.submissions / result.eos.seconds()) / (result.submissions / result.fanOutSeconds));
            printReference(
                    "(d) Kafka Streams exactly_once_v2 passthrough (same serde and settings as (a))",
                    "(d)/(b)",
                    result.passthrough,
                    result);
            printReference(
                    "(e) Kafka Streams exactly_once_v2 naive state machine (a RocksDB read and write per record, three"
                            + " outputs)",
                    "(e)/(b)",
                    result.naive,
                    result);
            System.out.printf(
                    Locale.ROOT,
                    "(a) submissions/s per (d) records/s: %.2f; per (e): %.2f (load average now: %s)%n",
                    result.passthrough.seconds() / result.eos.seconds(),
                    result.naive.seconds() / result.eos.seconds(),
                    loadAverage());
        }
    }

    /** One of the Kafka Streams references: its rate, its ratio to the copy (b), its CPU and its threads' CPU. */
    private static void printReference(String what, String ratio, StreamsRun run, Result result) {
        System.out.printf(
                Locale.ROOT,
                "%s: %d records in %.2f s = %.0f records/s; %s: %.2f%n",
                what,
                result.submissions,
                run.seconds(),
                result.submissions / run.seconds(),
                ratio,
                result.copySeconds / run.seconds());
        System.out.println("    " + run.cpu().per(result.submissions, "record"));
        System.out.println("    " + run.threads().top(10, result.submissions, "record"));
    }

    /** Runs of the plain copy per round; the median is reported. */
    private static final int COPY_RUNS = 3;

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    private static String seconds(List<Double> values) {
        return values.stream().map(v -> String.format(Locale.ROOT, "%.2f", v)).collect(Collectors.joining(", "));
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (java.io.IOException e) {
            return String.format(
                    Locale.ROOT,
                    "%.2f",
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

    private record Result(
            int submissions,
            long events,
            long written,
            StreamsRun eos,
            double copySeconds,
            int fanOut,
            double fanOutSeconds,
            Cpu copyCpu,
            StreamsRun passthrough,
            StreamsRun naive) {}

    /** A Kafka Streams application's measured run: its seconds, its CPU and every thread's CPU by name. */
    private record StreamsRun(double seconds, Cpu cpu, ThreadGroupsCpu threads, long compileMillis) {}

    /**
     * CPU time spent during a measured phase: by the whole process (the broker, the registry and the client under
     * test), by the threads of the client under test and by every live Java thread. Unlike seconds of wall clock, a CPU time hardly changes when
     * other programs share the cores, so comparisons between runs on a busy machine read these.
     */
    private record Cpu(long processNanos, long clientNanos, long javaNanos) {

        static Cpu since(Cpu start, String clientThreads) {
            Cpu now = now(clientThreads);
            return new Cpu(
                    now.processNanos - start.processNanos,
                    now.clientNanos - start.clientNanos,
                    now.javaNanos - start.javaNanos);
        }

        static Cpu median(List<Cpu> runs) {
            List<Cpu> sorted = new ArrayList<>(runs);
            sorted.sort(Comparator.comparingLong(Cpu::processNanos));
            return sorted.get(sorted.size() / 2);
        }

        static Cpu now(String clientThreads) {
            long client = 0;
            long java = 0;
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            for (Thread thread : Thread.getAllStackTraces().keySet()) {
                long nanos = Math.max(0, threads.getThreadCpuTime(thread.getId()));
                java += nanos;
                if (thread.getName().contains(clientThreads)) {
                    client += nanos;
                }
            }
            return new Cpu(
                    ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                            .getProcessCpuTime(),
                    client,
                    java);
        }

        /**
         * The CPU per unit: of the whole process, of the client's own threads, of the other Java threads (the broker,
         * the registry, this benchmark's loop) and of the JVM's own threads (garbage collector, JIT compilers), the
         * last being the process's time less every live Java thread's (a thread that ended during the phase counts
         * there too).
         */
        String per(long count, String unit) {
            return String.format(
                    Locale.ROOT,
                    "%.0f µs of CPU per %s in the whole process (broker included), %.0f µs in its own threads"
                            + " (other Java threads %.0f µs, the JVM's garbage collector and compilers %.0f µs)",
                    processNanos / 1e3 / count,
                    unit,
                    clientNanos / 1e3 / count,
                    (javaNanos - clientNanos) / 1e3 / count,
                    (processNanos - javaNanos) / 1e3 / count);
        }
    }

    private static Result round(
            EmbeddedPlatformInfrastructure infrastructure, KafkaTestClients clients, int cases, String name)
            throws Exception {
        String prefix = "bench-" + name + "-" + UUID.randomUUID().toString().substring(0, 6) + "-";
        TopicNames topics = TopicNames.withPrefix(prefix);
        String copyTopic = prefix + "copy";
        List<NewTopic> created = new ArrayList<>();
        for (String topic : topics.all()) {
            created.add(new NewTopic(topic, PARTITIONS, (short) 1));
        }
        clients.createTopics(created);

        List<HandoverSubmission> input =
                CaseHistories.generate(2025, cases, Instant.now().minus(Duration.ofDays(30)));
        produce(infrastructure, topics.submissions(), input);
        System.out.printf("[%s] %d submissions pre-produced to %s%n", name, input.size(), topics.submissions());

        // The copy takes well under a second, so one run of it swings with whatever else the machine does: three
        // runs, into three topics, and the median of each measure.
        List<Double> copyTimes = new ArrayList<>();
        List<Cpu> copyCpus = new ArrayList<>();
        for (int run = 0; run < COPY_RUNS; run++) {
            String to = copyTopic + "-" + run;
            clients.createTopics(List.of(new NewTopic(to, PARTITIONS, (short) 1)));
            Cpu[] cpu = new Cpu[1];
            copyTimes.add(copy(infrastructure, topics.submissions(), to, input.size(), 1, cpu));
            copyCpus.add(cpu[0]);
        }
        double copySeconds = median(copyTimes);
        Cpu copyCpu = Cpu.median(copyCpus);
        System.out.printf(Locale.ROOT, "[%s] copy: %s s, median %.2f s%n", name, seconds(copyTimes), copySeconds);
        StreamsRun eos = eos(infrastructure, topics, prefix + "handover-processor");
        long events = count(infrastructure, topics.events());
        // Every topic the topology wrote: its outputs and its stores' changelogs (named after the application id, so
        // under the round's prefix), not the input, the copies or the reference topologies' topics (written later).
        long written = 0;
        Map<String, Long> perTopic = new TreeMap<>();
        for (String topic : topicsWithPrefix(infrastructure, prefix)) {
            if (!topic.equals(topics.submissions()) && !topic.startsWith(copyTopic)) {
                long records = count(infrastructure, topic);
                written += records;
                if (records > 0) {
                    perTopic.put(topic.substring(prefix.length()), records);
                }
            }
        }
        StringBuilder breakdown = new StringBuilder();
        perTopic.forEach((topic, records) -> breakdown.append(String.format(
                Locale.ROOT, "%n    %-60s %8d  %.2f per submission", topic, records, records / (double) input.size())));
        System.out.printf(Locale.ROOT, "[%s] records written, by topic:%s%n", name, breakdown);
        System.out.printf(Locale.ROOT, "[%s] exactly-once: %.2f s, %d applied events%n", name, eos.seconds(), events);
        // (d) and (e): Kafka Streams' exactly-once itself, with next to no work of ours, on the same input
        Serde<HandoverSubmission> values = AvroSerde.forValues(HandoverSubmission.class, serde(infrastructure));
        String passthroughOut = prefix + "ref-passthrough-out";
        List<String> naiveOut =
                List.of(prefix + "ref-naive-out-0", prefix + "ref-naive-out-1", prefix + "ref-naive-out-2");
        List<NewTopic> references = new ArrayList<>();
        references.add(new NewTopic(passthroughOut, PARTITIONS, (short) 1));
        naiveOut.forEach(topic -> references.add(new NewTopic(topic, PARTITIONS, (short) 1)));
        clients.createTopics(references);
        StreamsRun passthrough = reference(
                infrastructure,
                topics,
                prefix,
                name,
                "passthrough",
                ReferenceTopologies.passthrough(topics.submissions(), passthroughOut, values));
        StreamsRun naive = reference(
                infrastructure,
                topics,
                prefix,
                name,
                "naive state machine",
                ReferenceTopologies.naiveStateMachine(topics.submissions(), naiveOut, values));
        int fanOut = (int) Math.max(1, Math.round(written / (double) input.size()));
        String fanOutTopic = prefix + "copy-fan-out";
        clients.createTopics(List.of(new NewTopic(fanOutTopic, PARTITIONS, (short) 1)));
        double fanOutSeconds =
                copy(infrastructure, topics.submissions(), fanOutTopic, input.size(), fanOut, new Cpu[1]);
        System.out.printf(Locale.ROOT, "[%s] copy with fan-out %d: %.2f s%n", name, fanOut, fanOutSeconds);
        return new Result(
                input.size(), events, written, eos, copySeconds, fanOut, fanOutSeconds, copyCpu, passthrough, naive);
    }

    private static Map<String, Object> serde(EmbeddedPlatformInfrastructure infrastructure) {
        Map<String, Object> config = new HashMap<>();
        config.put("schema.registry.url", infrastructure.schemaRegistryUrl());
        config.put("specific.avro.reader", true);
        return config;
    }

    private static void produce(
            EmbeddedPlatformInfrastructure infrastructure, String topic, List<HandoverSubmission> input) {
        Map<String, Object> config = serde(infrastructure);
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.bootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        AvroSerializer<HandoverSubmission> values = new AvroSerializer<>();
        values.configure(config, false);
        try (KafkaProducer<String, HandoverSubmission> producer =
                new KafkaProducer<>(config, new StringSerializer(), values)) {
            for (HandoverSubmission submission : input) {
                producer.send(new ProducerRecord<>(topic, submission.getCaseId(), submission));
            }
            producer.flush();
        }
    }

    /**
     * (b) and (c): consume → produce, same serde, acks=all, idempotent, no transactions; each record read is written
     * {@code fanOut} times.
     */
    private static double copy(
            EmbeddedPlatformInfrastructure infrastructure,
            String from,
            String to,
            int expected,
            int fanOut,
            Cpu[] cpu) {
        String clientId = "copy-" + UUID.randomUUID();
        // The copy's own threads are those named with its client id: the producer's network thread and this one.
        String loopName = Thread.currentThread().getName();
        Thread.currentThread().setName(clientId + "-loop");
        Map<String, Object> consumerConfig = serde(infrastructure);
        consumerConfig.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.bootstrapServers());
        consumerConfig.put(ConsumerConfig.GROUP_ID_CONFIG, "copy-" + UUID.randomUUID());
        consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumerConfig.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
        consumerConfig.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId + "-consumer");
        Map<String, Object> producerConfig = serde(infrastructure);
        producerConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.bootstrapServers());
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producerConfig.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        producerConfig.put(ProducerConfig.CLIENT_ID_CONFIG, clientId + "-producer");
        AvroDeserializer<HandoverSubmission> values = new AvroDeserializer<>(HandoverSubmission.class);
        values.configure(consumerConfig, false);
        // The same serializer as the topology's sinks (schema ids cached by schema instance).
        AvroSerializer<HandoverSubmission> serializer = new AvroSerializer<>();
        serializer.configure(producerConfig, false);
        try (KafkaConsumer<String, HandoverSubmission> consumer =
                        new KafkaConsumer<>(consumerConfig, new StringDeserializer(), values);
                KafkaProducer<String, HandoverSubmission> producer =
                        new KafkaProducer<>(producerConfig, new StringSerializer(), serializer)) {
            consumer.subscribe(List.of(from));
            long first = 0;
            Cpu start = null;
            int copied = 0;
            while (copied < expected) {
                ConsumerRecords<String, HandoverSubmission> records = consumer.poll(Duration.ofMillis(100));
                if (!records.isEmpty() && first == 0) {
                    first = System.nanoTime();
                    start = Cpu.now(clientId);
                }
                for (ConsumerRecord<String, HandoverSubmission> record : records) {
                    for (int i = 0; i < fanOut; i++) {
                        producer.send(new ProducerRecord<>(to, record.key(), record.value()));
                    }
                    copied++;
                }
            }
            producer.flush();
            double seconds = (System.nanoTime() - first) / 1e9;
            cpu[0] = Cpu.since(start, clientId);
            return seconds;
        } finally {
            Thread.currentThread().setName(loopName);
        }
    }

    /** (d) or (e): a reference topology over the round's submissions, run as (a) is, and its time printed. */
    private static StreamsRun reference(
            EmbeddedPlatformInfrastructure infrastructure,
            TopicNames topics,
            String prefix,
            String round,
            String what,
            Topology topology)
            throws Exception {
        StreamsRun run =
                streams(infrastructure, topology, prefix + "ref-" + what.replace(' ', '-'), topics.submissions());
        System.out.printf(Locale.ROOT, "[%s] exactly-once %s: %.2f s%n", round, what, run.seconds());
        return run;
    }

    /** (a): the real topology, exactly once, until its committed offsets reach the end of the input. */
    private static StreamsRun eos(
            EmbeddedPlatformInfrastructure infrastructure, TopicNames topics, String applicationId) throws Exception {
        HandoverTopology.Settings settings = new HandoverTopology.Settings(
                topics,
                CaseLogic.of(new HandoverStateMachine()),
                Duration.ofSeconds(5),
                10_000,
                Duration.ofMinutes(1),
                serde(infrastructure),
                new SimpleMeterRegistry());
        return streams(infrastructure, HandoverTopology.build(settings), applicationId, topics.submissions());
    }

    /**
     * Runs {@code topology} with the settings of (a) ({@code exactly_once_v2}, one stream thread, the same commit
     * interval and overrides) from the moment it is RUNNING until its committed offsets reach the end of {@code
     * input}.
     */
    private static StreamsRun streams(
            EmbeddedPlatformInfrastructure infrastructure, Topology topology, String applicationId, String input)
            throws Exception {
        Path stateDir = Files.createTempDirectory("bench-streams");
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.bootstrapServers());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
        // The application's default (application.yml); -Dbench.commit.interval.ms shows what another one buys.
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, Integer.getInteger("bench.commit.interval.ms", 20));
        // Any other Streams or client setting to try: -Dbench.streams.<key>=<value>, e.g.
        // -Dbench.streams.producer.max.in.flight.requests.per.connection=1
        System.getProperties().stringPropertyNames().stream()
                .filter(key -> key.startsWith("bench.streams."))
                .forEach(key -> props.put(key.substring("bench.streams.".length()), System.getProperty(key)));
        try (KafkaStreams streams = new KafkaStreams(topology, props);
                Admin admin = Admin.create(Map.of("bootstrap.servers", infrastructure.bootstrapServers()))) {
            CountDownLatch running = new CountDownLatch(1);
            streams.setStateListener((now, before) -> {
                if (now == KafkaStreams.State.RUNNING) {
                    running.countDown();
                }
            });
            streams.start();
            if (!running.await(120, TimeUnit.SECONDS)) {
                throw new IllegalStateException("Kafka Streams did not start: " + streams.state());
            }
            long start = System.nanoTime();
            Cpu startCpu = Cpu.now(applicationId);
            ThreadGroupsCpu startThreads = ThreadGroupsCpu.now();
            long startCompiling = ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
            while (!caughtUp(admin, applicationId, input)) {
                TimeUnit.MILLISECONDS.sleep(25);
            }
            StreamsRun run = new StreamsRun(
                    (System.nanoTime() - start) / 1e9,
                    Cpu.since(startCpu, applicationId),
                    ThreadGroupsCpu.now().since(startThreads),
                    ManagementFactory.getCompilationMXBean().getTotalCompilationTime() - startCompiling);
            streams.close(Duration.ofSeconds(30));
            return run;
        }
    }

    /** True when the group's committed offsets are at the end of every input partition (lag 0). */
    private static boolean caughtUp(Admin admin, String group, String topic) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata()
                .get();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (int p = 0; p < PARTITIONS; p++) {
            latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        var ends = admin.listOffsets(latest).all().get();
        for (var end : ends.entrySet()) {
            OffsetAndMetadata offset = committed.get(end.getKey());
            // A committed transaction's marker takes one offset after the last record.
            if (offset == null || offset.offset() < end.getValue().offset() - 1) {
                return false;
            }
        }
        return true;
    }

    private static List<String> topicsWithPrefix(EmbeddedPlatformInfrastructure infrastructure, String prefix)
            throws Exception {
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.bootstrapServers()))) {
            return admin.listTopics().names().get().stream()
                    .filter(topic -> topic.startsWith(prefix))
                    .sorted()
                    .toList();
        }
    }

    private static long count(EmbeddedPlatformInfrastructure infrastructure, String topic) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "count-" + UUID.randomUUID());
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (int p = 0; p < PARTITIONS; p++) {
                partitions.add(new TopicPartition(topic, p));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long count = 0;
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                count += consumer.poll(Duration.ofMillis(200)).count();
            }
            return count;
        }
    }
}
