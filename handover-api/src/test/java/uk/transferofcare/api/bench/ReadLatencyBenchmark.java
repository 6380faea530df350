package uk.transferofcare.api.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import uk.transferofcare.api.HandoverApiApplication;
import uk.transferofcare.api.devtoken.DevTokenIssuer;
import uk.transferofcare.api.projection.ProjectionLag;
import uk.transferofcare.api.support.TestData;
import uk.transferofcare.api.support.TestProducer;
import uk.transferofcare.events.CaseSnapshot;
import uk.transferofcare.events.Topics;
import uk.transferofcare.testkit.EmbeddedPlatformInfrastructure;
import uk.transferofcare.testkit.PostgresInfrastructure;

/**
 * Read-side latency: from "the processor produces a snapshot to handover-state" to "GET /api/v1/handovers/{caseId}
 * shows that version", on the embedded KRaft broker and PostgreSQL (the projection), through the real HTTP server. Not a test: it prints numbers.
 *
 * <pre>
 * ./mvnw -q -pl handover-api test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=uk.transferofcare.api.bench.ReadLatencyBenchmark [-Dexec.args="500"]
 * </pre>
 */
public final class ReadLatencyBenchmark {

    private ReadLatencyBenchmark() {}

    public static void main(String[] args) throws Exception {
        int samples = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        int warmup = Math.max(20, samples / 10);
        try (EmbeddedPlatformInfrastructure infrastructure = EmbeddedPlatformInfrastructure.start()) {
            System.setProperty("spring.kafka.bootstrap-servers", infrastructure.bootstrapServers());
            System.setProperty("spring.kafka.properties.schema.registry.url", infrastructure.schemaRegistryUrl());
            PostgresInfrastructure.shared().createDatabase().springProperties().forEach(System::setProperty);
            ConfigurableApplicationContext app = new SpringApplicationBuilder(HandoverApiApplication.class)
                    .profiles("local")
                    .properties(
                            "server.port=0",
                            "logging.level.root=WARN",
                            "logging.level.uk.transferofcare=WARN",
                            "handover.stream.heartbeat=15s")
                    .run();
            try {
                run(app, infrastructure, samples, warmup);
            } finally {
                app.close();
            }
        }
    }

    private static void run(
            ConfigurableApplicationContext app, EmbeddedPlatformInfrastructure infrastructure, int samples, int warmup)
            throws Exception {
        ProjectionLag status = app.getBean(ProjectionLag.class);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!status.ready()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("projection not caught up after 120 s");
            }
            Thread.sleep(50);
        }
        int port = ((WebServerApplicationContext) app).getWebServer().getPort();
        String token = app.getBean(DevTokenIssuer.class).mint("bench-admin", "ADMIN", "ADMIN");
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        var producer = TestProducer.create(infrastructure);
        List<Long> visible = new ArrayList<>();
        List<Long> acked = new ArrayList<>();
        for (int i = 0; i < warmup + samples; i++) {
            String caseId = UUID.randomUUID().toString();
            CaseSnapshot snapshot = TestData.arrived(caseId, "QEUH", "G", Instant.now(), 1);
            HttpRequest get = HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/api/v1/handovers/" + caseId))
                    .header("Authorization", "Bearer " + token)
                    .header("Accept", "application/json")
                    .build();
            long start = System.nanoTime();
            producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(Topics.STATE.name(), caseId, snapshot))
                    .get(10, TimeUnit.SECONDS);
            long ack = System.nanoTime();
            while (true) {
                HttpResponse<String> response = http.send(get, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    break;
                }
                if (System.nanoTime() - start > TimeUnit.SECONDS.toNanos(10)) {
                    throw new IllegalStateException("case " + caseId + " not visible after 10 s");
                }
                Thread.sleep(0, 200_000);
            }
            long end = System.nanoTime();
            if (i >= warmup) {
                visible.add(end - start);
                acked.add(ack - start);
            }
        }
        producer.close();
        System.out.printf(
                Locale.ROOT,
                "%nRead-side latency, %d samples after %d warm-up (%d cores, %s):%n",
                samples,
                warmup,
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"));
        print("produce to handover-state acknowledged (acks=all)", acked);
        print("produced -> visible in GET /api/v1/handovers/{id}", visible);
    }

    private static void print(String label, List<Long> nanos) {
        List<Long> sorted = nanos.stream().sorted().toList();
        System.out.printf(
                Locale.ROOT,
                "  %-52s p50 %6.1f ms  p95 %6.1f ms  p99 %6.1f ms  max %6.1f ms%n",
                label,
                ms(percentile(sorted, 50)),
                ms(percentile(sorted, 95)),
                ms(percentile(sorted, 99)),
                ms(sorted.get(sorted.size() - 1)));
    }

    /** Nearest rank: the smallest value with at least p% of values at or below it. */
    private static long percentile(List<Long> sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }

    private static double ms(long nanos) {
        return nanos / 1_000_000.0;
    }
}
