package uk.transferofcare.resilience;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import uk.transferofcare.events.HandoverEvent;
import uk.transferofcare.events.Topics;

/**
 * Cases of today that the suite opens itself at the start of a row, so that timer marks fall due on the processor's
 * clock while the fault runs. The simulator's traffic is historical (days a month back), so every mark of its cases is
 * long past when its case arrives and is recorded without notifying anyone (the processor's notify horizon, 6 h):
 * without these cases no row would see an escalation or a legal-clock warning reach its recipients, which is what an ED
 * nurse in charge and a duty sergeant rely on at 3 a.m.
 *
 * <p>Three kinds, each deterministic whatever the fault does to timing:
 *
 * <ul>
 *   <li><b>escalation</b>: arrived 30 min (the first escalation threshold of {@code ./run}'s policy) before a due time
 *       a few seconds to a minute and a half into the row. Escalation level 1 must fire once, with its recipients
 *       notified (the case is open and the mark inside the horizon). Once the mark is on {@code handover-events}
 *       ({@code read_committed}), the suite hands the case over and clears it (now, long before level 2 at 60 min), so
 *       no other mark falls due.
 *   <li><b>legal clock</b>: a section 136 case arrived 20 h before its due time (24 h clock, the first warning 240 min
 *       before it). The warning must fire once, notified; escalation levels 1 to 3 fire at once on arrival, each once
 *       and unnotified (19.5 h past: outside the horizon). Handed over and cleared once the warning is out.
 *   <li><b>closed early</b>: arrived 5 min ago and handed over 2 min after arrival, sent at once: its first mark would
 *       be due in 25 min, but the handover comes before it on the timeline, so no mark may ever fire.
 * </ul>
 *
 * The suite holds the row's event stream (the ledger's read) and the receivers against exactly these marks:
 * {@link #judge} for the marks and their notify flag, {@link #truthLines} for who must hear ({@link WhoMustHear}).
 */
final class LiveCases {

    /** The first escalation threshold and the S136 clock of the platform's default policy (handover-processor). */
    static final Duration FIRST_ESCALATION = Duration.ofMinutes(30);

    static final Duration S136_CLOCK = Duration.ofHours(24);
    static final int FIRST_WARNING_MINUTES = 240;

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    /** How long one submission may take to reach a final answer (201 or 200) through the fault. */
    private static final Duration SUBMISSION_DEADLINE = Duration.ofMinutes(5);

    enum Kind {
        ESCALATION,
        LEGAL_CLOCK,
        CLOSED_EARLY
    }

    /** One live case and the due time of the mark it is there for. */
    record LiveCase(String caseId, Kind kind, Instant arrivedAt, Instant dueAt) {}

    /** A submission the suite sent, answered APPLIED (201) or as a re-send of an applied one (200). */
    record Sent(String caseId, String eventId, String type) {}

    /**
     * The live cases' marks against what must be.
     *
     * @param cases live cases opened
     * @param marksDue marks that must be on the stream (each exactly once)
     * @param marksSeen marks on the stream
     * @param wrong marks missing, twice, not due, or with the wrong notify flag, and submissions that never got a final
     *     answer
     * @param examples up to five of them
     */
    record Result(int cases, long marksDue, long marksSeen, long wrong, List<String> examples) {

        boolean clean() {
            return wrong == 0;
        }

        @Override
        public String toString() {
            return String.format(
                            Locale.ROOT,
                            "%d live cases: %d marks due on the processor's clock, %d on the stream, %d wrong",
                            cases,
                            marksDue,
                            marksSeen,
                            wrong)
                    + (examples.isEmpty() ? "" : " (" + String.join("; ", examples) + ")");
        }
    }

    private final URI api;
    private final String bootstrap;
    private final List<LiveCase> cases;
    private final String site;
    private final String division;
    private final Map<String, String> tokens = new ConcurrentHashMap<>();
    private final List<Sent> sent = Collections.synchronizedList(new ArrayList<>());
    private final List<String> failures = Collections.synchronizedList(new ArrayList<>());
    private final Set<String> closed = ConcurrentHashMap.newKeySet();
    private final Thread worker;

    private LiveCases(URI api, String bootstrap, List<LiveCase> cases, String site, String division) {
        this.api = api;
        this.bootstrap = bootstrap;
        this.cases = cases;
        this.site = site;
        this.division = division;
        this.worker = new Thread(this::run, "live-cases");
        this.worker.setDaemon(true);
    }

    /**
     * The cases of one row, due from {@code firstDue} on, {@code spacing} apart: {@code escalations} escalation cases,
     * {@code legalClocks} legal-clock cases (their due times after the escalations'), and {@code closedEarly}.
     */
    static List<LiveCase> plan(
            int escalations, int legalClocks, int closedEarly, Instant now, Duration firstDue, Duration spacing) {
        List<LiveCase> planned = new ArrayList<>();
        Instant start = now.truncatedTo(ChronoUnit.SECONDS);
        Instant due = start.plus(firstDue);
        for (int i = 0; i < escalations; i++, due = due.plus(spacing)) {
            planned.add(new LiveCase(UUID.randomUUID().toString(), Kind.ESCALATION, due.minus(FIRST_ESCALATION), due));
        }
        for (int i = 0; i < legalClocks; i++, due = due.plus(spacing)) {
            Duration before = S136_CLOCK.minus(Duration.ofMinutes(FIRST_WARNING_MINUTES));
            planned.add(new LiveCase(UUID.randomUUID().toString(), Kind.LEGAL_CLOCK, due.minus(before), due));
        }
        for (int i = 0; i < closedEarly; i++) {
            Instant arrived = start.minus(Duration.ofMinutes(5));
            planned.add(new LiveCase(
                    UUID.randomUUID().toString(), Kind.CLOSED_EARLY, arrived, arrived.plus(FIRST_ESCALATION)));
        }
        return List.copyOf(planned);
    }

    /**
     * Opens the planned cases through the API (behind the launcher's front, as users send) in a thread of their own,
     * so the row's fault is injected on time, and closes each escalation and legal-clock case once its mark is on the
     * stream.
     */
    static LiveCases start(URI api, String bootstrap, List<LiveCase> cases) throws IOException, InterruptedException {
        JsonNode reference = JSON.readTree(
                send(HttpRequest.newBuilder(api.resolve("/api/v1/sites")).GET(), null)
                        .body());
        String site = reference.path("sites").path(0).path("code").asString();
        String division = reference
                .path("divisions")
                .values()
                .iterator()
                .next()
                .path("code")
                .asString();
        LiveCases live = new LiveCases(api, bootstrap, cases, site, division);
        live.worker.start();
        return live;
    }

    Set<String> caseIds() {
        Set<String> ids = new LinkedHashSet<>();
        cases.forEach(c -> ids.add(c.caseId()));
        return ids;
    }

    /**
     * Waits until every case that waits for its mark is closed, at most {@code max}; what was not done by then is a
     * failure of the row.
     */
    void finish(Duration max) throws InterruptedException {
        worker.join(Math.max(1, max.toMillis())); // join(0) would wait for ever
        if (worker.isAlive()) {
            worker.interrupt();
            worker.join(TimeUnit.SECONDS.toMillis(10));
            for (LiveCase c : cases) {
                if (c.kind() != Kind.CLOSED_EARLY && !closed.contains(c.caseId())) {
                    failures.add(c.kind().name().toLowerCase(Locale.ROOT) + " case " + c.caseId()
                            + " not closed in time: its mark (due " + c.dueAt() + ") never seen");
                }
            }
        }
    }

    private void run() {
        try (KafkaConsumer<String, byte[]> consumer = watch()) {
            for (LiveCase c : cases) {
                open(c);
            }
            GenericDatumReader<GenericRecord> reader = new GenericDatumReader<>(HandoverEvent.getClassSchema());
            Map<String, LiveCase> waiting = new HashMap<>();
            cases.stream().filter(c -> c.kind() != Kind.CLOSED_EARLY).forEach(c -> waiting.put(c.caseId(), c));
            while (!waiting.isEmpty() && !Thread.currentThread().isInterrupted()) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    LiveCase c = waiting.get(record.key());
                    GenericRecord event = c == null ? null : TopicReader.decode(reader, record.value());
                    if (event == null) {
                        continue;
                    }
                    String type = event.get("type").toString();
                    boolean itsMark = c.kind() == Kind.ESCALATION
                            ? type.equals("ESCALATED") && Integer.valueOf(1).equals(event.get("escalationLevel"))
                            : type.equals("LEGAL_CLOCK_WARNING")
                                    && Integer.valueOf(FIRST_WARNING_MINUTES).equals(event.get("thresholdMinutes"));
                    if (itsMark) {
                        waiting.remove(c.caseId());
                        close(c);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            failures.add("the live cases stopped: " + e);
        }
    }

    /** A read_committed consumer of handover-events from its end as of now, before any live case is sent. */
    private KafkaConsumer<String, byte[]> watch() {
        KafkaConsumer<String, byte[]> consumer = TopicReader.assignedAll(bootstrap, Topics.EVENTS.name());
        consumer.seekToEnd(consumer.assignment());
        consumer.assignment().forEach(consumer::position); // resolve the end now, not at the first poll
        return consumer;
    }

    private void open(LiveCase c) throws IOException, InterruptedException {
        Map<String, Object> arrival = new LinkedHashMap<>();
        arrival.put("siteCode", site);
        if (c.kind() == Kind.LEGAL_CLOCK) {
            arrival.put("legalBasis", "S136");
        }
        submit(c.caseId(), "ARRIVED", c.arrivedAt(), officer(), arrival);
        if (c.kind() == Kind.CLOSED_EARLY) {
            submit(c.caseId(), "HANDED_OVER", c.arrivedAt().plus(Duration.ofMinutes(2)), edStaff(), Map.of());
            submit(c.caseId(), "CLEARED", c.arrivedAt().plus(Duration.ofMinutes(3)), officer(), Map.of());
        }
    }

    private void close(LiveCase c) throws IOException, InterruptedException {
        Instant now = Instant.now();
        submit(c.caseId(), "HANDED_OVER", now.minusSeconds(1), edStaff(), Map.of());
        submit(c.caseId(), "CLEARED", now, officer(), Map.of());
        closed.add(c.caseId());
    }

    private String[] officer() {
        return new String[] {"fault-suite-pc-" + division, "OFFICER", division};
    }

    private String[] edStaff() {
        return new String[] {"fault-suite-ed-" + site, "ED_STAFF", site};
    }

    /**
     * Sends one event until it has a final answer: 201 (applied) or 200 (a re-send of an applied one). A 202 (no
     * verdict in time), a 5xx, a 429, a timeout or a refused connection is sent again with the same eventId (a
     * duplicate is a no-op); a 401 with a new token; anything else fails the row.
     */
    private void submit(String caseId, String type, Instant occurredAt, String[] user, Map<String, Object> details)
            throws IOException, InterruptedException {
        String eventId = UUID.randomUUID().toString();
        ObjectNode body = JSON.createObjectNode();
        body.put("eventId", eventId);
        body.put("type", type);
        body.put("occurredAt", occurredAt.toString());
        details.forEach((k, v) -> body.put(k, v.toString()));
        body.putObject("source").put("channel", "SIMULATOR").put("deviceId", "fault-suite-" + user[0]);
        String text = JSON.writeValueAsString(body);
        long deadline = System.nanoTime() + SUBMISSION_DEADLINE.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> answer = send(
                        HttpRequest.newBuilder(api.resolve("/api/v1/handovers/" + caseId + "/events"))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(text)),
                        token(user));
                int status = answer.statusCode();
                if (status == 201 || status == 200) {
                    sent.add(new Sent(caseId, eventId, type));
                    return;
                }
                last = status + " " + answer.body();
                if (status == 401) {
                    tokens.remove(user[0]);
                } else if (status / 100 == 4 && status != 408 && status != 429) {
                    break;
                }
            } catch (IOException e) {
                last = e.toString(); // a paused or restarting API: send again
            }
            Thread.sleep(1000);
        }
        failures.add(type + " of live case " + caseId + " without a final answer: " + last);
    }

    private String token(String[] user) throws IOException {
        String cached = tokens.get(user[0]);
        if (cached != null) {
            return cached;
        }
        String token = DevTokens.issue(api, user[0], user[1], user[2]);
        tokens.put(user[0], token);
        return token;
    }

    private static HttpResponse<String> send(HttpRequest.Builder request, String token)
            throws IOException, InterruptedException {
        request.timeout(REQUEST_TIMEOUT);
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * The live cases as lines of a simulator truth file, for {@link WhoMustHear}: each case (its site), each
     * submission answered APPLIED, and each mark that must notify its recipients ({@code "kind":"mark"}).
     */
    List<JsonNode> truthLines() {
        List<JsonNode> lines = new ArrayList<>();
        for (LiveCase c : cases) {
            ObjectNode line = JSON.createObjectNode();
            line.put("kind", "case").put("caseId", c.caseId()).put("siteCode", site);
            line.putNull("linkedFrom");
            lines.add(line);
            if (c.kind() != Kind.CLOSED_EARLY) {
                ObjectNode mark = JSON.createObjectNode();
                mark.put("kind", "mark").put("caseId", c.caseId());
                if (c.kind() == Kind.ESCALATION) {
                    mark.put("type", "ESCALATED").put("level", 1);
                } else {
                    mark.put("type", "LEGAL_CLOCK_WARNING").put("minutes", FIRST_WARNING_MINUTES);
                }
                lines.add(mark);
            }
        }
        synchronized (sent) {
            for (Sent s : sent) {
                ObjectNode line = JSON.createObjectNode();
                line.put("kind", "submission")
                        .put("caseId", s.caseId())
                        .put("eventId", s.eventId())
                        .put("type", s.type())
                        .put("expectVerdict", "APPLIED");
                lines.add(line);
            }
        }
        return lines;
    }

    /**
     * The marks of every batch's cases on the stream (the row's ledger read) against what must be, and what failed to
     * send.
     */
    static Result judge(List<LiveCases> batches, List<EventLedger.Event> events) {
        List<LiveCase> all = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        for (LiveCases batch : batches) {
            all.addAll(batch.cases);
            failed.addAll(batch.failures);
        }
        return judge(all, events, failed);
    }

    static Result judge(List<LiveCase> cases, List<EventLedger.Event> events, List<String> failures) {
        Map<String, List<EventLedger.Event>> marksOf = new HashMap<>();
        for (EventLedger.Event e : events) {
            if (e.mark() != null) {
                marksOf.computeIfAbsent(e.caseId(), id -> new ArrayList<>()).add(e);
            }
        }
        long due = 0;
        long seen = 0;
        long wrong = failures.size();
        List<String> examples = new ArrayList<>(failures.subList(0, Math.min(5, failures.size())));
        for (LiveCase c : cases) {
            // mark → notify flag it must carry
            Map<String, Boolean> must = new LinkedHashMap<>();
            switch (c.kind()) {
                case ESCALATION -> must.put("ESCALATED level 1", true);
                case LEGAL_CLOCK -> {
                    for (int level = 1; level <= 3; level++) {
                        must.put("ESCALATED level " + level, false);
                    }
                    must.put(
                            "LEGAL_CLOCK_WARNING " + FIRST_WARNING_MINUTES + " min before "
                                    + c.arrivedAt().plus(S136_CLOCK).toEpochMilli(),
                            true);
                }
                case CLOSED_EARLY -> {}
            }
            due += must.size();
            Map<String, Integer> count = new HashMap<>();
            for (EventLedger.Event e : marksOf.getOrDefault(c.caseId(), List.of())) {
                seen++;
                count.merge(e.mark(), 1, Integer::sum);
                Boolean notify = must.get(e.mark());
                String problem = null;
                if (notify == null) {
                    problem = e.mark() + " not due";
                } else if (notify != e.notifyRecipients()) {
                    problem = e.mark() + (notify ? " recorded without notifying" : " notified though past the horizon");
                }
                if (problem != null) {
                    wrong++;
                    if (examples.size() < 5) {
                        examples.add(c.kind().name().toLowerCase(Locale.ROOT) + " case " + c.caseId() + ": " + problem);
                    }
                }
            }
            for (String mark : must.keySet()) {
                int n = count.getOrDefault(mark, 0);
                if (n != 1) {
                    wrong++;
                    if (examples.size() < 5) {
                        examples.add(c.kind().name().toLowerCase(Locale.ROOT) + " case " + c.caseId() + ": " + mark
                                + (n == 0 ? " missing" : " " + n + " times"));
                    }
                }
            }
        }
        return new Result(cases.size(), due, seen, wrong, List.copyOf(examples));
    }
}
