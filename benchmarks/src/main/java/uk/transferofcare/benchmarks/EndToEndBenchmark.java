package uk.transferofcare.benchmarks;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * End-to-end benchmark of the running platform through its public HTTP API (a program that prints numbers, not a
 * test):
 *
 * <ol>
 *   <li>submissions at a fixed 200/s: 202 latency, and the latency from the 202 until {@code GET
 *       /api/v1/handovers/{caseId}} shows the new state (p50, p95, p99);
 *   <li>the maximum: closed-loop clients as fast as answers come; accepted/s, and end to end (until the last
 *       submissions are visible);
 *   <li>the same two against a second handover-api whose Kafka writes are replaced by a no-op (profile {@code bench},
 *       {@code handover.submissions.sink=noop}), in the same run, for the ratio: what Kafka's durable, acknowledged
 *       write (acks=all) costs the endpoint.
 * </ol>
 *
 * <pre>
 * ./mvnw -q -DskipTests install            # the jars
 * java -jar benchmarks/target/benchmarks-0.1.0-SNAPSHOT.jar [--duration 30s] [--rate 200] [--concurrency 64]
 * </pre>
 *
 * It starts its own stack (local-stack launcher on free ports, data in a temporary folder) and the no-op API, and
 * writes the results to {@code benchmarks/results/<date>-end-to-end.md}. With {@code --base-url} (and optionally
 * {@code --noop-url}) it measures an already running platform instead.
 */
public final class EndToEndBenchmark {

    private EndToEndBenchmark() {}

    public static void main(String[] args) throws Exception {
        Duration duration = Duration.ofSeconds(30);
        Duration warmUp = Duration.ofSeconds(15);
        double rate = 200;
        int concurrency = 64;
        int sampleEvery = 4;
        int usersPerOrg = 5;
        double referenceRate = 50;
        boolean barrierVariant = true;
        URI baseUrl = null;
        URI noopUrl = null;
        Path results = null;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--duration" -> duration = Duration.ofSeconds(seconds(args[++i]));
                case "--warm-up" -> warmUp = Duration.ofSeconds(seconds(args[++i]));
                case "--rate" -> rate = Double.parseDouble(args[++i]);
                case "--concurrency" -> concurrency = Integer.parseInt(args[++i]);
                case "--sample-every" -> sampleEvery = Integer.parseInt(args[++i]);
                case "--users-per-org" -> usersPerOrg = Integer.parseInt(args[++i]);
                case "--reference-rate" -> referenceRate = Double.parseDouble(args[++i]);
                case "--barrier-variant" -> barrierVariant = Boolean.parseBoolean(args[++i]);
                case "--base-url" -> baseUrl = URI.create(args[++i]);
                case "--noop-url" -> noopUrl = URI.create(args[++i]);
                case "--results" -> results = Path.of(args[++i]);
                case "-h", "--help" -> {
                    System.out.println(
                            "java -jar benchmarks/target/benchmarks-0.1.0-SNAPSHOT.jar [--duration 30s] [--warm-up 15s]"
                                    + " [--rate 200] [--concurrency 64] [--sample-every 4] [--users-per-org 5]"
                                    + " [--reference-rate 50] [--barrier-variant true]"
                                    + " [--base-url URL [--noop-url URL]] [--results DIR]");
                    return;
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i] + " (see --help)");
            }
            if (value == null) {
                throw new IllegalArgumentException(args[i] + " needs a value");
            }
        }
        Path root = PlatformProcesses.repositoryRoot();
        boolean startedHere = baseUrl == null;
        if (results == null) {
            results = root.resolve("benchmarks/results");
        }

        StringBuilder report = new StringBuilder();
        String machine = Machine.describe();
        print(report, "# End-to-end benchmark, " + LocalDate.now(ZoneOffset.UTC) + "\n");
        print(report, "Machine before the run:\n\n```\n" + machine + "```\n");

        Path data = Files.createTempDirectory("e2e-bench-");
        Path jars = baseUrl == null ? PlatformProcesses.snapshot(root, data) : root;
        try (PlatformProcesses platform = new PlatformProcesses(jars, data)) {
            if (baseUrl == null) {
                long t0 = System.nanoTime();
                baseUrl = platform.startStack(200, Duration.ofSeconds(300), "api,processor,notification", Map.of());
                print(
                        report,
                        String.format(
                                Locale.ROOT,
                                "Started the local stack (broker, registry, handover-api, handover-processor, notification-service)"
                                        + " at %s in %.0f s; data in %s.%n",
                                baseUrl,
                                (System.nanoTime() - t0) / 1e9,
                                data));
                noopUrl = platform.startExtraApi(
                        "handover-api-noop",
                        Map.of(
                                "SPRING_PROFILES_ACTIVE", "local,bench",
                                "HANDOVER_SUBMISSIONS_SINK", "noop"),
                        Duration.ofSeconds(240));
                print(
                        report,
                        "Started a second handover-api with the no-op submission sink (profile bench) at " + noopUrl
                                + ".\n");
            }
            List<Workload.Result> kafka = new ArrayList<>();
            List<Workload.Result> noop = new ArrayList<>();

            // The no-op API first, while the platform is idle; then the real one, each run drained before the next.
            if (noopUrl != null) {
                Workload noopLoad = Workload.forApi(noopUrl, usersPerOrg);
                noopLoad.signIn();
                print(report, "\nWarm-up against the no-op API " + noopUrl + " (" + warmUp.toSeconds() + " s)...\n");
                noopLoad.closedLoop("warm-up", 16, warmUp, false, 1);
                noop.add(noopLoad.fixedRate(
                        String.format(Locale.ROOT, "no-op sink, fixed %.0f/s", rate), rate, duration, false, 1));
                print(report, noop.get(noop.size() - 1).line() + "\n");
                noop.add(noopLoad.closedLoop(
                        "no-op sink, maximum (" + concurrency + " clients)", concurrency, duration, false, 1));
                print(report, noop.get(noop.size() - 1).line() + "\n");
            }

            Workload platformLoad = Workload.forApi(baseUrl, usersPerOrg);
            platformLoad.signIn();
            print(report, "\nWarm-up against " + baseUrl + " (" + warmUp.toSeconds() + " s, not counted)...\n");
            platformLoad.closedLoop("warm-up", 16, warmUp, false, 1);
            kafka.add(platformLoad.fixedRate(
                    String.format(Locale.ROOT, "Kafka, fixed %.0f/s", rate), rate, duration, true, sampleEvery));
            print(report, kafka.get(kafka.size() - 1).line() + "\n");
            kafka.add(platformLoad.closedLoop(
                    "Kafka, maximum (" + concurrency + " clients)", concurrency, duration, true, sampleEvery));
            print(report, kafka.get(kafka.size() - 1).line() + "\n");
            if (referenceRate > 0) {
                kafka.add(platformLoad.fixedRate(
                        String.format(
                                Locale.ROOT, "Kafka, fixed %.0f/s (below saturation, for reference)", referenceRate),
                        referenceRate,
                        duration,
                        true,
                        sampleEvery));
                print(report, kafka.get(kafka.size() - 1).line() + "\n");
            }
            if (barrierVariant && startedHere) {
                URI noBarrier = platform.startExtraApi(
                        "handover-api-no-barrier",
                        Map.of("SPRING_PROFILES_ACTIVE", "local", "HANDOVER_READMODEL_CROSSINSTANCECHECKS", "false"),
                        Duration.ofSeconds(240));
                Workload relaxed = Workload.forApi(noBarrier, usersPerOrg);
                relaxed.signIn();
                relaxed.closedLoop("warm-up", 16, warmUp, false, 1);
                kafka.add(relaxed.closedLoop(
                        "Kafka, maximum, cross-instance-checks=false (" + concurrency + " clients)",
                        concurrency,
                        duration,
                        true,
                        sampleEvery));
                print(report, kafka.get(kafka.size() - 1).line() + "\n");
            }

            print(report, "\n" + table(kafka, noop) + "\n");
            print(report, "Load average after the run: " + Machine.loadAverage() + "\n");
        }
        Files.createDirectories(results);
        Path file = results.resolve(LocalDate.now(ZoneOffset.UTC) + "-end-to-end.md");
        Files.writeString(file, report.toString(), StandardCharsets.UTF_8);
        System.out.println("Results written to " + file);
    }

    static String table(List<Workload.Result> kafka, List<Workload.Result> noop) {
        StringBuilder t = new StringBuilder();
        t.append(
                "| run | accepted/s | end to end/s | 202 p50 / p95 / p99 ms | visible after 202 p50 / p95 / p99 ms |\n");
        t.append("|---|---:|---:|---:|---:|\n");
        List<Workload.Result> all = new ArrayList<>(kafka);
        all.addAll(noop);
        for (Workload.Result r : all) {
            t.append(String.format(
                    Locale.ROOT,
                    "| %s | %,.0f | %s | %s / %s / %s | %s |%n",
                    r.label(),
                    r.acceptedPerSecond(),
                    r.endToEndPerSecond() == null ? "-" : String.format(Locale.ROOT, "%,.0f", r.endToEndPerSecond()),
                    Stats.ms(r.accept().percentileMillis(50)),
                    Stats.ms(r.accept().percentileMillis(95)),
                    Stats.ms(r.accept().percentileMillis(99)),
                    r.visible().count() == 0
                            ? "-"
                            : Stats.ms(r.visible().percentileMillis(50)) + " / "
                                    + Stats.ms(r.visible().percentileMillis(95)) + " / "
                                    + Stats.ms(r.visible().percentileMillis(99))));
        }
        if (kafka.size() >= 2 && noop.size() == 2) {
            t.append(String.format(
                    Locale.ROOT,
                    "%nRatio at the maximum, no-op / Kafka: %.2f× the throughput; 202 p50 at %.0f/s: %s ms with Kafka,"
                            + " %s ms without.%n",
                    noop.get(1).acceptedPerSecond() / kafka.get(1).acceptedPerSecond(),
                    200.0,
                    Stats.ms(kafka.get(0).accept().percentileMillis(50)),
                    Stats.ms(noop.get(0).accept().percentileMillis(50))));
        }
        return t.toString();
    }

    private static void print(StringBuilder report, String text) {
        System.out.print(text);
        System.out.flush();
        report.append(text);
    }

    private static long seconds(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (v.endsWith("m")) {
            return Long.parseLong(v.substring(0, v.length() - 1)) * 60;
        }
        if (v.endsWith("s")) {
            return Long.parseLong(v.substring(0, v.length() - 1));
        }
        return Long.parseLong(v);
    }
}
