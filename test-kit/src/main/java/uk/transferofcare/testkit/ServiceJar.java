package uk.transferofcare.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One of the platform's services running from its built jar in a child JVM against the test's broker and registry:
 * a real process a test can talk to, stop, or kill -9. Services never share code, so a test of one service meets
 * another only like this, through Kafka, as in production. The jar must have been built ({@code ./mvnw verify} builds
 * every module before the next one's integration tests; alone: {@code ./mvnw -q -DskipTests install}).
 *
 * <p>The child gets the platform's embedded-default JVM flags (C1 only, serial GC: it starts in seconds), a free HTTP
 * port, a data folder of its own ({@code APP_DATA_DIR}), the test's bootstrap servers and registry URL, and whatever
 * properties the test adds; its output goes to a log file whose end a failure message shows.
 */
public final class ServiceJar implements AutoCloseable {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String module;
    private final List<String> command;
    private final Map<String, String> environment;
    private final Path dataDir;
    private final Path log;
    private final int port;
    private Process process;

    private ServiceJar(String module, List<String> command, Map<String, String> environment, Path dataDir, int port) {
        this.module = module;
        this.command = command;
        this.environment = Map.copyOf(environment);
        this.dataDir = dataDir;
        this.log = dataDir.resolve("console.log");
        this.port = port;
    }

    /**
     * Starts {@code <module>/target/<module>-0.1.0-SNAPSHOT.jar} and waits until its readiness endpoint is UP.
     *
     * @param properties Spring properties for the child ({@code --key=value})
     */
    public static ServiceJar start(
            String module, PlatformInfrastructure infrastructure, Map<String, String> properties, Duration timeout) {
        return start(module, infrastructure, null, properties, timeout);
    }

    /**
     * Starts a service that reads from PostgreSQL (handover-api) against {@code database}: its url, user and password
     * go to the child as {@code SPRING_DATASOURCE_URL}, {@code _USERNAME}, {@code _PASSWORD}, as {@code ./run} and
     * docker-compose pass them. Give each start a fresh database ({@link PostgresInfrastructure#createDatabase()}),
     * or the one another instance uses when they must share it.
     *
     * @param database null for a service without a database
     */
    public static ServiceJar start(
            String module,
            PlatformInfrastructure infrastructure,
            TestDatabase database,
            Map<String, String> properties,
            Duration timeout) {
        Path jar = repositoryRoot().resolve(module).resolve("target").resolve(module + "-0.1.0-SNAPSHOT.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(
                    "No " + jar + ": build the service jars first (./mvnw -q -DskipTests install)");
        }
        try {
            Path dir = Files.createTempDirectory(module + "-");
            int port = freePort();
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:TieredStopAtLevel=1",
                    "-XX:+UseSerialGC",
                    "-Xss512k",
                    "-Xmx384m",
                    "-jar",
                    jar.toString(),
                    "--server.port=" + port,
                    "--spring.kafka.bootstrap-servers=" + infrastructure.bootstrapServers(),
                    "--spring.kafka.properties.schema.registry.url=" + infrastructure.schemaRegistryUrl(),
                    // Actuator on a free port of its own (server port + 10000 may be taken or beyond 65535).
                    "--management.server.port=" + freePort()));
            // Tokens of the test kit's key (its issuer and audience) wherever the service does not mint its own,
            // unless the caller names another issuer: each key once, or Spring would join repeated values.
            Map<String, String> all = new LinkedHashMap<>(TestTokens.properties());
            all.putAll(properties);
            all.forEach((key, value) -> command.add("--" + key + "=" + value));
            ServiceJar service =
                    new ServiceJar(module, command, database == null ? Map.of() : database.environment(), dir, port);
            service.launch(timeout);
            return service;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the same command again (after {@link #kill()} or {@link #stop()}) and waits until ready. */
    public void restart(Duration timeout) {
        launch(timeout);
    }

    private void launch(Duration timeout) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().put("APP_DATA_DIR", dataDir.toString());
            builder.environment().putAll(environment);
            process = builder.redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            process.getOutputStream().close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!ready()) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        module + " exited with " + process.exitValue() + "; its log:\n" + tail());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(module + " was not ready within " + timeout + "; its log:\n" + tail());
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while starting " + module, e);
            }
        }
    }

    /** True when {@code /readyz} answers 200. */
    public boolean ready() {
        try {
            HttpResponse<Void> response = HTTP.send(
                    HttpRequest.newBuilder(URI.create(baseUrl() + "/readyz"))
                            .timeout(Duration.ofSeconds(2))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** The HTTP port the instance listens on (loopback). */
    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    /** kill -9: no shutdown hook, no flush, no goodbye to the group. */
    public void kill() {
        process.destroyForcibly();
        waitFor();
    }

    /** A graceful stop (SIGTERM). */
    public void stop() {
        process.destroy();
        if (!waitFor()) {
            process.destroyForcibly();
            waitFor();
        }
    }

    private boolean waitFor() {
        try {
            return process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Everything the child has written so far (its console log), e.g. to check that something is never logged. */
    public String output() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("Cannot read " + log, e);
        }
    }

    /** The last 60 lines of the child's output. */
    public String tail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            stop();
        }
    }

    /**
     * The repository's root: {@code -Drepository.root} (the build sets it), else the nearest folder upwards with a
     * {@code vocabulary} module next to a {@code pom.xml}.
     */
    public static Path repositoryRoot() {
        String configured = System.getProperty("repository.root");
        if (configured != null) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("pom.xml")) && Files.isDirectory(dir.resolve("vocabulary"))) {
                return dir;
            }
        }
        throw new IllegalStateException(
                "cannot find the repository root from " + Path.of("").toAbsolutePath());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }
}
