package uk.transferofcare.simulator;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import uk.transferofcare.events.Topics;

/**
 * Issue 15's short fault run in CI, inside {@link GroundTruthIT}'s traffic: one fault after another, each once the
 * simulator's truth file holds so many lines (a line per submission with its final answer, a line per finished case),
 * so the faults fall at the same points of the traffic however fast the machine is. Each is done once:
 *
 * <ol>
 *   <li>kill -9 of handover-processor (the launcher starts it again);
 *   <li>a poison record (not the wire format) on every topic handover-api or handover-processor reads, written with
 *       {@code acks=all}: each must reach its dead-letter topic while the consumers carry on;
 *   <li>kill -9 of PostgreSQL, the read store (the launcher starts it again on its data);
 *   <li>kill -9 of the schema registry (the launcher starts it again; it reads its schemas back from Kafka).
 * </ol>
 *
 * <p>What they cost is judged by {@link GroundTruthIT}'s checks over the whole run: every verdict as the oracle says,
 * every case as the truth says, every report group equal. A submission lost or applied twice fails one of them.
 */
final class FaultsDuringTraffic implements AutoCloseable {

    /** A fault, the truth-file line count after which it is done, and the launcher's name of the process it kills. */
    enum Fault {
        PROCESSOR_KILLED(3_000, "handover-processor"),
        POISON_RECORDS(6_000, null),
        POSTGRES_KILLED(9_000, "postgres"),
        REGISTRY_KILLED(12_000, "schema-registry");

        final int afterLines;
        final String process;

        Fault(int afterLines, String process) {
            this.afterLines = afterLines;
            this.process = process;
        }
    }

    /** The topics a service of the run (handover-api, handover-processor) reads; notification-service does not run. */
    static final List<String> POISONED = List.of(
            Topics.SUBMISSIONS.name(),
            Topics.STATE.name(),
            Topics.OUTCOMES.name(),
            Topics.REJECTIONS.name(),
            Topics.COMPLETED.name());

    private final Path truth;
    private final Path pids;
    private final String bootstrapServers;
    private final String poisonKey = "ground-truth-poison-" + UUID.randomUUID();
    private final Map<Fault, String> done = new LinkedHashMap<>();
    private final Thread watcher;
    private volatile boolean stopped;

    private FaultsDuringTraffic(Path truth, Path pids, String bootstrapServers) {
        this.truth = truth;
        this.pids = pids;
        this.bootstrapServers = bootstrapServers;
        this.watcher = new Thread(this::watch, "faults-during-traffic");
        this.watcher.setDaemon(true);
    }

    /** Starts watching {@code truth} as the simulator writes it; the faults then follow its progress. */
    static FaultsDuringTraffic start(Path truth, Path pids, String bootstrapServers) {
        FaultsDuringTraffic faults = new FaultsDuringTraffic(truth, pids, bootstrapServers);
        faults.watcher.start();
        return faults;
    }

    private void watch() {
        long lines = 0;
        long offset = 0;
        byte[] buffer = new byte[64 * 1024];
        List<Fault> pending = new ArrayList<>(List.of(Fault.values()));
        while (!stopped && !pending.isEmpty()) {
            if (Files.isRegularFile(truth)) {
                try (InputStream in = Files.newInputStream(truth)) {
                    in.skipNBytes(offset);
                    for (int n; (n = in.read(buffer)) > 0; offset += n) {
                        for (int i = 0; i < n; i++) {
                            if (buffer[i] == '\n') {
                                lines++;
                            }
                        }
                    }
                } catch (IOException e) {
                    // the file is being written: read on from the same offset next time
                }
            }
            while (!pending.isEmpty() && lines >= pending.get(0).afterLines) {
                Fault fault = pending.remove(0);
                String what = inject(fault);
                synchronized (done) {
                    done.put(fault, what);
                }
                System.out.printf("Fault after %,d lines of the truth file: %s: %s%n", lines, fault, what);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private String inject(Fault fault) {
        try {
            if (fault == Fault.POISON_RECORDS) {
                writePoison();
                return "written to " + String.join(", ", POISONED);
            }
            long pid = Long.parseLong(
                    Files.readString(pids.resolve(fault.process + ".pid")).strip());
            boolean sent =
                    ProcessHandle.of(pid).map(ProcessHandle::destroyForcibly).orElse(false);
            return sent ? "killed " + pid : "no process " + pid;
        } catch (Exception e) {
            return "failed: " + e;
        }
    }

    private void writePoison() throws Exception {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.CLIENT_ID_CONFIG, "ground-truth-poison");
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (String topic : POISONED) {
                producer.send(new ProducerRecord<>(
                                topic,
                                poisonKey.getBytes(StandardCharsets.UTF_8),
                                ("not Avro: GroundTruthIT's poison record on " + topic)
                                        .getBytes(StandardCharsets.UTF_8)))
                        .get(30, TimeUnit.SECONDS);
            }
        }
    }

    /** What was done for each fault so far ("killed 1234", "written to ...", "failed: ..."), in order. */
    Map<Fault, String> done() {
        synchronized (done) {
            return new LinkedHashMap<>(done);
        }
    }

    /** The poisoned topics whose dead-letter topic ({@code <topic>-dlt}) shows no poison record within {@code max}. */
    List<String> notDeadLettered(Duration max) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.CLIENT_ID_CONFIG, "ground-truth-dead-letters");
        List<String> missing = new ArrayList<>(POISONED);
        byte[] wanted = poisonKey.getBytes(StandardCharsets.UTF_8);
        long deadline = System.nanoTime() + max.toNanos();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : POISONED) {
                consumer.partitionsFor(topic + "-dlt", Duration.ofSeconds(30))
                        .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (!missing.isEmpty() && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (Arrays.equals(record.key(), wanted)) {
                        missing.remove(
                                record.topic().substring(0, record.topic().length() - "-dlt".length()));
                    }
                }
            }
        }
        return missing;
    }

    @Override
    public void close() throws InterruptedException {
        stopped = true;
        watcher.interrupt();
        watcher.join(TimeUnit.SECONDS.toMillis(60));
    }
}
