package uk.transferofcare.benchmarks;

import java.io.IOException;
import java.io.InputStream;
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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.util.ClassSecurityValidator;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import tools.jackson.databind.JsonNode;
import uk.transferofcare.events.Actor;
import uk.transferofcare.events.ActorRole;
import uk.transferofcare.events.CaseSnapshot;
import uk.transferofcare.events.CaseState;
import uk.transferofcare.events.CompletedCase;
import uk.transferofcare.events.DataQuality;
import uk.transferofcare.events.Intervals;
import uk.transferofcare.events.LegalBasis;
import uk.transferofcare.events.PointRecord;
import uk.transferofcare.events.TimePoint;
import uk.transferofcare.events.TimePoints;
import uk.transferofcare.events.Topics;
import uk.transferofcare.support.serde.AvroSerializer;

/**
 * The PostgreSQL read store with a million cases (a program that prints numbers, not a test). Starts the broker,
 * PostgreSQL, the registry and handover-api with the local-stack launcher, then:
 *
 * <ol>
 *   <li>writes N closed cases (default 1,000,000 over three years, 17 sites) as the processor would: the final
 *       {@code CaseSnapshot} (five time points with their records) to {@code handover-state} and the {@code
 *       CompletedCase} to {@code handover-completed}, plus 2,000 open cases for the boards; times how long the stack's
 *       API takes to project them (the same work as {@code rebuild-projection} followed by a start);
 *   <li>starts a second API instance (the launcher's JVM flags, {@code -Xmx384m}) on the same store and times it from
 *       process start to readiness UP (projection caught up);
 *   <li>times a baseline in the same minute: one {@code percentile_disc} by site straight on PostgreSQL over JDBC
 *       (every report's ratio to it is printed: the load of a shared machine moves both alike);
 *   <li>on that instance, for each {@code groupBy} as JSON and as CSV: writes one more closed case, then times the
 *       first report after the write (uncached: the read waits until the projection holds the write) and four more;
 *   <li>opens 100 board streams on it (17 sites, 10 users), forces a full GC ({@code jcmd GC.run}) and prints the
 *       heap in use ({@code jcmd GC.heap_info}).
 * </ol>
 *
 * <pre>
 * ./mvnw -q -DskipTests install
 * java -cp benchmarks/target/benchmarks-0.1.0-SNAPSHOT.jar \
 *   -Dloader.main=uk.transferofcare.benchmarks.ReadStoreBenchmark org.springframework.boot.loader.launch.PropertiesLauncher [cases]
 * </pre>
 */
public final class ReadStoreBenchmark {

    private static final String[] SITES = {
        "QEUH", "GRI", "RAH", "RIE", "SJH", "ARI", "NW", "UHC", "UHA", "UHW", "UHM", "UHH", "FVRH", "VHK", "DGRI",
        "BGH", "RIH"
    };
    private static final String[] DIVISIONS = {"A", "C", "D", "E", "G", "J", "K", "L", "N", "P", "Q", "U", "V"};
    private static final int OPEN_CASES = 2_000;
    private static final int STREAMS = 100;
    private static final String PERIOD = "from=2024-01-01&to=2027-01-01";
    private static final ZoneId LONDON = ZoneId.of("Europe/London");

    private ReadStoreBenchmark() {}

    public static void main(String[] args) throws Exception {
        int cases = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(
                ClassSecurityValidator.getGlobal(), type -> type.getName().startsWith("uk.transferofcare.events.")));
        Path root = PlatformProcesses.repositoryRoot();
        Path data = Files.createTempDirectory("read-store-bench-");
        StringBuilder report = new StringBuilder();
        print(
                report,
                "# Read store benchmark (PostgreSQL projection), " + LocalDate.now(ZoneOffset.UTC)
                        + "\n\nMachine:\n\n```\n" + Machine.describe() + "```\n");
        try (PlatformProcesses platform = new PlatformProcesses(PlatformProcesses.snapshot(root, data), data)) {
            URI stackApi = platform.startStack(300, Duration.ofSeconds(300), "api", Map.of());
            int offset = platform.offset();
            print(report, "Started broker, PostgreSQL, registry and handover-api (as ./run) at " + stackApi + "\n\n");
            HttpClient http = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(5))
                    .build();
            String analyst = token(http, stackApi, "bench-analyst", "ANALYST", "PHS");

            // 1. A million closed cases through the topics into the store.
            long produceStart = System.nanoTime();
            Writer writer = new Writer("127.0.0.1:" + (9092 + offset), "http://127.0.0.1:" + (8081 + offset));
            writer.history(cases);
            double produceSeconds = seconds(produceStart);
            print(
                    report,
                    String.format(
                            Locale.ROOT,
                            "Wrote %,d closed cases (%,d records: final snapshot + completed case) and %,d open cases"
                                    + " in %.1f s%n",
                            cases,
                            2L * cases,
                            OPEN_CASES,
                            produceSeconds));
            long waitStart = System.nanoTime();
            long held = 0;
            // Every closed case in the reports and the projection caught up on every topic (readiness UP twice).
            int readyInARow = 0;
            while (held < cases || readyInARow < 2) {
                Thread.sleep(2000);
                held = totalCases(http, stackApi, analyst);
                readyInARow = PlatformProcesses.readiness(stackApi) == 200 ? readyInARow + 1 : 0;
                if (seconds(waitStart) > 1800) {
                    throw new IllegalStateException("the store holds only " + held + " closed cases after 30 minutes");
                }
            }
            double projectSeconds = seconds(produceStart);
            print(
                    report,
                    String.format(
                            Locale.ROOT,
                            "The stack's API had projected all %,d closed cases (and was ready) %.1f s after the first write, %.1f s"
                                    + " after the last (%,.0f records/s from the first write)%n%n",
                            cases,
                            projectSeconds,
                            seconds(waitStart),
                            2.0 * cases / projectSeconds));

            // 2. A second instance on the same store: process start to readiness UP.
            long startedAt = System.nanoTime();
            PlatformProcesses.Extra second =
                    platform.startExtra("handover-api", "api-2", Map.of(), Duration.ofSeconds(300));
            double readySeconds = seconds(startedAt);
            print(
                    report,
                    String.format(
                            Locale.ROOT,
                            "A second handover-api on the same store (-Xmx384m, C1, serial GC as ./run): ready (projection"
                                    + " caught up) %.1f s after its process started (%s)%n%n",
                            readySeconds,
                            startedLine(data.resolve("logs").resolve("api-2.log"))));
            URI api = second.base();
            String analystThere = token(http, api, "bench-analyst", "ANALYST", "PHS");

            // 3. The baseline: one percentile by site straight on PostgreSQL, the floor under every report below.
            long baseline = baselineMillis(data, offset);
            print(
                    report,
                    String.format(
                            Locale.ROOT,
                            "Baseline, same store, same minute: one percentile_disc of handover_seconds by site over"
                                    + " projection.report_cases, straight over JDBC: median of 5 %d ms%n%n",
                            baseline));

            // 4. Every report, JSON and CSV, first query after a write.
            print(
                    report,
                    "| report over HTTP (on the second instance) | groups | bytes | first after a write, ms | then min"
                            + " ms | median ms | max ms | median / baseline |\n|---|---:|---:|---:|---:|---:|---:|---:|\n");
            List<String[]> queries = new ArrayList<>();
            // Every groupBy the API takes, and the dashboard's weekday × hour heat map.
            for (String groupBy : List.of(
                    "site",
                    "division",
                    "board",
                    "siteType",
                    "legalBasis",
                    "day",
                    "week",
                    "month",
                    "hour",
                    "weekday",
                    "weekday,hour")) {
                queries.add(new String[] {"groupBy=" + groupBy + ", JSON", "groupBy=" + groupBy, "application/json"});
                queries.add(new String[] {"groupBy=" + groupBy + ", CSV", "groupBy=" + groupBy, "text/csv"});
            }
            queries.add(
                    new String[] {"groupBy=week&siteCode=QEUH, JSON", "groupBy=week&siteCode=QEUH", "application/json"
                    });
            queries.add(new String[] {"distribution, JSON", null, "application/json"});
            long extra = 0;
            for (String[] q : queries) {
                String path = q[1] == null
                        ? "/api/v1/reports/handover-time-distribution?" + PERIOD
                        : "/api/v1/reports/handover-times?" + PERIOD + "&" + q[1];
                writer.oneMore(cases + extra++);
                long[] millis = new long[5];
                String body = "";
                for (int i = 0; i < millis.length; i++) {
                    long t0 = System.nanoTime();
                    HttpResponse<String> answer = get(http, api.resolve(path), analystThere, q[2]);
                    millis[i] = (System.nanoTime() - t0) / 1_000_000;
                    body = answer.body();
                }
                long first = millis[0];
                long[] then = Arrays.copyOfRange(millis, 1, millis.length);
                Arrays.sort(then);
                long groups = q[2].equals("text/csv")
                        ? body.lines().count() - 1
                        : Workload.JSON
                                .readTree(body)
                                .path(q[1] == null ? "bins" : "groups")
                                .size();
                print(
                        report,
                        String.format(
                                Locale.ROOT,
                                "| %s | %,d | %,d | %d | %d | %d | %d | %.1f |%n",
                                q[0],
                                groups,
                                body.getBytes(StandardCharsets.UTF_8).length,
                                first,
                                then[0],
                                then[then.length / 2],
                                then[then.length - 1],
                                then[then.length / 2] / (double) Math.max(1, baseline)));
            }

            // 5. 100 board streams open, then the heap after a full GC.
            List<InputStream> streams = new ArrayList<>();
            for (int i = 0; i < STREAMS; i++) {
                String site = SITES[i % SITES.length];
                String nurse = token(http, api, "bench-nurse-" + (i % 10) + "-" + site, "ED_STAFF", site);
                HttpResponse<InputStream> stream = http.send(
                        HttpRequest.newBuilder(api.resolve("/api/v1/handovers/stream?siteCode=" + site))
                                .header("Authorization", "Bearer " + nurse)
                                .header("Accept", "text/event-stream")
                                .build(),
                        HttpResponse.BodyHandlers.ofInputStream());
                if (stream.statusCode() != 200) {
                    throw new IllegalStateException("stream " + i + " answered " + stream.statusCode());
                }
                InputStream body = stream.body();
                body.readNBytes(1); // the first event (the board) has started
                streams.add(body);
            }
            String heap = heapAfterFullGc(second.process().pid());
            print(
                    report,
                    String.format(
                            Locale.ROOT,
                            "%nThe second instance with %d board streams open, after every report above: heap in use after"
                                    + " a full GC %s%n",
                            STREAMS,
                            heap));
            for (InputStream stream : streams) {
                CompletableFuture.runAsync(() -> {
                    try {
                        stream.close();
                    } catch (IOException e) {
                        // closing anyway
                    }
                });
            }
            writer.close();
            print(report, "\nLoad average after the run: " + Machine.loadAverage() + "\n");
        }
        Path results = root.resolve("benchmarks/results");
        Files.createDirectories(results);
        Path file = results.resolve(LocalDate.now(ZoneOffset.UTC) + "-read-store.md");
        Files.writeString(file, report.toString(), StandardCharsets.UTF_8);
        System.out.println("Results written to " + file);
        System.exit(0);
    }

    /** Median of five runs of a single percentile by site, over JDBC as the launcher's {@code handover} login. */
    private static long baselineMillis(Path data, int offset) throws Exception {
        String password = Files.readString(data.resolve("postgres").resolve("handover.password"))
                .strip();
        try (java.sql.Connection connection = java.sql.DriverManager.getConnection(
                        "jdbc:postgresql://127.0.0.1:" + (5432 + offset) + "/handover", "handover", password);
                java.sql.Statement statement = connection.createStatement()) {
            long[] millis = new long[5];
            for (int i = 0; i < millis.length; i++) {
                long t0 = System.nanoTime();
                try (java.sql.ResultSet rows = statement.executeQuery("SELECT site_code, percentile_disc(0.5) WITHIN"
                        + " GROUP (ORDER BY handover_seconds) FROM projection.report_cases GROUP BY 1")) {
                    while (rows.next()) {
                        rows.getLong(2);
                    }
                }
                millis[i] = (System.nanoTime() - t0) / 1_000_000;
            }
            Arrays.sort(millis);
            return millis[millis.length / 2];
        }
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    /** The closed cases the reports count over the whole period. */
    private static long totalCases(HttpClient http, URI api, String token) throws Exception {
        JsonNode body = Workload.JSON.readTree(get(
                        http,
                        api.resolve("/api/v1/reports/handover-times?" + PERIOD + "&groupBy=site"),
                        token,
                        "application/json")
                .body());
        long total = 0;
        for (JsonNode group : body.path("groups")) {
            total += group.path("cases").asLong() - group.path("open").asLong();
        }
        return total;
    }

    private static HttpResponse<String> get(HttpClient http, URI uri, String token, String accept) throws Exception {
        HttpResponse<String> answer = http.send(
                HttpRequest.newBuilder(uri)
                        .timeout(Duration.ofSeconds(120))
                        .header("Authorization", "Bearer " + token)
                        .header("Accept", accept)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            throw new IllegalStateException(uri + " answered " + answer.statusCode() + ": " + answer.body());
        }
        return answer;
    }

    private static String token(HttpClient http, URI api, String subject, String role, String org) throws Exception {
        HttpResponse<String> answer = http.send(
                HttpRequest.newBuilder(api.resolve("/dev/tokens"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"subject\":\"" + subject + "\",\"role\":\"" + role + "\",\"org\":\"" + org + "\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return Workload.JSON.readTree(answer.body()).path("token").asString();
    }

    /** Spring Boot's "Started ... in N seconds" line of the instance, or a note when absent. */
    private static String startedLine(Path log) throws IOException {
        Matcher started = Pattern.compile("Started \\S+ in ([0-9.]+) seconds").matcher(Files.readString(log));
        return started.find() ? "Spring reported started in " + started.group(1) + " s" : "no Started line";
    }

    private static final Pattern GENERATION = Pattern.compile(
            "^\\s*(def new generation|tenured generation|garbage-first heap|PSYoungGen|ParOldGen)"
                    + "\\s+total (\\d+)K, used (\\d+)K",
            Pattern.MULTILINE);

    /** {@code jcmd GC.run}, then the heap in use from {@code jcmd GC.heap_info}. */
    private static String heapAfterFullGc(long pid) throws Exception {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        run(List.of(jcmd.toString(), Long.toString(pid), "GC.run"));
        String info = run(List.of(jcmd.toString(), Long.toString(pid), "GC.heap_info"));
        Matcher m = GENERATION.matcher(info);
        long used = 0;
        long total = 0;
        while (m.find()) {
            total += Long.parseLong(m.group(2));
            used += Long.parseLong(m.group(3));
        }
        if (total == 0) {
            return "(not parsed; jcmd said:\n" + info + ")";
        }
        return String.format(Locale.ROOT, "%.1f MB (of %.1f MB committed)", used / 1024.0, total / 1024.0);
    }

    private static String run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(command + " failed: " + out);
        }
        return out;
    }

    /** Writes what the processor would: final snapshots and completed cases, log-normal handover times. */
    private static final class Writer implements AutoCloseable {

        private final KafkaProducer<String, SpecificRecord> producer;
        private final Random random = new Random(20261204);
        private final Instant start =
                LocalDate.parse("2024-01-01").atStartOfDay(LONDON).toInstant();
        private final long span = Duration.ofDays(365 * 3).toMillis();

        Writer(String bootstrap, String registry) {
            Map<String, Object> config = new HashMap<>();
            config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            config.put(ProducerConfig.ACKS_CONFIG, "all");
            config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
            config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
            config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
            config.put("schema.registry.url", registry);
            AvroSerializer<SpecificRecord> values = new AvroSerializer<>();
            values.configure(config, false);
            producer = new KafkaProducer<>(config, new StringSerializer(), values);
        }

        void history(int cases) throws Exception {
            Future<RecordMetadata> last = null;
            for (int i = 0; i < cases; i++) {
                Instant arrived = start.plusMillis((long) ((i + random.nextDouble()) * span / cases));
                last = closed(arrived);
            }
            Instant now = Instant.now();
            for (int i = 0; i < OPEN_CASES; i++) {
                String id = new UUID(random.nextLong(), random.nextLong()).toString();
                Instant arrived = now.minusSeconds(random.nextInt(4 * 3600));
                CaseSnapshot open = snapshot(
                        id,
                        2,
                        CaseState.ARRIVED,
                        SITES[i % SITES.length],
                        DIVISIONS[random.nextInt(DIVISIONS.length)],
                        TimePoints.newBuilder()
                                .setPreAlertedAt(arrived.minusSeconds(1200))
                                .setArrivedAt(arrived)
                                .build());
                last = producer.send(new ProducerRecord<>(Topics.STATE.name(), id, open));
            }
            producer.flush();
            if (last != null) {
                last.get();
            }
        }

        /** One more closed case arriving now-ish (within the period), written and acknowledged. */
        void oneMore(long n) throws Exception {
            closed(LocalDate.parse("2026-06-01")
                            .atStartOfDay(LONDON)
                            .toInstant()
                            .plusSeconds(n % 86_400))
                    .get(30, TimeUnit.SECONDS);
        }

        private Future<RecordMetadata> closed(Instant arrived) {
            long ack = Math.round(-480 * Math.log(1 - random.nextDouble()));
            long handover = Math.max(ack, Math.round(2700 * Math.exp(0.9 * random.nextGaussian())));
            long toClear = Math.round(720 * Math.exp(0.6 * random.nextGaussian()));
            int officers = 1 + random.nextInt(3);
            boolean absconded = random.nextDouble() < 0.03;
            CaseState outcome = absconded ? CaseState.ABSCONDED : CaseState.CLEARED;
            String id = new UUID(random.nextLong(), random.nextLong()).toString();
            String site = SITES[random.nextInt(SITES.length)];
            String division = DIVISIONS[random.nextInt(DIVISIONS.length)];
            Instant acknowledged = arrived.plusSeconds(ack);
            Instant handedOver = absconded ? null : arrived.plusSeconds(handover);
            Instant cleared = arrived.plusSeconds(handover + toClear);
            TimePoints points = TimePoints.newBuilder()
                    .setPreAlertedAt(arrived.minusSeconds(1200))
                    .setArrivedAt(arrived)
                    .setAcknowledgedAt(acknowledged)
                    .setHandedOverAt(handedOver)
                    .setClearedAt(cleared)
                    .setOutcomeAt(absconded ? cleared : null)
                    .build();
            CaseSnapshot snapshot = snapshot(id, 5, outcome, site, division, points);
            producer.send(new ProducerRecord<>(Topics.STATE.name(), id, snapshot));
            CompletedCase record = CompletedCase.newBuilder()
                    .setCaseId(id)
                    .setVersion(5)
                    .setOutcome(outcome)
                    .setSiteCode(site)
                    .setPoliceDivision(division)
                    .setFirstEventAt(arrived.minusSeconds(1200))
                    .setArrivedAt(arrived)
                    .setAcknowledgedAt(acknowledged)
                    .setHandedOverAt(handedOver)
                    .setClearedAt(cleared)
                    .setArrivalToAcknowledgedSeconds(ack)
                    .setHandoverSeconds(absconded ? null : handover)
                    .setHandoverToClearSeconds(absconded ? null : toClear)
                    .setTimeAtEdSeconds(handover + toClear)
                    .setOfficerSeconds(officers * (handover + toClear))
                    .setComplete(!absconded)
                    .setRecordedAt(cleared)
                    .build();
            return producer.send(new ProducerRecord<>(Topics.COMPLETED.name(), id, record));
        }

        private CaseSnapshot snapshot(
                String id, long version, CaseState state, String site, String division, TimePoints points) {
            Actor officer = new Actor("pc-" + random.nextInt(5000), ActorRole.OFFICER, division);
            Actor nurse = new Actor("nurse-" + random.nextInt(2000), ActorRole.ED_STAFF, site);
            List<PointRecord> records = new ArrayList<>();
            addRecord(records, TimePoint.PRE_ALERTED, points.getPreAlertedAt(), officer);
            addRecord(records, TimePoint.ARRIVED, points.getArrivedAt(), officer);
            addRecord(records, TimePoint.ACKNOWLEDGED, points.getAcknowledgedAt(), nurse);
            addRecord(records, TimePoint.HANDED_OVER, points.getHandedOverAt(), nurse);
            addRecord(records, TimePoint.CLEARED, points.getClearedAt(), officer);
            boolean open = state == CaseState.ARRIVED;
            Instant updated = records.get(records.size() - 1).getAt();
            return CaseSnapshot.newBuilder()
                    .setCaseId(id)
                    .setVersion(version)
                    .setState(state)
                    .setOpen(open)
                    .setSiteCode(site)
                    .setPoliceDivision(division)
                    .setLegalBasis(LegalBasis.S297)
                    .setOfficerCount(1 + random.nextInt(3))
                    .setPoints(points)
                    .setPointRecords(records)
                    .setIntervals(Intervals.newBuilder().build())
                    .setDataQuality(DataQuality.newBuilder().build())
                    .setOpenedAt(points.getPreAlertedAt())
                    .setUpdatedAt(updated)
                    .setLastEventId(new UUID(random.nextLong(), random.nextLong()).toString())
                    .build();
        }

        private void addRecord(List<PointRecord> records, TimePoint point, Instant at, Actor actor) {
            if (at != null) {
                records.add(PointRecord.newBuilder()
                        .setPoint(point)
                        .setAt(at)
                        .setEventId(new UUID(random.nextLong(), random.nextLong()).toString())
                        .setRecordedAt(at)
                        .setActor(actor)
                        .build());
            }
        }

        @Override
        public void close() {
            producer.close(Duration.ofSeconds(10));
        }
    }

    private static void print(StringBuilder report, String text) {
        System.out.print(text);
        System.out.flush();
        report.append(text);
    }
}
