package uk.transferofcare.processor.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import uk.transferofcare.events.CaseSnapshot;
import uk.transferofcare.events.HandoverEvent;
import uk.transferofcare.events.HandoverSubmission;
import uk.transferofcare.events.SubmissionOutcome;
import uk.transferofcare.testkit.KafkaTestClients;
import uk.transferofcare.testkit.PlatformInfrastructure;
import uk.transferofcare.testkit.PlatformIntegrationTest;
import uk.transferofcare.testkit.TestTokens;

/**
 * The crash test of issue 3: the processor's executable jar runs as a child JVM, is killed with SIGKILL
 * ({@link Process#destroyForcibly()}) while it is processing, and is started again on the same state directory. Every
 * case must end with the same timeline as an uninterrupted run of the same input: per case, the applied events read
 * with {@code read_committed} have sequences 1..n exactly once, every submission record has exactly one outcome, and
 * every garbage record is dead-lettered exactly once.
 */
@PlatformIntegrationTest
class CrashRestartIT {

    private static final Logger log = LoggerFactory.getLogger(CrashRestartIT.class);
    private static final int GARBAGE = 3;

    @TempDir
    Path dataDir;

    @Test
    void givenAProcessorKilledMidStream_whenItIsStartedAgain_thenEveryCaseEndsAsInAnUninterruptedRun(
            PlatformInfrastructure infrastructure, KafkaTestClients clients) throws Exception {
        TopicNames topics = RealBroker.freshTopics(clients, "crash", 3);
        String prefix = RealBroker.prefixOf(topics);
        List<HandoverSubmission> input =
                CaseHistories.generate(7, 150, Instant.now().minus(Duration.ofDays(5)));
        RunResult reference = ReferenceRun.of(input, GARBAGE, Instant.now());
        int expectedOutcomes = reference.outcomeCount();
        Path log1 = Path.of("target", "crash-test-first-run.log");
        Path log2 = Path.of("target", "crash-test-second-run.log");

        try (TopicReader<HandoverEvent> events = TopicReader.avro(
                        infrastructure.bootstrapServers(), infrastructure.schemaRegistryUrl(), topics.events(), true);
                TopicReader<SubmissionOutcome> outcomes = TopicReader.avro(
                        infrastructure.bootstrapServers(),
                        infrastructure.schemaRegistryUrl(),
                        topics.outcomes(),
                        true);
                TopicReader<SubmissionOutcome> uncommittedOutcomes = TopicReader.avro(
                        infrastructure.bootstrapServers(),
                        infrastructure.schemaRegistryUrl(),
                        topics.outcomes(),
                        false);
                TopicReader<CaseSnapshot> snapshots = TopicReader.avro(
                        infrastructure.bootstrapServers(), infrastructure.schemaRegistryUrl(), topics.state(), true);
                TopicReader<byte[]> deadLetters =
                        TopicReader.bytes(infrastructure.bootstrapServers(), topics.submissionsDeadLetter())) {
            int head = input.size() / 20;
            RealBroker.send(infrastructure, topics.submissions(), input.subList(0, head), 0);
            Process first = start(infrastructure, prefix, log1);
            CompletableFuture<Void> producing;
            int atKill;
            try {
                awaitOutcomes(outcomes, 1, first, log1, Duration.ofSeconds(120));
                // The rest arrives over about ten seconds while the processor works through it.
                producing = paced(infrastructure, topics, input.subList(head, input.size()));
                awaitOutcomes(outcomes, expectedOutcomes * 35 / 100, first, log1, Duration.ofSeconds(60));
                // Kill while a transaction is open: outcomes written past the last stable offset.
                Awaitility.await("an open transaction")
                        .atMost(Duration.ofSeconds(20))
                        .pollInterval(Duration.ofMillis(5))
                        .until(() -> !outcomes.endOffsets().equals(uncommittedOutcomes.endOffsets()));
                first.destroyForcibly();
                assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
                atKill = outcomes.size();
            } finally {
                first.destroyForcibly();
            }
            log.info("Killed the processor with {} of {} outcomes committed", atKill, expectedOutcomes);
            assertThat(atKill).as("killed mid-stream").isLessThan(expectedOutcomes);

            Process second = start(infrastructure, prefix, log2);
            try {
                producing.get(60, TimeUnit.SECONDS);
                awaitOutcomes(outcomes, expectedOutcomes, second, log2, Duration.ofSeconds(150));
                assertThat(readiness(second))
                        .as("the restarted jar reports ready: Kafka, the registry and Kafka Streams")
                        .contains("\"status\":\"UP\"")
                        .contains("\"kafkaStreams\"");
                Awaitility.await("dead letters")
                        .atMost(Duration.ofSeconds(30))
                        .until(() -> deadLetters.size() >= GARBAGE);
            } finally {
                second.destroy();
                if (!second.waitFor(20, TimeUnit.SECONDS)) {
                    second.destroyForcibly();
                }
            }

            RunResult real = RunResult.of(
                    events.values(),
                    outcomes.values(),
                    snapshots.values(),
                    deadLetters.readToEnd().size());
            log.info(
                    "After the restart: {} committed outcomes ({} written, the rest in aborted transactions), {} events,"
                            + " {} dead letters",
                    real.outcomeCount(),
                    uncommittedOutcomes.readToEnd().size(),
                    real.eventCount(),
                    real.deadLetters());
            assertThat(uncommittedOutcomes.readToEnd())
                    .as("outcomes of the transaction the kill aborted are on the topic but never committed")
                    .hasSizeGreaterThan(expectedOutcomes);
            assertThat(real.sequencesAreGapless())
                    .as("per case, sequences 1..n exactly once")
                    .isTrue();
            assertThat(real.casesDifferingFrom(reference))
                    .as(real.differencesFrom(reference, 3))
                    .isEmpty();
            assertThat(real).isEqualTo(reference);
        }
    }

    private Process start(PlatformInfrastructure infrastructure, String prefix, Path logFile) throws IOException {
        Path jar = Path.of(System.getProperty("processor.jar", "target/handover-processor-0.1.0-SNAPSHOT.jar"));
        assertThat(jar).as("the executable jar of the package phase").isRegularFile();
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(
                java,
                "-Xmx384m",
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-jar",
                jar.toString(),
                // The killed instance never leaves its group: a short session lets the next one take over soon.
                "--spring.kafka.streams.properties[session.timeout.ms]=6000",
                "--spring.kafka.streams.properties[heartbeat.interval.ms]=1000");
        Map<String, String> env = builder.environment();
        env.put("KAFKA_BOOTSTRAP_SERVERS", infrastructure.bootstrapServers());
        env.put("SCHEMA_REGISTRY_URL", infrastructure.schemaRegistryUrl());
        env.put("APP_DATA_DIR", dataDir.toString());
        env.put("SERVER_PORT", "0");
        // Readiness details are on the management port, ADMIN only: a free port, and tokens of the test kit's key.
        String managementPort = Integer.toString(freePort());
        env.put("MANAGEMENT_SERVER_PORT", managementPort);
        env.putAll(TestTokens.environment());
        env.put("HANDOVER_TOPIC_PREFIX", prefix);
        // Topics of its own under a prefix, whose subjects the release step does not cover: registered on first use.
        env.put("SCHEMA_AUTO_REGISTER", "true");
        env.put("HANDOVER_APPLICATION_ID", prefix + "handover-processor");
        env.put("PLATFORM_KAFKA_TOPICS_DECLARE", "false");
        env.put("HANDOVER_PUNCTUATION_INTERVAL", "1s");
        // Transactions stay open up to a second, so the kill lands inside one.
        env.put("STREAMS_COMMIT_INTERVAL_MS", "1000");
        Files.deleteIfExists(logFile);
        builder.redirectErrorStream(true);
        builder.redirectOutput(logFile.toFile());
        Process process = builder.start();
        MANAGEMENT_PORTS.put(process.pid(), managementPort);
        return process;
    }

    private static void awaitOutcomes(
            TopicReader<SubmissionOutcome> outcomes, int count, Process process, Path logFile, Duration timeout) {
        Awaitility.await(count + " committed outcomes")
                .atMost(timeout)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException(
                                "the processor exited with " + process.exitValue() + ":\n" + tail(logFile));
                    }
                    return outcomes.size() >= count;
                });
    }

    /** Sends the rest in 40 batches, one every 150 ms, as submissions would arrive; then the garbage records. */
    private static CompletableFuture<Void> paced(
            PlatformInfrastructure infrastructure, TopicNames topics, List<HandoverSubmission> rest) {
        int batch = Math.max(1, rest.size() / 40);
        AtomicInteger next = new AtomicInteger();
        CompletableFuture<Void> done = new CompletableFuture<>();
        ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
        pacer.scheduleAtFixedRate(
                () -> {
                    try {
                        int from = next.getAndAdd(batch);
                        if (from < rest.size()) {
                            RealBroker.send(
                                    infrastructure,
                                    topics.submissions(),
                                    rest.subList(from, Math.min(rest.size(), from + batch)),
                                    0);
                        } else {
                            RealBroker.send(infrastructure, topics.submissions(), List.of(), GARBAGE);
                            done.complete(null);
                            pacer.shutdown();
                        }
                    } catch (RuntimeException e) {
                        done.completeExceptionally(e);
                        pacer.shutdown();
                    }
                },
                0,
                150,
                TimeUnit.MILLISECONDS);
        return done;
    }

    /** The readiness document of the child JVM, with details: from its management port, with an ADMIN token. */
    private static String readiness(Process process) throws Exception {
        int port = Integer.parseInt(MANAGEMENT_PORTS.get(process.pid()));
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness"))
                .header("Authorization", TestTokens.adminBearer())
                .timeout(Duration.ofSeconds(10))
                .build();
        Awaitility.await("readiness UP")
                .atMost(Duration.ofSeconds(30))
                .ignoreExceptions()
                .until(() -> http.send(request, HttpResponse.BodyHandlers.discarding())
                                .statusCode()
                        == 200);
        return http.send(request, HttpResponse.BodyHandlers.ofString()).body();
    }

    private static final java.util.Map<Long, String> MANAGEMENT_PORTS = new java.util.concurrent.ConcurrentHashMap<>();

    private static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String tail(Path logFile) {
        try {
            List<String> lines = Files.readAllLines(logFile);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
