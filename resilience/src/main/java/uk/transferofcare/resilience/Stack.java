package uk.transferofcare.resilience;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * The platform as a user starts it: {@code java -jar local-stack/target/local-stack-0.1.0-SNAPSHOT.jar} (what {@code
 * ./run --no-build} runs) with its own ports and data folder. The launcher restarts a process that dies, as it does for
 * every user; the suite finds each process by its pid file. Closing stops it with SIGTERM, as Ctrl-C does.
 */
final class Stack implements AutoCloseable {

    /** Every email and webhook of a row stays in the dev inbox until the suite has counted them. */
    static final int INBOX_CAPACITY = 100_000;

    private final Process launcher;
    private final Path dataDir;
    private final Path console;
    private final StackPorts ports;
    private volatile String lastNotReady = "";

    private Stack(Process launcher, Path dataDir, Path console, StackPorts ports) {
        this.launcher = launcher;
        this.dataDir = dataDir;
        this.console = console;
        this.ports = ports;
    }

    /**
     * @param maxRestarts the launcher's {@code --max-restarts}: deaths of one process it restarts within 10 minutes
     *     before it stops everything, as it does for a user; the suite's own repeated kills must fit in it
     */
    static Stack start(Path root, Path dataDir, StackPorts ports, int maxRestarts)
            throws IOException, InterruptedException {
        Path console = dataDir.resolve("launcher.log");
        List<String> command = List.of(
                FaultSuite.javaBin(),
                "-Xmx256m",
                "-Dlocal-stack.root=" + root,
                "-jar",
                root.resolve("local-stack/target/local-stack-0.1.0-SNAPSHOT.jar")
                        .toString(),
                "--brokers",
                Integer.toString(ports.brokers()),
                "--instances",
                Integer.toString(ports.instances()),
                "--ports-offset",
                Integer.toString(ports.offset()),
                "--data-dir",
                dataDir.toString(),
                "--timeout",
                "300",
                "--inbox-capacity",
                Integer.toString(INBOX_CAPACITY),
                "--max-restarts",
                Integer.toString(maxRestarts));
        Process launcher = new ProcessBuilder(command)
                .directory(root.toFile())
                .redirectErrorStream(true)
                .redirectOutput(console.toFile())
                .start();
        launcher.getOutputStream().close();
        Stack stack = new Stack(launcher, dataDir, console, ports);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(6);
        while (System.nanoTime() < deadline) {
            String text = Files.readString(console, StandardCharsets.UTF_8);
            if (text.contains("Platform ready in")) {
                return stack;
            }
            if (!launcher.isAlive()) {
                throw new IOException("the platform did not start (exit " + launcher.exitValue() + "); see " + console);
            }
            Thread.sleep(500);
        }
        stack.close();
        throw new IOException("the platform was not ready within 6 minutes; see " + console);
    }

    URI apiUrl() {
        return URI.create("http://127.0.0.1:" + ports.api());
    }

    /** The dev inbox's HTTP side (its JSON lists of what the notification service delivered). */
    URI inboxUrl() {
        return URI.create("http://127.0.0.1:" + ports.inbox());
    }

    /** The first Kafka node's client listener. */
    String kafkaBootstrap() {
        return "127.0.0.1:" + ports.kafka(1);
    }

    /**
     * The process name ({@code kafka}, {@code kafka-2}, ...) of the KRaft controller that leads the metadata quorum now,
     * asked of every node's client listener.
     */
    String activeController() throws IOException {
        StringBuilder bootstrap = new StringBuilder();
        for (int node = 1; node <= ports.brokers(); node++) {
            bootstrap.append(node == 1 ? "" : ",").append("127.0.0.1:").append(ports.kafka(node));
        }
        Map<String, Object> config = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap.toString(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        try (Admin admin = Admin.create(config)) {
            int leader = admin.describeMetadataQuorum()
                    .quorumInfo()
                    .get(30, TimeUnit.SECONDS)
                    .leaderId();
            return StackPorts.kafkaName(leader);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("cannot ask the Kafka cluster for its active controller: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while asking for the active controller", e);
        }
    }

    Path dataDir() {
        return dataDir;
    }

    StackPorts ports() {
        return ports;
    }

    /** Whether the launcher still runs the platform (it stops everything when a process keeps dying). */
    boolean isRunning() {
        return launcher.isAlive();
    }

    /** The pid of a process of the stack, from the pid file {@code ./run} writes at each (re)start. */
    long pid(String process) throws IOException {
        Path file = dataDir.resolve("pids").resolve(process + ".pid");
        if (!Files.isRegularFile(file)) {
            throw new IOException("no pid file " + file + " (is the process part of this stack?)");
        }
        return Long.parseLong(Files.readString(file).trim());
    }

    /**
     * Waits until every service answers its readiness UP, and the registry, PostgreSQL and every Kafka node accept
     * connections; the time it first was so, or empty after {@code timeout}. {@link #lastNotReady()} then names what
     * was the last to come back.
     */
    Optional<Instant> awaitAllReady(Duration timeout) throws InterruptedException {
        lastNotReady = "";
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!launcher.isAlive()) {
                lastNotReady = "the whole platform: the launcher stopped it (see " + console + ")";
                return Optional.empty();
            }
            Optional<String> notReady = firstNotReady();
            if (notReady.isEmpty()) {
                return Optional.of(Instant.now());
            }
            lastNotReady = notReady.get();
            Thread.sleep(250);
        }
        return Optional.empty();
    }

    /** What the last {@link #awaitAllReady} saw not ready last (empty when all was ready at once). */
    String lastNotReady() {
        return lastNotReady;
    }

    private Optional<String> firstNotReady() {
        for (Map.Entry<String, Integer> service : ports.services().entrySet()) {
            if (!FaultSuite.up(URI.create("http://127.0.0.1:" + service.getValue() + "/readyz"))) {
                return Optional.of(service.getKey());
            }
        }
        Map<String, Integer> listeners = new LinkedHashMap<>();
        listeners.put("schema-registry", ports.registry());
        listeners.put("postgres", ports.postgres());
        for (int node = 1; node <= ports.brokers(); node++) {
            listeners.put(StackPorts.kafkaName(node), ports.kafka(node));
        }
        for (Map.Entry<String, Integer> port : listeners.entrySet()) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port.getValue()), 1000);
            } catch (IOException e) {
                return Optional.of(port.getKey());
            }
        }
        return Optional.empty();
    }

    @Override
    public void close() throws InterruptedException {
        if (!launcher.isAlive()) {
            return;
        }
        launcher.destroy(); // SIGTERM: the launcher stops every process it started, as on Ctrl-C
        if (!launcher.waitFor(2, TimeUnit.MINUTES)) {
            launcher.descendants().forEach(ProcessHandle::destroyForcibly);
            launcher.destroyForcibly();
        }
    }
}
