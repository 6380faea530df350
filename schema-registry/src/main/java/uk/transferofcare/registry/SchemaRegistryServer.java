package uk.transferofcare.registry;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running schema registry: the Confluent Schema Registry REST API on the JDK's HTTP server, stored in a compacted
 * Kafka topic. Embed it with one call:
 *
 * <pre>{@code
 * try (SchemaRegistryServer registry = SchemaRegistryServer.start(RegistryConfig.defaults(bootstrapServers))) {
 *     String url = registry.url().toString(); // schema.registry.url
 * }
 * }</pre>
 */
public final class SchemaRegistryServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SchemaRegistryServer.class);

    /** Request threads: enough for a development platform, bounded so a burst cannot exhaust the JVM. */
    private static final int REQUEST_THREADS = 8;

    private static final int REQUEST_QUEUE = 256;

    static {
        // The JDK server writes the response headers and body separately; without TCP_NODELAY, Nagle's algorithm
        // and the client's delayed ACK add ~40 ms to every request. The server reads this switch once, when its
        // first instance in the JVM is created, and only from this system property.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final HttpServer http;
    private final ThreadPoolExecutor requests;
    private final SchemaStore store;
    private final URI url;
    private final AtomicBoolean closed = new AtomicBoolean();

    private SchemaRegistryServer(String host, int port, RegistryState state, SchemaStore store) {
        this(host, port, state, store, Map.of());
    }

    private SchemaRegistryServer(
            String host, int port, RegistryState state, SchemaStore store, Map<String, String> writers) {
        this.store = store;
        RegistryService registry = new RegistryService(state, store);
        try {
            this.http = HttpServer.create(new InetSocketAddress(host, port), 0);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("Cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        AtomicInteger threadNumber = new AtomicInteger();
        this.requests = new ThreadPoolExecutor(
                REQUEST_THREADS,
                REQUEST_THREADS,
                60,
                TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(REQUEST_QUEUE),
                runnable -> {
                    Thread thread = new Thread(runnable, "schema-registry-http-" + threadNumber.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                },
                new ThreadPoolExecutor.CallerRunsPolicy());
        this.requests.allowCoreThreadTimeOut(true);
        http.createContext("/", new RestApi(registry, store::isReady, writers));
        http.setExecutor(requests);
        http.start();
        this.url =
                URI.create("http://" + urlHost(host) + ":" + http.getAddress().getPort());
    }

    /**
     * Starts a registry on the Kafka cluster: creates the store topic if missing, listens (GET /health answers 503
     * meanwhile), reads the topic to the end and returns once the registry can answer everything.
     *
     * @throws IllegalStateException if the port is taken, the topic is unusable (more than one partition, not
     *     compacted) or Kafka could not be read within {@link RegistryConfig#initTimeout()}
     */
    public static SchemaRegistryServer start(RegistryConfig config) {
        Objects.requireNonNull(config, "config");
        long started = System.nanoTime();
        RegistryState state = new RegistryState();
        KafkaSchemaStore store = new KafkaSchemaStore(config, state);
        SchemaRegistryServer server;
        try {
            server = new SchemaRegistryServer(config.host(), config.port(), state, store, config.writers());
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        try {
            store.start();
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        log.info(
                "Schema registry ready at {} (store topic {} on {}: {} records read, started in {} ms)",
                server.url,
                config.topic(),
                config.bootstrapServers(),
                state.appliedRecords(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        return server;
    }

    /** A registry without Kafka, on the in-memory store: the fast test tier's. */
    static SchemaRegistryServer startInMemory(String host, int port) {
        return startInMemory(host, port, Map.of());
    }

    /** The same with writes allowed to these users only. */
    static SchemaRegistryServer startInMemory(String host, int port, Map<String, String> writers) {
        RegistryState state = new RegistryState();
        return new SchemaRegistryServer(host, port, state, new InMemorySchemaStore(state), writers);
    }

    /** A registry on a given state and store, for tests. */
    static SchemaRegistryServer startWith(String host, int port, RegistryState state, SchemaStore store) {
        return new SchemaRegistryServer(host, port, state, store);
    }

    /** The base URL clients use ({@code schema.registry.url}), e.g. {@code http://127.0.0.1:8081}. */
    public URI url() {
        return url;
    }

    /** Stops answering, then closes the Kafka clients. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        http.stop(0);
        requests.shutdown();
        try {
            if (!requests.awaitTermination(5, TimeUnit.SECONDS)) {
                requests.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            requests.shutdownNow();
        }
        store.close();
        log.info("Schema registry at {} stopped", url);
    }

    private static String urlHost(String host) {
        String h = host.trim();
        if (h.equals("0.0.0.0") || h.equals("::") || h.equals("[::]") || h.equals("0:0:0:0:0:0:0:0")) {
            return "127.0.0.1";
        }
        if (h.contains(":") && !h.startsWith("[")) {
            return "[" + h + "]";
        }
        return h;
    }
}
