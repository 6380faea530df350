package uk.transferofcare.benchmarks;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The load: cases going through ARRIVED (opens the case), ACKNOWLEDGED, HANDED_OVER, CLEARED, each submission by the
 * user who may send it (officers of the case's division, ED staff of its site; many users, so the API's per-user
 * rate limit is not what is measured). A case's next submission goes out only after the previous one had its final
 * answer, so each case's events reach Kafka in order; many cases are in flight at once.
 *
 * <p>Measured: the time from sending a submission to its FINAL answer (201 or 200 with the processor's verdict, or a
 * 4xx rejection); a 202 (no verdict within the API's wait) or a 503/429 is not final, and the client sends the same
 * submission (same eventId) again after a growing pause ({@link #resendDelayMillis}), the time still running; and, for every {@code sampleEvery}-th applied
 * submission, the time from its answer until {@code GET /api/v1/handovers/{caseId}} shows the case in the new state
 * ("visible": the snapshot reached the API's read model), polled every 10 ms.
 */
final class Workload {

    static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final String[] TYPES = {"ARRIVED", "ACKNOWLEDGED", "HANDED_OVER", "CLEARED"};

    /**
     * @param finals submissions with a final answer (201, 200 or 4xx) by the end of the run
     * @param unfinished submissions still without a final answer when the run gave up waiting (must be 0)
     * @param answer first send to final answer
     */
    record Result(
            String label,
            double seconds,
            long sent,
            long finals,
            long unfinished,
            Map<Integer, Long> statuses,
            Stats answer,
            Stats visible,
            long notVisible,
            double finalsPerSecond,
            Double endToEndPerSecond,
            double drainSeconds,
            List<Span> spans) {

        String line() {
            return String.format(
                    Locale.ROOT,
                    "%s: %,d requests in %.1f s, %,d final answers (%,.0f/s), %,d without a final answer%s;"
                            + " answers %s%n    request → final answer: %s%n    visible after the answer: %s%s",
                    label,
                    sent,
                    seconds,
                    finals,
                    finalsPerSecond,
                    unfinished,
                    endToEndPerSecond == null
                            ? ""
                            : String.format(
                                    Locale.ROOT,
                                    ", end to end %,.0f/s (all visible %.1f s after the last send)",
                                    endToEndPerSecond,
                                    drainSeconds),
                    statuses,
                    answer.summary(),
                    visible.count() == 0 ? "not measured" : visible.summary(),
                    notVisible == 0 ? "" : String.format(Locale.ROOT, "; %,d never became visible", notVisible));
        }
    }

    /** One submission from its first send to its final answer ({@link System#nanoTime()}), and that answer. */
    record Span(long sentNanos, long answeredNanos, int status) {
        double waitMillis() {
            return (answeredNanos - sentNanos) / 1e6;
        }
    }

    private record User(String id, String role, String org) {}

    private static final class BenchCase {
        final String id = UUID.randomUUID().toString();
        final String site;
        final User officer;
        final User nurse;
        int next;
        /** The body of the step being sent (kept for re-sends until its final answer), or null. */
        String body;
        /** How often the step being sent was sent again after an answer that was not final. */
        int resends;

        long firstSentNanos;

        BenchCase(String site, User officer, User nurse) {
            this.site = site;
            this.officer = officer;
            this.nurse = nurse;
        }
    }

    private final URI base;
    private final HttpClient http;
    private final List<String> sites;
    private final List<String> divisions;
    private final int usersPerOrg;
    private final Map<String, String> tokens = new ConcurrentHashMap<>();
    private final Random random = new Random(11);
    private final ScheduledExecutorService pollers = Executors.newScheduledThreadPool(4, r -> {
        Thread t = new Thread(r, "visibility-poller");
        t.setDaemon(true);
        return t;
    });

    Workload(URI base, List<String> sites, List<String> divisions, int usersPerOrg) {
        this.base = base;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .executor(Executors.newFixedThreadPool(16, r -> {
                    Thread t = new Thread(r, "http");
                    t.setDaemon(true);
                    return t;
                }))
                .build();
        this.sites = sites;
        this.divisions = divisions;
        this.usersPerOrg = usersPerOrg;
    }

    /** The sites and divisions the API offers. */
    static Workload forApi(URI base, int usersPerOrg) throws IOException, InterruptedException {
        HttpResponse<String> answer = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(base.resolve("/api/v1/sites")).build(),
                        HttpResponse.BodyHandlers.ofString());
        JsonNode root = JSON.readTree(answer.body());
        List<String> sites = new ArrayList<>();
        root.path("sites").values().forEach(s -> sites.add(s.path("code").asString()));
        List<String> divisions = new ArrayList<>();
        root.path("divisions")
                .values()
                .forEach(d -> divisions.add(d.path("code").asString()));
        return new Workload(base, sites, divisions, usersPerOrg);
    }

    /** Fetches every user's token up front, so the measurement does not include them. */
    void signIn() throws IOException, InterruptedException {
        for (String division : divisions) {
            for (int n = 1; n <= usersPerOrg; n++) {
                token(new User("bench-pc-" + division + "-" + n, "OFFICER", division));
            }
        }
        for (String site : sites) {
            for (int n = 1; n <= usersPerOrg; n++) {
                token(new User("bench-ed-" + site + "-" + n, "ED_STAFF", site));
            }
        }
        token(admin());
    }

    private static User admin() {
        return new User("bench-admin", "ADMIN", "ADMIN");
    }

    private String token(User user) throws IOException, InterruptedException {
        String token = tokens.get(user.id());
        if (token != null) {
            return token;
        }
        String body = JSON.writeValueAsString(Map.of("subject", user.id(), "role", user.role(), "org", user.org()));
        HttpResponse<String> answer = http.send(
                HttpRequest.newBuilder(base.resolve("/dev/tokens"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            throw new IOException("POST /dev/tokens answered " + answer.statusCode() + ": " + answer.body());
        }
        token = JSON.readTree(answer.body()).path("token").asString();
        tokens.put(user.id(), token);
        return token;
    }

    private synchronized BenchCase newCase() {
        String site = sites.get(random.nextInt(sites.size()));
        String division = divisions.get(random.nextInt(divisions.size()));
        int o = 1 + random.nextInt(usersPerOrg);
        int e = 1 + random.nextInt(usersPerOrg);
        return new BenchCase(
                site,
                new User("bench-pc-" + division + "-" + o, "OFFICER", division),
                new User("bench-ed-" + site + "-" + e, "ED_STAFF", site));
    }

    /** The request of the case's current step: the same body (same eventId) until its final answer. */
    private HttpRequest request(BenchCase c) throws IOException, InterruptedException {
        String type = TYPES[c.next];
        if (c.body == null) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("eventId", UUID.randomUUID().toString());
            body.put("type", type);
            body.put("occurredAt", Instant.now().toString());
            if (c.next == 0) {
                body.put("siteCode", c.site);
                body.put("officerCount", 2);
            }
            body.put("source", Map.of("channel", "API", "deviceId", "bench"));
            c.body = JSON.writeValueAsString(body);
            c.firstSentNanos = System.nanoTime();
        }
        User user = type.equals("ACKNOWLEDGED") || type.equals("HANDED_OVER") ? c.nurse : c.officer;
        return HttpRequest.newBuilder(base.resolve("/api/v1/handovers/" + c.id + "/events"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token(user))
                .POST(HttpRequest.BodyPublishers.ofString(c.body))
                .build();
    }

    /**
     * How long a client waits before it sends a step again after an answer that was not final: 0.5 s, 1 s, 1.5 s... up
     * to 5 s, like the phone's queue (which waits 2 s, 4 s... up to 60 s). A 202 already held the request for the
     * verdict timeout; sending again at once adds a record per pending submission every 2 s to a processor that is
     * already behind.
     */
    private static long resendDelayMillis(BenchCase c) {
        c.resends++;
        return Math.min(5000, 500L * c.resends);
    }

    /** True for an answer a client must follow with the same submission: no verdict yet, or nothing durable. */
    private static boolean notFinal(int status) {
        return status == 202 || status == 503 || status == 429 || status >= 500 || status == 0;
    }

    /** Shared state of one measurement. */
    private final class Run {
        final String label;
        /** Every n-th applied submission is polled until visible; 0: none (the polls cost the API CPU). */
        final int sampleEvery;

        final ConcurrentLinkedQueue<BenchCase> ready = new ConcurrentLinkedQueue<>();
        final Map<Integer, Long> statuses = new ConcurrentHashMap<>();
        final Stats answer = new Stats();
        final Stats visible = new Stats();
        final AtomicLong sent = new AtomicLong();
        final AtomicLong finals = new AtomicLong();
        final AtomicLong applied = new AtomicLong();
        final AtomicLong notVisible = new AtomicLong();
        final AtomicLong pendingVisibility = new AtomicLong();
        final AtomicLong inFlight = new AtomicLong();
        final ArrayDeque<Object[]> lastAccepted = new ArrayDeque<>();
        final ConcurrentLinkedQueue<Span> spans = new ConcurrentLinkedQueue<>();

        Run(String label, int sampleEvery) {
            this.label = label;
            this.sampleEvery = sampleEvery;
        }

        BenchCase take() {
            BenchCase c = ready.poll();
            return c != null ? c : newCase();
        }

        /** Records a final answer; true when the case goes on to its next step. */
        boolean answered(BenchCase c, int status) {
            long now = System.nanoTime();
            statuses.merge(status, 1L, Long::sum);
            answer.add((now - c.firstSentNanos) / 1000);
            spans.add(new Span(c.firstSentNanos, now, status));
            finals.incrementAndGet();
            c.body = null;
            c.resends = 0;
            if (status != 201 && status != 200) {
                return false; // refused: the case is dropped
            }
            long n = applied.incrementAndGet();
            String expected = TYPES[c.next];
            synchronized (lastAccepted) {
                lastAccepted.addLast(new Object[] {c.id, expected});
                if (lastAccepted.size() > 200) {
                    lastAccepted.removeFirst();
                }
            }
            if (sampleEvery > 0 && n % sampleEvery == 0) {
                pendingVisibility.incrementAndGet();
                poll(this, c.id, expected, now, now + TimeUnit.SECONDS.toNanos(60));
            }
            c.next++;
            return c.next < TYPES.length;
        }
    }

    private void poll(Run run, String caseId, String expectedState, long acceptedNanos, long giveUpNanos) {
        pollers.schedule(
                () -> {
                    String state = state(caseId);
                    long now = System.nanoTime();
                    if (expectedState.equals(state) || later(state, expectedState)) {
                        run.visible.add((now - acceptedNanos) / 1000);
                        run.pendingVisibility.decrementAndGet();
                    } else if (now > giveUpNanos) {
                        run.notVisible.incrementAndGet();
                        run.pendingVisibility.decrementAndGet();
                    } else {
                        poll(run, caseId, expectedState, acceptedNanos, giveUpNanos);
                    }
                },
                10,
                TimeUnit.MILLISECONDS);
    }

    private static boolean later(String state, String expected) {
        if (state == null) {
            return false;
        }
        List<String> order = List.of(TYPES);
        return order.indexOf(state) > order.indexOf(expected);
    }

    private String state(String caseId) {
        try {
            HttpResponse<String> answer = http.send(
                    HttpRequest.newBuilder(base.resolve("/api/v1/handovers/" + caseId))
                            .timeout(Duration.ofSeconds(10))
                            .header("Authorization", "Bearer " + token(admin()))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                return null;
            }
            JsonNode view = JSON.readTree(answer.body());
            return view.path("state").asString(null);
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /**
     * Open loop: one submission every 1/rate s for the duration, whatever the answers take.
     *
     * @param drain after the run, wait until the last submissions are visible (end to end per second)
     * @param sampleEvery poll every n-th applied submission until visible; 0 for none
     */
    Result fixedRate(String label, double rate, Duration duration, boolean drain, int sampleEvery)
            throws InterruptedException {
        Run run = new Run(label, sampleEvery);
        long interval = (long) (1_000_000_000L / rate);
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        long next = start;
        long skipped = 0;
        while (next < end) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            if (run.inFlight.get() > 2000) {
                skipped++; // the client would only queue more: the platform is not keeping up
            } else {
                send(run);
            }
            next += interval;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        awaitAnswers(run);
        if (skipped > 0) {
            run.statuses.merge(-1, skipped, Long::sum);
        }
        return finish(run, seconds, drain, start);
    }

    /** Closed loop: {@code concurrency} clients, each sending its next submission as soon as the last is answered. */
    Result closedLoop(String label, int concurrency, Duration duration, boolean drain, int sampleEvery)
            throws InterruptedException {
        Run run = new Run(label, sampleEvery);
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        List<Thread> clients = new ArrayList<>();
        for (int i = 0; i < concurrency; i++) {
            Thread client = new Thread(
                    () -> {
                        BenchCase c = null;
                        // A client takes no new step after the end, but follows the one it holds to its verdict.
                        while (c != null || System.nanoTime() < end) {
                            if (c == null) {
                                c = run.take();
                                run.inFlight.incrementAndGet();
                            }
                            run.sent.incrementAndGet();
                            int status;
                            try {
                                status = http.send(request(c), HttpResponse.BodyHandlers.discarding())
                                        .statusCode();
                            } catch (IOException e) {
                                status = 0;
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                                return;
                            }
                            if (notFinal(status)) {
                                run.statuses.merge(status, 1L, Long::sum);
                                try {
                                    Thread.sleep(resendDelayMillis(c));
                                } catch (InterruptedException e) {
                                    Thread.currentThread().interrupt();
                                    return;
                                }
                                continue;
                            }
                            run.inFlight.decrementAndGet();
                            if (run.answered(c, status)) {
                                run.ready.add(c);
                            }
                            c = null;
                        }
                    },
                    "client-" + i);
            client.start();
            clients.add(client);
        }
        for (Thread client : clients) {
            client.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9; // includes following the last steps to their verdicts
        return finish(run, seconds, drain, start);
    }

    /** Open loop: the next step of a ready case (or a new case); a non-final answer sends it again after a pause. */
    private void send(Run run) {
        run.inFlight.incrementAndGet();
        sendStep(run, run.take());
    }

    private void sendStep(Run run, BenchCase c) {
        run.sent.incrementAndGet();
        HttpRequest request;
        try {
            request = request(c);
        } catch (IOException e) {
            run.statuses.merge(0, 1L, Long::sum);
            run.inFlight.decrementAndGet();
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((answer, error) -> {
            int status = error != null ? 0 : answer.statusCode();
            if (notFinal(status)) {
                run.statuses.merge(status, 1L, Long::sum);
                pollers.schedule(() -> sendStep(run, c), resendDelayMillis(c), TimeUnit.MILLISECONDS);
                return;
            }
            run.inFlight.decrementAndGet();
            if (run.answered(c, status)) {
                run.ready.add(c);
            }
        });
    }

    /** Waits until every submission of the run has its final answer (or 5 minutes passed). */
    private static void awaitAnswers(Run run) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
        while (run.inFlight.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    private Result finish(Run run, double seconds, boolean drain, long start) throws InterruptedException {
        long sendingEnded = System.nanoTime();
        Double endToEnd = null;
        double drainSeconds = 0;
        if (drain) {
            List<Object[]> last;
            synchronized (run.lastAccepted) {
                last = new ArrayList<>(run.lastAccepted);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
            for (Object[] entry : last) {
                while (System.nanoTime() < deadline) {
                    String state = state((String) entry[0]);
                    if (entry[1].equals(state) || later(state, (String) entry[1])) {
                        break;
                    }
                    Thread.sleep(20);
                }
            }
            drainSeconds = (System.nanoTime() - sendingEnded) / 1e9;
            endToEnd = run.applied.get() / ((System.nanoTime() - start) / 1e9);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (run.pendingVisibility.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        return new Result(
                run.label,
                seconds,
                run.sent.get(),
                run.finals.get(),
                run.inFlight.get(),
                new java.util.TreeMap<>(run.statuses),
                run.answer,
                run.visible,
                run.notVisible.get(),
                run.finals.get() / seconds,
                endToEnd,
                drainSeconds,
                List.copyOf(run.spans));
    }
}
