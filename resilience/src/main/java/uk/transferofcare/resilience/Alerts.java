package uk.transferofcare.resilience;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The operators' view during the suite: a real Prometheus (the {@code prometheus} on the PATH, e.g. Debian's package)
 * loads the repository's alert rules unchanged ({@code deploy/prometheus/alerts.yml}) and scrapes the three services'
 * management ports every 5 s with an ADMIN token, as compose's Prometheus does every 15 s (through {@link
 * TextFormatRelay}: Debian's Prometheus 2.42 drops a whole scrape that has an exemplar on a {@code _count}, which
 * Micrometer writes in OpenMetrics; 2.43 and later, compose's v3.5 among them, accept it). Every 2 s the suite reads
 * which alerts are pending (their expression holds, not yet for their {@code for:} time) or firing, and each row
 * reports what each alert did during it and what was still active when the row ended.
 */
final class Alerts implements AutoCloseable {

    static final int BASE_PORT = 9090;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** An alert's states, weakest first. */
    static final List<String> STATES = List.of("inactive", "pending", "firing");

    private final Process prometheus;
    private final TextFormatRelay relay;
    private final URI base;
    private final URI api;
    private final Path tokenFile;
    private final ScheduledExecutorService poller;
    /** The strongest state of each alert since {@link #beginRow}; guarded by itself. */
    private final Map<String, String> seen = new TreeMap<>();

    private Alerts(Process prometheus, TextFormatRelay relay, URI base, URI api, Path tokenFile) {
        this.prometheus = prometheus;
        this.relay = relay;
        this.base = base;
        this.api = api;
        this.tokenFile = tokenFile;
        this.poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "alerts");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * What the alerts did during one row, and after it.
     *
     * @param activeAtEnd pending or firing when the row's traffic and checks were over
     * @param clearedAfter from the row's end until nothing was active (and stayed so for {@link #QUIET}); empty when
     *     that did not happen within the suite's limit
     * @param notCleared still active when the suite stopped waiting
     */
    record Seen(
            Map<String, String> during,
            List<String> activeAtEnd,
            List<String> activeAtStart,
            Optional<Duration> clearedAfter,
            List<String> notCleared) {

        /** Not waited for: what was active at the end counts as not cleared. */
        Seen(Map<String, String> during, List<String> activeAtEnd, List<String> activeAtStart) {
            this(
                    during,
                    activeAtEnd,
                    activeAtStart,
                    activeAtEnd.isEmpty() ? Optional.of(Duration.ZERO) : Optional.empty(),
                    activeAtEnd);
        }

        boolean cleared() {
            return notCleared.isEmpty();
        }

        /** Whether any of {@code expected} was pending or firing during the row (true when nothing is expected). */
        boolean sawAnyOf(java.util.Set<String> expected) {
            return expected.isEmpty() || expected.stream().anyMatch(during::containsKey);
        }

        /** For the table: e.g. "ProjectionLagging pending, VerdictTimeouts firing; none active at the end". */
        String summary() {
            if (during.isEmpty()) {
                return "none";
            }
            List<String> parts = new ArrayList<>();
            during.forEach((name, state) ->
                    parts.add(name + " " + state + (activeAtStart.contains(name) ? " (active before the row)" : "")));
            String after;
            if (activeAtEnd.isEmpty()) {
                after = "all cleared by the end";
            } else if (clearedAfter.isPresent()) {
                after = "still active at the end: " + String.join(", ", activeAtEnd) + "; all cleared "
                        + String.format(
                                Locale.ROOT, "%.0f s", clearedAfter.get().toMillis() / 1000.0)
                        + " later";
            } else {
                after = "still active at the end: " + String.join(", ", activeAtEnd)
                        + (notCleared.equals(activeAtEnd) ? "" : "; not cleared: " + String.join(", ", notCleared));
            }
            return String.join(", ", parts) + "; " + after;
        }
    }

    /** How long nothing may be active before the alerts count as cleared: a pending alert can flicker off and on. */
    static final Duration QUIET = Duration.ofSeconds(20);

    /** The Prometheus binary on the PATH, if any. */
    static Optional<Path> binary() {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, "prometheus");
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /**
     * Starts Prometheus for the stack on port {@value #BASE_PORT} + {@code offset}; empty, with the reason printed,
     * when there is no Prometheus or it does not start.
     */
    static Optional<Alerts> start(Path root, Path dataDir, URI api, StackPorts ports) throws InterruptedException {
        int offset = ports.offset();
        Optional<Path> binary = binary();
        if (binary.isEmpty()) {
            System.out.println("Alerts not observed: no prometheus on the PATH (Debian: apt-get install prometheus)");
            return Optional.empty();
        }
        try {
            Path dir = Files.createDirectories(dataDir.resolve("prometheus"));
            Path tokenFile = dir.resolve("admin.token");
            Files.writeString(tokenFile, adminToken(api, "fault-suite-prometheus"), StandardCharsets.UTF_8);
            TextFormatRelay relay = TextFormatRelay.start();
            Path config = dir.resolve("prometheus.yml");
            Files.writeString(
                    config,
                    config(
                            root.resolve("deploy/prometheus/alerts.yml"),
                            tokenFile,
                            ports,
                            OptionalInt.of(relay.port())),
                    StandardCharsets.UTF_8);
            URI base = URI.create("http://127.0.0.1:" + (BASE_PORT + offset));
            Process process = new ProcessBuilder(List.of(
                            binary.get().toString(),
                            "--config.file=" + config,
                            "--storage.tsdb.path=" + dir.resolve("data"),
                            "--web.listen-address=127.0.0.1:" + (BASE_PORT + offset)))
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("prometheus.log").toFile())
                    .start();
            process.getOutputStream().close();
            Alerts alerts = new Alerts(process, relay, base, api, tokenFile);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline && process.isAlive()) {
                if (ready(base)) {
                    alerts.poller.scheduleWithFixedDelay(alerts::poll, 0, 2, TimeUnit.SECONDS);
                    alerts.poller.scheduleWithFixedDelay(alerts::refreshToken, 15, 15, TimeUnit.SECONDS);
                    System.out.println("Alerts observed through Prometheus at " + base + " (rules: "
                            + root.relativize(root.resolve("deploy/prometheus/alerts.yml")) + ", log "
                            + dir.resolve("prometheus.log") + ")");
                    return Optional.of(alerts);
                }
                Thread.sleep(250);
            }
            alerts.close();
            System.out.println("Alerts not observed: Prometheus did not start, see " + dir.resolve("prometheus.log"));
            return Optional.empty();
        } catch (IOException e) {
            System.out.println("Alerts not observed: " + e.getMessage());
            return Optional.empty();
        }
    }

    /** Prometheus answers 200 on {@code /-/ready} once it serves queries. */
    private static boolean ready(URI base) {
        try {
            return HTTP.send(
                                    HttpRequest.newBuilder(base.resolve("/-/ready"))
                                            .timeout(Duration.ofSeconds(2))
                                            .build(),
                                    HttpResponse.BodyHandlers.discarding())
                            .statusCode()
                    == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The configuration: the repository's rules, every service instance's management port, an ADMIN bearer token. */
    static String config(Path rules, Path tokenFile, StackPorts ports) {
        return config(rules, tokenFile, ports, OptionalInt.empty());
    }

    /**
     * With a relay port, every target is scraped through the suite's relay ({@link TextFormatRelay}) at {@code
     * /<management port>/actuator/prometheus}: each target then sets its own {@code __metrics_path__} and keeps its
     * management address as its {@code instance}, so two instances of a service stay two series. One job per service,
     * as compose's Prometheus names them (the rules group by them).
     */
    static String config(Path rules, Path tokenFile, StackPorts ports, OptionalInt relay) {
        StringBuilder yaml = new StringBuilder();
        yaml.append("global:\n  scrape_interval: 5s\n  evaluation_interval: 5s\n");
        yaml.append("rule_files:\n  - \"").append(rules).append("\"\n");
        yaml.append("scrape_configs:\n");
        Map<String, List<Integer>> jobs = new TreeMap<>();
        ports.services()
                .forEach(
                        (process, port) -> jobs.computeIfAbsent(StackPorts.serviceOf(process), job -> new ArrayList<>())
                                .add(port + StackPorts.MANAGEMENT_OFFSET));
        jobs.forEach((job, managementPorts) -> {
            yaml.append("  - job_name: ")
                    .append(job)
                    .append("\n    metrics_path: /actuator/prometheus")
                    .append("\n    authorization:\n      type: Bearer\n      credentials_file: \"")
                    .append(tokenFile)
                    .append("\"\n    static_configs:\n");
            for (int port : managementPorts) {
                if (relay.isPresent()) {
                    yaml.append("      - targets: [\"127.0.0.1:")
                            .append(relay.getAsInt())
                            .append("\"]\n        labels:\n          __metrics_path__: /")
                            .append(port)
                            .append("/actuator/prometheus\n          instance: \"127.0.0.1:")
                            .append(port)
                            .append("\"\n");
                } else {
                    yaml.append("      - targets: [\"127.0.0.1:").append(port).append("\"]\n");
                }
            }
        });
        return yaml.toString();
    }

    /** Each alert's state in an answer of {@code GET /api/v1/alerts} (the strongest when it has several series). */
    static Map<String, String> parse(String body) {
        Map<String, String> states = new TreeMap<>();
        for (JsonNode alert : JSON.readTree(body).path("data").path("alerts")) {
            String name = alert.path("labels").path("alertname").asString("");
            String state = alert.path("state").asString("");
            if (!name.isEmpty() && STATES.contains(state)) {
                states.merge(name, state, Alerts::stronger);
            }
        }
        return states;
    }

    static String stronger(String a, String b) {
        return STATES.indexOf(a) >= STATES.indexOf(b) ? a : b;
    }

    /** The alerts active now (pending or firing); empty when Prometheus does not answer. */
    Map<String, String> active() {
        return query().orElse(Map.of());
    }

    /** The alerts active now; empty when Prometheus does not answer (not the same as none active). */
    private Optional<Map<String, String>> query() {
        try {
            HttpResponse<String> answer = HTTP.send(
                    HttpRequest.newBuilder(base.resolve("/api/v1/alerts"))
                            .timeout(Duration.ofSeconds(5))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return answer.statusCode() == 200 ? Optional.of(parse(answer.body())) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /**
     * After a row that ended with alerts active: waits (at most {@code max}) until Prometheus answers that none is
     * active, and again for {@link #QUIET}; the row's {@link Seen} with how long that took, or what was still active.
     * An operator's alert must clear by itself once its fault is over; the rules' windows (5 to 15 minutes) set how
     * long that takes.
     */
    Seen awaitClear(Seen row, Duration max) throws InterruptedException {
        return awaitClear(row, max, QUIET, Duration.ofSeconds(2), this::query);
    }

    /** {@link #awaitClear(Seen, Duration)} asking {@code query} every {@code every}. */
    static Seen awaitClear(
            Seen row, Duration max, Duration quiet, Duration every, Supplier<Optional<Map<String, String>>> query)
            throws InterruptedException {
        if (row.activeAtEnd().isEmpty()) {
            return row;
        }
        long start = System.nanoTime();
        long deadline = start + max.toNanos();
        long quietSince = -1;
        List<String> last = row.activeAtEnd();
        while (System.nanoTime() < deadline) {
            Optional<Map<String, String>> now = query.get();
            if (now.isPresent() && now.get().isEmpty()) {
                if (quietSince < 0) {
                    quietSince = System.nanoTime();
                }
                if (System.nanoTime() - quietSince >= quiet.toNanos()) {
                    return new Seen(
                            row.during(),
                            row.activeAtEnd(),
                            row.activeAtStart(),
                            Optional.of(Duration.ofNanos(quietSince - start)),
                            List.of());
                }
            } else {
                quietSince = -1;
                if (now.isPresent()) {
                    last = List.copyOf(now.get().keySet());
                }
            }
            Thread.sleep(every.toMillis());
        }
        return new Seen(row.during(), row.activeAtEnd(), row.activeAtStart(), Optional.empty(), last);
    }

    /** Starts a row: forgets what earlier rows saw; returns the alerts already active. */
    List<String> beginRow() {
        synchronized (seen) {
            seen.clear();
        }
        return List.copyOf(active().keySet());
    }

    /** Ends a row: what each alert did since {@link #beginRow}, and what is active now. */
    Seen endRow(List<String> activeAtStart) {
        poll();
        Map<String, String> during;
        synchronized (seen) {
            during = new TreeMap<>(seen);
        }
        return new Seen(during, List.copyOf(active().keySet()), activeAtStart);
    }

    private void poll() {
        Map<String, String> now = active();
        synchronized (seen) {
            now.forEach((name, state) -> seen.merge(name, state, Alerts::stronger));
        }
    }

    /** Dev tokens are signed with the API process's key: a new one after the API restarts. */
    private void refreshToken() {
        try {
            Path next = tokenFile.resolveSibling("admin.token.next");
            Files.writeString(next, adminToken(api, "fault-suite-prometheus"), StandardCharsets.UTF_8);
            Files.move(next, tokenFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            // The API is down (a fault): the next refresh tries again.
        }
    }

    /** An ADMIN dev token from the API's local-profile token endpoint, for {@code subject}. */
    static String adminToken(URI api, String subject) throws IOException {
        return DevTokens.issue(api, subject, "ADMIN", "ADMIN");
    }

    @Override
    public void close() throws InterruptedException {
        poller.shutdownNow();
        prometheus.destroy();
        if (!prometheus.waitFor(30, TimeUnit.SECONDS)) {
            prometheus.destroyForcibly();
        }
        relay.close();
    }
}
