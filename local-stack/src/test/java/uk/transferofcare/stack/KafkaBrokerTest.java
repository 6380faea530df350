package uk.transferofcare.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaBrokerTest {

    @TempDir
    Path dataDir;

    @Test
    void serverPropertiesDescribeOneCombinedNodeOnTheLoopbackInterface() {
        Map<String, String> properties = KafkaBroker.serverProperties(new Ports(0), Path.of("/data/kafka/data"));

        assertThat(properties)
                .containsExactly(
                        entry("process.roles", "broker,controller"),
                        entry("node.id", "1"),
                        entry("controller.quorum.voters", "1@127.0.0.1:9093"),
                        entry("listeners", "PLAINTEXT://127.0.0.1:9092,CONTROLLER://127.0.0.1:9093"),
                        entry("advertised.listeners", "PLAINTEXT://127.0.0.1:9092"),
                        entry("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT"),
                        entry("controller.listener.names", "CONTROLLER"),
                        entry("inter.broker.listener.name", "PLAINTEXT"),
                        entry("log.dirs", "/data/kafka/data"),
                        entry("auto.create.topics.enable", "false"),
                        entry("offsets.topic.replication.factor", "1"),
                        entry("transaction.state.log.replication.factor", "1"),
                        entry("transaction.state.log.min.isr", "1"),
                        entry("share.coordinator.state.topic.replication.factor", "1"),
                        entry("share.coordinator.state.topic.min.isr", "1"),
                        entry("default.replication.factor", "1"),
                        entry("min.insync.replicas", "1"),
                        entry("group.initial.rebalance.delay.ms", "0"),
                        entry("transaction.abort.timed.out.transaction.cleanup.interval.ms", "1000"),
                        entry("add.partitions.to.txn.retry.backoff.ms", "1"),
                        entry("log.retention.ms", "-1"),
                        entry("num.network.threads", "2"),
                        entry("num.io.threads", "4"),
                        entry("num.recovery.threads.per.data.dir", "1"),
                        entry("log.cleaner.dedupe.buffer.size", "16777216"));
    }

    @Test
    void givenThreeBrokers_whenNodeTwoIsConfigured_thenItHasItsOwnPortsTheWholeQuorumAndProductionsReplication() {
        Ports ports = new Ports(100, 3);

        Map<String, String> properties = KafkaBroker.serverProperties(ports, 2, Path.of("/d/kafka-2/data"));

        assertThat(properties)
                .contains(
                        entry("node.id", "2"),
                        entry("controller.quorum.voters", "1@127.0.0.1:9193,2@127.0.0.1:9195,3@127.0.0.1:9197"),
                        entry("listeners", "PLAINTEXT://127.0.0.1:9194,CONTROLLER://127.0.0.1:9195"),
                        entry("advertised.listeners", "PLAINTEXT://127.0.0.1:9194"),
                        entry("log.dirs", "/d/kafka-2/data"),
                        entry("offsets.topic.replication.factor", "3"),
                        entry("transaction.state.log.replication.factor", "3"),
                        entry("transaction.state.log.min.isr", "2"),
                        entry("share.coordinator.state.topic.replication.factor", "3"),
                        entry("share.coordinator.state.topic.min.isr", "2"),
                        entry("default.replication.factor", "3"),
                        entry("min.insync.replicas", "2"),
                        // stopped together, the last node would wait for a quorum that is gone
                        entry("controlled.shutdown.enable", "false"),
                        // a node killed is fenced, and its leaderships move, after 4 s, not Kafka's 9 s
                        entry("broker.heartbeat.interval.ms", "1000"),
                        entry("broker.session.timeout.ms", "4000"),
                        // requests to a node that hangs (transaction markers) are given up after 5 s, not Kafka's 30 s
                        entry("request.timeout.ms", "5000"));
        assertThat(ports.kafkaBootstrap()).isEqualTo("127.0.0.1:9192,127.0.0.1:9194,127.0.0.1:9196");
        assertThat(ports.needed(java.util.Set.of()).stream().map(Ports.Use::port))
                .contains(9192, 9193, 9194, 9195, 9196, 9197);
    }

    @Test
    void givenThreeBrokers_whenTheirStorageIsLaidOut_thenEachNodeHasItsFolderAndTheyShareOneClusterId()
            throws Exception {
        Layout layout = new Layout(Path.of("/repo"), dataDir);

        KafkaBroker.Storage one = KafkaBroker.Storage.in(layout, 1);
        KafkaBroker.Storage three = KafkaBroker.Storage.in(layout, 3);

        assertThat(one.logDirs()).isEqualTo(dataDir.resolve("kafka/data"));
        assertThat(three.logDirs()).isEqualTo(dataDir.resolve("kafka-3/data"));
        assertThat(three.serverProperties()).isEqualTo(dataDir.resolve("kafka-3/server.properties"));
        assertThat(three.clusterId()).isEqualTo(one.clusterId());
    }

    @Test
    void givenAFolderFormattedWithOneBrokerAndNoCountFile_whenAsked_thenItHoldsOneAndARecordedCountWins()
            throws Exception {
        Layout layout = new Layout(Path.of("/repo"), dataDir);
        assertThat(KafkaBroker.formattedBrokerCount(layout)).isEmpty();

        Files.createDirectories(layout.kafkaLogDirs());
        Files.writeString(layout.kafkaLogDirs().resolve("meta.properties"), "cluster.id=abc\nnode.id=1\n");
        assertThat(KafkaBroker.formattedBrokerCount(layout)).contains(1);

        KafkaBroker.recordBrokerCount(layout, 3);
        assertThat(KafkaBroker.formattedBrokerCount(layout)).contains(3);
    }

    @Test
    void thePortsOffsetMovesBothListeners() {
        Map<String, String> properties = KafkaBroker.serverProperties(new Ports(100), Path.of("/d"));

        assertThat(properties)
                .contains(
                        entry("controller.quorum.voters", "1@127.0.0.1:9193"),
                        entry("listeners", "PLAINTEXT://127.0.0.1:9192,CONTROLLER://127.0.0.1:9193"),
                        entry("advertised.listeners", "PLAINTEXT://127.0.0.1:9192"));
    }

    @Test
    void theRenderedFileReadsBackAsTheSameProperties() throws Exception {
        Map<String, String> expected = KafkaBroker.serverProperties(new Ports(7), Path.of("C:\\kafka\\data"));

        Properties read = new Properties();
        read.load(new StringReader(KafkaBroker.render(expected)));

        assertThat(read).containsExactlyInAnyOrderEntriesOf(expected);
    }

    @Test
    void storageFilesAreWrittenIntoTheDataFolder() throws Exception {
        Layout layout = new Layout(Path.of("/repo"), dataDir);
        KafkaBroker.Storage storage = KafkaBroker.Storage.in(layout);

        storage.write(new Ports(0));

        assertThat(storage.serverProperties()).isEqualTo(dataDir.resolve("kafka/server.properties"));
        assertThat(Files.readString(storage.serverProperties()))
                .startsWith("# Generated by the local stack launcher")
                .contains("log.dirs=" + dataDir.resolve("kafka/data"));
        assertThat(Files.readString(storage.log4j2())).contains("rootLogger.level = INFO");
        assertThat(storage.logDirs()).isDirectory();
        assertThat(storage.formatted()).isFalse();
    }

    @Test
    void theClusterIdIsMadeOnceAndKept() throws Exception {
        KafkaBroker.Storage storage = KafkaBroker.Storage.in(new Layout(Path.of("/repo"), dataDir));
        storage.write(new Ports(0));

        String first = storage.clusterId();

        assertThat(first).hasSize(22);
        assertThat(storage.clusterId()).isEqualTo(first);
        assertThat(Files.readString(dataDir.resolve("kafka/cluster.id"))).isEqualTo(first + "\n");
    }

    @Test
    void aFormattedStorageKeepsItsOwnClusterId() throws Exception {
        KafkaBroker.Storage storage = KafkaBroker.Storage.in(new Layout(Path.of("/repo"), dataDir));
        storage.write(new Ports(0));
        Files.writeString(
                storage.logDirs().resolve("meta.properties"),
                "node.id=1\nversion=1\ncluster.id=abcdefghijklmnopqrstuv\n");

        assertThat(storage.formatted()).isTrue();
        assertThat(storage.clusterId()).isEqualTo("abcdefghijklmnopqrstuv");
    }

    @Test
    void commandsRunKafkasOwnMainClassesFromTheCopiedJars() {
        Layout layout = new Layout(Path.of("/repo"), dataDir);
        KafkaBroker.Storage storage = KafkaBroker.Storage.in(layout);
        Path java = Path.of("/jdk/bin/java");
        String classpath = "/repo/local-stack/target/kafka-libs/*";
        String log4j = "-Dlog4j2.configurationFile=" + storage.log4j2().toUri();

        assertThat(KafkaBroker.formatCommand(java, layout, storage, "abcdefghijklmnopqrstuv"))
                .isEqualTo(List.of(
                        "/jdk/bin/java",
                        "-Xmx256m",
                        "-XX:TieredStopAtLevel=1",
                        "-XX:+UseSerialGC",
                        "-XX:+ExitOnOutOfMemoryError",
                        "-Djava.awt.headless=true",
                        log4j,
                        "-cp",
                        classpath,
                        "kafka.tools.StorageTool",
                        "format",
                        "--cluster-id",
                        "abcdefghijklmnopqrstuv",
                        "--config",
                        storage.serverProperties().toString()));
        assertThat(KafkaBroker.brokerCommand(java, layout, storage))
                .isEqualTo(List.of(
                        "/jdk/bin/java",
                        "-Xmx512m",
                        "-XX:TieredStopAtLevel=1",
                        "-XX:+UseSerialGC",
                        "-XX:+ExitOnOutOfMemoryError",
                        "-Djava.awt.headless=true",
                        log4j,
                        "-cp",
                        classpath,
                        "kafka.Kafka",
                        storage.serverProperties().toString()));
    }

    @Test
    void theMainClassNamesExistInKafkasJars() throws Exception {
        ClassLoader loader = getClass().getClassLoader();

        assertThat(Class.forName(KafkaBroker.MAIN_CLASS, false, loader).getMethod("main", String[].class))
                .isNotNull();
        assertThat(Class.forName(KafkaBroker.STORAGE_TOOL_CLASS, false, loader).getMethod("main", String[].class))
                .isNotNull();
    }

    @Test
    void givenNoOverride_whenJvmFlagsAreChosen_thenC1OnlyAndTheSerialCollector() {
        assertThat(KafkaBroker.jvmFlags(null)).containsExactly("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");
        assertThat(KafkaBroker.jvmFlags("  ")).containsExactly("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");
    }

    @Test
    void givenAnOverride_whenJvmFlagsAreChosen_thenExactlyItsFlagsSplitOnWhitespace() {
        assertThat(KafkaBroker.jvmFlags(" -XX:+UseParallelGC   -XX:ActiveProcessorCount=2 "))
                .containsExactly("-XX:+UseParallelGC", "-XX:ActiveProcessorCount=2");
    }
}
