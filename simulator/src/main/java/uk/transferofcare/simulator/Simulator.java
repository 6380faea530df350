package uk.transferofcare.simulator;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;

/**
 * The traffic simulator's command line: {@code java -jar simulator/target/simulator-0.1.0-SNAPSHOT.jar --help}.
 * See {@link Options} for the modes and the README of the module for what it simulates.
 */
public final class Simulator {

    private Simulator() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, Runner.Delays.PRODUCTION, out, err);
    }

    /** As {@link #run(String[], PrintStream, PrintStream)}, re-sending and retrying after these delays. */
    static int run(String[] args, Runner.Delays delays, PrintStream out, PrintStream err) {
        if (args.length > 0 && args[0].equals(ReportCheck.COMMAND)) {
            return ReportCheck.main(java.util.Arrays.copyOfRange(args, 1, args.length), out, err);
        }
        Options options;
        try {
            options = Options.parse(args);
        } catch (Options.BadOptionException e) {
            err.println("simulator: " + e.getMessage());
            return 2;
        }
        if (options.help()) {
            out.print(Options.USAGE);
            return 0;
        }
        try {
            return simulate(options, delays, out, err);
        } catch (IOException e) {
            err.println("simulator: " + e.getMessage());
            return 3;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    private static int simulate(Options o, Runner.Delays delays, PrintStream out, PrintStream err)
            throws IOException, InterruptedException {
        ApiClient api = new ApiClient(o.baseUrl(), Duration.ofSeconds(30));
        ApiClient.Reference reference;
        try {
            reference = api.reference();
        } catch (IOException e) {
            throw new IOException("cannot reach handover-api at " + o.baseUrl() + " (" + e.getMessage()
                    + "); start the platform (./run) or pass --base-url");
        }
        World world = new World(
                reference.sites(), reference.divisions(), o.seed(), o.officersPerDivision(), o.staffPerSite());
        for (User user : world.users()) {
            api.token(user); // fail fast, before sending anything, when /dev/tokens is not there
        }

        Instant now = Instant.now();
        TimeMapping time = new TimeMapping(now, o.speed());
        CaseGenerator generator = new CaseGenerator(world, time, o.seed());
        Random sampling = new Random(o.seed());
        List<Instant> arrivals = List.of();
        Instant periodStart = null;
        Instant periodEnd = null;
        if (o.from() != null) {
            periodStart = o.from().atStartOfDay(Rhythm.LONDON).toInstant();
            periodEnd = o.from().plusDays(o.days()).atStartOfDay(Rhythm.LONDON).toInstant();
            long n = o.cases() > 0 ? o.cases() : Math.round(o.casesPerDay() * o.days());
            arrivals = Rhythm.sample(periodStart, periodEnd, Math.toIntExact(n), sampling);
        } else if (o.backfillDays() > 0) {
            periodStart = now.minus(Duration.ofDays(o.backfillDays()));
            periodEnd = now;
            arrivals = o.backfillCases() == 0
                    ? List.of()
                    : Rhythm.sample(periodStart, periodEnd, Math.toIntExact(o.backfillCases()), sampling);
        }
        Instant liveStart = periodEnd != null && periodEnd.isAfter(now) ? periodEnd : now;
        long maxCases = o.live() && o.from() == null && o.cases() > 0 ? arrivals.size() + o.cases() : 0;
        ChainSource source =
                new ChainSource(generator, arrivals, liveStart, o.live() ? o.casesPerDay() : 0, maxCases, o.seed());

        err.printf(
                Locale.ROOT,
                "Simulating against %s (seed %d): %d sites, %d divisions, %d users%n",
                o.baseUrl(),
                o.seed(),
                world.sites().size(),
                world.divisions().size(),
                world.users().size());
        if (periodStart != null) {
            err.printf(
                    Locale.ROOT,
                    "  %,d cases arriving %s to %s (Europe/London), sent as fast as --rate %s allows%n",
                    arrivals.size(),
                    ZonedDateTime.ofInstant(periodStart, Rhythm.LONDON).toLocalDateTime(),
                    ZonedDateTime.ofInstant(periodEnd, Rhythm.LONDON).toLocalDateTime(),
                    o.rate() == 0 ? "(none)" : String.valueOf(o.rate()));
        }
        if (o.live()) {
            err.printf(
                    Locale.ROOT,
                    "  live: %.0f cases a day on a clock %.1f times faster than real time%s%n",
                    o.casesPerDay(),
                    o.speed(),
                    o.duration() != null ? ", for " + o.duration() : " (Ctrl-C stops)");
        }
        err.println("  ground truth: " + o.truth().toAbsolutePath());

        Progress progress = new Progress(err, System.console() != null, o.quiet());
        if (source.bounded() && maxCases == 0 && !o.live()) {
            progress.totalCases(arrivals.size());
        }
        long deadline = o.duration() == null ? 0 : now.plus(o.duration()).toEpochMilli();
        try (TruthLog truth = new TruthLog(o.truth())) {
            truth.write(runLine(o, now, periodStart, periodEnd, arrivals.size(), world));
            Runner runner = new Runner(
                    api, source, truth, progress, new RateLimit(o.rate()), o.concurrency(), deadline, delays);
            CountDownLatch written = new CountDownLatch(1);
            // Ctrl-C / SIGTERM: stop sending, then let the main thread write the unfinished cases and the summary.
            Thread hook = new Thread(
                    () -> {
                        runner.stop();
                        try {
                            written.await(10, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    },
                    "simulator-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            long started = System.nanoTime();
            List<ExpectedCase> unfinished = runner.run();
            double seconds = (System.nanoTime() - started) / 1e9;
            progress.tick(true);
            for (ExpectedCase c : unfinished) {
                Map<String, Object> line = TruthLog.caseLine(c);
                line.put("unfinished", true);
                truth.write(line);
            }
            Map<String, Map<String, Long>> scenarios = new LinkedHashMap<>();
            Map<String, Long> scenarioSubmissions = progress.scenarioSubmissions();
            for (CaseGenerator.Scenario scenario : CaseGenerator.Scenario.values()) {
                long cases =
                        runner.finishedCases().stream().filter(scenario::covers).count();
                scenarios.put(
                        scenario.label(),
                        Map.of("cases", cases, "submissions", scenarioSubmissions.get(scenario.label())));
            }
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("kind", "summary");
            summary.put("cases", runner.finishedChains());
            summary.put("unfinishedCases", unfinished.size());
            summary.put("submissionsSent", progress.sent.get());
            summary.put("resent", progress.resent.get());
            summary.put("verdictsCompared", progress.verdictsCompared());
            summary.put("verdicts", progress.verdicts());
            summary.put("heldAnswers", progress.heldAnswers.get());
            summary.put("pendingAnswers", progress.pendingAnswers.get());
            summary.put("retried", progress.retried.get());
            summary.put("unexpected", progress.unexpected.get());
            summary.put("scenarios", scenarios);
            summary.put("seconds", Math.round(seconds * 10) / 10.0);
            truth.write(summary);
            truth.flush();
            Map<String, Long> verdicts = progress.verdicts();
            out.printf(
                    Locale.ROOT,
                    "Sent %,d submissions for %,d cases in %.1f s (%,.0f/s), and %,d again after a 202 (%,d HELD and"
                            + " %,d PENDING answers); %,d verdicts compared with the ground truth: %,d APPLIED,"
                            + " %,d DUPLICATE, %,d REJECTED, %,d still HELD; %,d retries, %,d unexpected%s.%n",
                    progress.sent.get(),
                    runner.finishedChains(),
                    seconds,
                    (progress.sent.get() + progress.resent.get()) / Math.max(seconds, 1e-9),
                    progress.resent.get(),
                    progress.heldAnswers.get(),
                    progress.pendingAnswers.get(),
                    progress.verdictsCompared(),
                    verdicts.get("APPLIED"),
                    verdicts.get("DUPLICATE"),
                    verdicts.get("REJECTED"),
                    verdicts.get("HELD"),
                    progress.retried.get(),
                    progress.unexpected.get(),
                    unfinished.isEmpty() ? "" : "; " + unfinished.size() + " cases left unfinished");
            out.printf(
                    Locale.ROOT,
                    "Scenarios: %s.%n",
                    String.join(
                            ", ",
                            scenarios.entrySet().stream()
                                    .map(e -> String.format(
                                            Locale.ROOT,
                                            "%s %,d submissions in %,d cases",
                                            e.getKey(),
                                            e.getValue().get("submissions"),
                                            e.getValue().get("cases")))
                                    .toList()));
            out.flush();
            written.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // shutting down already
            }
            boolean verified = true;
            if (o.verify()) {
                verified = verify(api, runner.finishedCases(), o, out, err);
            }
            return progress.unexpected.get() == 0 && verified ? 0 : 1;
        }
    }

    private static Map<String, Object> runLine(
            Options o, Instant now, Instant periodStart, Instant periodEnd, int periodCases, World world) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("kind", "run");
        line.put("seed", o.seed());
        line.put("baseUrl", o.baseUrl().toString());
        line.put("startedAt", now.toString());
        line.put("periodStart", periodStart == null ? null : periodStart.toString());
        line.put("periodEnd", periodEnd == null ? null : periodEnd.toString());
        line.put("periodCases", periodCases);
        line.put("live", o.live());
        line.put("casesPerDay", o.casesPerDay());
        line.put("speed", o.speed());
        line.put("sites", world.sites().stream().map(World.Site::code).toList());
        line.put("divisions", world.divisions());
        // The site reference data, for the truth's reports by NHS board and site type.
        Map<String, Object> reference = new LinkedHashMap<>();
        for (World.Site site : world.sites()) {
            Map<String, Object> ref = new LinkedHashMap<>();
            ref.put("board", site.board());
            ref.put("type", site.type());
            reference.put(site.code(), ref);
        }
        line.put("siteReference", reference);
        return line;
    }

    /**
     * Waits until the API shows every case as the ground truth says (state, open, division, officer count and every
     * time point), polling each case as the admin user.
     */
    static boolean verify(ApiClient api, List<ExpectedCase> cases, Options o, PrintStream out, PrintStream err)
            throws InterruptedException {
        long deadline = System.nanoTime() + o.verifyTimeout().toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(o.concurrency());
        List<ExpectedCase> pending = new ArrayList<>(
                cases.stream().filter(c -> c.opened() && c.caseId() != null).toList());
        Map<String, String> differences = new LinkedHashMap<>();
        try {
            while (!pending.isEmpty()) {
                List<Future<String>> checks = new ArrayList<>();
                for (ExpectedCase c : pending) {
                    checks.add(pool.submit(() -> difference(api, c)));
                }
                List<ExpectedCase> still = new ArrayList<>();
                differences.clear();
                for (int i = 0; i < pending.size(); i++) {
                    String difference;
                    try {
                        difference = checks.get(i).get();
                    } catch (java.util.concurrent.ExecutionException e) {
                        difference = String.valueOf(e.getCause());
                    }
                    if (difference != null) {
                        still.add(pending.get(i));
                        differences.put(pending.get(i).caseId(), difference);
                    }
                }
                pending = still;
                if (pending.isEmpty() || System.nanoTime() > deadline) {
                    break;
                }
                if (!o.quiet()) {
                    err.printf(
                            Locale.ROOT,
                            "verify: %,d of %,d cases not yet as expected%n",
                            pending.size(),
                            cases.size());
                }
                Thread.sleep(2000);
            }
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(5, TimeUnit.SECONDS);
        }
        if (pending.isEmpty()) {
            out.printf(Locale.ROOT, "Verified: the API shows all %,d cases exactly as expected.%n", cases.size());
            return true;
        }
        out.printf(Locale.ROOT, "Verify FAILED: %,d of %,d cases differ, for example:%n", pending.size(), cases.size());
        differences.entrySet().stream().limit(10).forEach(e -> out.println("  " + e.getKey() + ": " + e.getValue()));
        return false;
    }

    /** Null when the API shows the case as expected, else what differs. */
    static String difference(ApiClient api, ExpectedCase c) throws IOException, InterruptedException {
        ApiClient.Answer answer = api.getCase(c.caseId(), api.token(User.admin()));
        if (answer.status() == 401) {
            // The token was refused: an API instance that restarted with a new dev signing key, or one that expired.
            // A client signs in again, as the runner does for submissions.
            api.forgetToken(User.admin());
            answer = api.getCase(c.caseId(), api.token(User.admin()));
        }
        if (answer.status() != 200) {
            return "GET answered " + answer.status();
        }
        JsonNode view = ApiClient.JSON.readTree(answer.body());
        List<String> diffs = new ArrayList<>();
        compare(diffs, "state", c.state(), text(view.path("state")));
        compare(
                diffs,
                "open",
                String.valueOf(c.open()),
                String.valueOf(view.path("open").asBoolean()));
        compare(diffs, "policeDivision", c.division(), text(view.path("policeDivision")));
        compare(diffs, "siteCode", c.siteCode(), text(view.path("siteCode")));
        compare(diffs, "disposition", c.disposition(), text(view.path("disposition")));
        compare(diffs, "referralPathway", c.referralPathway(), text(view.path("referralPathway")));
        compare(
                diffs,
                "officerCount",
                c.officerCount() == null ? null : c.officerCount().toString(),
                text(view.path("officerCount")));
        JsonNode points = view.path("points");
        compareInstant(diffs, "removedAt", c.point(Point.REMOVED), points.path("removedAt"));
        compareInstant(diffs, "preAlertedAt", c.point(Point.PRE_ALERTED), points.path("preAlertedAt"));
        compareInstant(diffs, "arrivedAt", c.point(Point.ARRIVED), points.path("arrivedAt"));
        compareInstant(diffs, "acknowledgedAt", c.acknowledgedAt(), points.path("acknowledgedAt"));
        compareInstant(diffs, "handoverStartedAt", c.point(Point.HANDOVER_STARTED), points.path("handoverStartedAt"));
        compareInstant(diffs, "handedOverAt", c.point(Point.HANDED_OVER), points.path("handedOverAt"));
        compareInstant(diffs, "clearedAt", c.point(Point.CLEARED), points.path("clearedAt"));
        compareInstant(diffs, "outcomeAt", c.point(Point.OUTCOME), points.path("outcomeAt"));
        return diffs.isEmpty() ? null : String.join("; ", diffs);
    }

    private static String text(JsonNode node) {
        return node.isMissingNode() || node.isNull() ? null : node.asString();
    }

    private static void compare(List<String> diffs, String field, String expected, String actual) {
        if (!Objects.equals(expected, actual)) {
            diffs.add(field + " expected " + expected + " but was " + actual);
        }
    }

    private static void compareInstant(List<String> diffs, String field, Instant expected, JsonNode actual) {
        Instant shown = actual.isMissingNode() || actual.isNull() ? null : Instant.parse(actual.asString());
        if (!Objects.equals(expected, shown)) {
            diffs.add(field + " expected " + expected + " but was " + shown);
        }
    }
}
