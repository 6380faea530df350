package uk.transferofcare.api.board;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import uk.transferofcare.api.access.ReadScope;
import uk.transferofcare.api.cases.CaseReads;
import uk.transferofcare.api.cases.CaseView;
import uk.transferofcare.api.problem.ApiProblem;
import uk.transferofcare.api.problem.FieldError;
import uk.transferofcare.api.problem.ProblemType;

/**
 * Fans the projection's case changes out to board streams, on every instance, whichever instance's consumer applied
 * them.
 *
 * <p>One listener thread per instance holds a dedicated PostgreSQL connection that {@code LISTEN}s on the channel the
 * projection notifies at commit; on each notification (and every {@code handover.stream.poll-interval} as a safety
 * net) it reads the rows of {@code projection.cases} whose change id is above the last one it dispatched, in change id
 * order (an index range scan), and enqueues each to the streams whose scope it matches. Change ids are drawn in commit
 * order (the projection's writers serialise), so nothing committed below the last dispatched id can appear later.
 *
 * <p>A new stream is registered under the dispatch lock: its first events (the board, or the cases changed since its
 * {@code Last-Event-ID} with an index range scan on (site or division, change id)) are read in one snapshot with the
 * newest change id, which becomes the stream's position; later changes reach it only above that position. Each
 * stream has its own queue drained by a sender thread, so a slow browser never holds up the listener; one that falls
 * too far behind is disconnected and resyncs on reconnect. Streams are capped per user and in all.
 */
@Component
class BoardBroadcaster implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(BoardBroadcaster.class);

    /** The channel the projection notifies (see {@code cases.CaseTables}). */
    static final String CHANNEL = "handover_case_changes";

    private static final int PAGE = 500;

    /** The full board, sent first on a fresh connection. */
    record BoardEvent(String siteCode, String division, List<CaseView> cases) {}

    /** Sent after the cases changed since Last-Event-ID, to give the position the client resumed to. */
    record SyncedEvent(int changed) {}

    private final DataSource dataSource;
    private final JdbcTemplate jdbc;
    private final CaseReads reads;
    private final StreamProperties properties;
    private final TransactionTemplate snapshot;
    private final Object dispatchLock = new Object();
    private final Set<Subscription> subscriptions = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicInteger> perUser = new ConcurrentHashMap<>();
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger threads = new AtomicInteger();
    // Made in start() and shut down in stop(): a lifecycle may be stopped and started again (Spring's test contexts
    // are paused while not in use and restarted when a later test class uses them).
    private volatile ExecutorService senders;
    private ScheduledExecutorService heartbeats;

    /** The last change id fanned out; -1 until known. Guarded by dispatchLock. */
    private long dispatched = -1;

    private volatile boolean running;
    private Thread listener;

    BoardBroadcaster(
            DataSource dataSource,
            JdbcTemplate jdbc,
            CaseReads reads,
            StreamProperties properties,
            PlatformTransactionManager transactions) {
        this.dataSource = dataSource;
        this.jdbc = jdbc;
        this.reads = reads;
        this.properties = properties;
        this.snapshot = new TransactionTemplate(transactions);
        snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
        snapshot.setReadOnly(true);
    }

    /**
     * Opens a stream for the scope: the board, or with {@code since} (a change id from Last-Event-ID) the cases changed
     * since and {@code event: synced}; then every change. 503 when the instance serves {@code max-connections}
     * streams, 429 when this user has {@code max-connections-per-user}.
     */
    SseEmitter subscribe(ReadScope scope, String userId, Optional<Long> since) {
        reserve(userId);
        Subscription subscription;
        try {
            SseEmitter emitter = new SseEmitter(properties.timeout().toMillis());
            subscription = new Subscription(emitter, scope, userId);
            emitter.onCompletion(subscription::close);
            emitter.onTimeout(subscription::close);
            emitter.onError(e -> subscription.close());
            synchronized (dispatchLock) {
                long position = snapshot.execute(status -> first(subscription, scope, since));
                subscription.position = position;
                if (dispatched < 0) {
                    dispatched = position;
                }
                subscriptions.add(subscription);
            }
        } catch (RuntimeException e) {
            release(userId);
            throw e;
        }
        return subscription.emitter;
    }

    /** Enqueues what a new stream gets first and returns the newest change id it reflects. */
    private long first(Subscription subscription, ReadScope scope, Optional<Long> since) {
        long position = reads.position();
        if (since.isPresent()) {
            String column = scope.isSite() ? "site_code" : "police_division";
            List<Change> changed = jdbc.query(
                    "SELECT change_id, view FROM projection.cases WHERE " + column + " = ? AND change_id > ?"
                            + " ORDER BY change_id",
                    (rs, i) -> new Change(rs.getLong("change_id"), null, null, reads.view(rs)),
                    scope.isSite() ? scope.siteCode() : scope.division(),
                    since.get());
            changed.forEach(c -> subscription.enqueue(caseEvent(c)));
            subscription.enqueue(SseEmitter.event()
                    .name("synced")
                    .id(Long.toString(position))
                    .data(new SyncedEvent(changed.size()), MediaType.APPLICATION_JSON));
        } else {
            List<CaseView> board = reads.list(scope.siteCode(), scope.division(), true, Integer.MAX_VALUE)
                    .cases();
            subscription.enqueue(SseEmitter.event()
                    .name("board")
                    .id(Long.toString(position))
                    .reconnectTime(2000)
                    .data(new BoardEvent(scope.siteCode(), scope.division(), board), MediaType.APPLICATION_JSON));
        }
        return position;
    }

    private void reserve(String userId) {
        if (open.incrementAndGet() > properties.maxConnections()) {
            open.decrementAndGet();
            throw new ApiProblem(
                    ProblemType.UNAVAILABLE,
                    "this instance serves its maximum of " + properties.maxConnections() + " live streams; try again"
                            + " shortly",
                    List.of(new FieldError("stream", "max-streams", "too many live streams on this instance")),
                    5L);
        }
        AtomicInteger mine = perUser.computeIfAbsent(userId, k -> new AtomicInteger());
        if (mine.incrementAndGet() > properties.maxConnectionsPerUser()) {
            mine.decrementAndGet();
            open.decrementAndGet();
            throw new ApiProblem(
                    ProblemType.RATE_LIMITED,
                    "you have " + properties.maxConnectionsPerUser() + " live streams open already; close one (e.g."
                            + " another tab) first",
                    List.of(new FieldError("stream", "max-streams-per-user", "too many live streams for this user")),
                    5L);
        }
    }

    private void release(String userId) {
        open.decrementAndGet();
        perUser.computeIfPresent(userId, (k, count) -> count.decrementAndGet() <= 0 ? null : count);
    }

    int subscribers() {
        return subscriptions.size();
    }

    // ---------------------------------------------------------------------------------------------
    // The listener

    private void listen() {
        while (running) {
            try (Connection connection = dataSource.getConnection()) {
                connection.setAutoCommit(true);
                PGConnection pg = connection.unwrap(PGConnection.class);
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LISTEN " + CHANNEL);
                }
                while (running) {
                    dispatch(connection);
                    pg.getNotifications((int) properties.pollInterval().toMillis());
                }
            } catch (SQLException | RuntimeException e) {
                if (running) {
                    log.warn("Board change listener lost PostgreSQL ({}); reconnecting in 1 s", e.toString());
                    try {
                        Thread.sleep(1000);
                    } catch (InterruptedException interrupted) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        }
    }

    /** Fans out every change above the last dispatched change id, page by page. */
    private void dispatch(Connection connection) throws SQLException {
        synchronized (dispatchLock) {
            if (dispatched < 0) {
                try (Statement statement = connection.createStatement();
                        ResultSet rs = statement.executeQuery("SELECT max(change_id) FROM projection.cases")) {
                    rs.next();
                    dispatched = rs.getLong(1);
                }
                return;
            }
            if (subscriptions.isEmpty()) {
                try (Statement statement = connection.createStatement();
                        ResultSet rs = statement.executeQuery("SELECT max(change_id) FROM projection.cases")) {
                    rs.next();
                    dispatched = Math.max(dispatched, rs.getLong(1));
                }
                return;
            }
            int read;
            do {
                read = 0;
                try (PreparedStatement statement = connection.prepareStatement(
                        "SELECT change_id, site_code, police_division, view FROM projection.cases"
                                + " WHERE change_id > ? ORDER BY change_id LIMIT " + PAGE)) {
                    statement.setLong(1, dispatched);
                    try (ResultSet rs = statement.executeQuery()) {
                        while (rs.next()) {
                            read++;
                            Change change = new Change(
                                    rs.getLong("change_id"),
                                    rs.getString("site_code"),
                                    rs.getString("police_division"),
                                    null);
                            String viewJson = rs.getString("view");
                            for (Subscription s : subscriptions) {
                                if (change.id() > s.position && s.scope.matches(change.site(), change.division())) {
                                    s.enqueue(caseEvent(change.withView(reads.parse(viewJson))));
                                }
                            }
                            dispatched = change.id();
                        }
                    }
                }
            } while (read == PAGE);
        }
    }

    private record Change(long id, String site, String division, CaseView view) {
        Change withView(CaseView parsed) {
            return new Change(id, site, division, parsed);
        }
    }

    private static SseEmitter.SseEventBuilder caseEvent(Change change) {
        return SseEmitter.event()
                .name("case")
                .id(Long.toString(change.id()))
                .data(change.view(), MediaType.APPLICATION_JSON);
    }

    private void heartbeat() {
        for (Subscription s : subscriptions) {
            s.enqueue(SseEmitter.event().comment("keep-alive"));
        }
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        senders = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "board-stream-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        heartbeats = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "board-stream-heartbeat");
            t.setDaemon(true);
            return t;
        });
        long every = properties.heartbeat().toMillis();
        heartbeats.scheduleAtFixedRate(this::heartbeat, every, every, TimeUnit.MILLISECONDS);
        listener = new Thread(this::listen, "board-changes");
        listener.setDaemon(true);
        listener.start();
    }

    @Override
    public synchronized void stop() {
        running = false;
        if (heartbeats != null) {
            heartbeats.shutdownNow();
        }
        subscriptions.forEach(Subscription::close);
        if (senders != null) {
            senders.shutdownNow();
        }
        if (listener != null) {
            listener.interrupt();
            listener = null;
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private final class Subscription {
        private final SseEmitter emitter;
        private final ReadScope scope;
        private final String userId;
        private final Queue<SseEmitter.SseEventBuilder> queue = new ConcurrentLinkedQueue<>();
        private final AtomicInteger queued = new AtomicInteger();
        private final AtomicBoolean draining = new AtomicBoolean();
        private final AtomicBoolean closed = new AtomicBoolean();

        /** The newest change id this stream reflects; guarded by dispatchLock. */
        private long position;

        Subscription(SseEmitter emitter, ReadScope scope, String userId) {
            this.emitter = emitter;
            this.scope = scope;
            this.userId = userId;
        }

        void enqueue(SseEmitter.SseEventBuilder event) {
            if (closed.get()) {
                return;
            }
            if (queued.incrementAndGet() > properties.maxQueued()) {
                log.info("Board stream client too slow ({} events queued): disconnecting it", properties.maxQueued());
                close();
                return;
            }
            queue.add(event);
            drain();
        }

        private void drain() {
            if (!draining.compareAndSet(false, true)) {
                return;
            }
            ExecutorService pool = senders;
            if (pool == null) {
                draining.set(false);
                close();
                return;
            }
            try {
                pool.execute(() -> {
                    try {
                        SseEmitter.SseEventBuilder next;
                        while (!closed.get() && (next = queue.poll()) != null) {
                            queued.decrementAndGet();
                            emitter.send(next);
                        }
                    } catch (IOException | IllegalStateException e) {
                        close();
                    } finally {
                        draining.set(false);
                    }
                    if (!queue.isEmpty() && !closed.get()) {
                        drain();
                    }
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                draining.set(false);
                close();
            }
        }

        void close() {
            if (closed.compareAndSet(false, true)) {
                // A stream never registered (it failed while reading its first events) is released by subscribe().
                if (subscriptions.remove(this)) {
                    release(userId);
                }
                try {
                    emitter.complete();
                } catch (RuntimeException ignored) {
                    // already completed by the container
                }
            }
        }
    }
}
