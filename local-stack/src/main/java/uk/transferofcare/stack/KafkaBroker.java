package uk.transferofcare.stack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.common.Uuid;

/**
 * The local Apache Kafka brokers: one JVM per node running {@code kafka.Kafka} in KRaft mode as combined broker and
 * controller (node ids 1, or 1 to 3 with {@code --brokers 3}), each storage formatted once by {@code
 * kafka.tools.StorageTool} under the same cluster id and kept in the data folder.
 *
 * <p>The quorum is static ({@code controller.quorum.voters}) rather than formatted with {@code --standalone}: a
 * static single-voter quorum takes its controller address from {@code server.properties} at every start, so the same
 * data folder keeps working after a change of {@code --ports-offset}.
 */
final class KafkaBroker {

    /** Main class of the broker (Kafka's own {@code bin/kafka-server-start.sh} runs the same). */
    static final String MAIN_CLASS = "kafka.Kafka";

    /** Main class of {@code bin/kafka-storage.sh}. */
    static final String STORAGE_TOOL_CLASS = "kafka.tools.StorageTool";

    static final int NODE_ID = 1;

    /** The file beside node 1's storage that records how many nodes the data folder's cluster has. */
    static final String BROKER_COUNT_FILE = "brokers";

    /**
     * JVM flags of every process of the local stack: the C1 compiler only and the serial collector. On a 2-core laptop
     * this halves the CPU a start-up costs (measured on the broker: 9.9 s of CPU to 4.4 s) and leaves cores for the
     * other processes starting at the same time; peak throughput, which C2 would buy, does not matter locally. The
     * environment variable {@value #JVM_FLAGS_ENV} replaces them (space-separated; e.g. {@code -XX:+UseParallelGC} for
     * a benchmark with both JIT compilers).
     */
    static final List<String> DEV_JVM_FLAGS = jvmFlags(System.getenv(KafkaBroker.JVM_FLAGS_ENV));

    static final String JVM_FLAGS_ENV = "LOCAL_STACK_JVM_FLAGS";

    static List<String> jvmFlags(String override) {
        if (override == null || override.isBlank()) {
            return List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");
        }
        return List.of(override.trim().split("\\s+"));
    }

    private KafkaBroker() {}

    /** The first node's configuration, in the order it is written to {@code server.properties}. */
    static Map<String, String> serverProperties(Ports ports, Path logDirs) {
        return serverProperties(ports, NODE_ID, logDirs);
    }

    /** Node n's configuration: its own ports and log dirs, the quorum of every node, replication for their count. */
    static Map<String, String> serverProperties(Ports ports, int node, Path logDirs) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", String.valueOf(node));
        p.put("controller.quorum.voters", ports.controllerQuorumVoters());
        p.put(
                "listeners",
                "PLAINTEXT://127.0.0.1:" + ports.kafka(node) + ",CONTROLLER://127.0.0.1:"
                        + ports.kafkaController(node));
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + ports.kafka(node));
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", logDirs.toAbsolutePath().toString());
        // Topics are declared by the services' code, never created by a typo.
        p.put("auto.create.topics.enable", "false");
        // Internal topics cannot have more replicas than brokers: 1 on one broker; on three, production's shape
        // (3 replicas, 2 in sync for a write), so one broker may be down and nothing acknowledged is lost.
        String replicas = String.valueOf(ports.replicationFactor());
        String inSync = String.valueOf(ports.minInsyncReplicas());
        p.put("offsets.topic.replication.factor", replicas);
        p.put("transaction.state.log.replication.factor", replicas);
        p.put("transaction.state.log.min.isr", inSync);
        p.put("share.coordinator.state.topic.replication.factor", replicas);
        p.put("share.coordinator.state.topic.min.isr", inSync);
        p.put("default.replication.factor", replicas);
        p.put("min.insync.replicas", inSync);
        // The launcher stops every node of a cluster together. A controlled shutdown asks the active controller to move
        // this node's leaderships first, which needs the quorum: the node left last has none (the others have stopped)
        // and waited out its whole grace ("did not stop within 60 s: killed"). Nothing needs leadership moved when the
        // whole cluster goes; a single node killed by a fault never shuts down in a controlled way anyway. (One node
        // still takes about 5 s to stop: KRaft's own bounded shutdown of the quorum, not this.)
        if (ports.replicationFactor() > 1) {
            p.put("controlled.shutdown.enable", "false");
            // A node killed with SIGKILL keeps its leaderships, and stays in every ISR, until the controller fences
            // it: Kafka's default of 9 s without a heartbeat (every 2 s) held every write to its partitions that long,
            // and the launcher had it back in about 10 s, so its partitions were under-replicated for a moment that
            // sampling mostly missed. On one machine a heartbeat every second and fencing after 4 s cost nothing; a
            // node merely starved of CPU for 4 s is fenced and unfenced at its next heartbeat (leaderships move,
            // nothing acknowledged is lost: min.insync.replicas 2).
            p.put("broker.heartbeat.interval.ms", "1000");
            p.put("broker.session.timeout.ms", "4000");
            // A node that hangs without closing its sockets (SIGSTOP, a stalled disk) is fenced after the 4 s above,
            // but requests the other nodes already sent it wait this long (Kafka's default 30 s): the transaction
            // coordinator's commit and abort markers, a partition leader's check of a transaction's first write.
            // While they wait, the transactions they belong to cannot finish: the fault suite's node hung for 300 s
            // held the processors' transactions 30 s, until they were fenced.
            p.put("request.timeout.ms", "5000");
        }
        // No three-second wait before the first consumer group rebalance: services start faster.
        p.put("group.initial.rebalance.delay.ms", "0");
        // A transaction left open by a processor killed mid-commit blocks read_committed readers until it is aborted:
        // check for timed-out transactions every second, not every 10 s (the processor's transactions time out in 5 s).
        p.put("transaction.abort.timed.out.transaction.cleanup.interval.ms", "1000");
        // With transaction version 2 a transaction's first write to a partition is checked by the broker with the
        // transaction coordinator; while the previous transaction's markers are still being written the answer is
        // CONCURRENT_TRANSACTIONS and the broker retries after this backoff (Kafka's default 20 ms). The processor
        // starts a transaction every 20 ms, so the default added up to 20 ms to many verdicts and stalled its commits;
        // markers on one local broker take about a millisecond. README "Measured" has the before and after.
        p.put("add.partitions.to.txn.retry.backoff.ms", "1");
        // Kafka is the system of record: every platform topic states its own retention.ms (the services declare it, see
        // uk.transferofcare.events.Topics); this default only covers topics that set none (the notification service's
        // retry topics), which the local broker also keeps until the data folder is deleted.
        p.put("log.retention.ms", "-1");
        // A laptop, not a data centre.
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "4");
        p.put("num.recovery.threads.per.data.dir", "1");
        p.put("log.cleaner.dedupe.buffer.size", String.valueOf(16 * 1024 * 1024));
        return p;
    }

    /** Renders {@code server.properties}; values are escaped as {@link Properties#load} expects. */
    static String render(Map<String, String> properties) {
        StringBuilder out = new StringBuilder();
        out.append("# Generated by the local stack launcher at every start; edits are overwritten.\n");
        properties.forEach((key, value) ->
                out.append(key).append('=').append(value.replace("\\", "\\\\")).append('\n'));
        return out.toString();
    }

    /** Log4j2 configuration of the broker JVM: INFO to stdout (the launcher sends it to the broker's log file). */
    static String log4j2Properties() {
        return """
                # Generated by the local stack launcher.
                status = warn
                name = local-kafka
                appender.stdout.type = Console
                appender.stdout.name = STDOUT
                appender.stdout.layout.type = PatternLayout
                appender.stdout.layout.pattern = [%d] %p %m (%c)%n
                rootLogger.level = INFO
                rootLogger.appenderRef.stdout.ref = STDOUT
                logger.config.name = org.apache.kafka.common.config.AbstractConfig
                logger.config.level = WARN
                logger.controller.name = kafka.controller
                logger.controller.level = WARN
                logger.cleaner.name = kafka.log.LogCleaner
                logger.cleaner.level = WARN
                logger.state.name = state.change.logger
                logger.state.level = WARN
                """;
    }

    /** The broker's files in the data folder, written at every start. */
    record Storage(Path serverProperties, Path log4j2, Path clusterIdFile, Path logDirs) {

        static Storage in(Layout layout) {
            return in(layout, NODE_ID);
        }

        /** Node n's files; the cluster id is kept beside node 1's storage for every node. */
        static Storage in(Layout layout, int node) {
            Path dir = layout.kafkaDir(node);
            return new Storage(
                    dir.resolve("server.properties"),
                    dir.resolve("log4j2.properties"),
                    layout.kafkaDir(NODE_ID).resolve("cluster.id"),
                    layout.kafkaLogDirs(node));
        }

        /** True once {@code kafka.tools.StorageTool format} has run on the log dirs. */
        boolean formatted() {
            return Files.isRegularFile(logDirs.resolve("meta.properties"));
        }

        void write(Ports ports) throws IOException {
            write(ports, NODE_ID, Map.of());
        }

        /**
         * Writes {@code server.properties} with {@code overrides} replacing or adding keys ({@code --secure}: listeners,
         * SASL, TLS, authorizer); with overrides, which hold passwords, the file is readable by the owner only.
         */
        void write(Ports ports, Map<String, String> overrides) throws IOException {
            write(ports, NODE_ID, overrides);
        }

        /** Node n's {@code server.properties} with {@code overrides}. */
        void write(Ports ports, int node, Map<String, String> overrides) throws IOException {
            Files.createDirectories(logDirs);
            Map<String, String> properties = KafkaBroker.serverProperties(ports, node, logDirs);
            properties.putAll(overrides);
            if (overrides.isEmpty()) {
                Files.writeString(serverProperties, render(properties), StandardCharsets.UTF_8);
            } else {
                SecretFiles.writeOwnerOnly(serverProperties, render(properties));
            }
            Files.writeString(log4j2, log4j2Properties(), StandardCharsets.UTF_8);
        }

        /**
         * The cluster id: the one the storage was formatted with if there is one, else the one kept beside it, else a
         * new random one that is then kept.
         */
        String clusterId() throws IOException {
            Optional<String> formatted = formattedClusterId();
            if (formatted.isPresent()) {
                return formatted.get();
            }
            if (Files.isRegularFile(clusterIdFile)) {
                String kept = Files.readString(clusterIdFile).strip();
                if (!kept.isEmpty()) {
                    return kept;
                }
            }
            String id = Uuid.randomUuid().toString();
            Files.createDirectories(clusterIdFile.getParent());
            Files.writeString(clusterIdFile, id + "\n", StandardCharsets.UTF_8);
            return id;
        }

        private Optional<String> formattedClusterId() throws IOException {
            Path meta = logDirs.resolve("meta.properties");
            if (!Files.isRegularFile(meta)) {
                return Optional.empty();
            }
            Properties properties = new Properties();
            try (var in = Files.newBufferedReader(meta)) {
                properties.load(in);
            }
            return Optional.ofNullable(properties.getProperty("cluster.id"));
        }
    }

    /**
     * How many nodes the data folder's cluster was formatted with: what {@value #BROKER_COUNT_FILE} beside node 1's
     * storage says, 1 when the file is absent (folders formatted before {@code --brokers} existed), empty when node 1
     * was never formatted.
     */
    static Optional<Integer> formattedBrokerCount(Layout layout) throws IOException {
        if (!Storage.in(layout).formatted()) {
            return Optional.empty();
        }
        Path file = layout.kafkaDir().resolve(BROKER_COUNT_FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.of(1);
        }
        String text = Files.readString(file).strip();
        try {
            return Optional.of(Integer.parseInt(text));
        } catch (NumberFormatException e) {
            throw new IOException(file + " should hold the number of Kafka nodes, holds '" + text + "'");
        }
    }

    /** Records the node count once node 1 is formatted. */
    static void recordBrokerCount(Layout layout, int brokers) throws IOException {
        Files.createDirectories(layout.kafkaDir());
        Files.writeString(layout.kafkaDir().resolve(BROKER_COUNT_FILE), brokers + "\n", StandardCharsets.UTF_8);
    }

    /** JVM arguments shared by the broker and the storage tool. */
    static List<String> jvm(Path javaBin, Layout layout, Storage files, String heap) {
        List<String> command = new ArrayList<>();
        command.add(javaBin.toString());
        command.add("-Xmx" + heap);
        command.addAll(DEV_JVM_FLAGS);
        command.add("-XX:+ExitOnOutOfMemoryError");
        command.add("-Djava.awt.headless=true");
        command.add("-Dlog4j2.configurationFile=" + files.log4j2().toUri());
        command.add("-cp");
        command.add(layout.kafkaLibs().toAbsolutePath() + java.io.File.separator + "*");
        return command;
    }

    /** {@code java ... kafka.tools.StorageTool format -t <cluster id> -c server.properties}. */
    static List<String> formatCommand(Path javaBin, Layout layout, Storage files, String clusterId) {
        return formatCommand(javaBin, layout, files, clusterId, List.of());
    }

    /** The same with more arguments, e.g. {@code --add-scram} ones. */
    static List<String> formatCommand(
            Path javaBin, Layout layout, Storage files, String clusterId, List<String> extraArguments) {
        List<String> command = jvm(javaBin, layout, files, "256m");
        command.addAll(List.of(
                STORAGE_TOOL_CLASS,
                "format",
                "--cluster-id",
                clusterId,
                "--config",
                files.serverProperties().toString()));
        command.addAll(extraArguments);
        return command;
    }

    /** {@code java ... kafka.Kafka server.properties}. */
    static List<String> brokerCommand(Path javaBin, Layout layout, Storage files) {
        List<String> command = jvm(javaBin, layout, files, "512m");
        command.add(MAIN_CLASS);
        command.add(files.serverProperties().toString());
        return command;
    }
}
