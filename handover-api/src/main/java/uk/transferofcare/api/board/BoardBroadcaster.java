package uk.transferofcare.api.board;

import java.io.IOException;
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
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import uk.transferofcare.api.cases.CaseView;
import uk.transferofcare.api.readmodel.CaseStore;
import uk.transferofcare.events.CaseSnapshot;

/**
 * Fans case changes out to board streams. Each subscriber has its own queue drained by a sender thread, so a slow
 * browser never holds up the Kafka consumer; one that falls too far behind is disconnected and resyncs on reconnect.
 */
@Component
class BoardBroadcaster implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(BoardBroadcaster.class);

    /** The full board, sent first on a fresh connection. */
    record BoardEvent(String siteCode, String division, List<CaseView> cases) {}

    /** Sent after the cases changed since Last-Event-ID, to give the position the client resumed to. */
    record SyncedEvent(int changed) {}

    private final CaseStore store;
    private final StreamProperties properties;
    private final Set<Subscription> subscriptions = ConcurrentHashMap.newKeySet();
    private final AtomicInteger threads = new AtomicInteger();
    private final ExecutorService senders = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "board-stream-" + threads.incrementAndGet());
        t.setDaemon(true);
        return t;
    });
    private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "board-stream-heartbeat");
        t.setDaemon(true);
        return t;
    });

    BoardBroadcaster(CaseStore store, StreamProperties properties) {
        this.store = store;
        this.properties = properties;
        long every = properties.heartbeat().toMillis();
        heartbeats.scheduleAtFixedRate(this::heartbeat, every, every, TimeUnit.MILLISECONDS);
    }

    SseEmitter subscribe(
            String siteCode, String division, Predicate<CaseSnapshot> filter, Optional<Map<Integer, Long>> since) {
        SseEmitter emitter = new SseEmitter(properties.timeout().toMillis());
        Subscription subscription = new Subscription(emitter, filter);
        emitter.onCompletion(subscription::close);
        emitter.onTimeout(subscription::close);
        emitter.onError(e -> subscription.close());
        subscriptions.add(subscription);
        store.subscribe(subscription, () -> {
            String position = store.position();
            if (since.isPresent()) {
                List<CaseStore.StoredCase> changed = store.changedSince(since.get(), filter);
                changed.forEach(c -> subscription.enqueue(SseEmitter.event()
                        .name("case")
                        .data(CaseView.of(c.snapshot(), List.of()), MediaType.APPLICATION_JSON)));
                subscription.enqueue(SseEmitter.event()
                        .name("synced")
                        .id(position)
                        .data(new SyncedEvent(changed.size()), MediaType.APPLICATION_JSON));
            } else {
                List<CaseView> open = (siteCode != null
                                ? store.atSite(siteCode, true)
                                : store.ofDivision(division, true))
                        .stream().map(s -> CaseView.of(s, List.of())).toList();
                subscription.enqueue(SseEmitter.event()
                        .name("board")
                        .id(position)
                        .reconnectTime(2000)
                        .data(new BoardEvent(siteCode, division, open), MediaType.APPLICATION_JSON));
            }
            return null;
        });
        return emitter;
    }

    int subscribers() {
        return subscriptions.size();
    }

    private void heartbeat() {
        for (Subscription s : subscriptions) {
            s.enqueue(SseEmitter.event().comment("keep-alive"));
        }
    }

    @Override
    public void destroy() {
        heartbeats.shutdownNow();
        subscriptions.forEach(Subscription::close);
        senders.shutdownNow();
    }

    private final class Subscription implements CaseStore.Listener {
        private final SseEmitter emitter;
        private final Predicate<CaseSnapshot> filter;
        private final Queue<SseEmitter.SseEventBuilder> queue = new ConcurrentLinkedQueue<>();
        private final AtomicInteger queued = new AtomicInteger();
        private final AtomicBoolean draining = new AtomicBoolean();
        private final AtomicBoolean closed = new AtomicBoolean();

        Subscription(SseEmitter emitter, Predicate<CaseSnapshot> filter) {
            this.emitter = emitter;
            this.filter = filter;
        }

        @Override
        public void changed(CaseStore.StoredCase stored, String position) {
            if (filter.test(stored.snapshot())) {
                enqueue(SseEmitter.event()
                        .name("case")
                        .id(position)
                        .data(CaseView.of(stored.snapshot(), List.of()), MediaType.APPLICATION_JSON));
            }
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
            try {
                senders.execute(() -> {
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
                store.unsubscribe(this);
                subscriptions.remove(this);
                try {
                    emitter.complete();
                } catch (RuntimeException ignored) {
                    // already completed by the container
                }
            }
        }
    }
}
