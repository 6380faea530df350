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
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Takeover after a crash (a program that prints numbers, not a test): the local stack with two handover-processor
 * instances (each with one standby replica of the other's stores), submissions through the API at a fixed rate, and
 * one processor killed with SIGKILL half-way. Prints how long submissions waited for their final answer (the
 * processor's verdict, or a rejection) after the kill, second by second, and how the surviving instance's readiness
 * moved.
 *
 * <pre>
 * ./mvnw -q -DskipTests install
 * java -cp benchmarks/target/benchmarks-0.1.0-SNAPSHOT.jar \
 *   -Dloader.main=uk.transferofcare.benchmarks.TakeoverBenchmark \
 *   org.springframework.boot.loader.launch.PropertiesLauncher [--rate 200] [--before 30s] [--after 40s]
 * </pre>
 *
 * A submission whose verdict does not come within the API's wait (2 s) is answered 202 and sent again by the client
 * (same eventId) until its final answer; its wait counts from its first send.
 */
public final class TakeoverBenchmark {

    private static final Pattern ACTIVE = Pattern.compile("active=(\\d+)");
    private static final Pattern STATE = Pattern.compile("\"kafkaStreams\":\\{[^}]*?\"state\":\"([A-Z_]+)\"");

    private TakeoverBenchmark() {}

    public static void main(String[] args) throws Exception {
        double rate = 200;
        Duration before = Duration.ofSeconds(30);
        Duration after = Duration.ofSeconds(40);
        Path results = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rate" -> rate = Double.parseDouble(args[++i]);
                case "--before" -> before = Duration.ofSeconds(seconds(args[++i]));
                case "--after" -> after = Duration.ofSeconds(seconds(args[++i]));
                case "--results" -> results = Path.of(args[++i]);
                default ->
                    throw new IllegalArgumentException("unknown option " + args[i]
                            + "; options: --rate 200 --before 30s --after 40s --results DIR");
            }
        }
        Path root = PlatformProcesses.repositoryRoot();
        if (results == null) {
            results = root.resolve("benchmarks/results");
        }
        StringBuilder report = new StringBuilder();
        print(report, "# Processor takeover after kill -9, " + LocalDate.now(ZoneOffset.UTC) + "\n");
        print(report, "Machine before the run:\n\n```\n" + Machine.describe() + "```\n");

        Path data = Files.createTempDirectory("takeover-bench-");
        Path jars = PlatformProcesses.snapshot(root, data);
        Map<String, String> standby = Map.of("STREAMS_NUM_STANDBY_REPLICAS", "1");
        try (PlatformProcesses platform = new PlatformProcesses(jars, data)) {
            URI api = platform.startStack(300, Duration.ofSeconds(300), "api,processor", standby);
            URI first = URI.create("http://127.0.0.1:" + (8082 + platform.offset()));
            PlatformProcesses.Extra second =
                    platform.startExtra("handover-processor", "handover-processor-2", standby, Duration.ofSeconds(240));
            print(report, "Stack at " + api + "; processors " + first + " (./run's) and " + second.base() + ".\n");
            // Readiness details (Kafka Streams' state and tasks) are on the management ports, ADMIN only.
            String admin = PlatformProcesses.adminToken(api);
            URI firstManagement = PlatformProcesses.managementOf(first);
            awaitBothActive(report, firstManagement, second.management(), admin);

            Workload load = Workload.forApi(api, 5);
            load.signIn();
            print(report, "Warm-up (10 s, closed loop, not counted)...\n");
            load.closedLoop("warm-up", 16, Duration.ofSeconds(10), false, 0);

            print(
                    report,
                    String.format(
                            Locale.ROOT,
                            "Fixed %.0f/s for %d s; kill -9 of %s (pid %d) after %d s.%n",
                            rate,
                            before.plus(after).toSeconds(),
                            second.name(),
                            second.process().pid(),
                            before.toSeconds()));
            double fixedRate = rate;
            Duration total = before.plus(after);
            CompletableFuture<Workload.Result> run = CompletableFuture.supplyAsync(() -> {
                try {
                    return load.fixedRate("takeover", fixedRate, total, false, 0);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(before.toMillis());
            long killed = System.nanoTime();
            second.process().destroyForcibly(); // SIGKILL
            ConcurrentLinkedQueue<String> survivor = new ConcurrentLinkedQueue<>();
            Thread watcher = watch(firstManagement, admin, killed, survivor);
            Workload.Result result = run.get();
            watcher.interrupt();
            watcher.join();

            print(report, "\n" + result.line() + "\n");
            print(
                    report,
                    "\nSurvivor's readiness after the kill (kafkaStreams state):\n" + String.join("\n", survivor)
                            + "\n");
            print(report, "\n" + analyse(result.spans(), killed) + "\n");
            print(report, "Load average after the run (1, 5, 15 min): " + Machine.loadAverage() + "\n");
        }
        Files.createDirectories(results);
        Path file = results.resolve(LocalDate.now(ZoneOffset.UTC) + "-takeover.md");
        Files.writeString(file, report.toString(), StandardCharsets.UTF_8);
        System.out.println("Results written to " + file);
    }

    /** Waits until both processors are ready and each holds at least one active task, so the kill takes some. */
    private static void awaitBothActive(StringBuilder report, URI first, URI second, String admin)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        String a = "";
        String b = "";
        while (System.nanoTime() < deadline) {
            PlatformProcesses.Health ha = PlatformProcesses.managementReadiness(first, admin);
            PlatformProcesses.Health hb = PlatformProcesses.managementReadiness(second, admin);
            a = ha.body();
            b = hb.body();
            if (ha.statusCode() == 200 && hb.statusCode() == 200 && active(a) > 0 && active(b) > 0) {
                print(report, "Active tasks: " + active(a) + " and " + active(b) + "\n");
                return;
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("the two processors did not share the tasks:\n" + a + "\n" + b);
    }

    private static int active(String health) {
        Matcher m = ACTIVE.matcher(health);
        int total = 0;
        while (m.find()) {
            total += Integer.parseInt(m.group(1));
        }
        return total;
    }

    /** Records the survivor's readiness state whenever it changes, with the time since the kill. */
    private static Thread watch(URI survivor, String admin, long killed, ConcurrentLinkedQueue<String> changes) {
        Thread t = new Thread(
                () -> {
                    String last = null;
                    try {
                        while (!Thread.currentThread().isInterrupted()) {
                            PlatformProcesses.Health h = PlatformProcesses.managementReadiness(survivor, admin);
                            Matcher m = STATE.matcher(h.body());
                            String now = h.statusCode() + " " + (m.find() ? m.group(1) : "?") + " active="
                                    + active(h.body());
                            if (!now.equals(last)) {
                                changes.add(String.format(
                                        Locale.ROOT, "  +%6.1f s  %s", (System.nanoTime() - killed) / 1e9, now));
                                last = now;
                            }
                            Thread.sleep(200);
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "survivor-watch");
        t.setDaemon(true);
        t.start();
        return t;
    }

    static String analyse(List<Workload.Span> spans, long killed) {
        StringBuilder out = new StringBuilder();
        List<Workload.Span> afterKill = new ArrayList<>();
        List<Workload.Span> beforeKill = new ArrayList<>();
        long inFlightAtKill = 0;
        for (Workload.Span s : spans) {
            if (s.answeredNanos() > killed) {
                afterKill.add(s);
                if (s.sentNanos() <= killed) {
                    inFlightAtKill++;
                }
            } else {
                beforeKill.add(s);
            }
        }
        out.append(String.format(
                Locale.ROOT,
                "Before the kill: %,d final answers, wait max %.0f ms.%n",
                beforeKill.size(),
                beforeKill.stream().mapToDouble(Workload.Span::waitMillis).max().orElse(0)));
        out.append(String.format(
                Locale.ROOT,
                "After the kill: %,d final answers (%,d of them sent before it); wait p50 %.0f ms, p99 %.0f ms,"
                        + " **longest %.1f s**.%n",
                afterKill.size(),
                inFlightAtKill,
                percentile(afterKill, 50),
                percentile(afterKill, 99),
                afterKill.stream().mapToDouble(Workload.Span::waitMillis).max().orElse(0) / 1000));
        Map<Long, List<Workload.Span>> bySecond = new TreeMap<>();
        for (Workload.Span s : afterKill) {
            bySecond.computeIfAbsent((s.answeredNanos() - killed) / 1_000_000_000L, k -> new ArrayList<>())
                    .add(s);
        }
        out.append("\n| second after the kill | final answers | longest wait of those (ms) |\n|---:|---:|---:|\n");
        bySecond.forEach((second, list) -> out.append(String.format(
                Locale.ROOT,
                "| %d | %d | %.0f |%n",
                second,
                list.size(),
                list.stream().mapToDouble(Workload.Span::waitMillis).max().orElse(0))));
        return out.toString();
    }

    private static double percentile(List<Workload.Span> spans, int p) {
        if (spans.isEmpty()) {
            return 0;
        }
        double[] waits =
                spans.stream().mapToDouble(Workload.Span::waitMillis).sorted().toArray();
        int rank = (int) Math.ceil(p / 100.0 * waits.length);
        return waits[Math.max(0, rank - 1)];
    }

    private static long seconds(String value) {
        return Long.parseLong(value.endsWith("s") ? value.substring(0, value.length() - 1) : value);
    }

    private static void print(StringBuilder report, String text) {
        System.out.print(text);
        System.out.flush();
        report.append(text);
    }
}
