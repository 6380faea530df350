package uk.transferofcare.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.chrome.ChromeDriver;
import tools.jackson.databind.JsonNode;
import uk.transferofcare.testkit.browser.Axe;
import uk.transferofcare.testkit.browser.Chromium;

/**
 * The simulator's ground truth against the real platform: the local-stack launcher starts the broker, the registry
 * and the services from their jars (as {@code ./run} does) on free ports with a temporary data folder; the simulator
 * sends {@value #CASES} cases of the two weeks around the latest BST/GMT change through the public API, waits until
 * every case shows its expected state, every verdict equals the oracle's, and then every report ({@code groupBy} site, division, day, week, month, with
 * and without filters) must equal the one computed from the truth file by {@link TruthReport}. During the traffic,
 * one after another, the processor, PostgreSQL and the registry are killed with SIGKILL (the launcher starts each
 * again) and a poison record is written to every topic the services read ({@link FaultsDuringTraffic}): issue 15's
 * short fault run in CI, so every one of those checks also says the faults lost nothing and counted nothing twice.
 *
 * <p>Needs the jars: {@code ./mvnw -q -DskipTests install} (the full build makes them before this module). Services
 * started: {@code -Dgroundtruth.services} (default {@code api,processor}: the notification service plays no part in
 * the numbers).
 */
class GroundTruthIT {

    static final int CASES = 3000;

    /** Issue 15's short fault run in CI, during the traffic; what it did is checked after. */
    private static FaultsDuringTraffic faults;

    private static final Pattern READY = Pattern.compile("Platform ready in (\\d+\\.\\d) s");

    private static Process launcher;
    private static Path console;
    private static URI api;
    private static Path truth;
    /** The run's data directory (about 600 MB): deleted after the run unless -Dground-truth.keep=true. */
    private static Path data;

    private static LocalDate periodStart;
    private static LocalDate periodEnd;
    private static String simulatorOutput;

    @BeforeAll
    static void startThePlatformAndRunTheSimulator() throws Exception {
        Path root = Path.of(System.getProperty("repository.root", ".."))
                .toAbsolutePath()
                .normalize();
        List<String> missing = new ArrayList<>();
        for (String module : List.of(
                "local-stack", "schema-registry", "handover-api", "handover-processor", "notification-service")) {
            Path jar = root.resolve(module + "/target/" + module + "-0.1.0-SNAPSHOT.jar");
            if (!Files.isRegularFile(jar)) {
                missing.add(root.relativize(jar).toString());
            }
        }
        assertThat(missing)
                .as("jars the platform runs from; build them with ./mvnw -q -DskipTests install")
                .isEmpty();
        data = Files.createTempDirectory("ground-truth-");
        console = data.resolve("launcher.log");
        Path jars = snapshot(root, data);
        int offset = freeOffset();
        long started = System.nanoTime();
        ProcessBuilder platform = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx256m",
                        "-Dlocal-stack.root=" + jars,
                        "-jar",
                        jars.resolve("local-stack/target/local-stack-0.1.0-SNAPSHOT.jar")
                                .toString(),
                        "--services",
                        System.getProperty("groundtruth.services", "api,processor"),
                        "--ports-offset",
                        Integer.toString(offset),
                        "--data-dir",
                        data.toString(),
                        "--timeout",
                        "300")
                .directory(root.toFile());
        // handover-api reads from PostgreSQL: the launcher starts its own (port 5432 + offset) and gives the services
        // SPRING_DATASOURCE_*, as ./run does.
        launcher = platform.redirectErrorStream(true)
                .redirectOutput(console.toFile())
                .start();
        launcher.getOutputStream().close();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(330);
        while (!READY.matcher(console()).find()) {
            assertThat(launcher.isAlive())
                    .as("the launcher exited:\n%s", console())
                    .isTrue();
            assertThat(System.nanoTime())
                    .as("the platform was not ready in time:\n%s", console())
                    .isLessThan(deadline);
            Thread.sleep(500);
        }
        api = URI.create("http://127.0.0.1:" + (8080 + offset));
        System.out.printf("Platform ready at %s after %d s%n", api, (System.nanoTime() - started) / 1_000_000_000L);

        // The two weeks around the latest change of the clocks at least ten days ago (the last Sunday of March or
        // October, 01:00 UTC), so every case, its corrections included, is in the past and sent as a backfill.
        LocalDate change = latestClockChange(LocalDate.now(Rhythm.LONDON).minusDays(10));
        periodStart = change.minusDays(7);
        periodEnd = change.plusDays(7);
        truth = data.resolve("truth.jsonl");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        faults = FaultsDuringTraffic.start(truth, data.resolve("pids"), "127.0.0.1:" + (9092 + offset));
        long simulating = System.nanoTime();
        int status;
        try {
            status = Simulator.run(
                    new String[] {
                        "--base-url",
                        api.toString(),
                        "--from",
                        periodStart.toString(),
                        "--days",
                        "14",
                        "--cases",
                        Integer.toString(CASES),
                        "--seed",
                        "20260329",
                        "--rate",
                        "0",
                        "--concurrency",
                        "32",
                        "--truth",
                        truth.toString(),
                        "--verify",
                        "--verify-timeout",
                        "3m",
                        "--quiet"
                    },
                    new PrintStream(out, true, StandardCharsets.UTF_8),
                    System.err);
        } finally {
            faults.close();
        }
        simulatorOutput = out.toString(StandardCharsets.UTF_8);
        System.out.print(simulatorOutput);
        System.out.printf("Simulation and verification took %d s%n", (System.nanoTime() - simulating) / 1_000_000_000L);
        assertThat(status).as(simulatorOutput).isZero();
    }

    @AfterAll
    static void stopThePlatform() throws InterruptedException {
        if (launcher != null && launcher.isAlive()) {
            launcher.destroy(); // SIGTERM, as Ctrl-C: the launcher stops every process it started
            if (!launcher.waitFor(120, TimeUnit.SECONDS)) {
                launcher.descendants().forEach(ProcessHandle::destroyForcibly);
                launcher.destroyForcibly();
            }
        }
        if (data != null && !Boolean.getBoolean("ground-truth.keep")) {
            try (var paths = Files.walk(data)) {
                paths.sorted(java.util.Comparator.reverseOrder())
                        .forEach(path -> path.toFile().delete());
            } catch (IOException e) {
                System.err.println("Could not delete " + data + ": " + e);
            }
        }
    }

    @Test
    void givenFaultsDuringTheTraffic_thenEachWasDoneWhatWasKilledWasRestartedAndThePoisonDeadLettered() {
        Map<FaultsDuringTraffic.Fault, String> done = faults.done();
        assertThat(done.keySet())
                .as("faults done before the traffic ended: %s", done)
                .containsExactly(FaultsDuringTraffic.Fault.values());
        for (var fault : done.entrySet()) {
            if (fault.getKey().process == null) {
                assertThat(fault.getValue()).as(fault.getKey().name()).startsWith("written to ");
                continue;
            }
            String process = Pattern.quote(fault.getKey().process);
            assertThat(fault.getValue()).as(fault.getKey().name()).startsWith("killed ");
            assertThat(console())
                    .containsPattern(process + " +died \\(exit code 137: SIGKILL\\)")
                    .containsPattern(process + " +restarted \\(attempt 1, pid \\d+\\), ready in");
            java.util.regex.Matcher ready = Pattern.compile(
                            process + " +restarted \\(attempt 1, pid \\d+\\), ready in (\\S+ s)")
                    .matcher(console());
            System.out.printf(
                    "%s: %s, restarted and ready in %s%n",
                    fault.getKey(), fault.getValue(), ready.find() ? ready.group(1) : "?");
        }
        assertThat(faults.notDeadLettered(Duration.ofSeconds(60)))
                .as("poisoned topics whose dead-letter topic has no poison record")
                .isEmpty();
    }

    @Test
    void givenTheSimulatorsTraffic_whenTheApiShowsTheCases_thenEachIsExactlyAsTheGroundTruthSays() {
        assertThat(simulatorOutput)
                .contains("0 unexpected")
                .contains("Verified: the API shows all")
                .contains("cases exactly as expected.");
    }

    /**
     * Issue 9's acceptance: every verdict the API gave (201, 200, 4xx, and every 202 HELD) equals the oracle's, in
     * both directions (no valid submission refused, no invalid one applied, nothing held that should not be), over a
     * run that includes corrections right after the events they correct, whole cases replayed last event first by the
     * offline queue, and walk-ins the ED opens naming the police division.
     */
    @Test
    void givenTheSimulatorsTraffic_whenEveryVerdictIsComparedWithTheOracle_thenNoneIsUnexpected() throws IOException {
        List<String> lines = Files.readAllLines(truth);
        JsonNode summary = ApiClient.JSON.readTree(lines.get(lines.size() - 1));
        long submissionLines = lines.stream()
                .map(ApiClient.JSON::readTree)
                .filter(l -> l.path("kind").asString().equals("submission"))
                .count();
        JsonNode verdicts = summary.path("verdicts");
        JsonNode scenarios = summary.path("scenarios");
        System.out.printf(
                "Verdicts compared with the oracle: %d (APPLIED %d, DUPLICATE %d, REJECTED %d, still HELD %d), and %d"
                        + " HELD answers, %d PENDING answers, %d re-sends; unexpected: %d%n",
                summary.path("verdictsCompared").asLong(),
                verdicts.path("APPLIED").asLong(),
                verdicts.path("DUPLICATE").asLong(),
                verdicts.path("REJECTED").asLong(),
                verdicts.path("HELD").asLong(),
                summary.path("heldAnswers").asLong(),
                summary.path("pendingAnswers").asLong(),
                summary.path("resent").asLong(),
                summary.path("unexpected").asLong());
        scenarios
                .properties()
                .forEach(e -> System.out.printf(
                        "Scenario %s: %d submissions in %d cases%n",
                        e.getKey(),
                        e.getValue().path("submissions").asLong(),
                        e.getValue().path("cases").asLong()));

        assertThat(summary.path("kind").asString()).isEqualTo("summary");
        assertThat(summary.path("unexpected").asLong()).isZero();
        assertThat(summary.path("verdictsCompared").asLong()).isEqualTo(submissionLines);
        assertThat(List.of(
                        verdicts.path("APPLIED").asLong(),
                        verdicts.path("DUPLICATE").asLong(),
                        verdicts.path("REJECTED").asLong(),
                        summary.path("heldAnswers").asLong()))
                .allMatch(n -> n > 0);
        assertThat(scenarios.path("reverse-replay").path("cases").asLong()).isGreaterThanOrEqualTo(250);
        assertThat(scenarios.path("quick-correction").path("cases").asLong()).isGreaterThanOrEqualTo(250);
        assertThat(scenarios.path("ed-opens-walk-in").path("cases").asLong()).isGreaterThanOrEqualTo(150);
        // Issue 13: what happened to the person is in the traffic, so the reports' new fields are compared on real
        // numbers (about 140 referrals at scene, 1,500 dispositions by the ED, 100 corrected by a supervisor).
        Map<String, Long> tags = caseTags();
        assertThat(tags.getOrDefault("referred-at-scene", 0L)).isGreaterThanOrEqualTo(80);
        assertThat(tags.getOrDefault("referred-without-pre-alert", 0L)).isGreaterThanOrEqualTo(25);
        assertThat(tags.getOrDefault("disposition-by-ed", 0L)).isGreaterThanOrEqualTo(1000);
        assertThat(tags.getOrDefault("disposition-on-clearance", 0L)).isGreaterThanOrEqualTo(400);
        assertThat(tags.getOrDefault("disposition-corrected", 0L)).isGreaterThanOrEqualTo(50);
        // Issue 13's relief and mistakes are in the traffic and applied, so the reports compare the division, legal
        // basis and site they leave standing and the deadline an extension moves (about 65 transfers, 20 extensions,
        // 40 removal times, 25 legal bases, a dozen sites and divisions corrected).
        Map<String, Long> applied = appliedRelief(lines);
        assertThat(applied.getOrDefault("DIVISION_TRANSFERRED", 0L)).isGreaterThanOrEqualTo(20);
        assertThat(applied.getOrDefault("LEGAL_CLOCK_EXTENDED", 0L)).isGreaterThanOrEqualTo(1);
        assertThat(applied.getOrDefault("CORRECTED REMOVED", 0L)).isGreaterThanOrEqualTo(1);
        assertThat(applied.getOrDefault("CORRECTED correctedDivision", 0L)).isGreaterThanOrEqualTo(1);
        assertThat(applied.getOrDefault("CORRECTED correctedLegalBasis", 0L)).isGreaterThanOrEqualTo(1);
        assertThat(applied.getOrDefault("CORRECTED correctedSiteCode", 0L)).isGreaterThanOrEqualTo(1);
        assertThat(tags.getOrDefault("removal-recorded-by-correction", 0L)).isGreaterThanOrEqualTo(1);
        // An extension that mattered: police involvement ended after 24 hours but within the extended 36.
        assertThat(extensionsThatMattered(lines)).isGreaterThanOrEqualTo(1);
        // Issue 13's time facts are in the traffic and applied, so arrivalToAssessment, delayReasons and officer-hours
        // with changing counts are compared on real numbers (seed 20260329: 1,318 assessments, 893 delay reasons, 646
        // cases whose officer count changed, 66 of them twice or more).
        Map<String, Long> timeFacts =
                appliedOfTypes(lines, java.util.Set.of("ASSESSMENT_STARTED", "DELAY_REASON_RECORDED"));
        System.out.println("Time facts applied: " + timeFacts + "; cases whose officer count changed once or more: "
                + casesWithCountChanges(lines, 1) + ", twice or more: " + casesWithCountChanges(lines, 2));
        assertThat(timeFacts.getOrDefault("ASSESSMENT_STARTED", 0L)).isGreaterThanOrEqualTo(600);
        assertThat(timeFacts.getOrDefault("DELAY_REASON_RECORDED", 0L)).isGreaterThanOrEqualTo(400);
        assertThat(casesWithCountChanges(lines, 1)).isGreaterThanOrEqualTo(300);
        assertThat(casesWithCountChanges(lines, 2)).isGreaterThanOrEqualTo(30);
        // Issue 14: cases nobody closed, closed by a supervisor of their site or division as not recorded a day after
        // their last event (about 1%), so the reports' closedNotRecorded is compared on real numbers; closures refused
        // after a clearance, and clearances refused after a closure.
        Map<String, Long> closings = verdictsOfType(lines, "CLOSED_NOT_RECORDED");
        long notRecorded = lines.stream()
                .map(ApiClient.JSON::readTree)
                .filter(line -> line.path("kind").asString().equals("case"))
                .filter(line -> line.path("outcome").asString("").equals(ExpectedCase.NOT_RECORDED))
                .count();
        System.out.println("Closures as not recorded: " + closings + "; cases closed as not recorded: " + notRecorded
                + "; clearances after one: " + verdictsOfType(lines, "CLEARED").get("REJECTED INVALID_TRANSITION"));
        assertThat(closings.getOrDefault("APPLIED", 0L)).isGreaterThanOrEqualTo(10);
        assertThat(closings.getOrDefault("REJECTED INVALID_TRANSITION", 0L)).isGreaterThanOrEqualTo(1);
        assertThat(notRecorded).isEqualTo(closings.get("APPLIED"));
        // ED staff's undo: acknowledgements and assessments' starts withdrawn by their nurse seconds after (the
        // point then recorded again, or implied by the handover), and refusals of another nurse's undo and of an
        // undo once the handover is recorded, so every verdict, case view and report is compared after withdrawals.
        Map<String, Long> undos = verdictsOfType(lines, "ACTION_UNDONE");
        System.out.println("Undos: " + undos);
        assertThat(undos.getOrDefault("APPLIED", 0L)).isGreaterThanOrEqualTo(5);
        assertThat(undos.getOrDefault("REJECTED UNDO_NOT_OWN", 0L)).isGreaterThanOrEqualTo(1);
        assertThat(undos.getOrDefault("REJECTED UNDO_NOT_LATEST", 0L)).isGreaterThanOrEqualTo(1);
    }

    /** The verdicts of the first sends (not re-sends) of one type, e.g. "APPLIED", "REJECTED INVALID_TRANSITION". */
    private static Map<String, Long> verdictsOfType(List<String> lines, String type) {
        Map<String, Long> verdicts = new java.util.TreeMap<>();
        for (String text : lines) {
            JsonNode line = ApiClient.JSON.readTree(text);
            if (line.path("kind").asString().equals("submission")
                    && !line.path("resend").asBoolean()
                    && line.path("type").asString("").equals(type)) {
                String rule = line.path("verdictRule").asString(null);
                String verdict = line.path("expectVerdict").asString();
                verdicts.merge(
                        verdict.equals("REJECTED") && rule != null ? verdict + " " + rule : verdict, 1L, Long::sum);
            }
        }
        return verdicts;
    }

    /** Applied first sends (not re-sends) of these types, by type. */
    private static Map<String, Long> appliedOfTypes(List<String> lines, java.util.Set<String> types) {
        Map<String, Long> applied = new java.util.TreeMap<>();
        for (String text : lines) {
            JsonNode line = ApiClient.JSON.readTree(text);
            String type = line.path("type").asString("");
            if (line.path("kind").asString().equals("submission")
                    && !line.path("resend").asBoolean()
                    && line.path("expectVerdict").asString().equals("APPLIED")
                    && types.contains(type)) {
                applied.merge(type, 1L, Long::sum);
            }
        }
        return applied;
    }

    /** Cases of the truth whose officer count changed at least {@code times} times. */
    private static long casesWithCountChanges(List<String> lines, int times) {
        return lines.stream()
                .map(ApiClient.JSON::readTree)
                .filter(line -> line.path("kind").asString().equals("case"))
                .filter(line -> line.path("officerCountChanges").asInt() >= times)
                .count();
    }

    /** Applied submissions of issue 13's relief and mistakes, by type (and for CORRECTED what it corrects). */
    private static Map<String, Long> appliedRelief(List<String> lines) {
        Map<String, Long> applied = new java.util.TreeMap<>();
        for (String text : lines) {
            JsonNode line = ApiClient.JSON.readTree(text);
            String type = line.path("type").asString("");
            String corrects = line.path("corrects").asString(null);
            boolean relief = type.equals("DIVISION_TRANSFERRED")
                    || type.equals("LEGAL_CLOCK_EXTENDED")
                    || (type.equals("CORRECTED")
                            && (ExpectedCase.CORRECTED_FIELDS.contains(corrects) || "REMOVED".equals(corrects)));
            if (line.path("kind").asString().equals("submission")
                    && !line.path("resend").asBoolean()
                    && line.path("expectVerdict").asString().equals("APPLIED")
                    && relief) {
                applied.merge(type.equals("CORRECTED") ? type + " " + corrects : type, 1L, Long::sum);
            }
        }
        System.out.println("Relief and mistakes applied: " + applied);
        return applied;
    }

    /** Closed s136 cases with an extension whose police involvement ended 24 to 36 hours after arrival. */
    private static long extensionsThatMattered(List<String> lines) {
        long count = 0;
        for (String text : lines) {
            JsonNode line = ApiClient.JSON.readTree(text);
            JsonNode points = line.path("points");
            if (!line.path("kind").asString().equals("case")
                    || !"S136".equals(line.path("legalBasis").asString(null))
                    || line.path("legalClockExtendedAt").isNull()
                    || line.path("legalClockExtendedAt").isMissingNode()
                    || points.path("arrivedAt").isNull()
                    || points.path("clearedAt").isNull()) {
                continue;
            }
            java.time.Instant arrived =
                    java.time.Instant.parse(points.path("arrivedAt").asString());
            java.time.Instant cleared =
                    java.time.Instant.parse(points.path("clearedAt").asString());
            if (cleared.isAfter(arrived.plus(Duration.ofHours(24)))
                    && !cleared.isAfter(arrived.plus(Duration.ofHours(36)))) {
                count++;
            }
        }
        System.out.println("s136 extensions that kept a case within its legal clock: " + count);
        return count;
    }

    /** How many cases of the truth file carry each tag (what happened to them). */
    private static Map<String, Long> caseTags() throws IOException {
        Map<String, Long> tags = new java.util.TreeMap<>();
        for (String text : Files.readAllLines(truth)) {
            JsonNode line = ApiClient.JSON.readTree(text);
            if (line.path("kind").asString().equals("case")) {
                line.path("scenario").forEach(tag -> tags.merge(tag.asString(), 1L, Long::sum));
            }
        }
        System.out.println("Case tags: " + tags);
        return tags;
    }

    @Test
    void givenTheSimulatorsTraffic_whenReportedEveryWay_thenEveryMetricEqualsTheTruthComputedFromWhatWasSent()
            throws Exception {
        List<TruthReport.TruthCase> cases = TruthReport.read(List.of(truth));
        // A few days either side: corrections move arrivals earlier, and a case never arrived counts on the day of
        // its first point (a removal can be the evening before).
        LocalDate from = periodStart.minusDays(3);
        LocalDate to = periodEnd.plusDays(3);
        ApiClient client = new ApiClient(api, Duration.ofSeconds(30));
        String token = client.token(new User("ground-truth", "ANALYST", "PHS"));
        List<String> differences = ReportCheck.compare(client, token, cases, from, to, Duration.ofSeconds(60)).stream()
                .map(d -> d.path() + "\n" + d.detail())
                .toList();
        long closed = cases.stream().filter(c -> !c.open()).count();
        System.out.printf(
                "Ground truth: %d cases in the reports (%d closed, %d open); %d reports compared%n",
                cases.size(), closed, cases.size() - closed, ReportCheck.QUERIES.size());
        System.out.printf(
                "Repeat attendances among the closed cases: %d within 30 days, %d within 90 days%n",
                cases.stream().filter(c -> !c.open() && c.repeatWithin30d()).count(),
                cases.stream().filter(c -> !c.open() && c.repeatWithin90d()).count());
        assertThat(differences).isEmpty();
        assertThat(closed).isGreaterThan(CASES * 9L / 10);
        // Repeat attendance is compared in every report above; the run must hold enough of it for that to mean much
        // (the frequent attenders of People: about 15 % of the cases, a few hundred repeats within 30 days).
        assertThat(cases.stream().filter(c -> !c.open() && c.repeatWithin30d()).count())
                .isGreaterThan(100);
        assertThat(cases.stream().filter(c -> !c.open() && !c.repeatWithin90d()).count())
                .isGreaterThan(CASES / 2L);
    }

    /**
     * A copy of what the stack runs from (launcher, broker classpath, registry and its libraries, service jars), so a
     * build running meanwhile cannot replace a jar under a starting process.
     */
    private static Path snapshot(Path root, Path into) throws IOException {
        Path copy = into.resolve("repository");
        for (String file : List.of("pom.xml", "local-stack/pom.xml")) {
            Files.createDirectories(copy.resolve(file).getParent());
            Files.copy(root.resolve(file), copy.resolve(file));
        }
        for (String dir : List.of("local-stack/target/kafka-libs", "schema-registry/target/lib")) {
            Files.createDirectories(copy.resolve(dir));
            try (var jars = Files.list(root.resolve(dir))) {
                for (Path jar : jars.toList()) {
                    Files.copy(jar, copy.resolve(dir).resolve(jar.getFileName()));
                }
            }
        }
        for (String module : List.of(
                "local-stack", "schema-registry", "handover-api", "handover-processor", "notification-service")) {
            Path jar = Path.of(module, "target", module + "-0.1.0-SNAPSHOT.jar");
            Files.createDirectories(copy.resolve(jar).getParent());
            Files.copy(root.resolve(jar), copy.resolve(jar));
        }
        return copy;
    }

    private static LocalDate latestClockChange(LocalDate notAfter) {
        for (LocalDate month = notAfter.withDayOfMonth(1); ; month = month.minusMonths(1)) {
            if (month.getMonthValue() == 3 || month.getMonthValue() == 10) {
                LocalDate lastSunday = month.with(TemporalAdjusters.lastInMonth(DayOfWeek.SUNDAY));
                if (!lastSunday.isAfter(notAfter)) {
                    return lastSunday;
                }
            }
        }
    }

    private static int freeOffset() throws IOException {
        for (int offset = 1000; offset < 6000; offset += 100) {
            boolean free = true;
            for (int port : new int[] {9092, 9093, 8081, 8080, 8082, 8083, 8025, 8026, 2525, 5432}) {
                try (ServerSocket socket = new ServerSocket(port + offset)) {
                    socket.setReuseAddress(true);
                } catch (IOException e) {
                    free = false;
                    break;
                }
            }
            if (free) {
                return offset;
            }
        }
        throw new IOException("no free port range");
    }

    private static String console() {
        try {
            return Files.readString(console, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * Issue 14's acceptance on the simulator's traffic: the analysts' dashboard, in a real headless Chromium, shows the
     * simulated period; every chart is drawn, and each chart's table (and the tiles) equals what the report API
     * answers to the same requests with the dashboard's token, for the whole period and for QEUH with division G;
     * axe-core finds no WCAG 2.1 A/AA violation with these data (1280 px). Nested, so it runs on the same platform
     * after the tests above have compared the reports with the truth. One browser session.
     */
    @Nested
    class TheDashboard {

        @Test
        void givenTheSimulatedPeriod_whenAnAnalystOpensTheDashboard_thenEveryChartIsDrawnAndEachTableIsTheReportApis()
                throws Exception {
            Chromium.requireInstalled();
            long started = System.nanoTime();
            LocalDate lastDay = periodEnd.minusDays(1);
            ChromeDriver browser = Chromium.start();
            DashboardCheck dashboard = new DashboardCheck(api, browser);
            List<String> phases = new ArrayList<>();
            try {
                phases.add(String.format("browser %.1f s", (System.nanoTime() - started) / 1e9));
                dashboard.signInFor(periodStart, lastDay);
                phases.add(String.format("signed in and loaded %.1f s", (System.nanoTime() - started) / 1e9));
                dashboard.assertEveryChartRendered();
                dashboard.assertTablesEqualTheReportApi(periodStart, lastDay, "", "");
                phases.add(String.format("compared %.1f s", (System.nanoTime() - started) / 1e9));
                Axe.assertAccessible(browser, "the dashboard with the simulated period, 1280 px");
                phases.add(String.format("axe %.1f s", (System.nanoTime() - started) / 1e9));

                dashboard.show("QEUH", "G");
                dashboard.assertEveryChartRendered();
                dashboard.assertTablesEqualTheReportApi(periodStart, lastDay, "QEUH", "G");
                phases.add(String.format("QEUH and G compared %.1f s", (System.nanoTime() - started) / 1e9));
                assertThat(dashboard.severeBrowserLogs()).isEmpty();
            } finally {
                dashboard.keepEvidence("ground-truth-dashboard");
                browser.quit();
            }
            System.out.printf(
                    "Dashboard checked against the report API in %.1f s (%s)%n",
                    (System.nanoTime() - started) / 1e9, String.join(", ", phases));
        }
    }
}
