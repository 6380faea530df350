package uk.transferofcare.notification;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.awaitility.Awaitility;
import uk.transferofcare.events.HandoverEvent;
import uk.transferofcare.testkit.EmbeddedPlatformInfrastructure;

/**
 * Runs the executable jar exactly as the local stack does ({@code SPRING_PROFILES_ACTIVE=local}, SMTP catcher,
 * webhook sink) against a broker and registry started here, and prints deliveries per second to the local sinks.
 * Not a test: it asserts nothing about speed. Arguments: events (default 500), listener concurrency (default 1), jar.
 * Run after {@code ./mvnw -pl notification-service -am install
 * -DskipTests}:
 *
 * <pre>
 * ./mvnw -q -pl notification-service exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=uk.transferofcare.notification.LocalSinkBenchmark -Dexec.args="500 1"
 * </pre>
 */
public final class LocalSinkBenchmark {

    private LocalSinkBenchmark() {}

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        String concurrency = args.length > 1 ? args[1] : "1";
        Path jar = Path.of(args.length > 2 ? args[2] : "target/notification-service-0.1.0-SNAPSHOT.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException("Build the jar first: " + jar.toAbsolutePath());
        }
        try (EmbeddedPlatformInfrastructure infrastructure = EmbeddedPlatformInfrastructure.start();
                WebhookReceiver sink = new WebhookReceiver()) {
            GreenMail smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", "smtp").dynamicPort());
            smtp.start();
            int port = freePort();
            Path log = Files.createTempFile("notification-service-benchmark", ".log");
            ProcessBuilder builder = new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "java")
                                    .toString(),
                            "-jar",
                            jar.toAbsolutePath().toString())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            Map<String, String> env = builder.environment();
            env.put("SPRING_PROFILES_ACTIVE", "local");
            env.put("SERVER_PORT", Integer.toString(port));
            env.put("KAFKA_BOOTSTRAP_SERVERS", infrastructure.bootstrapServers());
            env.put("SCHEMA_REGISTRY_URL", infrastructure.schemaRegistryUrl());
            env.put("SPRING_MAIL_HOST", "127.0.0.1");
            env.put("SPRING_MAIL_PORT", Integer.toString(smtp.getSmtp().getPort()));
            env.put("WEBHOOK_SINK_URL", sink.baseUrl());
            env.put(
                    "APP_DATA_DIR",
                    Files.createTempDirectory("notification-service").toString());
            env.put("LOGGING_LEVEL_UK_TRANSFEROFCARE", "WARN");
            env.put("NOTIFY_LISTENER_CONCURRENCY", concurrency);
            long started = System.nanoTime();
            Process service = builder.start();
            try {
                awaitReady(port, service, log);
                System.out.printf(
                        Locale.ROOT, "java -jar started and ready in %.1f s (log %s)%n", seconds(started), log);

                BenchmarkProducer producer = new BenchmarkProducer(infrastructure);
                run(producer, smtp, sink, 20, "warm-up");
                run(producer, smtp, sink, events, "measured");
            } finally {
                service.destroy();
                service.waitFor();
                smtp.stop();
            }
        }
    }

    private static void run(
            BenchmarkProducer producer, GreenMail smtp, WebhookReceiver sink, int events, String label) {
        int mailBefore = smtp.getReceivedMessages().length;
        int hooksBefore = sink.received().size();
        List<HandoverEvent> batch = new ArrayList<>();
        for (int i = 0; i < events; i++) {
            batch.add(Events.preAlerted("SITE" + (i % 20), "G"));
        }
        long start = System.nanoTime();
        producer.send(batch);
        Awaitility.await()
                .atMost(Duration.ofMinutes(10))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> smtp.getReceivedMessages().length - mailBefore >= events
                        && sink.received().size() - hooksBefore >= events);
        double s = seconds(start);
        System.out.printf(
                Locale.ROOT,
                "%s: %d events -> %d e-mails + %d webhooks in %.2f s = %.1f deliveries/s (%.1f events/s)%n",
                label,
                events,
                events,
                events,
                s,
                2 * events / s,
                events / s);
    }

    private static void awaitReady(int port, Process service, Path log) {
        HttpClient http = HttpClient.newHttpClient();
        Awaitility.await()
                .atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    if (!service.isAlive()) {
                        throw new IllegalStateException("The service exited; see " + log);
                    }
                    try {
                        return http.send(
                                                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                                                                + "/actuator/health/readiness"))
                                                        .build(),
                                                HttpResponse.BodyHandlers.discarding())
                                        .statusCode()
                                == 200;
                    } catch (java.io.IOException e) {
                        return false;
                    }
                });
    }

    private static int freePort() throws java.io.IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    /** Sends with one producer on the benchmark's own infrastructure. */
    private static final class BenchmarkProducer {
        private final EmbeddedPlatformInfrastructure infrastructure;

        BenchmarkProducer(EmbeddedPlatformInfrastructure infrastructure) {
            this.infrastructure = infrastructure;
        }

        void send(List<HandoverEvent> events) {
            Producer.sendAll(
                    infrastructure.bootstrapServers(),
                    infrastructure.schemaRegistryUrl(),
                    "handover-events",
                    events.stream().map(e -> Map.entry(e.getCaseId(), e)).toList());
        }
    }
}
