package uk.transferofcare.notification;

import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import uk.transferofcare.events.EventType;
import uk.transferofcare.events.HandoverEvent;
import uk.transferofcare.events.NotificationChannel;
import uk.transferofcare.notification.routing.NotificationIds;
import uk.transferofcare.support.serde.AvroSerializer;
import uk.transferofcare.testkit.ServiceJar;

/**
 * The notification benchmark of issue 11. Not a test: it prints numbers and asserts nothing.
 *
 * <p>It starts the local stack exactly as {@code ./run --services notification} does (the launcher jar: a Kafka
 * broker, the schema registry, the notification service's jar with {@code SPRING_PROFILES_ACTIVE=local} and the
 * launcher's JVM flags, and the dev inbox), on free ports and a temporary data folder, then sends handover events
 * straight to {@code handover-events} and counts what reaches the dev inbox's webhook sink and SMTP server:
 *
 * <ol>
 *   <li>baselines on the same receivers in the same run: a plain loop of signed webhook POSTs (one thread, then as
 *       many threads as the service's webhook bulkhead allows), e-mails over one open SMTP connection and over four,
 *       and {@code JavaMailSender.send} per message (a new connection each, as the service's e-mail channel did
 *       before issue 11);
 *   <li>webhook throughput: HANDED_OVER events (one webhook each, {@code division-channel}) sent at once;
 *   <li>e-mail throughput: level-1 escalations (two e-mails each, nurse in charge and sergeant) sent at once;
 *   <li>latency at a sustained rate: PRE_ALERTED events (one e-mail and one webhook each, the ED coordinator) at 50
 *       events/s, event sent → received by the dev inbox (its own receive timestamp), p50/p95/p99/max.
 * </ol>
 *
 * Every case id is new, so this measures deliveries across cases. The load average is printed before and after each
 * phase: other builds on the machine change the numbers. Run from the repository root after building the jars:
 *
 * <pre>
 * ./mvnw -q -DskipTests install
 * ./mvnw -q -pl notification-service exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=uk.transferofcare.notification.NotificationBenchmark
 * </pre>
 *
 * Options ({@code -Dexec.args="..."}): {@code --webhook-events=5000 --email-events=1500 --rate=50 --seconds=60},
 * {@code --attach=OFFSET} to use a stack already running with {@code --ports-offset OFFSET} instead of starting one.
 */
public final class NotificationBenchmark {

    /** The {@code local} profile's HMAC secret (notification-service's application.yml). */
    private static final String LOCAL_SECRET = "local-development-secret-not-for-production";

    /** The service's default {@code notification.resilience.webhook.bulkhead.max-concurrent-calls}. */
    private static final int WEBHOOK_BULKHEAD = 64;

    private static final int SMTP_CONNECTIONS = 4;

    private final Map<String, String> options;
    private final JsonMapper json = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private int offset;
    private KafkaProducer<String, SpecificRecord> producer;
    private Process launcher;

    private NotificationBenchmark(Map<String, String> options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        // As the service does (SmtpConnections): Jakarta Mail names its stream provider instead of a ServiceLoader
        // scan for every body part, so the plain loops below are not slowed by the client.
        System.setProperty("jakarta.mail.util.StreamProvider", "org.eclipse.angus.mail.util.MailStreamProvider");
        Map<String, String> options = new HashMap<>();
        for (String arg : args) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new IllegalArgumentException("Options look like --name=value, was " + arg);
            }
            options.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
        }
        new NotificationBenchmark(options).run();
        System.exit(0);
    }

    private int option(String name, int fallback) {
        return Integer.parseInt(options.getOrDefault(name, Integer.toString(fallback)));
    }

    private void run() throws Exception {
        Path console = null;
        try {
            if (options.containsKey("attach")) {
                offset = Integer.parseInt(options.get("attach"));
            } else {
                offset = freeOffset();
                console = Files.createTempFile("notification-benchmark-launcher", ".log");
                launcher = startLauncher(offset, console);
            }
            producer = producer();
            printEnvironment();
            runAll();
        } finally {
            if (producer != null) {
                producer.close(Duration.ofSeconds(10));
            }
            if (launcher != null) {
                launcher.destroy();
                if (!launcher.waitFor(120, TimeUnit.SECONDS)) {
                    launcher.descendants().forEach(ProcessHandle::destroyForcibly);
                    launcher.destroyForcibly();
                }
                System.out.println("Local stack stopped (launcher console: " + console + ")");
            }
        }
    }

    private boolean phase(String name) {
        return List.of(options.getOrDefault("phases", "baselines,webhooks,emails,latency")
                        .split(","))
                .contains(name);
    }

    private void runAll() throws Exception {
        int webhookEvents = option("webhook-events", 5000);
        int emailEvents = option("email-events", 1500);
        int rate = option("rate", 50);
        int seconds = option("seconds", 60);
        double hookLoop1 = Double.NaN;
        double hookLoopN = Double.NaN;
        double smtpLoop1 = Double.NaN;
        double smtpLoopN = Double.NaN;
        double smtpOld = Double.NaN;
        double hooks = Double.NaN;
        double mails = Double.NaN;
        LatencyResult latency = null;

        phase("warm-up (300 pre-alerts: 300 e-mails + 300 webhooks)", () -> {
            deliver(300, i -> Events.preAlerted(site(i), "G"), 300, 300);
            return "done";
        });

        if (phase("baselines")) {
            System.out.println();
            System.out.println("Baselines: the same dev inbox receivers, hit by a plain loop");
            hookLoop1 = phase("webhook plain loop, 1 thread, 2000 POSTs", () -> webhookLoop(1, 2000));
            hookLoopN = phase(
                    "webhook plain loop, " + WEBHOOK_BULKHEAD + " threads, 5000 POSTs",
                    () -> webhookLoop(WEBHOOK_BULKHEAD, 5000));
            smtpLoop1 = phase("SMTP plain loop, 1 open connection, 1000 e-mails", () -> smtpLoop(1, 1000));
            smtpLoopN = phase(
                    "SMTP plain loop, " + SMTP_CONNECTIONS + " open connections, 2000 e-mails",
                    () -> smtpLoop(SMTP_CONNECTIONS, 2000));
            smtpOld = phase(
                    "SMTP JavaMailSender.send per e-mail (new connection each, the pre-issue-11 channel), 500",
                    () -> smtpPerMessage(500));
        }

        System.out.println();
        System.out.println("The notification service (handover-events -> notification-deliveries -> dev inbox)");
        if (phase("webhooks")) {
            Map<String, Long> cpu = cpuTicks();
            hooks = phase(
                    "webhooks: " + webhookEvents + " HANDED_OVER events at once -> " + webhookEvents + " webhooks",
                    () -> deliver(
                            webhookEvents,
                            i -> Events.event(EventType.HANDED_OVER, site(i), "G")
                                    .build(),
                            0,
                            webhookEvents));
            printCpu(cpu);
        }
        if (phase("emails")) {
            Map<String, Long> cpu = cpuTicks();
            mails = phase(
                    "e-mails: " + emailEvents + " level-1 escalations at once -> " + (2 * emailEvents) + " e-mails",
                    () -> deliver(emailEvents, i -> Events.escalated(site(i), "G", 1, 60), 2 * emailEvents, 0));
            printCpu(cpu);
        }
        if (phase("latency")) {
            Map<String, Long> cpu = cpuTicks();
            latency = latency(rate, seconds);
            printCpu(cpu);
        }

        System.out.println();
        System.out.println("Summary");
        System.out.printf(
                Locale.ROOT,
                "  webhooks: %.0f/s; plain loop 1 thread %.0f/s (ratio %.2f), %d threads %.0f/s (ratio %.2f)%n",
                hooks,
                hookLoop1,
                hooks / hookLoop1,
                WEBHOOK_BULKHEAD,
                hookLoopN,
                hooks / hookLoopN);
        System.out.printf(
                Locale.ROOT,
                "  e-mails: %.0f/s; plain loop 1 connection %.0f/s (ratio %.2f), %d connections %.0f/s (ratio %.2f),"
                        + " connection per e-mail %.0f/s (ratio %.2f)%n",
                mails,
                smtpLoop1,
                mails / smtpLoop1,
                SMTP_CONNECTIONS,
                smtpLoopN,
                mails / smtpLoopN,
                smtpOld,
                mails / smtpOld);
        System.out.println("  " + latency);
    }

    /** CPU time (clock ticks) used so far by each process of the stack and by this benchmark, by name. */
    private Map<String, Long> cpuTicks() {
        Map<String, Long> ticks = new LinkedHashMap<>();
        List<ProcessHandle> processes = new ArrayList<>();
        processes.add(ProcessHandle.current());
        if (launcher != null) {
            processes.add(launcher.toHandle());
            launcher.descendants().forEach(processes::add);
        }
        for (ProcessHandle p : processes) {
            String args = p.info().commandLine().orElse("");
            String name = p.equals(ProcessHandle.current())
                    ? "benchmark (producer, inbox reader)"
                    : args.contains("kafka.Kafka")
                            ? "kafka broker"
                            : args.contains("schema-registry")
                                    ? "schema registry"
                                    : args.contains("notification-service")
                                            ? "notification-service"
                                            : args.contains("local-stack") ? "launcher + dev inbox" : null;
            if (name == null) {
                continue;
            }
            try {
                String[] stat = Files.readString(Path.of("/proc/" + p.pid() + "/stat"))
                        .split("\\) ")[1]
                        .split(" ");
                ticks.merge(name, Long.parseLong(stat[11]) + Long.parseLong(stat[12]), Long::sum);
            } catch (IOException | RuntimeException e) {
                // not on Linux, or gone
            }
        }
        return ticks;
    }

    private void printCpu(Map<String, Long> before) {
        Map<String, Long> after = cpuTicks();
        if (after.isEmpty()) {
            return;
        }
        StringBuilder line = new StringBuilder("    CPU seconds:");
        after.forEach((name, t) -> line.append(
                String.format(Locale.ROOT, " %s %.1f;", name, (t - before.getOrDefault(name, 0L)) / 100.0)));
        System.out.println(line);
    }

    // ---- the service ----

    /**
     * Sends the events at once and waits until the dev inbox has this many more e-mails and webhooks.
     *
     * @return deliveries per second, from the first event sent to the last delivery received
     */
    private double deliver(int events, java.util.function.IntFunction<HandoverEvent> event, int mails, int hooks)
            throws Exception {
        Counts before = counts();
        long start = System.nanoTime();
        List<Future<?>> sent = new ArrayList<>();
        for (int i = 0; i < events; i++) {
            HandoverEvent e = event.apply(i);
            sent.add(producer.send(new ProducerRecord<>("handover-events", e.getCaseId(), e)));
        }
        for (Future<?> f : sent) {
            f.get(60, TimeUnit.SECONDS);
        }
        double sending = seconds(start);
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        Counts now = counts();
        while (now.mail() - before.mail() < mails || now.webhooks() - before.webhooks() < hooks) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Not delivered within 10 minutes: " + now.minus(before));
            }
            Thread.sleep(50);
            now = counts();
        }
        double s = seconds(start);
        System.out.printf(
                Locale.ROOT,
                "    %d events sent in %.2f s; %d e-mails + %d webhooks received in %.2f s%n",
                events,
                sending,
                now.mail() - before.mail(),
                now.webhooks() - before.webhooks(),
                s);
        return (mails + hooks) / s;
    }

    private LatencyResult latency(int rate, int seconds) throws Exception {
        int events = rate * seconds;
        System.out.println();
        String load = loadAverage();
        System.out.printf(
                Locale.ROOT,
                "Latency: %d PRE_ALERTED events at %d/s for %d s (one e-mail and one webhook each); load %s%n",
                events,
                rate,
                seconds,
                load);
        Map<String, Instant> sentAt = new ConcurrentHashMap<>();
        Map<String, String> eventOfMail = new ConcurrentHashMap<>();
        Map<String, Instant> hookAt = new ConcurrentHashMap<>();
        Map<String, Instant> mailAt = new ConcurrentHashMap<>();
        ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
        AtomicInteger next = new AtomicInteger();
        long periodNanos = 1_000_000_000L / rate;
        long start = System.nanoTime();
        pacer.scheduleAtFixedRate(
                () -> {
                    if (next.get() >= events) {
                        return;
                    }
                    int i = next.getAndIncrement();
                    HandoverEvent e = Events.preAlerted(site(i), "G");
                    eventOfMail.put(
                            NotificationIds.of(e.getEventId(), "ed-coordinator", NotificationChannel.EMAIL),
                            e.getEventId());
                    sentAt.put(e.getEventId(), Instant.now());
                    producer.send(new ProducerRecord<>("handover-events", e.getCaseId(), e));
                },
                0,
                periodNanos,
                TimeUnit.NANOSECONDS);
        long deadline = System.nanoTime() + Duration.ofSeconds(seconds + 120L).toNanos();
        while ((hookAt.size() < events || mailAt.size() < events) && System.nanoTime() < deadline) {
            Thread.sleep(2000);
            collect(sentAt, eventOfMail, hookAt, mailAt);
        }
        double sendSeconds = seconds(start);
        pacer.shutdownNow();
        String after = loadAverage();
        List<Long> hooks = latencies(sentAt, hookAt);
        List<Long> mails = latencies(sentAt, mailAt);
        List<Long> all = new ArrayList<>(hooks);
        all.addAll(mails);
        all.sort(null);
        LatencyResult result = new LatencyResult(
                rate, events, hooks.size(), mails.size(), summary(hooks), summary(mails), summary(all));
        System.out.printf(
                Locale.ROOT,
                "    sent %d events (%.1f/s achieved over the run); received %d webhooks, %d e-mails; load %s%n",
                next.get(),
                Math.min(next.get(), events) / Math.min(sendSeconds, (double) seconds),
                hooks.size(),
                mails.size(),
                after);
        System.out.println("    event -> webhook received: " + summary(hooks));
        System.out.println("    event -> e-mail received:  " + summary(mails));
        System.out.println("    event -> delivered (both): " + summary(all));
        return result;
    }

    /** Reads the dev inbox's newest 500 webhooks and e-mails and keeps when each of this run's arrived. */
    private void collect(
            Map<String, Instant> sentAt,
            Map<String, String> eventOfMail,
            Map<String, Instant> hookAt,
            Map<String, Instant> mailAt)
            throws Exception {
        for (JsonNode hook : get("/api/webhooks")) {
            String eventId = hook.at("/json/eventId").asString("");
            if (sentAt.containsKey(eventId)) {
                hookAt.putIfAbsent(eventId, Instant.parse(hook.get("receivedAt").asString()));
            }
        }
        for (JsonNode mail : get("/api/mail")) {
            String messageId = mail.get("messageId").asString("");
            int at = messageId.indexOf('@');
            if (messageId.startsWith("<") && at > 0) {
                String eventId = eventOfMail.get(messageId.substring(1, at));
                if (eventId != null) {
                    mailAt.putIfAbsent(
                            eventId, Instant.parse(mail.get("receivedAt").asString()));
                }
            }
        }
    }

    private static List<Long> latencies(Map<String, Instant> sentAt, Map<String, Instant> receivedAt) {
        List<Long> millis = new ArrayList<>();
        receivedAt.forEach((eventId, received) ->
                millis.add(Duration.between(sentAt.get(eventId), received).toMillis()));
        millis.sort(null);
        return millis;
    }

    private static String summary(List<Long> sorted) {
        if (sorted.isEmpty()) {
            return "none";
        }
        return String.format(
                Locale.ROOT,
                "p50 %d ms, p95 %d ms, p99 %d ms, max %d ms (n=%d)",
                percentile(sorted, 50),
                percentile(sorted, 95),
                percentile(sorted, 99),
                sorted.get(sorted.size() - 1),
                sorted.size());
    }

    private static long percentile(List<Long> sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    private record LatencyResult(
            int rate, int events, int hooks, int mails, String hookSummary, String mailSummary, String all) {
        @Override
        public String toString() {
            return String.format(
                    Locale.ROOT,
                    "latency at %d events/s (%d events; %d webhooks, %d e-mails received): event -> delivered %s",
                    rate,
                    events,
                    hooks,
                    mails,
                    all);
        }
    }

    // ---- baselines ----

    private double webhookLoop(int threads, int requests) throws Exception {
        URI uri = URI.create(inbox() + "/webhooks/police/g/channel");
        AtomicInteger remaining = new AtomicInteger(requests);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long start = System.nanoTime();
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            workers.add(pool.submit(() -> {
                while (remaining.getAndDecrement() > 0) {
                    String body = webhookBody();
                    long ts = Instant.now().getEpochSecond();
                    HttpRequest request = HttpRequest.newBuilder(uri)
                            .header("Content-Type", "application/json")
                            .header("Idempotency-Key", UUID.randomUUID().toString())
                            .header("X-Signature-Timestamp", Long.toString(ts))
                            .header("X-Signature-SHA256", sign(ts, body))
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build();
                    int status = http.send(request, HttpResponse.BodyHandlers.discarding())
                            .statusCode();
                    if (status != 200) {
                        throw new IllegalStateException("dev inbox answered " + status);
                    }
                }
                return null;
            }));
        }
        for (Future<?> w : workers) {
            w.get();
        }
        double s = seconds(start);
        pool.shutdown();
        return requests / s;
    }

    private double smtpLoop(int connections, int messages) throws Exception {
        JavaMailSenderImpl mail = mailSender();
        Session session = mail.getSession();
        AtomicInteger remaining = new AtomicInteger(messages);
        ExecutorService pool = Executors.newFixedThreadPool(connections);
        long start = System.nanoTime();
        List<Future<?>> workers = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            workers.add(pool.submit(() -> {
                try (Transport transport = session.getTransport("smtp")) {
                    transport.connect("127.0.0.1", 2525 + offset, null, null);
                    while (remaining.getAndDecrement() > 0) {
                        MimeMessage message = email(session);
                        message.saveChanges();
                        transport.sendMessage(message, message.getAllRecipients());
                    }
                }
                return null;
            }));
        }
        for (Future<?> w : workers) {
            w.get();
        }
        double s = seconds(start);
        pool.shutdown();
        return messages / s;
    }

    private double smtpPerMessage(int messages) throws Exception {
        JavaMailSenderImpl mail = mailSender();
        long start = System.nanoTime();
        for (int i = 0; i < messages; i++) {
            mail.send(email(mail.getSession()));
        }
        return messages / seconds(start);
    }

    private JavaMailSenderImpl mailSender() {
        JavaMailSenderImpl mail = new JavaMailSenderImpl();
        mail.setHost("127.0.0.1");
        mail.setPort(2525 + offset);
        mail.setProtocol("smtp");
        Properties p = mail.getJavaMailProperties();
        p.put("mail.smtp.connectiontimeout", "5000");
        p.put("mail.smtp.timeout", "5000");
        p.put("mail.smtp.writetimeout", "5000");
        return mail;
    }

    /**
     * Shaped like the service's e-mails (text and HTML alternatives, a fixed Message-ID, the idempotency header), built
     * with plain JavaMail: no per-message file type map, so the loop costs the client as little as it can.
     */
    private static MimeMessage email(Session session) throws Exception {
        String id = UUID.randomUUID().toString();
        MimeMessage message = new MimeMessage(session) {
            @Override
            protected void updateMessageID() throws jakarta.mail.MessagingException {
                setHeader("Message-ID", "<" + id + "@benchmark.transfer-of-care>");
            }
        };
        message.setFrom("notifications@transfer-of-care.example");
        message.setRecipients(jakarta.mail.Message.RecipientType.TO, "ed-coordinator.site1@nhs.example");
        message.setSubject(
                "Pre-alert: police bringing a person to SITE1 (case " + id.substring(0, 8) + ")",
                StandardCharsets.UTF_8.name());
        MimeBodyPart text = new MimeBodyPart();
        text.setText(
                "Police are bringing a person to SITE1.\nCase " + id.substring(0, 8) + "\nhttp://localhost:8080/cases/"
                        + id + "\n",
                StandardCharsets.UTF_8.name());
        MimeBodyPart html = new MimeBodyPart();
        html.setContent(
                "<p>Police are bringing a person to SITE1.</p><p>Case " + id.substring(0, 8) + "</p>",
                "text/html; charset=UTF-8");
        MimeMultipart alternatives = new MimeMultipart("alternative");
        alternatives.addBodyPart(text);
        alternatives.addBodyPart(html);
        message.setContent(alternatives);
        message.setSentDate(new java.util.Date());
        message.setHeader("X-Idempotency-Key", id);
        return message;
    }

    /** Shaped like the service's webhook body. */
    private String webhookBody() {
        String id = UUID.randomUUID().toString();
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("notificationId", UUID.randomUUID().toString());
        fields.put("eventId", UUID.randomUUID().toString());
        fields.put("eventType", "HANDED_OVER");
        fields.put("caseId", id);
        fields.put("caseReference", id.substring(0, 8));
        fields.put("siteCode", "SITE1");
        fields.put("policeDivision", "G");
        fields.put("escalationLevel", null);
        fields.put("thresholdMinutes", null);
        fields.put("legalClockDeadline", null);
        fields.put("occurredAt", "2026-11-25T14:05:00Z");
        fields.put("recipient", "division-channel");
        fields.put("summary", "Handed over at SITE1 (case " + id.substring(0, 8) + ")");
        fields.put("caseUrl", "http://localhost:8080/cases/" + id);
        return json.writeValueAsString(fields);
    }

    private static String sign(long timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(LOCAL_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256="
                    + HexFormat.of().formatHex(mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- the stack ----

    private Process startLauncher(int offset, Path console) throws Exception {
        Path root = ServiceJar.repositoryRoot();
        Path jar = root.resolve("local-stack/target/local-stack-0.1.0-SNAPSHOT.jar");
        for (Path needed : List.of(
                jar,
                root.resolve("notification-service/target/notification-service-0.1.0-SNAPSHOT.jar"),
                root.resolve("schema-registry/target/schema-registry-0.1.0-SNAPSHOT.jar"))) {
            if (!Files.isRegularFile(needed)) {
                throw new IllegalStateException("Build the jars first (./mvnw -q -DskipTests install): " + needed);
            }
        }
        Path data = Files.createTempDirectory("notification-benchmark-stack");
        Process process = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx256m",
                        "-jar",
                        jar.toString(),
                        "--services",
                        "notification",
                        "--ports-offset",
                        Integer.toString(offset),
                        "--data-dir",
                        data.toString(),
                        "--timeout",
                        "300")
                .directory(root.toFile())
                .redirectErrorStream(true)
                .redirectOutput(console.toFile())
                .start();
        process.getOutputStream().close();
        long deadline = System.nanoTime() + Duration.ofMinutes(6).toNanos();
        while (System.nanoTime() < deadline) {
            String text = Files.readString(console);
            if (text.contains("Platform ready in")) {
                System.out.println(text.lines()
                        .filter(l -> l.contains("ready") || l.contains("Starting"))
                        .map(l -> "  " + l.strip())
                        .reduce((a, b) -> a + "\n" + b)
                        .orElse(""));
                return process;
            }
            if (process.waitFor(500, TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("The launcher exited with " + process.exitValue() + ":\n" + text);
            }
        }
        process.destroy();
        throw new IllegalStateException("The local stack was not ready within 6 minutes; see " + console);
    }

    /** An offset at which every port of a notification-only stack is free. */
    private static int freeOffset() {
        int[] base = {9092, 9093, 8081, 8083, 8025, 2525};
        for (int offset = 20000 + (int) (Math.random() * 100) * 100; offset < 50000; offset += 100) {
            boolean free = true;
            for (int port : base) {
                try (ServerSocket socket = new ServerSocket(port + offset, 1, InetAddress.getLoopbackAddress())) {
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
        throw new IllegalStateException("No free port range");
    }

    private KafkaProducer<String, SpecificRecord> producer() {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + (9092 + offset));
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.put("schema.registry.url", "http://127.0.0.1:" + (8081 + offset));
        AvroSerializer<SpecificRecord> serializer = new AvroSerializer<>();
        serializer.configure(config, false);
        return new KafkaProducer<>(config, new StringSerializer(), serializer);
    }

    private String inbox() {
        return "http://127.0.0.1:" + (8025 + offset);
    }

    private record Counts(long mail, long webhooks) {
        Counts minus(Counts other) {
            return new Counts(mail - other.mail, webhooks - other.webhooks);
        }
    }

    /** The dev inbox's version is {@code <mails>.<webhooks>.<failure mode>}, each counting what it received. */
    private Counts counts() throws Exception {
        String version = get("/api/version").get("version").asString();
        String[] parts = version.split("\\.");
        return new Counts(Long.parseLong(parts[0]), Long.parseLong(parts[1]));
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(inbox() + path))
                        .timeout(Duration.ofSeconds(30))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return json.readTree(response.body());
    }

    private void printEnvironment() {
        System.out.printf(
                Locale.ROOT,
                "Machine: %d cores, Java %s; load average %s; service JVM flags: %s (LOCAL_STACK_JVM_FLAGS)%n",
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"),
                loadAverage(),
                System.getenv().getOrDefault("LOCAL_STACK_JVM_FLAGS", "launcher default"));
        System.out.println("Local stack at ports offset " + offset + "; dev inbox " + inbox());
    }

    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException e) {
            return String.format(
                    Locale.ROOT,
                    "%.2f",
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

    @FunctionalInterface
    private interface Measured {
        Object run() throws Exception;
    }

    /** Runs one phase, printing its name, result and the load average before and after. */
    private static double phase(String name, Measured measured) throws Exception {
        String before = loadAverage();
        Object result = measured.run();
        String after = loadAverage();
        if (result instanceof Double rate) {
            System.out.printf(Locale.ROOT, "  %-95s %8.1f/s   (load %s -> %s)%n", name, rate, before, after);
            return rate;
        }
        System.out.printf(Locale.ROOT, "  %-95s %s   (load %s -> %s)%n", name, result, before, after);
        return Double.NaN;
    }

    private static String site(int i) {
        return "SITE" + (i % 20);
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
