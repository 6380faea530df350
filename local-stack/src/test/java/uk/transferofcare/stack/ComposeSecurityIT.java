package uk.transferofcare.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.tools.AclCommand;
import org.apache.kafka.tools.TopicCommand;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import uk.transferofcare.events.Topics;

/**
 * docker-compose.yml's Kafka security without Docker: the scripts under {@code deploy/kafka} run here as compose runs
 * them, with the image's {@code /opt/kafka/bin} tools replaced by the same Kafka classes: the storage tool and the
 * broker from the launcher's broker classpath, each its own JVM; {@code kafka-topics.sh} and {@code kafka-acls.sh},
 * which {@code init.sh} calls 31 times, in this JVM ({@link InProcessTools}). {@code make-secrets.sh} makes the CA, the broker's certificate and every password; {@code broker.sh}
 * formats a real broker with the SCRAM users and starts it with SASL_SSL and the StandardAuthorizer; {@code init.sh}
 * creates the topics and the ACLs. Then: the ACLs are exactly those of {@code ./run --secure}
 * ({@link SecureKafka#acls()}), each service's env file logs in as its own principal and may write only what its ACLs
 * allow (notification-service may not write {@code handover-submissions}), and the registry runs on its own principal
 * with writes authenticated, where the release step ({@code schema-init}, the API jar's {@code SchemaRegistration})
 * registers the contract with admin's credentials. PostgreSQL (the launcher's binaries) runs with the certificate
 * {@code make-secrets.sh} made and {@code deploy/postgres/initdb/20-require-tls.sh} applied to its cluster: a login
 * without TLS is refused, and the API's {@code sslmode=verify-full} connects. Needs the registry's and the API's jars,
 * like {@link LocalStackFullIT}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ComposeSecurityIT {

    private Process postgres;

    private static final Duration STEP_TIMEOUT = Duration.ofMinutes(4);

    @TempDir
    static Path work;

    private Path root;
    private Layout layout;
    private Path secrets;
    private int clientPort;
    private Process broker;
    private Process registry;
    private Admin admin;
    private InProcessTools tools;

    @BeforeAll
    void startABrokerAsComposeDoes() throws Exception {
        root = Layout.findRepoRoot().orElseThrow();
        layout = new Layout(root, work.resolve("data"));
        assertThat(layout.missingArtifacts(EnumSet.of(AppService.API)))
                .as("needs the broker classpath, the registry's and the API's jars: ./mvnw -pl"
                        + " schema-registry,handover-api,local-stack -am verify")
                .isEmpty();
        secrets = work.resolve("secrets");
        Path deploy = root.resolve("deploy").resolve("kafka");

        run(
                "make-secrets",
                List.of("bash", deploy.resolve("make-secrets.sh").toString(), secrets.toString()),
                Map.of("SECRETS_MOUNT", secrets.toString()));

        tools = new InProcessTools();
        Path kafkaHome = toolShims(tools.port());
        clientPort = freePort();
        int controllerPort = freePort();
        Map<String, String> brokerEnv = new LinkedHashMap<>();
        brokerEnv.put("NODE_ID", "1");
        brokerEnv.put("CLUSTER_ID", Uuid.randomUuid().toString());
        brokerEnv.put("CONTROLLER_QUORUM_VOTERS", "1@localhost:" + controllerPort);
        brokerEnv.put("ADVERTISED_HOST", "localhost");
        brokerEnv.put("CLIENT_PORT", String.valueOf(clientPort));
        brokerEnv.put("CONTROLLER_PORT", String.valueOf(controllerPort));
        brokerEnv.put("REPLICATION_FACTOR", "1");
        brokerEnv.put("MIN_INSYNC_REPLICAS", "1");
        brokerEnv.put("SECRETS_DIR", secrets.toString());
        brokerEnv.put("DATA_DIR", work.resolve("kafka-data").toString());
        brokerEnv.put("CONFIG_DIR", work.resolve("kafka-config").toString());
        brokerEnv.put("KAFKA_HOME", kafkaHome.toString());
        broker = start("broker", List.of("bash", deploy.resolve("broker.sh").toString()), brokerEnv);

        admin = Admin.create(clientConfig(Map.of(
                "SPRING_KAFKA_SECURITY_PROTOCOL",
                "SASL_SSL",
                "SPRING_KAFKA_PROPERTIES_SASL_MECHANISM",
                "SCRAM-SHA-512",
                "SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG",
                SecureKafka.scramJaas("admin", password("admin")),
                "SPRING_KAFKA_SSL_TRUST_STORE_TYPE",
                "PKCS12",
                "SPRING_KAFKA_SSL_TRUST_STORE_LOCATION",
                "file:" + secrets.resolve("tls").resolve("truststore.p12"),
                "SPRING_KAFKA_SSL_TRUST_STORE_PASSWORD",
                password("trust-store"))));
        await("the broker answers admin over SASL_SSL")
                .atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(500))
                .ignoreExceptions()
                .until(() -> {
                    assertThat(broker.isAlive()).as(log("broker")).isTrue();
                    return admin.describeCluster()
                                    .nodes()
                                    .get(5, TimeUnit.SECONDS)
                                    .size()
                            == 1;
                });

        run(
                "kafka-init",
                List.of("bash", deploy.resolve("init.sh").toString()),
                Map.of(
                        "BOOTSTRAP",
                        "localhost:" + clientPort,
                        "PARTITIONS",
                        "1",
                        "REPLICATION_FACTOR",
                        "1",
                        "MIN_INSYNC_REPLICAS",
                        "1",
                        "SECRETS_DIR",
                        secrets.toString(),
                        "CONFIG_DIR",
                        work.resolve("init-config").toString(),
                        "KAFKA_HOME",
                        kafkaHome.toString()));
    }

    @AfterAll
    void stop() throws InterruptedException {
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
        }
        for (Process process : new Process[] {postgres, registry, broker}) {
            if (process != null) {
                process.destroy();
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
        }
        if (tools != null) {
            tools.close();
        }
    }

    @Test
    void theInitScriptMakesTheLaunchersCatalogueAndExactlyItsAcls() throws Exception {
        Set<AclBinding> acls =
                new HashSet<>(admin.describeAcls(AclBindingFilter.ANY).values().get(30, TimeUnit.SECONDS));
        assertThat(acls).containsExactlyInAnyOrderElementsOf(new HashSet<>(SecureKafka.acls()));

        List<NewTopic> expected = SecureKafka.catalogueTopics(1, (short) 1, 1);
        List<ConfigResource> resources = expected.stream()
                .map(topic -> new ConfigResource(ConfigResource.Type.TOPIC, topic.name()))
                .toList();
        Map<ConfigResource, Config> configs =
                admin.describeConfigs(resources).all().get(30, TimeUnit.SECONDS);
        for (NewTopic topic : expected) {
            Config config = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, topic.name()));
            topic.configs()
                    .forEach((key, value) -> assertThat(config.get(key).value())
                            .as(topic.name() + " " + key)
                            .isEqualTo(value));
        }
        assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS))
                .containsAll(expected.stream().map(NewTopic::name).toList());
    }

    @Test
    void eachServiceLogsInWithItsEnvFileAndWritesOnlyWhatItsAclsAllow() throws Exception {
        try (var api = producer("handover-api");
                var processor = producer("handover-processor");
                var notification = producer("notification-service")) {
            assertThat(send(api, Topics.SUBMISSIONS.name())).isNull();
            assertThat(send(processor, Topics.EVENTS.name())).isNull();
            assertThat(send(notification, Topics.NOTIFICATION_OUTCOMES.name())).isNull();

            assertThat(send(notification, Topics.SUBMISSIONS.name()))
                    .as("an authenticated principal without the ACL cannot write handover-submissions")
                    .isInstanceOf(TopicAuthorizationException.class);
            assertThat(send(api, Topics.EVENTS.name())).isInstanceOf(TopicAuthorizationException.class);
        }
        assertThatThrownBy(() -> {
                    Map<String, String> wrong = new LinkedHashMap<>(envFile("handover-api"));
                    wrong.put(
                            "SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG",
                            SecureKafka.scramJaas("handover-api", "not-the-password"));
                    try (Admin stranger = Admin.create(clientConfig(wrong))) {
                        stranger.describeCluster().nodes().get(30, TimeUnit.SECONDS);
                    }
                })
                .hasRootCauseInstanceOf(org.apache.kafka.common.errors.SaslAuthenticationException.class);
    }

    @Test
    void theEnvFilesCarryTheSameClientSettingsAsRunSecure() throws IOException {
        SecureKafka.Secrets launcher = SecureKafka.Secrets.load(new SecureKafka.Files(work.resolve("run-secure")));
        for (SecureKafka.Principal principal : List.of(
                SecureKafka.Principal.API, SecureKafka.Principal.PROCESSOR, SecureKafka.Principal.NOTIFICATION)) {
            Map<String, String> runSecure = SecureKafka.springEnvironment(launcher, principal);
            Map<String, String> compose = envFile(principal.user());
            assertThat(compose.keySet()).as(principal.user()).containsAll(runSecure.keySet());
            runSecure.forEach((key, value) -> {
                if (!key.contains("JAAS") && !key.contains("TRUST_STORE_LOCATION") && !key.contains("PASSWORD")) {
                    assertThat(compose.get(key))
                            .as(principal.user() + " " + key)
                            .isEqualTo(value);
                }
            });
            assertThat(compose.get("SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG"))
                    .isEqualTo(SecureKafka.scramJaas(principal.user(), password(principal.user())));
            assertThat(compose.get("SPRING_KAFKA_PROPERTIES_BASIC_AUTH_USER_INFO"))
                    .isEqualTo(principal.user() + ":" + password(principal.user()));
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secrets.resolve("passwords"))))
                .isEqualTo("rwxr-x---");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(
                        secrets.resolve("passwords").resolve("admin.password"))))
                .isEqualTo("rw-r-----");
    }

    @Test
    void theRegistryRunsAsItsOwnPrincipalAndTheReleaseStepRegistersTheContractWithAdminsCredentials() throws Exception {
        int registryPort = freePort();
        Map<String, String> registryEnv = new LinkedHashMap<>(envFile("schema-registry"));
        registryEnv.put("KAFKA_BOOTSTRAP_SERVERS", "localhost:" + clientPort);
        registryEnv.put("SCHEMA_REGISTRY_HOST", "127.0.0.1");
        registryEnv.put("SCHEMA_REGISTRY_PORT", String.valueOf(registryPort));
        registryEnv.put("SCHEMA_REGISTRY_TOPIC_REPLICATION_FACTOR", "1");
        registry = start(
                "registry",
                List.of(java(), "-Xmx128m", "-jar", layout.registryJar().toString()),
                registryEnv);
        String url = "http://127.0.0.1:" + registryPort;
        HttpClient http = HttpClient.newHttpClient();
        await("the registry is ready on its own principal")
                .atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(500))
                .ignoreExceptions()
                .until(() -> {
                    assertThat(registry.isAlive()).as(log("registry")).isTrue();
                    return http.send(
                                            HttpRequest.newBuilder(URI.create(url + "/subjects"))
                                                    .build(),
                                            HttpResponse.BodyHandlers.discarding())
                                    .statusCode()
                            == 200;
                });

        HttpResponse<String> anonymous = http.send(
                HttpRequest.newBuilder(URI.create(url + "/subjects/handover-submissions-value/versions"))
                        .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"schema\":\"\\\"string\\\"\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);

        // docker-compose.yml's schema-init: the API image's jar, its PropertiesLauncher and SchemaRegistration.
        String output = run(
                "schema-init",
                List.of(
                        java(),
                        "-cp",
                        layout.jar(AppService.API).toString(),
                        "-Dloader.main=uk.transferofcare.support.registry.SchemaRegistration",
                        "org.springframework.boot.loader.launch.PropertiesLauncher"),
                Map.of(
                        "SCHEMA_REGISTRY_URL",
                        url,
                        "SCHEMA_REGISTRY_USER_INFO_FILE",
                        secrets.resolve("registry").resolve("admin.user-info").toString()));
        assertThat(output).contains(Topics.all().size() + " subjects registered");
        HttpResponse<String> subjects = http.send(
                HttpRequest.newBuilder(URI.create(url + "/subjects")).build(), HttpResponse.BodyHandlers.ofString());
        for (var topic : Topics.all()) {
            assertThat(subjects.body()).contains("\"" + topic.name() + "-value\"");
        }
    }

    @Test
    void postgresTakesTlsLoginsOnlyWithTheCertificateOfTheDeploymentsCa() throws Exception {
        LocalPostgres.Binaries binaries = LocalPostgres.binaries(LocalPostgres.cacheRoot());
        LocalPostgres.Storage storage = new LocalPostgres.Storage(
                work.resolve("postgres"), work.resolve("postgres").resolve("data"));
        Files.createDirectories(storage.dir());
        String superuser = SecretFiles.password(storage.passwordFile(LocalPostgres.SUPERUSER));
        List<String> prefix = LocalPostgres.rootPrefix();
        run("initdb", LocalPostgres.initdbCommand(storage, binaries, prefix), Map.of());
        run(
                "require-tls",
                List.of(
                        "bash",
                        root.resolve("deploy/postgres/initdb/20-require-tls.sh").toString()),
                Map.of("PGDATA", storage.cluster().toString()));
        // As docker-compose.yml's entrypoint does: the key private to the server's user.
        Path key = storage.dir().resolve("server.key");
        Files.copy(secrets.resolve("postgres").resolve("server.key"), key);
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        int port = freePort();
        List<String> command = new java.util.ArrayList<>(prefix);
        command.addAll(List.of(
                binaries.bin("postgres").toString(), "-D", storage.cluster().toString()));
        for (String setting : List.of(
                "listen_addresses=127.0.0.1",
                "port=" + port,
                "unix_socket_directories=",
                "ssl=on",
                "ssl_cert_file=" + secrets.resolve("postgres").resolve("server.crt"),
                "ssl_key_file=" + key,
                "ssl_min_protocol_version=TLSv1.2")) {
            command.add("-c");
            command.add(setting);
        }
        postgres = start("postgres", command, Map.of());
        String ca = secrets.resolve("tls").resolve("ca.pem").toString();

        await("PostgreSQL takes a verify-full login")
                .atMost(Duration.ofMinutes(1))
                .pollInterval(Duration.ofMillis(300))
                .ignoreExceptions()
                .untilAsserted(() -> {
                    assertThat(postgres.isAlive()).as(log("postgres")).isTrue();
                    try (var connection = java.sql.DriverManager.getConnection(
                                    "jdbc:postgresql://localhost:" + port + "/postgres?sslmode=verify-full&sslrootcert="
                                            + ca,
                                    LocalPostgres.SUPERUSER,
                                    superuser);
                            var rows = connection
                                    .createStatement()
                                    .executeQuery("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")) {
                        assertThat(rows.next()).isTrue();
                        assertThat(rows.getBoolean(1)).isTrue();
                    }
                });
        assertThatThrownBy(() -> java.sql.DriverManager.getConnection(
                                "jdbc:postgresql://localhost:" + port + "/postgres?sslmode=disable",
                                LocalPostgres.SUPERUSER,
                                superuser)
                        .close())
                .as("a login without TLS")
                .hasMessageContaining("no encryption");
        assertThatThrownBy(() -> java.sql.DriverManager.getConnection(
                                "jdbc:postgresql://127.0.0.1:" + port + "/postgres?sslmode=verify-full&sslrootcert="
                                        + ca,
                                LocalPostgres.SUPERUSER,
                                superuser)
                        .close())
                .as("verify-full checks the host name: the certificate names postgres and localhost, not the address")
                .isInstanceOf(java.sql.SQLException.class);
    }

    // ---- helpers ----

    /**
     * {@code /opt/kafka/bin} as the scripts call it: the same Kafka classes. The storage tool and the broker from the
     * launcher's broker classpath, each its own JVM; {@code kafka-topics.sh} and {@code kafka-acls.sh} forwarded to
     * {@link InProcessTools} on {@code toolsPort}.
     */
    private Path toolShims(int toolsPort) throws IOException {
        Path bin = work.resolve("kafka-home").resolve("bin");
        Files.createDirectories(bin);
        String classpath = layout.kafkaLibs().toAbsolutePath() + "/*";
        Map<String, String> jvms = Map.of(
                "kafka-storage.sh", "kafka.tools.StorageTool",
                "kafka-server-start.sh", "kafka.Kafka");
        for (var tool : jvms.entrySet()) {
            String heap = tool.getValue().equals("kafka.Kafka")
                    ? "-Xmx512m"
                    : "-Xmx128m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto";
            writeScript(
                    bin.resolve(tool.getKey()),
                    "exec '" + java() + "' " + heap + " -cp '" + classpath + "' " + tool.getValue() + " \"$@\"\n");
        }
        for (String tool : InProcessTools.TOOLS) {
            // The tool's name, the argument count and the NUL-terminated arguments; back: the exit status on the first
            // line, then the tool's output.
            writeScript(
                    bin.resolve(tool),
                    "set -euo pipefail\n"
                            + "exec 3<>/dev/tcp/127.0.0.1/" + toolsPort + "\n"
                            + "printf '%s\\n%s\\n' '" + tool + "' \"$#\" >&3\n"
                            + "if (( $# > 0 )); then printf '%s\\0' \"$@\" >&3; fi\n"
                            + "IFS= read -r status <&3\n"
                            + "cat <&3\n"
                            + "exit \"$status\"\n");
        }
        return bin.getParent();
    }

    private static void writeScript(Path script, String body) throws IOException {
        Files.writeString(script, "#!/usr/bin/env bash\n" + body);
        script.toFile().setExecutable(true);
    }

    /**
     * Runs {@code kafka-topics.sh} and {@code kafka-acls.sh} ({@link TopicCommand}, {@link AclCommand}: the classes
     * the image's scripts run) in this JVM for the shims {@link #toolShims} writes, several calls at once as
     * {@code init.sh} makes them. A JVM start per call made {@code kafka-init} take 57 s of the class's 95 s on 2
     * cores; here it is the tools' own work. Each call's {@code System.out} and {@code System.err} go back to its
     * shim. Kafka's {@link Exit} records the status instead of ending this JVM: the first one a call gives is its
     * status, as the JVM's would be (TopicCommand exits in {@code execute} and again, 0, in {@code main}).
     */
    private static final class InProcessTools implements AutoCloseable {

        static final List<String> TOOLS = List.of("kafka-topics.sh", "kafka-acls.sh");

        private final ServerSocket server;
        private final ExecutorService calls = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "kafka-tool-call");
            thread.setDaemon(true);
            return thread;
        });
        private final PrintStream originalOut = System.out;
        private final PrintStream originalErr = System.err;
        private final ThreadLocal<PrintStream> output = new ThreadLocal<>();
        private final ThreadLocal<Integer> exitStatus = new ThreadLocal<>();

        InProcessTools() throws IOException {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            System.setOut(perCall(originalOut));
            System.setErr(perCall(originalErr));
            Exit.setExitProcedure((status, message) -> {
                if (exitStatus.get() == null) {
                    exitStatus.set(status);
                }
            });
            calls.execute(this::accept);
        }

        int port() {
            return server.getLocalPort();
        }

        /** While a call runs on this thread, what the tool prints goes to that call; else where it went before. */
        private PrintStream perCall(PrintStream original) {
            return new PrintStream(
                    new OutputStream() {
                        @Override
                        public void write(int b) {
                            target().write(b);
                        }

                        @Override
                        public void write(byte[] bytes, int offset, int length) {
                            target().write(bytes, offset, length);
                        }

                        @Override
                        public void flush() {
                            target().flush();
                        }

                        private PrintStream target() {
                            PrintStream call = output.get();
                            return call != null ? call : original;
                        }
                    },
                    true,
                    StandardCharsets.UTF_8);
        }

        private void accept() {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    calls.execute(() -> serve(socket));
                } catch (IOException e) {
                    if (!server.isClosed()) {
                        originalErr.println("ComposeSecurityIT: kafka tool server: " + e);
                    }
                }
            }
        }

        private void serve(Socket socket) {
            try (socket) {
                InputStream in = new BufferedInputStream(socket.getInputStream());
                String tool = readUntil(in, '\n');
                String[] args = new String[Integer.parseInt(readUntil(in, '\n'))];
                for (int i = 0; i < args.length; i++) {
                    args[i] = readUntil(in, '\0');
                }
                ByteArrayOutputStream printed = new ByteArrayOutputStream();
                int status = run(tool, args, new PrintStream(printed, true, StandardCharsets.UTF_8));
                OutputStream out = socket.getOutputStream();
                out.write((status + "\n").getBytes(StandardCharsets.UTF_8));
                printed.writeTo(out);
                out.flush();
            } catch (IOException | RuntimeException e) {
                originalErr.println("ComposeSecurityIT: kafka tool call failed: " + e);
            }
        }

        private int run(String tool, String[] args, PrintStream printed) {
            output.set(printed);
            exitStatus.remove();
            try {
                switch (tool) {
                    case "kafka-topics.sh" -> TopicCommand.main(args);
                    case "kafka-acls.sh" -> AclCommand.main(args);
                    default -> {
                        printed.println("no such tool: " + tool);
                        return 127;
                    }
                }
                Integer status = exitStatus.get();
                return status == null ? 0 : status;
            } catch (RuntimeException e) {
                e.printStackTrace(printed);
                return 1;
            } finally {
                output.remove();
                exitStatus.remove();
                printed.flush();
            }
        }

        private static String readUntil(InputStream in, char end) throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            for (int b = in.read(); b != end; b = in.read()) {
                if (b < 0) {
                    throw new EOFException("the shim's request ended early");
                }
                bytes.write(b);
            }
            return bytes.toString(StandardCharsets.UTF_8);
        }

        @Override
        public void close() {
            try {
                server.close();
            } catch (IOException e) {
                originalErr.println("ComposeSecurityIT: " + e);
            }
            calls.shutdownNow();
            Exit.resetExitProcedure();
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
    }

    private Process start(String name, List<String> command, Map<String, String> environment) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(work.resolve(name + ".log").toFile());
        builder.environment().putAll(environment);
        return builder.start();
    }

    /** Runs a one-shot step to completion; its output, or a failure that shows it. */
    private String run(String name, List<String> command, Map<String, String> environment)
            throws IOException, InterruptedException {
        long started = System.nanoTime();
        Process process = start(name, command, environment);
        boolean finished = process.waitFor(STEP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        System.out.printf("ComposeSecurityIT: %s took %.1f s%n", name, (System.nanoTime() - started) / 1e9);
        if (!finished) {
            process.destroyForcibly();
        }
        String output = log(name);
        assertThat(finished)
                .as(name + " did not finish in " + STEP_TIMEOUT + ":\n" + output)
                .isTrue();
        assertThat(process.exitValue()).as(name + " failed:\n" + output).isZero();
        return output;
    }

    private String log(String name) {
        try {
            return Files.readString(work.resolve(name + ".log"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private String password(String user) {
        try {
            return Files.readString(secrets.resolve("passwords").resolve(user + ".password"))
                    .strip();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A compose env_file: KEY=VALUE lines, single quotes taken literally. */
    private Map<String, String> envFile(String service) throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        for (String line : Files.readAllLines(secrets.resolve("env").resolve(service + ".env"))) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            String value = line.substring(eq + 1);
            if (value.length() >= 2 && value.startsWith("'") && value.endsWith("'")) {
                value = value.substring(1, value.length() - 1);
            }
            env.put(line.substring(0, eq), value);
        }
        return env;
    }

    /** Kafka client settings from Spring Boot's variables, as the services read them. */
    private Map<String, Object> clientConfig(Map<String, String> env) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, "localhost:" + clientPort);
        config.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, env.get("SPRING_KAFKA_SECURITY_PROTOCOL"));
        config.put(SaslConfigs.SASL_MECHANISM, env.get("SPRING_KAFKA_PROPERTIES_SASL_MECHANISM"));
        config.put(SaslConfigs.SASL_JAAS_CONFIG, env.get("SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG"));
        config.put(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, env.get("SPRING_KAFKA_SSL_TRUST_STORE_TYPE"));
        config.put(
                SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG,
                env.get("SPRING_KAFKA_SSL_TRUST_STORE_LOCATION").replaceFirst("^file:", ""));
        config.put(SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG, env.get("SPRING_KAFKA_SSL_TRUST_STORE_PASSWORD"));
        config.put(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        return config;
    }

    private KafkaProducer<String, String> producer(String service) throws IOException {
        Map<String, Object> config = clientConfig(envFile(service));
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 20_000);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 20_000);
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    /** Null when the broker acknowledged the record, else why not. */
    private static Throwable send(KafkaProducer<String, String> producer, String topic) throws InterruptedException {
        try {
            producer.send(new ProducerRecord<>(topic, "compose-it", "x")).get(30, TimeUnit.SECONDS);
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (java.util.concurrent.TimeoutException e) {
            return e;
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
