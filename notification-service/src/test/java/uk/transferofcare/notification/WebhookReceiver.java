package uk.transferofcare.notification;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import java.util.stream.Collectors;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;

/**
 * A real HTTP receiver (okhttp MockWebServer) whose answer can be switched while the test runs, counting every
 * request and every accepted request per {@code Idempotency-Key}. It deliberately does not dedupe, so that a
 * double send shows.
 */
public final class WebhookReceiver implements AutoCloseable {

    /** One request as received. */
    public record Received(
            String path, String idempotencyKey, String timestamp, String signature, String body, int answeredWith) {}

    private final MockWebServer server = new MockWebServer();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> accepted = new ConcurrentHashMap<>();
    private volatile IntSupplier status = () -> 200;
    private volatile long delayMillis;
    private volatile int holdAfter = Integer.MAX_VALUE;
    private final List<String> held = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);

    public WebhookReceiver() {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                int code = status.getAsInt();
                String key = request.getHeader("Idempotency-Key");
                received.add(new Received(
                        request.getPath(),
                        key,
                        request.getHeader("X-Signature-Timestamp"),
                        request.getHeader("X-Signature-SHA256"),
                        request.getBody().readUtf8(),
                        code));
                if (received.size() > holdAfter) {
                    held.add(key);
                    try {
                        // Received and recorded, not answered: the sender has it in flight.
                        release.await(5, TimeUnit.MINUTES);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                if (code >= 200 && code < 300 && key != null) {
                    accepted.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
                }
                MockResponse response = new MockResponse().setResponseCode(code);
                if (delayMillis > 0) {
                    response.setHeadersDelay(delayMillis, TimeUnit.MILLISECONDS);
                }
                return response;
            }
        });
        try {
            server.start(java.net.InetAddress.getLoopbackAddress(), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code http://127.0.0.1:<port>/hooks} */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getPort() + "/hooks";
    }

    /** The endpoint part of the Resilience4j instance names. */
    public String endpoint() {
        return "127.0.0.1:" + server.getPort();
    }

    public void answer(int code) {
        this.status = () -> code;
    }

    public void answer(IntSupplier code) {
        this.status = code;
    }

    public void delay(long millis) {
        this.delayMillis = millis;
    }

    /** Answers the first {@code n} requests; records every later one but holds its answer until {@link #release}. */
    public void holdAfter(int n) {
        this.holdAfter = n;
    }

    /** Idempotency keys of the requests received and not answered before {@link #release}. */
    public List<String> held() {
        return List.copyOf(held);
    }

    /** Answers the held requests (to a sender that may be gone) and holds no more. */
    public void release() {
        holdAfter = Integer.MAX_VALUE;
        release.countDown();
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    public List<Received> receivedWithKey(String key) {
        return received.stream().filter(r -> key.equals(r.idempotencyKey())).toList();
    }

    /** Requests per Idempotency-Key, whatever the answer. */
    public Map<String, Long> requestsPerKey() {
        return received.stream()
                .filter(r -> r.idempotencyKey() != null)
                .collect(Collectors.groupingBy(Received::idempotencyKey, Collectors.counting()));
    }

    /** Requests answered 2xx per Idempotency-Key. */
    public Map<String, Integer> acceptedPerKey() {
        return accepted.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().get()));
    }

    @Override
    public void close() throws IOException {
        server.shutdown();
    }
}
