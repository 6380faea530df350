package uk.transferofcare.stack;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.mail.MailAddress;
import com.icegreen.greenmail.mail.MovingMessage;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The dev inbox: where the local notification service's emails and webhooks land, so that they are visible instead
 * of failing. A real SMTP server (GreenMail) and an HTTP sink with a page to read both, in the launcher's JVM.
 * Only the last {@code capacity} of each are kept, in memory.
 *
 * <ul>
 *   <li>{@code POST /webhooks/**}: stores path, headers and body, answers 200 (or the failure switch's status); on the
 *       HTTP port and on the webhook sink's own port ({@link #webhookPort()}), which the local notification service
 *       posts to, so that the sink can go down without the page
 *   <li>{@code POST /api/webhooks/failure?status=500&seconds=600}: answer webhooks with that status for a while, to
 *       watch retries; {@code DELETE} the same path to end it
 *   <li>{@code POST /api/mail/outage?seconds=300}: the SMTP server down for a while (connections refused, as a relay
 *       that is down), then up again on its port; {@code DELETE} the same path to end it now
 *   <li>{@code POST /api/webhooks/outage?seconds=300}: the webhook sink's own port down for a while (connections
 *       refused, as a receiver that is down), then listening again; {@code DELETE} the same path to end it now
 *   <li>{@code POST /api/webhooks/slow?millis=4000&seconds=300}: the webhook sink's own port answers each webhook that
 *       long after receiving it, for a while (a receiver that is slow but up); with {@code &concurrent=2} it also takes
 *       up at most that many at once, the rest waiting their turn (a receiver of small capacity, which a notification
 *       service that keeps delivering outruns); {@code DELETE} the same path to end it now
 *   <li>{@code GET /}: the page; {@code GET /api/mail}, {@code GET /api/webhooks}: JSON, newest first
 *   <li>{@code DELETE /api/mail}, {@code DELETE /api/webhooks}, {@code POST /api/clear}: forget what was received
 * </ul>
 */
final class DevInbox implements AutoCloseable {

    static {
        // The JDK's HttpServer leaves Nagle's algorithm on unless told otherwise (read once per JVM, before the first
        // server): small webhook answers then wait for the client's delayed ACK, about 45 ms each instead of 2 ms.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    static final int DEFAULT_CAPACITY = 500;
    static final int MAX_BODY_BYTES = 1024 * 1024;
    static final String WEBHOOK_PREFIX = "/webhooks";

    private final BoundedLog<ReceivedMail> mail;
    private final BoundedLog<ReceivedWebhook> webhooks;
    private final AtomicReference<FailureMode> failureMode = new AtomicReference<>();
    private final AtomicReference<SlowMode> slowMode = new AtomicReference<>();
    private final Clock clock;
    private final JsonMapper json =
            JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
    private final Set<MovingMessage> recentMessages = Collections.newSetFromMap(new IdentityHashMap<>());
    private final List<MovingMessage> recentOrder = new ArrayList<>();

    private final java.util.concurrent.ScheduledExecutorService outageTimer =
            Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "dev-inbox-outage");
                thread.setDaemon(true);
                return thread;
            });

    /** The SMTP server, which an outage can take down ({@link #stopSmtp}). */
    private Downtime smtp;

    /** The webhook sink's own server, which an outage can take down ({@link #stopWebhooks}). */
    private Downtime webhookSink;

    private HttpServer http;
    private ExecutorService httpExecutor;

    /**
     * The webhook sink's own threads, apart from the page's: a slow answer holds one for its delay, and the
     * notification service sends up to its bulkhead (64) at once.
     */
    private ExecutorService webhookExecutor;

    /**
     * Makes webhooks fail with {@code status} until {@code until}.
     *
     * @param status HTTP status to answer
     * @param until when the failure mode ends
     */
    record FailureMode(int status, Instant until) {}

    /**
     * Makes the webhook sink's own port answer each webhook {@code delay} after receiving it, until {@code until}.
     *
     * @param delay how long each answer waits
     * @param concurrent how many webhooks it takes up at once (0: no limit); the rest wait their turn, not yet kept
     * @param until when the slow mode ends
     * @param turns the permits of {@code concurrent} ({@code null} without a limit)
     */
    record SlowMode(Duration delay, int concurrent, Instant until, java.util.concurrent.Semaphore turns) {

        static SlowMode of(Duration delay, int concurrent, Instant until) {
            return new SlowMode(
                    delay,
                    concurrent,
                    until,
                    concurrent == 0 ? null : new java.util.concurrent.Semaphore(concurrent, true));
        }
    }

    /** The most threads the webhook sink's own port uses at once; further requests wait for one. */
    static final int WEBHOOK_THREADS = 128;

    /** The longest slow answer the switch accepts. */
    static final int MAX_SLOW_MILLIS = 60_000;

    DevInbox(int capacity, Clock clock) {
        this.mail = new BoundedLog<>(capacity);
        this.webhooks = new BoundedLog<>(capacity);
        this.clock = clock;
    }

    DevInbox() {
        this(DEFAULT_CAPACITY, Clock.systemUTC());
    }

    /**
     * Starts SMTP, HTTP and the webhook sink's own port on the loopback interface. Port 0 picks a free port; {@link
     * #smtpPort()}, {@link #httpPort()} and {@link #webhookPort()} then tell which.
     */
    DevInbox start(int smtpPort, int httpPort, int webhookPort) throws IOException {
        smtp = new Downtime("the dev inbox SMTP server", this::newSmtp);
        smtp.start(smtpPort);

        try {
            http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), httpPort), 50);
        } catch (IOException e) {
            smtp.close();
            throw new IOException(
                    "Cannot start the dev inbox HTTP server on port " + httpPort + ": " + e.getMessage(), e);
        }
        httpExecutor = Executors.newFixedThreadPool(4, runnable -> {
            Thread thread = new Thread(runnable, "dev-inbox-http");
            thread.setDaemon(true);
            return thread;
        });
        http.setExecutor(httpExecutor);
        http.createContext("/", this::handle);
        http.start();
        webhookExecutor = Executors.newFixedThreadPool(WEBHOOK_THREADS, runnable -> {
            Thread thread = new Thread(runnable, "dev-inbox-webhook");
            thread.setDaemon(true);
            return thread;
        });
        webhookSink = new Downtime("the dev inbox webhook sink", this::newWebhookServer);
        try {
            webhookSink.start(webhookPort);
        } catch (IOException e) {
            close();
            throw e;
        }
        return this;
    }

    /** The webhook sink alone: {@code POST /webhooks/**}, nothing else. */
    private Running newWebhookServer(int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
        server.setExecutor(webhookExecutor);
        server.createContext("/", exchange -> {
            try {
                String path = exchange.getRequestURI().getPath();
                if (path.equals(WEBHOOK_PREFIX) || path.startsWith(WEBHOOK_PREFIX + "/")) {
                    String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
                    Optional<SlowMode> slow = slowMode();
                    if (slow.isPresent() && slow.get().turns() != null) {
                        // A receiver of small capacity: a webhook waits its turn before it is even kept.
                        slow.get().turns().acquire();
                        try {
                            receiveWebhook(exchange, method, slow.get().delay());
                        } finally {
                            slow.get().turns().release();
                        }
                    } else {
                        receiveWebhook(
                                exchange, method, slow.map(SlowMode::delay).orElse(Duration.ZERO));
                    }
                } else {
                    sendJson(exchange, 404, Map.of("error", "Not found: " + path + " (this port is the webhook sink)"));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                if (exchange.getResponseCode() == -1) {
                    sendJson(exchange, 500, Map.of("error", String.valueOf(e.getMessage())));
                }
            } finally {
                exchange.close();
            }
        });
        server.start();
        return new Running(server.getAddress().getPort(), () -> server.stop(0));
    }

    int webhookPort() {
        return webhookSink.port();
    }

    /**
     * A webhook sink outage: its own port stops listening now (open connections end, new ones are refused, as with a
     * receiver that is down) and listens again after {@code length}, or at {@link #startWebhooks}. A second outage
     * while one runs moves its end. The page's port keeps answering.
     */
    void stopWebhooks(Duration length) {
        webhookSink.stop(length);
    }

    /** Ends a webhook sink outage now: it listens again on its port. */
    void startWebhooks() {
        webhookSink.restartNow();
    }

    /** When the webhook sink outage ends, if one runs. */
    Optional<Instant> webhooksDownUntil() {
        return webhookSink.downUntil();
    }

    private Running newSmtp(int port) {
        String loopback = InetAddress.getLoopbackAddress().getHostAddress();
        ServerSetup setup = new ServerSetup(port, loopback, ServerSetup.PROTOCOL_SMTP);
        GreenMail server = new GreenMail(port == 0 ? setup.dynamicPort() : setup)
                .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
        server.getUserManager().setMessageDeliveryHandler(this::capture);
        server.start();
        return new Running(server.getSmtp().getPort(), server::stop);
    }

    int smtpPort() {
        return smtp.port();
    }

    /**
     * An SMTP outage: the server stops now (open conversations end, new connections are refused, as with a mail relay
     * that is down) and starts again on the same port after {@code length}, or at {@link #startSmtp}. A second outage
     * while one runs moves its end.
     */
    void stopSmtp(Duration length) {
        smtp.stop(length);
    }

    /** Ends an SMTP outage now: the server listens again on its port. */
    void startSmtp() {
        smtp.restartNow();
    }

    /** When the SMTP outage ends, if one runs. */
    Optional<Instant> smtpDownUntil() {
        return smtp.downUntil();
    }

    /** A server as started: its port and how to stop it. */
    private record Running(int port, Runnable stop) {}

    /** Starts a server on a port (0: any free one). */
    @FunctionalInterface
    private interface Starter {
        Running start(int port) throws IOException;
    }

    /**
     * A server the inbox can take down for a while, as a receiver that is down: {@link #stop} stops it now and starts
     * it again on the same port after the outage, or at {@link #restartNow}; a second outage while one runs moves its
     * end. A port not free yet when the outage ends (a connection in TIME_WAIT) is tried again every second.
     */
    private final class Downtime {

        private final String name;
        private final Starter starter;
        private volatile int port;
        /** Null while down. Guarded by this. */
        private Running running;
        /** When the outage ends; null while up. Guarded by this. */
        private Instant downUntil;

        private java.util.concurrent.ScheduledFuture<?> restart;

        Downtime(String name, Starter starter) {
            this.name = name;
            this.starter = starter;
        }

        synchronized void start(int requestedPort) throws IOException {
            try {
                running = starter.start(requestedPort);
            } catch (IOException | RuntimeException e) {
                throw new IOException("Cannot start " + name + " on port " + requestedPort + ": " + e.getMessage(), e);
            }
            port = running.port();
        }

        int port() {
            return port;
        }

        synchronized void stop(Duration length) {
            stopRunning();
            downUntil = clock.instant().plus(length);
            if (restart != null) {
                restart.cancel(false);
            }
            restart = outageTimer.schedule(this::restart, length.toMillis(), TimeUnit.MILLISECONDS);
        }

        synchronized void restartNow() {
            if (restart != null) {
                restart.cancel(false);
                restart = null;
            }
            restart();
        }

        synchronized Optional<Instant> downUntil() {
            return Optional.ofNullable(downUntil);
        }

        /** The switch's answer: whether it is down, its port, until when. */
        synchronized Map<String, Object> state() {
            Map<String, Object> state = new LinkedHashMap<>();
            state.put("down", downUntil != null);
            state.put("port", port);
            if (downUntil != null) {
                state.put("until", downUntil.toString());
            }
            return state;
        }

        synchronized void close() {
            stopRunning();
        }

        private void stopRunning() {
            if (running != null) {
                running.stop().run();
                running = null;
            }
        }

        private synchronized void restart() {
            if (running != null || outageTimer.isShutdown()) {
                return;
            }
            try {
                running = starter.start(port);
                downUntil = null;
            } catch (IOException | RuntimeException e) {
                restart = outageTimer.schedule(this::restart, 1, TimeUnit.SECONDS);
            }
        }
    }

    int httpPort() {
        return http.getAddress().getPort();
    }

    List<ReceivedMail> mail() {
        return mail.snapshot();
    }

    List<ReceivedWebhook> webhooks() {
        return webhooks.snapshot();
    }

    Optional<FailureMode> failureMode() {
        FailureMode mode = failureMode.get();
        if (mode != null && !clock.instant().isBefore(mode.until())) {
            failureMode.compareAndSet(mode, null);
            return Optional.empty();
        }
        return Optional.ofNullable(mode);
    }

    /** The webhook sink's slow mode, while it lasts. */
    Optional<SlowMode> slowMode() {
        SlowMode mode = slowMode.get();
        if (mode != null && !clock.instant().isBefore(mode.until())) {
            slowMode.compareAndSet(mode, null);
            return Optional.empty();
        }
        return Optional.ofNullable(mode);
    }

    @Override
    public void close() {
        outageTimer.shutdownNow();
        if (webhookSink != null) {
            webhookSink.close();
        }
        if (http != null) {
            http.stop(0);
            httpExecutor.shutdownNow();
        }
        if (webhookExecutor != null) {
            webhookExecutor.shutdownNow();
        }
        if (smtp != null) {
            smtp.close();
        }
    }

    // ---- SMTP ----

    /**
     * GreenMail calls this once per recipient of every message. The first call records the message; all calls hand it
     * to a sink user that stores nothing, so GreenMail's own mailboxes stay empty and memory stays bounded.
     */
    private GreenMailUser capture(MovingMessage message, MailAddress recipient) throws MessagingException {
        synchronized (recentMessages) {
            if (recentMessages.add(message)) {
                recentOrder.add(message);
                if (recentOrder.size() > 64) {
                    recentMessages.remove(recentOrder.remove(0));
                }
                MimeMessage mime = message.getMessage();
                List<String> envelope = message.getToAddresses().stream()
                        .map(MailAddress::getEmail)
                        .sorted()
                        .toList();
                record(mime, envelope);
            }
        }
        return DiscardingUser.INSTANCE;
    }

    private void record(MimeMessage mime, List<String> envelopeRecipients) throws MessagingException {
        Bodies bodies = new Bodies();
        try {
            bodies.collect(mime);
        } catch (IOException e) {
            bodies.text
                    .append("(could not read the body: ")
                    .append(e.getMessage())
                    .append(')');
        }
        String from = Optional.ofNullable(mime.getFrom())
                .map(a -> String.join(", ", addresses(a)))
                .orElse("");
        String messageId = Optional.ofNullable(mime.getMessageID()).orElse("");
        List<String> to = addresses(mime.getRecipients(Message.RecipientType.TO));
        List<String> cc = addresses(mime.getRecipients(Message.RecipientType.CC));
        String subject = Optional.ofNullable(mime.getSubject()).orElse("");
        mail.add(id -> new ReceivedMail(
                id,
                clock.instant().toString(),
                messageId,
                from,
                to,
                cc,
                envelopeRecipients,
                subject,
                bodies.text.toString(),
                bodies.html.toString()));
    }

    private static List<String> addresses(Address[] addresses) {
        return addresses == null
                ? List.of()
                : Arrays.stream(addresses).map(Address::toString).toList();
    }

    /** The text and HTML parts of a message, multipart or not. */
    private static final class Bodies {
        final StringBuilder text = new StringBuilder();
        final StringBuilder html = new StringBuilder();

        void collect(Part part) throws MessagingException, IOException {
            if (Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition())) {
                return;
            }
            if (part.isMimeType("text/plain")) {
                text.append(part.getContent());
            } else if (part.isMimeType("text/html")) {
                html.append(part.getContent());
            } else if (part.isMimeType("multipart/*")) {
                Multipart multipart = (Multipart) part.getContent();
                for (int i = 0; i < multipart.getCount(); i++) {
                    BodyPart child = multipart.getBodyPart(i);
                    collect(child);
                }
            }
        }
    }

    /** Accepts every delivery and keeps nothing: {@link #capture} already recorded the message. */
    private enum DiscardingUser implements GreenMailUser {
        INSTANCE;

        @Override
        public String getEmail() {
            return "dev-inbox@localhost";
        }

        @Override
        public String getLogin() {
            return "dev-inbox";
        }

        @Override
        public void deliver(MovingMessage msg) {
            // recorded by capture()
        }

        @Override
        public void deliver(MimeMessage msg) {
            // recorded by capture()
        }

        @Override
        public void create() {
            // nothing to create
        }

        @Override
        public void delete() {
            // nothing to delete
        }

        @Override
        public String getPassword() {
            return "";
        }

        @Override
        public void setPassword(String password) {
            // authentication is disabled
        }

        @Override
        public void authenticate(String password) {
            // authentication is disabled
        }

        @Override
        public String getQualifiedMailboxName() {
            return "dev-inbox";
        }
    }

    // ---- HTTP ----

    private void handle(HttpExchange exchange) throws IOException {
        try {
            String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
            String path = exchange.getRequestURI().getPath();
            if (path.equals(WEBHOOK_PREFIX) || path.startsWith(WEBHOOK_PREFIX + "/")) {
                receiveWebhook(exchange, method, Duration.ZERO);
            } else if (path.equals("/")) {
                requireGet(
                        exchange,
                        method,
                        () -> send(
                                exchange,
                                200,
                                "text/html; charset=utf-8",
                                InboxPage.render(mail(), webhooks(), failureMode(), slowMode(), version())));
            } else if (path.equals("/api/mail")) {
                if (method.equals("DELETE")) {
                    mail.clear();
                    send(exchange, 204, null, "");
                } else {
                    requireGet(exchange, method, () -> sendJson(exchange, 200, mail()));
                }
            } else if (path.equals("/api/webhooks")) {
                if (method.equals("DELETE")) {
                    webhooks.clear();
                    send(exchange, 204, null, "");
                } else {
                    requireGet(exchange, method, () -> sendJson(exchange, 200, webhooks()));
                }
            } else if (path.equals("/api/webhooks/failure")) {
                failureSwitch(exchange, method);
            } else if (path.equals("/api/mail/outage")) {
                outageSwitch(exchange, method, smtp);
            } else if (path.equals("/api/webhooks/outage")) {
                outageSwitch(exchange, method, webhookSink);
            } else if (path.equals("/api/webhooks/slow")) {
                slowSwitch(exchange, method);
            } else if (path.equals("/api/version")) {
                requireGet(exchange, method, () -> sendJson(exchange, 200, Map.of("version", version())));
            } else if (path.equals("/api/clear") && method.equals("POST")) {
                mail.clear();
                webhooks.clear();
                exchange.getResponseHeaders().set("Location", "/");
                send(exchange, 303, null, "");
            } else {
                sendJson(exchange, 404, Map.of("error", "Not found: " + path));
            }
        } catch (RuntimeException e) {
            if (exchange.getResponseCode() == -1) {
                sendJson(exchange, 500, Map.of("error", String.valueOf(e.getMessage())));
            }
        } finally {
            exchange.close();
        }
    }

    /** Changes whenever something is received or cleared, or the failure switch flips. */
    String version() {
        FailureMode mode = failureMode().orElse(null);
        return mail.version() + "." + webhooks.version() + "."
                + (mode == null ? "ok" : mode.status() + "@" + mode.until())
                + slowMode()
                        .map(slow -> ".slow-" + slow.delay().toMillis() + "@" + slow.until())
                        .orElse("")
                + smtpDownUntil().map(until -> ".smtp-down@" + until).orElse("");
    }

    /**
     * Keeps a webhook and answers it, {@code answerAfter} later (the slow mode): kept at once, answered late, as a
     * receiver that stores a request and is slow to say so. A sender that gave up before the answer sends it again
     * under the same idempotency key.
     */
    private void receiveWebhook(HttpExchange exchange, String method, Duration answerAfter) throws IOException {
        if (!method.equals("POST") && !method.equals("PUT")) {
            exchange.getResponseHeaders().set("Allow", "POST, PUT");
            sendJson(exchange, 405, Map.of("error", "Webhooks are received with POST or PUT"));
            return;
        }
        Optional<byte[]> body = readBody(exchange.getRequestBody());
        if (body.isEmpty()) {
            sendJson(exchange, 413, Map.of("error", "Body larger than " + MAX_BODY_BYTES + " bytes"));
            return;
        }
        String text = new String(body.get(), StandardCharsets.UTF_8);
        int status = failureMode().map(FailureMode::status).orElse(200);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders()
                .forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
        URI uri = exchange.getRequestURI();
        ReceivedWebhook received = webhooks.add(id -> new ReceivedWebhook(
                id,
                clock.instant().toString(),
                method,
                uri.getPath(),
                Optional.ofNullable(uri.getRawQuery()).orElse(""),
                headers,
                text,
                parseJson(text),
                status));
        if (!answerAfter.isZero()) {
            try {
                Thread.sleep(answerAfter.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        if (status == 200) {
            sendJson(exchange, 200, Map.of("received", received.id()));
        } else {
            sendJson(exchange, status, Map.of("error", "The dev inbox is failing on purpose (failure switch)"));
        }
    }

    /**
     * {@code POST /api/webhooks/failure?status=503&seconds=600}: the webhook sink answers {@code status} (400 to 599) for
     * {@code seconds} (0 turns it off); {@code DELETE}: off now; {@code GET}: whether it is failing, with what and
     * until when.
     */
    private void failureSwitch(HttpExchange exchange, String method) throws IOException {
        flip(exchange, method, this::failureState, () -> failureMode.set(null), query -> {
            Optional<Integer> status = intParam(query, "status", 500);
            Optional<Integer> seconds = intParam(query, "seconds", 600);
            Optional<String> wrong =
                    outside(status, "status", 400, 599).or(() -> outside(seconds, "seconds", 0, 86_400));
            if (wrong.isEmpty()) {
                failureMode.set(
                        seconds.get() == 0
                                ? null
                                : new FailureMode(status.get(), clock.instant().plusSeconds(seconds.get())));
            }
            return wrong;
        });
    }

    /**
     * {@code POST /api/mail/outage?seconds=300} or {@code /api/webhooks/outage}: the SMTP server or the webhook sink's
     * port down for that long (1 to 86400 s); {@code DELETE}: up again now; {@code GET}: whether it is down, its port,
     * and until when.
     */
    private void outageSwitch(HttpExchange exchange, String method, Downtime server) throws IOException {
        flip(exchange, method, server::state, server::restartNow, query -> {
            Optional<Integer> seconds = intParam(query, "seconds", 300);
            Optional<String> wrong = outside(seconds, "seconds", 1, 86_400);
            if (wrong.isEmpty()) {
                server.stop(Duration.ofSeconds(seconds.get()));
            }
            return wrong;
        });
    }

    /**
     * {@code POST /api/webhooks/slow?millis=4000&seconds=300}: the webhook sink's own port answers each webhook {@code
     * millis} (1 to 60000) after receiving it, for {@code seconds} (1 to 86400), taking up at most {@code concurrent}
     * at once (0, the default: no limit); {@code DELETE}: at once again; {@code GET}: whether it is slow, by how much
     * and until when.
     */
    private void slowSwitch(HttpExchange exchange, String method) throws IOException {
        flip(exchange, method, this::slowState, () -> slowMode.set(null), query -> {
            Optional<Integer> millis = intParam(query, "millis", 4000);
            Optional<Integer> seconds = intParam(query, "seconds", 300);
            Optional<Integer> concurrent = intParam(query, "concurrent", 0);
            Optional<String> wrong = outside(millis, "millis", 1, MAX_SLOW_MILLIS)
                    .or(() -> outside(concurrent, "concurrent", 0, WEBHOOK_THREADS)
                            .map(rule -> rule + " (0: no limit)"))
                    .or(() -> outside(seconds, "seconds", 1, 86_400));
            if (wrong.isEmpty()) {
                slowMode.set(SlowMode.of(
                        Duration.ofMillis(millis.get()),
                        concurrent.get(),
                        clock.instant().plusSeconds(seconds.get())));
            }
            return wrong;
        });
    }

    /**
     * One of the dev inbox's switches: {@code GET} answers its state; {@code DELETE} turns it off; {@code POST} turns
     * it on with the query's parameters, or answers 400 with the rule the first wrong one breaks; anything else 405.
     *
     * @param on sets the switch from the query and returns nothing, or returns the broken rule and changes nothing
     */
    private void flip(
            HttpExchange exchange,
            String method,
            java.util.function.Supplier<Map<String, Object>> state,
            Runnable off,
            java.util.function.Function<Map<String, String>, Optional<String>> on)
            throws IOException {
        switch (method) {
            case "GET" -> sendJson(exchange, 200, state.get());
            case "DELETE" -> {
                off.run();
                sendJson(exchange, 200, state.get());
            }
            case "POST" -> {
                Optional<String> wrong = on.apply(query(exchange.getRequestURI()));
                if (wrong.isPresent()) {
                    sendJson(exchange, 400, Map.of("error", wrong.get()));
                } else {
                    sendJson(exchange, 200, state.get());
                }
            }
            default -> {
                exchange.getResponseHeaders().set("Allow", "GET, POST, DELETE");
                sendJson(exchange, 405, Map.of("error", "Use GET, POST or DELETE"));
            }
        }
    }

    /** The rule a parameter breaks ("seconds must be a number from 1 to 86400"), if it is not a number in range. */
    private static Optional<String> outside(Optional<Integer> value, String name, int min, int max) {
        return value.isPresent() && value.get() >= min && value.get() <= max
                ? Optional.empty()
                : Optional.of(name + " must be a number from " + min + " to " + max);
    }

    private Map<String, Object> slowState() {
        Map<String, Object> state = new LinkedHashMap<>();
        Optional<SlowMode> mode = slowMode();
        state.put("slow", mode.isPresent());
        mode.ifPresent(m -> {
            state.put("millis", m.delay().toMillis());
            state.put("concurrent", m.concurrent());
            state.put("until", m.until().toString());
        });
        return state;
    }

    private Map<String, Object> failureState() {
        Map<String, Object> state = new LinkedHashMap<>();
        Optional<FailureMode> mode = failureMode();
        state.put("failing", mode.isPresent());
        mode.ifPresent(m -> {
            state.put("status", m.status());
            state.put("until", m.until().toString());
        });
        return state;
    }

    private static Optional<Integer> intParam(Map<String, String> query, String name, int defaultValue) {
        String value = query.get(name);
        if (value == null || value.isBlank()) {
            return Optional.of(defaultValue);
        }
        try {
            return Optional.of(Integer.parseInt(value.strip()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> params = new HashMap<>();
        String raw = uri.getRawQuery();
        if (raw == null) {
            return params;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.put(key, value);
        }
        return params;
    }

    private JsonNode parseJson(String text) {
        if (text.isBlank()) {
            return null;
        }
        try {
            return json.readTree(text);
        } catch (JacksonException e) {
            return null;
        }
    }

    private static Optional<byte[]> readBody(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int read;
        while ((read = in.read(buffer)) != -1) {
            out.write(buffer, 0, read);
            if (out.size() > MAX_BODY_BYTES) {
                return Optional.empty();
            }
        }
        return Optional.of(out.toByteArray());
    }

    @FunctionalInterface
    private interface IoAction {
        void run() throws IOException;
    }

    private static void requireGet(HttpExchange exchange, String method, IoAction action) throws IOException {
        if (method.equals("GET") || method.equals("HEAD")) {
            action.run();
        } else {
            exchange.getResponseHeaders().set("Allow", "GET");
            send(exchange, 405, "text/plain; charset=utf-8", "Method not allowed\n");
        }
    }

    private void sendJson(HttpExchange exchange, int status, Object body) throws IOException {
        send(exchange, status, "application/json", json.writeValueAsString(body));
    }

    private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        if (contentType != null) {
            exchange.getResponseHeaders().set("Content-Type", contentType);
        }
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        boolean noBody = bytes.length == 0 || exchange.getRequestMethod().equalsIgnoreCase("HEAD");
        exchange.sendResponseHeaders(status, noBody ? -1 : bytes.length);
        if (!noBody) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
