package uk.transferofcare.benchmarks;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Future;
import org.apache.avro.util.ClassSecurityValidator;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import tools.jackson.databind.JsonNode;
import uk.transferofcare.events.CaseState;
import uk.transferofcare.events.CompletedCase;
import uk.transferofcare.events.Topics;
import uk.transferofcare.support.serde.AvroSerializer;

/**
 * Reports over a million cases through the real service (a program that prints numbers, not a test): starts the
 * broker, the registry and handover-api with the local-stack launcher, writes N {@code CompletedCase} records
 * (default 1,000,000 over three years, 17 sites) to {@code handover-completed} as the processor would, waits until
 * the API's report read model holds them all, then times {@code GET /api/v1/reports/handover-times} over HTTP.
 *
 * <pre>
 * ./mvnw -q -DskipTests install
 * java -cp benchmarks/target/benchmarks-0.1.0-SNAPSHOT.jar \
 *   -Dloader.main=uk.transferofcare.benchmarks.ReportHttpBenchmark org.springframework.boot.loader.launch.PropertiesLauncher [cases]
 * </pre>
 */
public final class ReportHttpBenchmark {

    private static final String[] SITES = {
        "QEUH", "GRI", "RAH", "RIE", "SJH", "ARI", "NW", "UHC", "UHA", "UHW", "UHM", "UHH", "FVRH", "VHK", "DGRI",
        "BGH", "RIH"
    };
    private static final String[] DIVISIONS = {"A", "C", "D", "E", "G", "J", "K", "L", "N", "P", "Q", "U", "V"};

    private ReportHttpBenchmark() {}

    public static void main(String[] args) throws Exception {
        int cases = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int repetitions = 7;
        ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(
                ClassSecurityValidator.getGlobal(), type -> type.getName().startsWith("uk.transferofcare.events.")));
        Path root = PlatformProcesses.repositoryRoot();
        Path data = Files.createTempDirectory("report-bench-");
        StringBuilder report = new StringBuilder();
        print(
                report,
                "# Report benchmark over HTTP, " + LocalDate.now(ZoneOffset.UTC) + "\n\nMachine:\n\n```\n"
                        + Machine.describe() + "```\n");
        try (PlatformProcesses platform = new PlatformProcesses(PlatformProcesses.snapshot(root, data), data)) {
            URI api = platform.startStack(300, Duration.ofSeconds(300), "api", Map.of());
            int offset = platform.offset();
            print(report, "Started broker, registry and handover-api (-Xmx384m, as ./run) at " + api + "\n");

            long produceStart = System.nanoTime();
            produce(cases, "127.0.0.1:" + (9092 + offset), "http://127.0.0.1:" + (8081 + offset));
            double produceSeconds = (System.nanoTime() - produceStart) / 1e9;
            print(
                    report,
                    String.format(
                            Locale.ROOT,
                            "Wrote %,d CompletedCase records to handover-completed in %.1f s (%,.0f/s)%n",
                            cases,
                            produceSeconds,
                            cases / produceSeconds));

            HttpClient http = HttpClient.newHttpClient();
            String token = token(http, api);
            long waitStart = System.nanoTime();
            long held = 0;
            // Health details are on the management port (API port + 10000), ADMIN only.
            String admin = PlatformProcesses.adminToken(api);
            URI management = PlatformProcesses.managementOf(api);
            while (held < cases) {
                Thread.sleep(1000);
                JsonNode health = Workload.JSON.readTree(http.send(
                                HttpRequest.newBuilder(management.resolve("/actuator/health"))
                                        .header("Authorization", "Bearer " + admin)
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body());
                JsonNode details = health.path("components").path("reports").path("details");
                held = details.path("closedCases").asLong()
                        + details.path("enteredInError").asLong();
                if ((System.nanoTime() - waitStart) / 1e9 > 900) {
                    throw new IllegalStateException("the API holds only " + held + " cases after 15 minutes");
                }
            }
            print(
                    report,
                    String.format(
                            Locale.ROOT,
                            "The API's report read model held all %,d cases %.1f s after the last write%n%n",
                            cases,
                            (System.nanoTime() - waitStart) / 1e9));

            print(
                    report,
                    "| report over HTTP | groups | bytes | min ms | median ms | max ms |\n"
                            + "|---|---:|---:|---:|---:|---:|\n");
            for (String[] q : List.of(
                    new String[] {"groupBy=site, JSON", "groupBy=site", "application/json"},
                    new String[] {"groupBy=week, JSON", "groupBy=week", "application/json"},
                    new String[] {"groupBy=day, JSON (1096 groups)", "groupBy=day", "application/json"},
                    new String[] {"groupBy=month, CSV", "groupBy=month", "text/csv"},
                    new String[] {"groupBy=week&siteCode=QEUH, JSON", "groupBy=week&siteCode=QEUH", "application/json"
                    })) {
                String path = "/api/v1/reports/handover-times?from=2024-01-01&to=2027-01-01&" + q[1];
                long[] millis = new long[repetitions];
                String body = "";
                for (int i = -3; i < repetitions; i++) {
                    long t0 = System.nanoTime();
                    HttpResponse<String> answer = http.send(
                            HttpRequest.newBuilder(api.resolve(path))
                                    .header("Authorization", "Bearer " + token)
                                    .header("Accept", q[2])
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (answer.statusCode() != 200) {
                        throw new IllegalStateException(
                                path + " answered " + answer.statusCode() + ": " + answer.body());
                    }
                    if (i >= 0) {
                        millis[i] = (System.nanoTime() - t0) / 1_000_000;
                    }
                    body = answer.body();
                }
                Arrays.sort(millis);
                long groups = q[2].equals("text/csv")
                        ? body.lines().count() - 1
                        : Workload.JSON.readTree(body).path("groups").size();
                print(
                        report,
                        String.format(
                                Locale.ROOT,
                                "| %s | %,d | %,d | %d | %d | %d |%n",
                                q[0],
                                groups,
                                body.getBytes(StandardCharsets.UTF_8).length,
                                millis[0],
                                millis[repetitions / 2],
                                millis[repetitions - 1]));
            }
            print(report, "\nLoad average after the run: " + Machine.loadAverage() + "\n");
        }
        Path results = root.resolve("benchmarks/results");
        Files.createDirectories(results);
        Path file = results.resolve(LocalDate.now(ZoneOffset.UTC) + "-reports-http.md");
        Files.writeString(file, report.toString(), StandardCharsets.UTF_8);
        System.out.println("Results written to " + file);
    }

    private static String token(HttpClient http, URI api) throws Exception {
        HttpResponse<String> answer = http.send(
                HttpRequest.newBuilder(api.resolve("/dev/tokens"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"subject\":\"bench-analyst\",\"role\":\"ANALYST\",\"org\":\"PHS\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return Workload.JSON.readTree(answer.body()).path("token").asString();
    }

    /** Closed cases over three years, roughly in arrival order, log-normal handover times (median 45 min). */
    private static void produce(int cases, String bootstrap, String registry) throws Exception {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        config.put("schema.registry.url", registry);
        AvroSerializer<CompletedCase> values = new AvroSerializer<>();
        values.configure(config, false);
        Random random = new Random(20261125);
        ZoneId london = ZoneId.of("Europe/London");
        Instant start = LocalDate.parse("2024-01-01").atStartOfDay(london).toInstant();
        long span = Duration.ofDays(365 * 3).toMillis();
        try (KafkaProducer<String, CompletedCase> producer =
                new KafkaProducer<>(config, new StringSerializer(), values)) {
            Future<RecordMetadata> last = null;
            for (int i = 0; i < cases; i++) {
                Instant arrived = start.plusMillis((long) ((i + random.nextDouble()) * span / cases));
                long handover = Math.round(2700 * Math.exp(0.9 * random.nextGaussian()));
                long ack = Math.min(handover, Math.round(-480 * Math.log(1 - random.nextDouble())));
                long toClear = Math.round(720 * Math.exp(0.6 * random.nextGaussian()));
                int officers = 1 + random.nextInt(3);
                double roll = random.nextDouble();
                CaseState outcome = roll < 0.01
                        ? CaseState.ENTERED_IN_ERROR
                        : roll < 0.04 ? CaseState.ABSCONDED : CaseState.CLEARED;
                boolean handedOver = outcome != CaseState.ABSCONDED;
                String id = new UUID(random.nextLong(), random.nextLong()).toString();
                CompletedCase record = CompletedCase.newBuilder()
                        .setCaseId(id)
                        .setVersion(6)
                        .setOutcome(outcome)
                        .setSiteCode(SITES[random.nextInt(SITES.length)])
                        .setPoliceDivision(DIVISIONS[random.nextInt(DIVISIONS.length)])
                        .setFirstEventAt(arrived.minusSeconds(1200))
                        .setArrivedAt(arrived)
                        .setAcknowledgedAt(arrived.plusSeconds(ack))
                        .setHandedOverAt(handedOver ? arrived.plusSeconds(handover) : null)
                        .setClearedAt(arrived.plusSeconds(handover + toClear))
                        .setArrivalToAcknowledgedSeconds(ack)
                        .setHandoverSeconds(handedOver ? handover : null)
                        .setHandoverToClearSeconds(handedOver ? toClear : null)
                        .setTimeAtEdSeconds(handover + toClear)
                        .setOfficerSeconds(officers * (handover + toClear))
                        .setComplete(true)
                        .setRecordedAt(arrived.plusSeconds(handover + toClear))
                        .build();
                last = producer.send(new ProducerRecord<>(Topics.COMPLETED.name(), id, record));
            }
            producer.flush();
            if (last != null) {
                last.get();
            }
        }
    }

    private static void print(StringBuilder report, String text) {
        System.out.print(text);
        System.out.flush();
        report.append(text);
    }
}
