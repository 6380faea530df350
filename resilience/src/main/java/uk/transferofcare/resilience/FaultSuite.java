package uk.transferofcare.resilience;

import java.io.IOException;
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
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The fault suite (issue 15): starts the platform as {@code ./run} does ({@code --brokers 3} by default: three KRaft
 * nodes, replication factor 3, {@code min.insync.replicas} 2), then for each fault kind, one at a time, drives the
 * simulator's traffic with its ground truth at a steady rate, injects the fault a while into the run, and compares
 * with the truth: answers that differ from the oracle (a verdict the rules do not give, a submission given up after
 * every retry), cases the API shows differently from the truth once the run is over (a 2xx never applied, an event
 * applied twice), and how long until every service was ready again. Prints the table and writes it to {@code
 * resilience/results/<date>-faults.md}.
 *
 * <pre>
 * ./mvnw -q -DskipTests install
 * java -jar resilience/target/resilience-0.1.0-SNAPSHOT.jar [--faults none,processor,api,...] [--brokers 3]
 *     [--rate 40] [--cases 300] [--fault-after 15s] [--pause 60s] [--outage 300s] [--ports-offset 400]
 *     [--results DIR]
 * </pre>
 *
 * <p>A program, not a test: it takes minutes and the machine's load shapes the recovery times. It exits 1 when any
 * row found a difference.
 */
public final class FaultSuite {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    static final String USAGE = "java -jar resilience/target/resilience-0.1.0-SNAPSHOT.jar [--faults "
            + String.join(",", Fault.ALL.stream().map(Fault::name).toList())
            + "] [--brokers 1|3] [--instances 2] [--rate 40] [--cases 300] [--fault-after 15s] [--pause 60s] [--outage 300s]"
            + " [--ports-offset 400] [--repeat 10] [--alerts-clear 1200s]"
            + " [--results DIR]";

    /** Kills and pauses per row unless {@code --repeat} says otherwise: issue 15 asks for ten of each. */
    static final int DEFAULT_REPEAT = 10;

    /**
     * Cases per repetition of a kill or pause when {@code --cases} is not given: enough traffic for each repetition's
     * {@code --fault-after} and the restart that follows it (up to about 80 s for handover-api on two shared cores).
     */
    static final int CASES_PER_REPETITION = 300;

    private FaultSuite() {}

    /** The suite's options. */
    record Options(
            List<Fault> faults,
            int brokers,
            int instances,
            double rate,
            int cases,
            Duration faultAfter,
            Duration pause,
            Duration outage,
            int portsOffset,
            Path results,
            int repeat,
            Duration alertsClear,
            boolean casesGiven) {

        static Options parse(String[] args, Path root) {
            List<Fault> faults = Fault.ALL;
            int brokers = 3;
            int instances = 2;
            double rate = 40;
            int cases = 300;
            Duration faultAfter = Duration.ofSeconds(15);
            Duration pause = Duration.ofSeconds(60);
            Duration outage = Duration.ofMinutes(5);
            int offset = 400;
            int repeat = DEFAULT_REPEAT;
            boolean casesGiven = false;
            // Longer than the longest look-back of a rule (DeadLettersGrowing's 15 minutes) plus its evaluation.
            Duration alertsClear = Duration.ofMinutes(20);
            Path results = root.resolve("resilience/results");
            for (int i = 0; i < args.length; i++) {
                String option = args[i];
                if (!option.startsWith("--")) {
                    throw new IllegalArgumentException("unexpected argument '" + option + "'; usage: " + USAGE);
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(option + " needs a value; usage: " + USAGE);
                }
                String value = args[++i];
                switch (option) {
                    case "--faults" -> faults = Fault.parse(value);
                    case "--brokers" -> brokers = integer(option, value);
                    case "--instances" -> instances = integer(option, value);
                    case "--rate" -> rate = number(option, value);
                    case "--cases" -> {
                        cases = integer(option, value);
                        casesGiven = true;
                    }
                    case "--fault-after" -> faultAfter = seconds(option, value);
                    case "--pause" -> pause = seconds(option, value);
                    case "--outage" -> outage = seconds(option, value);
                    case "--ports-offset" -> offset = integer(option, value);
                    case "--results" -> results = Path.of(value);
                    case "--repeat" -> repeat = integer(option, value);
                    case "--alerts-clear" -> alertsClear = seconds(option, value);
                    default -> throw new IllegalArgumentException("unknown option " + option + "; usage: " + USAGE);
                }
            }
            if (brokers != 1 && brokers != 3) {
                throw new IllegalArgumentException("--brokers must be 1 or 3, was " + brokers);
            }
            if (repeat < 1 || repeat > 100) {
                throw new IllegalArgumentException("--repeat must be between 1 and 100, was " + repeat);
            }
            if (instances < 1 || instances > 3) {
                throw new IllegalArgumentException("--instances must be between 1 and 3, was " + instances);
            }
            if (rate <= 0 || cases <= 0) {
                throw new IllegalArgumentException("--rate and --cases must be positive");
            }
            return new Options(
                    faults,
                    brokers,
                    instances,
                    rate,
                    cases,
                    faultAfter,
                    pause,
                    outage,
                    offset,
                    results,
                    repeat,
                    alertsClear,
                    casesGiven);
        }

        /** Whether a row of this fault kills or pauses {@link #repeat} times. */
        boolean repeats(Fault fault) {
            return fault.process() != null && repeat > 1;
        }

        /**
         * The cases of a row: {@code --cases}, or for a row that repeats its kill or pause without {@code --cases},
         * {@value #CASES_PER_REPETITION} per repetition (at least the default).
         */
        int casesFor(Fault fault) {
            return repeats(fault) && !casesGiven ? Math.max(cases, CASES_PER_REPETITION * repeat) : cases;
        }

        /** The ports and process names of the platform these options start. */
        StackPorts ports() {
            return new StackPorts(portsOffset, brokers, instances);
        }

        /**
         * The launcher's {@code --max-restarts}: its default of 5 deaths of one process within 10 minutes, plus the
         * suite's own repeated kills of it.
         */
        int maxRestarts() {
            return Math.min(100, 5 + repeat);
        }

        private static int integer(String option, String value) {
            try {
                return Integer.parseInt(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + " takes a whole number, was '" + value + "'");
            }
        }

        private static double number(String option, String value) {
            try {
                return Double.parseDouble(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + " takes a number such as 40, was '" + value + "'");
            }
        }

        private static Duration seconds(String option, String value) {
            if (!value.matches("\\d+s")) {
                throw new IllegalArgumentException(option + " takes seconds such as 30s, was " + value);
            }
            return Duration.ofSeconds(Long.parseLong(value.substring(0, value.length() - 1)));
        }
    }

    /**
     * One row of the table.
     *
     * @param notifications what the notification receivers saw, when the dev inbox could be read
     * @param reports the platform's reports against the truth of every row so far (empty: not compared, which fails)
     * @param failures what the row found beyond the simulator's comparison (a poison record nobody dead-lettered)
     */
    record Row(
            Fault fault,
            Optional<SimulatorResult> result,
            Duration readyAgainAfter,
            Optional<Notifications.Count> notifications,
            Optional<Reports> reports,
            String note,
            List<String> failures,
            Optional<Alerts.Seen> alerts,
            Optional<DeliveryAudit.Result> deliveries,
            Optional<Latency> latency,
            Optional<WhoMustHear.Result> routing,
            Optional<EventLedger.Result> ledger) {
        Row(
                Fault fault,
                Optional<SimulatorResult> result,
                Duration readyAgainAfter,
                Optional<Notifications.Count> notifications,
                Optional<Reports> reports,
                String note,
                List<String> failures) {
            this(
                    fault,
                    result,
                    readyAgainAfter,
                    notifications,
                    reports,
                    note,
                    failures,
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty());
        }

        /** This row with what the alerts did. */
        Row withAlerts(Alerts.Seen seen) {
            return checked(Optional.of(seen), deliveries, latency, routing, ledger);
        }

        /** This row with the notification service's audit trail held against the receivers. */
        Row withDeliveries(DeliveryAudit.Result audit) {
            return checked(alerts, Optional.of(audit), latency, routing, ledger);
        }

        /** This row with the suite's own oracle of who must hear held against the receivers. */
        Row withRouting(WhoMustHear.Result heard) {
            return checked(alerts, deliveries, latency, Optional.of(heard), ledger);
        }

        /** This row with its cases' event stream held against the record's invariants. */
        Row withLedger(EventLedger.Result events) {
            return checked(alerts, deliveries, latency, routing, Optional.of(events));
        }

        private Row checked(
                Optional<Alerts.Seen> alerts,
                Optional<DeliveryAudit.Result> deliveries,
                Optional<Latency> latency,
                Optional<WhoMustHear.Result> routing,
                Optional<EventLedger.Result> ledger) {
            return new Row(
                    fault,
                    result,
                    readyAgainAfter,
                    notifications,
                    reports,
                    note,
                    failures,
                    alerts,
                    deliveries,
                    latency,
                    routing,
                    ledger);
        }

        boolean clean() {
            return failures.isEmpty()
                    && result.map(SimulatorResult::clean).orElse(false)
                    && reports.map(r -> r.differing() == 0).orElse(false)
                    && notifications
                            .map(n -> n.duplicates() == 0 && n.undelivered() == 0)
                            .orElse(true)
                    && deliveries.map(DeliveryAudit.Result::clean).orElse(true)
                    && routing.map(WhoMustHear.Result::clean).orElse(true)
                    && ledger.map(EventLedger.Result::clean).orElse(false);
        }
    }

    /**
     * The live cases of each row ({@link LiveCases}): their marks fall due from 20 s into the row (the first fault comes
     * at 15 s), 12 s apart.
     */
    static final int LIVE_ESCALATIONS = 6;

    static final int LIVE_LEGAL_CLOCKS = 2;
    static final int LIVE_CLOSED_EARLY = 2;
    static final Duration LIVE_FIRST_DUE = Duration.ofSeconds(20);
    static final Duration LIVE_SPACING = Duration.ofSeconds(12);
    /** The live cases opened before a repetition: their marks fall due from 5 s after it on. */
    static final Duration LIVE_AGAIN_DUE = Duration.ofSeconds(5);

    /** How long after the traffic the live cases may take to see their marks and be closed. */
    static final Duration LIVE_FINISH_WITHIN = Duration.ofMinutes(6);

    public static void main(String[] args) throws Exception {
        Path root = repositoryRoot();
        Options options;
        try {
            options = Options.parse(args, root);
        } catch (IllegalArgumentException e) {
            System.err.println("resilience: " + e.getMessage());
            System.exit(2);
            return;
        }
        for (String module : List.of("local-stack", "simulator")) {
            Path jar = root.resolve(module + "/target/" + module + "-0.1.0-SNAPSHOT.jar");
            if (!Files.isRegularFile(jar)) {
                System.err.println("resilience: not built: " + root.relativize(jar)
                        + "; build with ./mvnw -q -DskipTests install first");
                System.exit(2);
            }
        }
        String loadBefore = loadAverage();
        Instant startedAt = Instant.now();
        Path data = Files.createTempDirectory("fault-suite-");
        List<Row> rows = new CopyOnWriteArrayList<>();
        // Row i sends the cases of one day, i days before the first (so no two rows share a case or a day).
        LocalDate firstDay = LocalDate.now(ZoneOffset.UTC).minusDays(30);
        Stack started;
        try {
            started = Stack.start(root, data, options.ports(), options.maxRestarts());
        } catch (IOException e) {
            System.err.println("resilience: " + e.getMessage());
            System.exit(3);
            return;
        }
        // Stopped with Ctrl-C or SIGTERM: the rows finished so far, then the platform, the simulator and Prometheus
        // stopped as the launcher stops on Ctrl-C (try-with-resources does not run when the JVM is asked to exit).
        AtomicBoolean finished = new AtomicBoolean();
        Thread stopper = new Thread(
                () -> {
                    if (finished.get()) {
                        return;
                    }
                    System.out.println("\nresilience: stopped before the end; the rows finished so far:\n"
                            + ResultTable.markdown(List.copyOf(rows), options));
                    ProcessHandle.current().children().forEach(ProcessHandle::destroy);
                    try {
                        started.close();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "fault-suite-stop");
        Runtime.getRuntime().addShutdownHook(stopper);
        try (Stack stack = started) {
            System.out.printf(
                    Locale.ROOT,
                    "Platform on %d broker(s), %d instance(s) of handover-api and of handover-processor, ready at %s in"
                            + " %d s (data in %s)%n",
                    options.brokers(),
                    options.instances(),
                    stack.apiUrl(),
                    Duration.between(startedAt, Instant.now()).toSeconds(),
                    data);
            Optional<Alerts> alerts = Alerts.start(root, data, stack.apiUrl(), stack.ports());
            try {
                int index = 0;
                for (Fault fault : options.faults()) {
                    rows.add(runOne(root, stack, alerts, fault, options, index++, firstDay));
                    Row row = rows.get(rows.size() - 1);
                    System.out.println(ResultTable.line(row, options));
                    if (!stack.isRunning()) {
                        System.out.println("resilience: the launcher stopped the platform; the rows left are not run");
                        break;
                    }
                }
            } finally {
                if (alerts.isPresent()) {
                    alerts.get().close();
                }
            }
        }
        finished.set(true);
        String loadAfter = loadAverage();
        String table = ResultTable.markdown(rows, options);
        System.out.println();
        System.out.println(table);
        Files.createDirectories(options.results());
        Path file = options.results().resolve(fileName(LocalDate.now(ZoneOffset.UTC), options));
        Files.writeString(
                file,
                ResultTable.document(
                        rows,
                        options,
                        DateTimeFormatter.ISO_INSTANT.format(
                                startedAt.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)),
                        loadBefore,
                        loadAfter,
                        String.join(" ", args)),
                StandardCharsets.UTF_8);
        System.out.println("Written to " + file);
        boolean clean = rows.stream().allMatch(Row::clean);
        System.exit(clean ? 0 : 1);
    }

    /** {@code <date>-faults.md} for every fault on three nodes; a subset or one node says so in the name. */
    static String fileName(LocalDate date, Options options) {
        StringBuilder name = new StringBuilder(date + "-faults");
        if (!options.faults().equals(Fault.ALL)) {
            options.faults().forEach(f -> name.append('-').append(f.name()));
        }
        if (options.brokers() == 1) {
            name.append("-1-broker");
        }
        if (options.repeat() != DEFAULT_REPEAT) {
            name.append("-x").append(options.repeat());
        }
        if (options.instances() != 2) {
            name.append("-").append(options.instances()).append(options.instances() == 1 ? "-instance" : "-instances");
        }
        return name.append(".md").toString();
    }

    private static Row runOne(
            Path root,
            Stack stack,
            Optional<Alerts> alerts,
            Fault fault,
            Options options,
            int index,
            LocalDate firstDay)
            throws IOException, InterruptedException {
        Path truth = stack.dataDir().resolve("truth-" + fault.name() + ".jsonl");
        Path output = stack.dataDir().resolve("simulator-" + fault.name() + ".log");
        List<String> command = List.of(
                javaBin(),
                "-Xmx256m",
                "-jar",
                root.resolve("simulator/target/simulator-0.1.0-SNAPSHOT.jar").toString(),
                "--base-url",
                stack.apiUrl().toString(),
                "--from",
                firstDay.minusDays(index).toString(),
                "--days",
                "1",
                "--cases",
                Integer.toString(options.casesFor(fault)),
                "--rate",
                Double.toString(options.rate()),
                "--seed",
                Long.toString(1500L + index),
                "--truth",
                truth.toString(),
                "--verify",
                "--verify-timeout",
                "120s",
                "--quiet");
        System.out.printf(
                Locale.ROOT,
                "%n== %s: %d cases at %.0f submissions/s%n",
                fault.name(),
                options.casesFor(fault),
                options.rate());
        Notifications inbox = new Notifications(stack.inboxUrl());
        boolean counting = true;
        try {
            inbox.clear();
        } catch (IOException e) {
            counting = false;
            System.out.println("   the dev inbox could not be cleared, notifications not counted: " + e);
        }
        List<String> activeBefore = alerts.map(Alerts::beginRow).orElse(List.of());
        Process simulator = new ProcessBuilder(command)
                .directory(root.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        Duration readyAgain = Duration.ZERO;
        // The first fault's start and the last one's end, for the latency: a kill ends at once, a pause at its
        // SIGCONT, an outage when the receiver is back.
        Instant faultBegan = null;
        Instant faultEnded = null;
        List<Duration> repetitions = List.of();
        List<String> targets = new ArrayList<>();
        String note = "";
        List<String> failures = new ArrayList<>();
        PoisonRecords poison = null;
        // Cases of today whose timer marks fall due during the fault (the simulator's are a month old: their marks
        // notify nobody); a batch more before each repetition of a kill or a pause.
        List<LiveCases> live = new ArrayList<>();
        openLive(stack, LIVE_FIRST_DUE, live, failures);
        if (fault.kind() != Fault.Kind.NONE) {
            if (simulator.waitFor(options.faultAfter().toMillis(), TimeUnit.MILLISECONDS)) {
                note = "the traffic ended before the fault; use more --cases";
            } else {
                Instant injected = Instant.now();
                faultBegan = injected;
                faultEnded = fault.kind().isOutage() ? injected.plus(options.outage()) : injected;
                if (fault.kind() == Fault.Kind.POISON) {
                    poison = new PoisonRecords(stack.kafkaBootstrap());
                    System.out.printf(
                            Locale.ROOT, "   %s: %s (key %s)%n", injected, describe(fault, options), poison.key());
                    try {
                        poison.inject();
                    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                        failures.add("the poison records could not be written: " + e);
                    }
                } else if (fault.kind() == Fault.Kind.WEBHOOK_OUTAGE) {
                    System.out.printf(Locale.ROOT, "   %s: %s%n", injected, describe(fault, options));
                    // The services stay up: their readiness is measured at once, then the outage runs its course.
                    inbox.failWebhooks(503, options.outage());
                } else if (fault.kind() == Fault.Kind.WEBHOOK_DOWN) {
                    System.out.printf(Locale.ROOT, "   %s: %s%n", injected, describe(fault, options));
                    inbox.stopWebhooks(options.outage());
                } else if (fault.kind() == Fault.Kind.SMTP_OUTAGE) {
                    System.out.printf(Locale.ROOT, "   %s: %s%n", injected, describe(fault, options));
                    inbox.stopSmtp(options.outage());
                } else if (fault.kind() == Fault.Kind.WEBHOOK_REFUSED) {
                    System.out.printf(Locale.ROOT, "   %s: %s%n", injected, describe(fault, options));
                    inbox.failWebhooks(401, options.outage());
                } else if (fault.kind() == Fault.Kind.WEBHOOK_SLOW) {
                    System.out.printf(Locale.ROOT, "   %s: %s%n", injected, describe(fault, options));
                    inbox.slowWebhooks(Fault.SLOW_ANSWER, 0, options.outage());
                } else if (fault.kind() == Fault.Kind.WEBHOOK_OVERLOADED) {
                    System.out.printf(Locale.ROOT, "   %s: %s%n", injected, describe(fault, options));
                    inbox.slowWebhooks(Fault.OVERLOADED_ANSWER, Fault.OVERLOADED_CONCURRENT, options.outage());
                } else {
                    String process = target(stack, fault, 1);
                    long pid = stack.pid(process);
                    targets.add(process);
                    System.out.printf(
                            Locale.ROOT, "   %s: %s (%s, pid %d)%n", injected, describe(fault, options), process, pid);
                    inject(fault, pid, options.pause());
                    if (fault.kind() == Fault.Kind.PAUSE) {
                        faultEnded = Instant.now();
                    }
                }
                readyAgain = stack.awaitAllReady(Duration.ofMinutes(5))
                        .map(at -> Duration.between(injected, at))
                        .orElse(Duration.ofMinutes(-1));
                if (options.repeats(fault) && !readyAgain.isNegative()) {
                    List<Duration> each = new ArrayList<>(List.of(readyAgain));
                    for (int time = 2; time <= options.repeat(); time++) {
                        if (simulator.waitFor(options.faultAfter().toMillis(), TimeUnit.MILLISECONDS)) {
                            failures.add("the traffic ended after " + (time - 1) + " of " + options.repeat()
                                    + " repetitions; give the row more --cases");
                            break;
                        }
                        Instant again = Instant.now();
                        String process = target(stack, fault, time);
                        long pid = stack.pid(process);
                        targets.add(process);
                        System.out.printf(
                                Locale.ROOT,
                                "   %s: again, %d of %d (%s, pid %d)%n",
                                again,
                                time,
                                options.repeat(),
                                process,
                                pid);
                        openLive(stack, LIVE_AGAIN_DUE, live, failures);
                        inject(fault, pid, options.pause());
                        faultEnded = fault.kind() == Fault.Kind.PAUSE ? Instant.now() : again;
                        Duration took = stack.awaitAllReady(Duration.ofMinutes(5))
                                .map(at -> Duration.between(again, at))
                                .orElse(Duration.ofMinutes(-1));
                        if (took.isNegative()) {
                            readyAgain = took;
                            break;
                        }
                        each.add(took);
                    }
                    if (!readyAgain.isNegative()) {
                        readyAgain = each.stream().max(Duration::compareTo).orElseThrow();
                    }
                    repetitions = each;
                }
                String last = stack.lastNotReady();
                System.out.printf(
                        Locale.ROOT,
                        "   every service ready again %s after the fault began%s%n",
                        readyAgain.isNegative() ? "NOT within 5 min" : readyAgain.toMillis() / 1000.0 + " s",
                        last.isEmpty() ? "" : " (the last not ready: " + last + ")");
                if (!last.isEmpty()) {
                    note = (note.isEmpty() ? "" : note + "; ") + "the last not ready: " + last;
                }
                if (Fault.ACTIVE_CONTROLLER.equals(fault.process()) && !targets.isEmpty()) {
                    note = (note.isEmpty() ? "" : note + "; ") + "the active controller killed: "
                            + String.join(", ", targets);
                } else if (targets.stream().distinct().count() > 1) {
                    note = (note.isEmpty() ? "" : note + "; ") + "in turn: " + inTurn(targets);
                }
                if (repetitions.size() > 1) {
                    note = (note.isEmpty() ? "" : note + "; ") + repetitions.size() + " times, ready again after "
                            + repetitions.stream()
                                    .map(d -> String.format(Locale.ROOT, "%.1f", d.toMillis() / 1000.0))
                                    .collect(java.util.stream.Collectors.joining(", "))
                            + " s (the longest in the column)";
                }
                if (fault.kind().isOutage()) {
                    Duration left = Duration.between(Instant.now(), injected.plus(options.outage()));
                    if (!left.isNegative()) {
                        Thread.sleep(left.toMillis());
                    }
                }
                if (fault.kind() == Fault.Kind.WEBHOOK_REFUSED) {
                    // An attempt answered 401 just before the receiver was fixed reaches the dead-letter topic a
                    // moment later: the operator replays once the refusals have stopped.
                    Thread.sleep(REPLAY_AFTER.toMillis());
                    try {
                        long replayed = DeadLetters.replay(stack.apiUrl(), notificationUrl(stack));
                        System.out.printf(Locale.ROOT, "   %s: dead letters replayed: %d%n", Instant.now(), replayed);
                        note = (note.isEmpty() ? "" : note + "; ") + replayed
                                + " dead-lettered deliveries replayed (POST /api/notifications/dlt/replay) "
                                + REPLAY_AFTER.toSeconds() + " s after the receiver accepted again";
                    } catch (IOException e) {
                        failures.add("the dead letters could not be replayed: " + e.getMessage());
                    }
                }
            }
        }
        if (!simulator.waitFor(15, TimeUnit.MINUTES)) {
            simulator.destroyForcibly();
            note = (note.isEmpty() ? "" : note + "; ") + "the simulator did not finish within 15 min";
        }
        long liveDeadline = System.nanoTime() + LIVE_FINISH_WITHIN.toNanos();
        for (LiveCases batch : live) {
            batch.finish(Duration.ofNanos(Math.max(0, liveDeadline - System.nanoTime())));
        }
        java.util.Set<String> rowCases = new java.util.HashSet<>();
        if (Files.isRegularFile(truth)) {
            rowCases.addAll(caseIds(truth));
        }
        List<tools.jackson.databind.JsonNode> liveLines = new ArrayList<>();
        for (LiveCases batch : live) {
            rowCases.addAll(batch.caseIds());
            liveLines.addAll(batch.truthLines());
        }
        if (poison != null) {
            List<String> missing = poison.notDeadLettered(Duration.ofSeconds(60));
            int found = PoisonRecords.INPUTS.size() - missing.size();
            System.out.printf(
                    Locale.ROOT,
                    "   poison records on a dead-letter topic: %d of %d%n",
                    found,
                    PoisonRecords.INPUTS.size());
            missing.forEach(topic -> failures.add("no dead letter for the poison on " + topic + " (read by "
                    + PoisonRecords.INPUTS.get(topic) + ")"));
            if (missing.isEmpty()) {
                note = (note.isEmpty() ? "" : note + "; ") + "each poison record on its dead-letter topic";
            }
        }
        Optional<Notifications.Count> notifications = Optional.empty();
        Optional<DeliveryAudit.Result> deliveries = Optional.empty();
        Optional<WhoMustHear.Result> routing = Optional.empty();
        if (counting) {
            try {
                // After an outage the notification service's retry rounds (10 s, 50 s, 250 s apart) bring what was
                // refused, and what its circuit breaker held back without an attempt: wait for a quiet spell longer
                // than the longest of those delays.
                boolean outage = fault.kind().isOutage();
                Duration quiet = outage ? Duration.ofSeconds(260) : Duration.ofSeconds(15);
                Duration max = outage ? Duration.ofMinutes(12) : Duration.ofMinutes(3);
                notifications = Optional.of(inbox.settle(quiet, max));
                System.out.println("   notifications: " + notifications.get());
                try {
                    deliveries =
                            Optional.of(DeliveryAudit.audit(stack.kafkaBootstrap(), rowCases, inbox::receivedKeys));
                    System.out.println("   the notification service's audit trail: " + deliveries.get());
                    if (!deliveries.get().clean()) {
                        failures.add("notifications missing: " + deliveries.get());
                    }
                } catch (Exception e) {
                    note = (note.isEmpty() ? "" : note + "; ") + "deliveries not audited: " + e.getMessage();
                }
                if (Files.isRegularFile(truth)) {
                    routing = Optional.of(WhoMustHear.compare(truth, liveLines, inbox));
                    System.out.println("   who must hear (the suite's own routing oracle): " + routing.get());
                    if (!routing.get().clean()) {
                        failures.add("notifications unlike the routing: " + routing.get());
                    }
                }
            } catch (IOException e) {
                note = (note.isEmpty() ? "" : note + "; ") + "notifications not counted: " + e.getMessage();
            }
        }
        Optional<EventLedger.Result> ledger = Optional.empty();
        if (Files.isRegularFile(truth)) {
            try {
                List<EventLedger.Event> events = EventLedger.read(stack.kafkaBootstrap(), rowCases);
                ledger = Optional.of(EventLedger.judge(events));
                System.out.println("   the event stream: " + ledger.get());
                if (!ledger.get().clean()) {
                    failures.add("events applied twice or missing: " + ledger.get());
                }
                if (!live.isEmpty()) {
                    LiveCases.Result marks = LiveCases.judge(live, events);
                    System.out.println("   marks on the processor's clock: " + marks);
                    note = (note.isEmpty() ? "" : note + "; ") + marks;
                    if (!marks.clean()) {
                        failures.add("marks unlike what was due: " + marks);
                    }
                }
            } catch (RuntimeException e) {
                note = (note.isEmpty() ? "" : note + "; ") + "the event stream not read: " + e.getMessage();
            }
        }
        // Every row so far: their truth files, their days and three either side (corrections move arrivals; a case
        // never arrived counts on the day of its first point).
        List<Path> truths = new ArrayList<>();
        for (int i = 0; i <= index; i++) {
            Path file =
                    stack.dataDir().resolve("truth-" + options.faults().get(i).name() + ".jsonl");
            if (Files.isRegularFile(file)) {
                truths.add(file);
            }
        }
        Optional<Reports> reports = Reports.compare(
                root,
                stack,
                truths,
                firstDay.minusDays(index + 3L),
                firstDay.plusDays(4),
                stack.dataDir().resolve("reports-" + fault.name() + ".log"));
        System.out.println("   reports: " + reports.map(Reports::toString).orElse("not compared"));
        if (reports.isEmpty()) {
            note = (note.isEmpty() ? "" : note + "; ") + "reports not compared, see reports-" + fault.name() + ".log";
        }
        String text = Files.readString(output, StandardCharsets.UTF_8);
        Optional<SimulatorResult> result = SimulatorResult.parse(simulator.exitValue(), text);
        if (result.isEmpty()) {
            note = (note.isEmpty() ? "" : note + "; ") + "no summary from the simulator, see " + output;
        } else if (!result.get().clean()) {
            note = (note.isEmpty() ? "" : note + "; ") + "details in " + output;
        }
        Optional<Latency> latency = Optional.empty();
        if (Files.isRegularFile(truth)) {
            List<Latency.Sample> waits = Latency.read(truth);
            latency = faultBegan == null ? Latency.withoutFault(waits) : Latency.around(waits, faultBegan, faultEnded);
            boolean faulted = faultBegan != null;
            latency.ifPresent(l -> System.out.println("   verdict waits: " + l.cell(faulted)));
        }
        Optional<Alerts.Seen> seen = alerts.map(a -> a.endRow(activeBefore));
        if (seen.isPresent() && !seen.get().activeAtEnd().isEmpty()) {
            System.out.println("   alerts still active at the row's end: "
                    + String.join(", ", seen.get().activeAtEnd()) + "; waiting up to "
                    + options.alertsClear().toMinutes() + " min for them to clear");
            seen = Optional.of(alerts.get().awaitClear(seen.get(), options.alertsClear()));
            if (!seen.get().cleared()) {
                failures.add("alerts not cleared " + options.alertsClear().toMinutes() + " min after the row: "
                        + String.join(", ", seen.get().notCleared()));
            }
        }
        seen.ifPresent(a -> System.out.println("   alerts: " + a.summary()));
        if (seen.isPresent() && !seen.get().sawAnyOf(fault.expectedAlerts())) {
            failures.add("no alert: none of " + String.join(", ", new java.util.TreeSet<>(fault.expectedAlerts()))
                    + " was pending or firing during the fault");
        }
        return new Row(
                fault,
                result,
                readyAgain,
                notifications,
                reports,
                note,
                List.copyOf(failures),
                seen,
                deliveries,
                latency,
                routing,
                ledger);
    }

    /** Opens a batch of live cases whose first mark falls due {@code firstDue} from now. */
    private static void openLive(Stack stack, Duration firstDue, List<LiveCases> live, List<String> failures)
            throws InterruptedException {
        try {
            live.add(LiveCases.start(
                    stack.apiUrl(),
                    stack.kafkaBootstrap(),
                    LiveCases.plan(
                            LIVE_ESCALATIONS,
                            LIVE_LEGAL_CLOCKS,
                            LIVE_CLOSED_EARLY,
                            Instant.now(),
                            firstDue,
                            LIVE_SPACING)));
        } catch (IOException e) {
            failures.add("live cases could not be opened: " + e.getMessage());
        }
    }

    /** The case ids of a simulator truth file (its {@code "kind":"case"} lines). */
    static java.util.Set<String> caseIds(Path truth) throws IOException {
        java.util.Set<String> ids = new java.util.HashSet<>();
        tools.jackson.databind.json.JsonMapper json =
                tools.jackson.databind.json.JsonMapper.builder().build();
        for (String line : Files.readAllLines(truth, StandardCharsets.UTF_8)) {
            if (line.contains("\"kind\":\"case\"")) {
                ids.add(json.readTree(line).path("caseId").asString());
            }
        }
        return ids;
    }

    /**
     * The process a kill or a pause acts on the {@code time}-th time in its row: the active controller is asked of the
     * cluster; with several instances of a service, each in turn.
     */
    private static String target(Stack stack, Fault fault, int time) throws IOException {
        return Fault.ACTIVE_CONTROLLER.equals(fault.process())
                ? stack.activeController()
                : stack.ports().process(fault.process(), time);
    }

    /** How often each process was acted on, in the order first acted on: "handover-api-1 5 times, ...". */
    static String inTurn(List<String> targets) {
        Map<String, Long> times = targets.stream()
                .collect(java.util.stream.Collectors.groupingBy(
                        t -> t, java.util.LinkedHashMap::new, java.util.stream.Collectors.counting()));
        return times.entrySet().stream()
                .map(e -> e.getKey() + " " + (e.getValue() == 1 ? "once" : e.getValue() + " times"))
                .collect(java.util.stream.Collectors.joining(", "));
    }

    static String describe(Fault fault, Options options) {
        String text = fault.describe(options.pause(), options.outage());
        if (fault.process() != null && options.instances() > 1) {
            String process = options.ports().process(fault.process());
            if (process.equals(fault.process() + "-1")) {
                String which = !options.repeats(fault)
                        ? process + " (one of " + options.instances() + ")"
                        : options.instances() == 2
                                ? process + " and -2 in turn"
                                : process + " to -" + options.instances() + " in turn";
                text = text.replace(fault.process(), which);
            }
        }
        if (fault.process() != null && options.repeat() > 1) {
            text += ", " + options.repeat() + " times";
        }
        return text;
    }

    /** How long after a refusing receiver is fixed the suite replays the dead letters. */
    static final Duration REPLAY_AFTER = Duration.ofSeconds(10);

    private static URI notificationUrl(Stack stack) {
        return URI.create("http://127.0.0.1:" + stack.ports().services().get("notification-service"));
    }

    static void inject(Fault fault, long pid, Duration pause) throws IOException, InterruptedException {
        if (fault.kind() == Fault.Kind.KILL) {
            signal("KILL", pid);
            // Give ./run a moment to notice; readiness may still answer from the old process for an instant.
            Thread.sleep(1000);
        } else {
            // The process and everything it started: PostgreSQL serves each connection from a backend process of its
            // own, which a SIGSTOP of the server alone would leave answering.
            List<Long> children = ProcessHandle.of(pid).stream()
                    .flatMap(ProcessHandle::descendants)
                    .map(ProcessHandle::pid)
                    .toList();
            signal("STOP", pid);
            for (long child : children) {
                signalIfAlive("STOP", child);
            }
            Thread.sleep(pause.toMillis());
            for (long child : children) {
                signalIfAlive("CONT", child);
            }
            signal("CONT", pid);
        }
    }

    /** A child may end between the listing and the signal (a backend whose connection the other side closed). */
    private static void signalIfAlive(String signal, long pid) throws IOException, InterruptedException {
        try {
            signal(signal, pid);
        } catch (IOException e) {
            if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                throw e;
            }
        }
    }

    private static void signal(String signal, long pid) throws IOException, InterruptedException {
        int code = new ProcessBuilder("kill", "-" + signal, Long.toString(pid))
                .inheritIO()
                .start()
                .waitFor();
        if (code != 0) {
            throw new IOException("kill -" + signal + " " + pid + " failed with " + code);
        }
    }

    /** The load average line; procfs files are read by lines (a whole-file read returned a part of one here). */
    static String loadAverage() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/loadavg"));
            return lines.isEmpty() ? "unknown" : lines.get(0).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The repository root: the working directory or one of its parents holding mvnw and local-stack. */
    static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            if (Files.exists(dir.resolve("mvnw")) && Files.isDirectory(dir.resolve("local-stack"))) {
                return dir;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("run from inside the repository");
    }

    /** GET url: true on a 200 whose body contains {@code "UP"}. */
    static boolean up(URI url) {
        try {
            HttpResponse<String> response = HTTP.send(
                    HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && response.body().contains("\"UP\"");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
