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
 * test). Every number counts FINAL answers only: the processor's verdict (201, 200) or a rejection (4xx); a 202 (no
 * verdict within the API's wait) is followed by the same submission again until its verdict, and every run waits
 * until every submission has its final answer.
 *
 * <ol>
 *   <li>submissions at a fixed 200/s: request → final answer latency (p50, p95, p99);
 *   <li>the maximum: closed-loop clients as fast as final answers come; final answers/s, and end to end (until the
 *       last submissions are visible);
 *   <li>the same two against a second handover-api whose Kafka write and verdict wait are replaced by a no-op that
 *       answers 201 at once (profile {@code bench}, {@code handover.submissions.sink=noop}), in the same run, for the
 *       ratio: what the durable write (acks=all), the processor's judgement and the verdict's way back cost;
 *   <li>a fixed rate below saturation (50/s), where every 4th applied submission is also polled until
 *       {@code GET /api/v1/handovers/{caseId}} shows it: how long the read model trails the verdict. Only there: the
 *       polls (every 10 ms) are requests the API serves, and under saturation they would take CPU from the
 *       submissions being measured.
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
        String services = "api,processor";
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
                case "--services" -> services = args[++i];
                case "--base-url" -> baseUrl = URI.create(args[++i]);
                case "--noop-url" -> noopUrl = URI.create(args[++i]);
                case "--results" -> results = Path.of(args[++i]);
                case "-h", "--help" -> {
                    System.out.println(
                            "java -jar benchmarks/target/benchmarks-0.1.0-SNAPSHOT.jar [--duration 30s] [--warm-up 15s]"
                                    + " [--rate 200] [--concurrency 64] [--sample-every 4] [--users-per-org 5]"
                                    + " [--reference-rate 50] [--services api,processor]"
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
                baseUrl = platform.startStack(200, Duration.ofSeconds(300), services, Map.of());
                print(
                        report,
                        String.format(
                                Locale.ROOT,
                                "Started the local stack (broker, registry, services %s) at %s in %.0f s; data in %s.%n",
                                services,
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
                noopLoad.closedLoop("warm-up", 16, warmUp, false, 0);
                noop.add(noopLoad.fixedRate(
                        String.format(Locale.ROOT, "no-op sink, fixed %.0f/s", rate), rate, duration, false, 0));
                print(report, noop.get(noop.size() - 1).line() + "\n");
                var noopCpuBefore = Machine.cpuTicks();
                long noopCpuFrom = System.nanoTime();
                noop.add(noopLoad.closedLoop(
                        "no-op sink, maximum (" + concurrency + " clients)", concurrency, duration, false, 0));
                var noopCpuAfter = Machine.cpuTicks();
                print(report, noop.get(noop.size() - 1).line() + "\n");
                print(
                        report,
                        "    CPU per process during the no-op maximum (100% = one core of 2):\n"
                                + Machine.cpuBetween(
                                                noopCpuBefore,
                                                noopCpuAfter,
                                                (System.nanoTime() - noopCpuFrom) / 1e9,
                                                noop.get(noop.size() - 1).finals())
                                        .lines()
                                        .map(l -> "      " + l)
                                        .reduce("", (a, b) -> a + b + "\n"));
            }

            Workload platformLoad = Workload.forApi(baseUrl, usersPerOrg);
            platformLoad.signIn();
            print(report, "\nWarm-up against " + baseUrl + " (" + warmUp.toSeconds() + " s, not counted)...\n");
            platformLoad.closedLoop("warm-up", 16, warmUp, false, 0);
            kafka.add(platformLoad.fixedRate(
                    String.format(Locale.ROOT, "Kafka, fixed %.0f/s", rate), rate, duration, true, 0));
            print(report, kafka.get(kafka.size() - 1).line() + "\n");
            var cpuBefore = Machine.cpuTicks();
            long cpuFrom = System.nanoTime();
            kafka.add(platformLoad.closedLoop(
                    "Kafka, maximum (" + concurrency + " clients)", concurrency, duration, true, 0));
            var cpuAfter = Machine.cpuTicks();
            print(report, kafka.get(kafka.size() - 1).line() + "\n");
            print(
                    report,
                    "    CPU per process during the maximum (100% = one core of 2):\n"
                            + Machine.cpuBetween(
                                            cpuBefore,
                                            cpuAfter,
                                            (System.nanoTime() - cpuFrom) / 1e9,
                                            kafka.get(kafka.size() - 1).finals())
                                    .lines()
                                    .map(l -> "      " + l)
                                    .reduce("", (a, b) -> a + b + "\n"));
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
            print(report, "\n" + table(kafka, noop) + "\n");
            print(report, "Load average after the run (1, 5, 15 min): " + Machine.loadAverage() + "\n");
        }
        Files.createDirectories(results);
        Path file = results.resolve(LocalDate.now(ZoneOffset.UTC) + "-end-to-end.md");
        Files.writeString(file, report.toString(), StandardCharsets.UTF_8);
        System.out.println("Results written to " + file);
    }

    static String table(List<Workload.Result> kafka, List<Workload.Result> noop) {
        StringBuilder t = new StringBuilder();
        t.append("| run | final answers/s | without a final answer | end to end/s | request → final answer p50 / p95 /"
                + " p99 ms | visible after the answer p50 / p95 / p99 ms |\n");
        t.append("|---|---:|---:|---:|---:|---:|\n");
        List<Workload.Result> all = new ArrayList<>(kafka);
        all.addAll(noop);
        for (Workload.Result r : all) {
            t.append(String.format(
                    Locale.ROOT,
                    "| %s | %,.0f | %,d | %s | %s / %s / %s | %s |%n",
                    r.label(),
                    r.finalsPerSecond(),
                    r.unfinished(),
                    r.endToEndPerSecond() == null ? "-" : String.format(Locale.ROOT, "%,.0f", r.endToEndPerSecond()),
                    Stats.ms(r.answer().percentileMillis(50)),
                    Stats.ms(r.answer().percentileMillis(95)),
                    Stats.ms(r.answer().percentileMillis(99)),
                    r.visible().count() == 0
                            ? "-"
                            : Stats.ms(r.visible().percentileMillis(50)) + " / "
                                    + Stats.ms(r.visible().percentileMillis(95)) + " / "
                                    + Stats.ms(r.visible().percentileMillis(99))));
        }
        if (kafka.size() >= 2 && noop.size() == 2) {
            t.append(String.format(
                    Locale.ROOT,
                    "%nAt the maximum the durable endpoint gives %.0f%% of its no-op twin's final answers/s (%,.0f vs"
                            + " %,.0f); at the fixed rate, request → final answer p50 %s ms, p99 %s ms (no-op: %s /"
                            + " %s ms).%n",
                    100 * kafka.get(1).finalsPerSecond() / noop.get(1).finalsPerSecond(),
                    kafka.get(1).finalsPerSecond(),
                    noop.get(1).finalsPerSecond(),
                    Stats.ms(kafka.get(0).answer().percentileMillis(50)),
                    Stats.ms(kafka.get(0).answer().percentileMillis(99)),
                    Stats.ms(noop.get(0).answer().percentileMillis(50)),
                    Stats.ms(noop.get(0).answer().percentileMillis(99))));
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
