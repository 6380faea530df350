package uk.transferofcare.benchmarks;

import java.io.IOException;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Starts what a benchmark measures, as the user would: the local stack with {@code java -jar
 * local-stack/target/local-stack-0.1.0-SNAPSHOT.jar --ports-offset N --data-dir DIR} (broker, registry, the three
 * services), and optionally a second handover-api with the {@code bench} profile's no-op submission sink. Stops them
 * with SIGTERM (as Ctrl-C) and, if that fails, forcibly.
 */
final class PlatformProcesses implements AutoCloseable {

    private static final Pattern READY = Pattern.compile("Platform ready in (\\d+\\.\\d) s");

    private final Path root;
    private final Path dataDir;
    private final List<Process> processes = new ArrayList<>();
    private Process launcher;
    private Path launcherConsole;
    private int offset;

    PlatformProcesses(Path root, Path dataDir) {
        this.root = root;
        this.dataDir = dataDir;
    }

    /** The repository root: the working directory or one of its parents holding mvnw and local-stack. */
    static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            if (Files.exists(dir.resolve("mvnw")) && Files.isDirectory(dir.resolve("local-stack"))) {
                return dir;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("run from inside the repository (no mvnw and local-stack above "
                + Path.of("").toAbsolutePath() + ")");
    }

    /** Jars the stack needs that are not built, as messages. */
    static List<String> missingJars(Path root) {
        List<String> missing = new ArrayList<>();
        for (String module : List.of(
                "local-stack", "schema-registry", "handover-api", "handover-processor", "notification-service")) {
            Path jar = root.resolve(module).resolve("target").resolve(module + "-0.1.0-SNAPSHOT.jar");
            if (!Files.isRegularFile(jar)) {
                missing.add(root.relativize(jar).toString());
            }
        }
        return missing;
    }

    /**
     * Copies what the stack runs from (the launcher, the broker's classpath, the service jars) into the data folder,
     * so a build running meanwhile cannot replace a jar under a starting process; returns the copy's root.
     */
    static Path snapshot(Path root, Path into) throws IOException {
        List<String> missing = missingJars(root);
        if (!missing.isEmpty()) {
            throw new IllegalStateException(
                    "not built: " + String.join(", ", missing) + "; build with ./mvnw -q -DskipTests install first");
        }
        Path copy = into.resolve("repository");
        Files.createDirectories(copy.resolve("local-stack/target/kafka-libs"));
        Files.copy(root.resolve("pom.xml"), copy.resolve("pom.xml"));
        Files.copy(root.resolve("local-stack/pom.xml"), copy.resolve("local-stack/pom.xml"));
        try (var jars = Files.list(root.resolve("local-stack/target/kafka-libs"))) {
            for (Path jar : jars.toList()) {
                Files.copy(jar, copy.resolve("local-stack/target/kafka-libs").resolve(jar.getFileName()));
            }
        }
        for (String module : List.of(
                "local-stack", "schema-registry", "handover-api", "handover-processor", "notification-service")) {
            Path jar = Path.of(module, "target", module + "-0.1.0-SNAPSHOT.jar");
            Files.createDirectories(copy.resolve(jar).getParent());
            Files.copy(root.resolve(jar), copy.resolve(jar));
        }
        // The registry's jar names its dependencies in its manifest (Class-Path: lib/...).
        Path registryLibs = root.resolve("schema-registry/target/lib");
        if (Files.isDirectory(registryLibs)) {
            Files.createDirectories(copy.resolve("schema-registry/target/lib"));
            try (var jars = Files.list(registryLibs)) {
                for (Path jar : jars.toList()) {
                    Files.copy(jar, copy.resolve("schema-registry/target/lib").resolve(jar.getFileName()));
                }
            }
        }
        return copy;
    }

    /** Starts the stack at the first free port offset from {@code firstOffset}; returns the API's base URL. */
    URI startStack(int firstOffset, Duration timeout, String services, Map<String, String> environment)
            throws IOException, InterruptedException {
        offset = freeOffset(firstOffset);
        Files.createDirectories(dataDir);
        launcherConsole = dataDir.resolve("launcher.log");
        List<String> command = List.of(
                java(),
                "-Xmx256m",
                "-Dlocal-stack.root=" + root,
                "-jar",
                root.resolve("local-stack/target/local-stack-0.1.0-SNAPSHOT.jar")
                        .toString(),
                "--services",
                services,
                "--ports-offset",
                Integer.toString(offset),
                "--data-dir",
                dataDir.toString(),
                "--timeout",
                Long.toString(timeout.toSeconds()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(root.toFile())
                .redirectErrorStream(true)
                .redirectOutput(launcherConsole.toFile());
        builder.environment().putAll(environment);
        launcher = builder.start();
        launcher.getOutputStream().close();
        long deadline = System.nanoTime() + timeout.plusSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            Matcher ready = READY.matcher(console());
            if (ready.find()) {
                return URI.create("http://127.0.0.1:" + (8080 + offset));
            }
            if (launcher.waitFor(500, TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException(
                        "the local stack exited with " + launcher.exitValue() + ":\n" + console());
            }
        }
        throw new IllegalStateException("the local stack was not ready in time:\n" + console());
    }

    int offset() {
        return offset;
    }

    String console() {
        try {
            return Files.readString(launcherConsole, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * Starts one more handover-api on a free port against the stack's broker and registry with extra environment
     * (e.g. the bench profile's no-op sink); returns its base URL once its readiness answers 200.
     */
    URI startExtraApi(String name, Map<String, String> environment, Duration timeout)
            throws IOException, InterruptedException {
        return startExtra("handover-api", name, environment, timeout).base();
    }

    /** A service process started next to the stack. */
    /** An extra instance: its main port ({@code /readyz}) and its management port (actuator, ADMIN token). */
    record Extra(String name, Process process, URI base, URI management) {}

    /**
     * Starts one more instance of a service ({@code handover-api}, {@code handover-processor}...) on a free port, with
     * a data folder of its own, against the stack's broker and registry, with the launcher's JVM flags and extra
     * environment; returns once its readiness answers 200.
     */
    Extra startExtra(String module, String name, Map<String, String> environment, Duration timeout)
            throws IOException, InterruptedException {
        int port = freePort();
        int managementPort = freePort();
        Path log = dataDir.resolve("logs").resolve(name + ".log");
        Files.createDirectories(log.getParent());
        // The same JVM flags as the launcher gives the stack's own services (LOCAL_STACK_JVM_FLAGS replaces them).
        String override = System.getenv("LOCAL_STACK_JVM_FLAGS");
        List<String> command = new ArrayList<>(List.of(java(), "-Xmx384m"));
        command.addAll(
                override == null || override.isBlank()
                        ? List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC")
                        : List.of(override.trim().split("\\s+")));
        command.add("-jar");
        // The jar as the launcher runs it: unpacked into the stack's data folder (app/<module>/), when it is there.
        Path unpacked = dataDir.resolve("app").resolve(module).resolve(module + "-0.1.0-SNAPSHOT.jar");
        command.add(
                Files.isRegularFile(unpacked)
                        ? unpacked.toString()
                        : root.resolve(module + "/target/" + module + "-0.1.0-SNAPSHOT.jar")
                                .toString());
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(root.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.put("SPRING_PROFILES_ACTIVE", "local");
        env.put("SERVER_PORT", Integer.toString(port));
        // A free port of its own: server port + 10000 (the services' default) may be taken or beyond 65535.
        env.put("MANAGEMENT_SERVER_PORT", Integer.toString(managementPort));
        env.put("DEV_JWKS_URI", "http://127.0.0.1:" + (8080 + offset) + "/dev/jwks");
        env.put("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:" + (9092 + offset));
        env.put("SCHEMA_REGISTRY_URL", "http://127.0.0.1:" + (8081 + offset));
        env.put("APP_DATA_DIR", dataDir.resolve(name).toString());
        env.put("PLATFORM_KAFKA_TOPICS_PARTITIONS", "3");
        env.put("PLATFORM_KAFKA_TOPICS_REPLICATION_FACTOR", "1");
        env.put("PLATFORM_KAFKA_TOPICS_MIN_INSYNC_REPLICAS", "1");
        // The launcher's PostgreSQL (port 5432 + offset), with the password it generated into its data folder.
        env.put("SPRING_DATASOURCE_URL", "jdbc:postgresql://127.0.0.1:" + (5432 + offset) + "/handover");
        env.put("SPRING_DATASOURCE_USERNAME", "handover");
        env.put(
                "SPRING_DATASOURCE_PASSWORD",
                Files.readString(dataDir.resolve("postgres").resolve("handover.password"))
                        .strip());
        env.putAll(environment);
        Process process = builder.start();
        process.getOutputStream().close();
        processes.add(process);
        URI base = URI.create("http://127.0.0.1:" + port);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log);
            }
            if (readiness(base) == 200) {
                return new Extra(name, process, base, URI.create("http://127.0.0.1:" + managementPort + "/"));
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException(name + " was not ready within " + timeout.toSeconds() + " s; see " + log);
    }

    /** The HTTP status of {@code /readyz} at {@code base}, or 0 when nothing answers. */
    static int readiness(URI base) throws InterruptedException {
        return health(base).statusCode();
    }

    /** {@code /readyz} at {@code base}: status and body (0 and "" when nothing answers). */
    static Health health(URI base) throws InterruptedException {
        try {
            HttpResponse<String> health = HTTP.send(
                    HttpRequest.newBuilder(base.resolve("/readyz"))
                            .timeout(Duration.ofSeconds(2))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Health(health.statusCode(), health.body());
        } catch (IOException e) {
            return new Health(0, "");
        }
    }

    /**
     * {@code /actuator/health/readiness} on a management port, with details: it takes an ADMIN token (see
     * {@link #adminToken(URI)}).
     */
    static Health managementReadiness(URI management, String adminToken) throws InterruptedException {
        try {
            HttpResponse<String> health = HTTP.send(
                    HttpRequest.newBuilder(management.resolve("/actuator/health/readiness"))
                            .header("Authorization", "Bearer " + adminToken)
                            .timeout(Duration.ofSeconds(2))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Health(health.statusCode(), health.body());
        } catch (IOException e) {
            return new Health(0, "");
        }
    }

    /** The management port of a stack service on {@code base}: its port + 10000 (platform-support's rule). */
    static URI managementOf(URI base) {
        return URI.create("http://127.0.0.1:" + (base.getPort() + 10_000) + "/");
    }

    /** An ADMIN dev token from the local API's {@code POST /dev/tokens}. */
    static String adminToken(URI api) throws IOException, InterruptedException {
        HttpResponse<String> answer = HTTP.send(
                HttpRequest.newBuilder(api.resolve("/dev/tokens"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"subject\":\"bench-admin\",\"role\":\"ADMIN\",\"org\":\"ADMIN\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        java.util.regex.Matcher token =
                java.util.regex.Pattern.compile("\"token\":\"([^\"]+)\"").matcher(answer.body());
        if (answer.statusCode() != 200 || !token.find()) {
            throw new IllegalStateException("POST /dev/tokens answered " + answer.statusCode() + ": " + answer.body());
        }
        return token.group(1);
    }

    record Health(int statusCode, String body) {}

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Override
    public void close() throws InterruptedException {
        for (Process process : processes) {
            stop(process, Duration.ofSeconds(20));
        }
        if (launcher != null) {
            stop(launcher, Duration.ofSeconds(90));
        }
    }

    private static void stop(Process process, Duration timeout) throws InterruptedException {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int freeOffset(int first) throws IOException {
        for (int offset = first; offset < first + 5000; offset += 100) {
            boolean free = true;
            for (int port : new int[] {9092, 9093, 8081, 8080, 8082, 8083, 8025, 8026, 2525, 5432}) {
                try (ServerSocket socket = new ServerSocket(port + offset)) {
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
        throw new IOException("no free port range from offset " + first);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
