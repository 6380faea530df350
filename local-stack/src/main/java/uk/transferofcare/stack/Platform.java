package uk.transferofcare.stack;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/**
 * The running local stack: dev inbox, broker and PostgreSQL (starting side by side), registry and services, started in
 * that order and stopped in reverse, PostgreSQL last. Every wait is a poll with a deadline that also watches the
 * process, so a crash is reported at once rather than at the timeout. Once everything is ready, {@link #supervise()}
 * hands the broker, PostgreSQL, the registry and the services to a {@link Supervisor}, which restarts whichever dies.
 */
final class Platform implements Supervisor.Host {

    static final Duration POLL_INTERVAL = Duration.ofMillis(250);
    static final Duration SERVICE_STOP_GRACE = Duration.ofSeconds(20);
    static final Duration BROKER_STOP_GRACE = Duration.ofSeconds(60);
    static final Duration POSTGRES_STOP_GRACE = Duration.ofSeconds(30);
    static final int LOG_TAIL_LINES = 40;
    static final String SERVICE_HEAP = "384m";
    static final String REGISTRY_HEAP = "256m";
    /** Partitions of the catalogue topics on the local broker. */
    static final String SERVICE_TOPIC_PARTITIONS = "3";

    private final Options options;

    /** Where every process listens. */
    static final String LOOPBACK = "127.0.0.1";

    /** Where handover-api listens with {@code --lan}: every interface. */
    static final String LAN_ADDRESS = "0.0.0.0";

    private final Layout layout;
    private final Ports ports;
    private final PrintStream out;
    private final Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private final long startNanos = System.nanoTime();

    private final Object lock = new Object();
    private boolean stopping;
    private final AtomicBoolean stopStarted = new AtomicBoolean();
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();
    private final Supervisor supervisor;

    private volatile DevInbox inbox;
    /** handover-api's port when several instances run ({@code --instances}); null otherwise. */
    private volatile FrontProxy front;
    /** {@code --secure}: the Kafka and registry passwords, once start-up has read or generated them. */
    private volatile SecureKafka.Secrets kafkaSecrets;
    /** The PostgreSQL passwords, once start-up has read or generated them. */
    private volatile Logins logins;
    /**
     * Every process started, in start order, a restarted one in the place of the one it replaced; guarded by {@link
     * #lock}.
     */
    private final List<ManagedProcess> launched = new ArrayList<>();
    /** The broker, the registry and the services, each with its first process; guarded by {@link #lock}. */
    private final Map<Child, ManagedProcess> restartable = new LinkedHashMap<>();

    Platform(Options options, Layout layout, PrintStream out) {
        this.options = options;
        this.layout = layout;
        this.ports = new Ports(options.portsOffset(), options.brokers(), options.instances());
        this.out = out;
        this.supervisor = new Supervisor(options.restart(), options.timeout(), POLL_INTERVAL, this);
    }

    /** Starts everything and returns when all of it is healthy. */
    void start() throws StartupException, InterruptedException {
        Deadline deadline = new Deadline(options.timeout());
        if (options.lan()) {
            lanWarning(ports, lanAddresses()).forEach(out::println);
            out.flush();
        }
        startInbox();
        List<ManagedProcess> brokers = launchBrokers(deadline);
        startPostgres(deadline);
        awaitBrokers(brokers, deadline);
        if (options.secure()) {
            createTopicsAndAcls(deadline);
        }
        startRegistry(deadline);
        startServices(deadline);
    }

    /**
     * From now on a broker, registry or service that dies is restarted (see {@link RestartPolicy}). Completes when one
     * keeps dying: then the stack should stop.
     */
    CompletableFuture<Supervisor.GaveUp> supervise() {
        synchronized (lock) {
            restartable.forEach(supervisor::watch);
        }
        return supervisor.gaveUp();
    }

    Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    // ---- start-up ----

    private void startInbox() throws StartupException {
        try {
            inbox = new DevInbox(options.inboxCapacity(), Clock.systemUTC())
                    .start(ports.inboxSmtp(), ports.inboxHttp(), ports.inboxWebhooks());
        } catch (IOException e) {
            throw new StartupException(e.getMessage(), List.of());
        }
        status("dev inbox", "http://localhost:" + ports.inboxHttp() + " (SMTP 127.0.0.1:" + ports.inboxSmtp() + ")");
    }

    /**
     * Formats each node's storage on the first start (one cluster id for all), then starts every node; {@link
     * #awaitBrokers} waits for them. A data folder keeps the node count it was formatted with.
     */
    private List<ManagedProcess> launchBrokers(Deadline deadline) throws StartupException, InterruptedException {
        SecureKafka.Files secureFiles = SecureKafka.Files.in(layout);
        int brokers = ports.brokers();
        try {
            Optional<Integer> formattedWith = KafkaBroker.formattedBrokerCount(layout);
            if (formattedWith.isPresent() && formattedWith.get() != brokers) {
                throw new StartupException(
                        "The data folder " + layout.dataDir() + " holds a Kafka cluster of " + formattedWith.get()
                                + (formattedWith.get() == 1 ? " broker" : " brokers") + ", not " + brokers
                                + " (--brokers " + brokers + "). Use another --data-dir, or stop and delete "
                                + layout.dataDir() + " (its topics are lost)",
                        List.of());
            }
            Map<String, String> secureOverrides = null;
            List<String> formatArguments = List.of();
            if (options.secure()) {
                KafkaBroker.Storage first = KafkaBroker.Storage.in(layout);
                if (first.formatted() && !SecureKafka.formattedSecure(secureFiles, layout)) {
                    throw new StartupException(
                            "--secure needs a Kafka storage formatted with its SCRAM users, but " + first.logDirs()
                                    + " was formatted by a start without --secure. Use another --data-dir, or stop"
                                    + " and delete " + layout.kafkaDir() + " (its topics are lost)",
                            List.of());
                }
                long tlsStart = System.nanoTime();
                boolean made = !java.nio.file.Files.isRegularFile(secureFiles.brokerKeyStore());
                SecureKafka.ensureCertificates(
                        Path.of(System.getProperty("java.home")),
                        secureFiles,
                        layout.log("kafka-keytool"),
                        deadline.remaining());
                kafkaSecrets = SecureKafka.Secrets.load(secureFiles);
                if (made) {
                    status(
                            "Kafka TLS",
                            "CA and broker certificate made in " + secureFiles.tls() + " ("
                                    + seconds(Duration.ofNanos(System.nanoTime() - tlsStart)) + ")");
                }
                formatArguments = SecureKafka.formatArguments(kafkaSecrets);
            }
            boolean formattedAny = false;
            for (int node = 1; node <= brokers; node++) {
                KafkaBroker.Storage storage = KafkaBroker.Storage.in(layout, node);
                storage.write(
                        ports,
                        node,
                        kafkaSecrets == null ? Map.of() : SecureKafka.serverProperties(ports, node, kafkaSecrets));
                if (!storage.formatted()) {
                    format(storage, node, formatArguments, deadline);
                    formattedAny = true;
                }
            }
            if (formattedAny) {
                KafkaBroker.recordBrokerCount(layout, brokers);
                if (options.secure()) {
                    SecureKafka.markFormattedSecure(secureFiles, layout);
                }
            }
        } catch (IOException e) {
            throw new StartupException("Cannot prepare the Kafka broker: " + e.getMessage(), List.of());
        }
        List<ManagedProcess> launchedBrokers = new ArrayList<>();
        for (int node = 1; node <= brokers; node++) {
            launchedBrokers.add(launch(brokerChild(node)));
        }
        return launchedBrokers;
    }

    private void format(KafkaBroker.Storage storage, int node, List<String> formatArguments, Deadline deadline)
            throws IOException, StartupException, InterruptedException {
        String clusterId = storage.clusterId();
        status("Kafka storage", "formatting " + storage.logDirs() + " (cluster id " + clusterId + ")");
        String name = "kafka-storage-format" + (node == 1 ? "" : "-" + node);
        Path formatLog = layout.log(name);
        int code = ManagedProcess.runToCompletion(
                name,
                KafkaBroker.formatCommand(javaBin, layout, storage, clusterId, formatArguments),
                layout.repoRoot(),
                formatLog,
                deadline.remaining());
        if (code != 0) {
            printTail(name, ManagedProcess.tail(formatLog, LOG_TAIL_LINES), formatLog);
            throw new StartupException("Formatting the Kafka storage failed (exit code " + code + ")", List.of());
        }
    }

    static boolean isBroker(String processName) {
        return processName.equals("kafka") || processName.matches("kafka-\\d+");
    }

    /** The name of node n's process: {@code kafka} for node 1 (as with one broker), {@code kafka-2}, {@code kafka-3}. */
    static String brokerName(int node) {
        return node == 1 ? "kafka" : "kafka-" + node;
    }

    private Child brokerChild(int node) {
        KafkaBroker.Storage storage = KafkaBroker.Storage.in(layout, node);
        // A restart runs the same command on the same, already formatted log dirs: Kafka recovers what an unclean
        // exit left (kill -9 loses nothing it acknowledged, the page cache survives the process). It never formats:
        // if the storage has gone, the broker is not restarted on an empty folder under a new cluster id.
        return new Child(
                brokerName(node),
                KafkaBroker.brokerCommand(javaBin, layout, storage),
                Map.of(),
                "127.0.0.1:" + ports.kafka(node),
                () -> brokerProbe(node),
                () -> storage.formatted()
                        ? Optional.empty()
                        : Optional.of("its storage " + storage.logDirs()
                                + " is no longer formatted (no meta.properties); start the stack again to format it"));
    }

    private void awaitBrokers(List<ManagedProcess> brokers, Deadline deadline)
            throws StartupException, InterruptedException {
        for (int node = 1; node <= brokers.size(); node++) {
            try (Child.Probe probe = brokerProbe(node)) {
                awaitReady(
                        brokers.get(node - 1),
                        brokers.size() == 1 ? "Kafka broker" : "Kafka broker " + node,
                        deadline,
                        probe);
            }
        }
        String security = options.secure() ? " (SASL_SSL, " + SecureKafka.MECHANISM + ")" : "";
        if (brokers.size() == 1) {
            status(
                    "Kafka broker",
                    ports.kafkaBootstrap() + security + " ready ("
                            + seconds(brokers.get(0).uptime()) + ")");
        } else {
            status(
                    "Kafka cluster",
                    brokers.size() + " brokers and KRaft controllers, " + ports.kafkaBootstrap() + security
                            + ", replication factor " + ports.replicationFactor() + ", min.insync.replicas "
                            + ports.minInsyncReplicas() + " ready ("
                            + seconds(brokers.get(0).uptime()) + ")");
        }
    }

    /**
     * {@code --secure}: as the admin principal, creates the catalogue topics (the services may not) and the ACLs of
     * every principal (see {@link SecureKafka#acls()}).
     */
    private void createTopicsAndAcls(Deadline deadline) throws StartupException {
        try (Admin admin = Admin.create(adminConfig())) {
            SecureKafka.apply(
                    admin,
                    SecureKafka.catalogueTopics(
                            Integer.parseInt(SERVICE_TOPIC_PARTITIONS),
                            ports.replicationFactor(),
                            ports.minInsyncReplicas()),
                    deadline.remaining());
        } catch (ExecutionException | TimeoutException e) {
            throw new StartupException("Cannot create the topics and ACLs as admin: " + e, List.of());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StartupException("Interrupted while creating the topics and ACLs", List.of());
        }
        status(
                "Kafka ACLs",
                SecureKafka.acls().size() + " ACLs for " + SecureKafka.Principal.values().length
                        + " principals; catalogue topics created by admin");
    }

    /**
     * PostgreSQL: unpacks its binaries and initialises its cluster on the first start, starts the server, and once it
     * answers creates the database and roles if they are missing. See {@link LocalPostgres}.
     */
    private void startPostgres(Deadline deadline) throws StartupException, InterruptedException {
        LocalPostgres.Storage storage = LocalPostgres.Storage.in(layout);
        List<String> prefix;
        LocalPostgres.Binaries binaries;
        try {
            prefix = LocalPostgres.rootPrefix();
            long unpackStart = System.nanoTime();
            binaries = LocalPostgres.binaries(LocalPostgres.cacheRoot());
            if (binaries.unpacked()) {
                status(
                        "PostgreSQL",
                        "binaries unpacked into " + binaries.home() + " ("
                                + seconds(Duration.ofNanos(System.nanoTime() - unpackStart)) + ", once per machine)");
            }
            logins = new Logins(
                    LocalPostgres.password(storage, LocalPostgres.SUPERUSER),
                    LocalPostgres.password(storage, LocalPostgres.APP_USER),
                    LocalPostgres.password(storage, LocalPostgres.ANALYST_USER));
            if (!storage.initialised()) {
                long initStart = System.nanoTime();
                Path initLog = layout.log("postgres-initdb");
                int code = ManagedProcess.runToCompletion(
                        "postgres-initdb",
                        LocalPostgres.initdbCommand(storage, binaries, prefix),
                        layout.repoRoot(),
                        initLog,
                        deadline.remaining());
                if (code != 0) {
                    printTail("postgres-initdb", ManagedProcess.tail(initLog, LOG_TAIL_LINES), initLog);
                    throw new StartupException(
                            "Initialising the PostgreSQL cluster " + storage.cluster() + " failed (exit code " + code
                                    + ")",
                            List.of());
                }
                status(
                        "PostgreSQL",
                        "initialised " + storage.cluster() + " ("
                                + seconds(Duration.ofNanos(System.nanoTime() - initStart)) + ")");
            }
        } catch (IOException e) {
            throw new StartupException("Cannot prepare PostgreSQL: " + e.getMessage(), List.of());
        }
        String superuser = logins.superuser();
        Child.Probe probe = () -> LocalPostgres.ready(ports, superuser);
        // A restart runs the same server on the same cluster (PostgreSQL recovers from its WAL); never initdb again.
        ManagedProcess postgres = launch(new Child(
                LocalPostgres.NAME,
                LocalPostgres.serverCommand(storage, binaries, ports, prefix),
                Map.of(),
                LocalPostgres.describe(ports),
                () -> probe,
                () -> storage.initialised()
                        ? Optional.empty()
                        : Optional.of("its cluster " + storage.cluster()
                                + " is gone (no PG_VERSION); start the stack again to initialise it")));
        awaitReady(postgres, "PostgreSQL", deadline, probe);
        try {
            LocalPostgres.createDatabaseAndRoles(ports, superuser, logins.app(), logins.analyst());
        } catch (java.sql.SQLException e) {
            throw new StartupException(
                    "Cannot create the database and roles in PostgreSQL: " + e.getMessage(), List.of(postgres));
        }
        status("PostgreSQL", LocalPostgres.describe(ports) + " ready (" + seconds(postgres.uptime()) + ")");
    }

    /** Ready when node n is registered with the cluster (with one broker: when the broker answers). */
    private Child.Probe brokerProbe(int node) {
        Admin admin = Admin.create(adminConfig());
        return new Child.Probe() {
            @Override
            public boolean ready() {
                return brokerReady(admin, node);
            }

            @Override
            public void close() {
                admin.close(Duration.ofSeconds(5));
            }
        };
    }

    private Map<String, Object> adminConfig() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, ports.kafkaBootstrap());
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, "local-stack-launcher");
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000);
        config.put(AdminClientConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MS_CONFIG, 1000L);
        config.put(AdminClientConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_CONFIG, 1000L);
        config.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 250L);
        if (kafkaSecrets != null) {
            config.putAll(SecureKafka.clientConfig(kafkaSecrets, SecureKafka.Principal.ADMIN));
        }
        return config;
    }

    private static boolean brokerReady(Admin admin, int node) {
        try {
            return admin
                    .describeCluster(new DescribeClusterOptions().timeoutMs(2000))
                    .nodes()
                    .get(3, TimeUnit.SECONDS)
                    .stream()
                    .anyMatch(n -> n.id() == node);
        } catch (ExecutionException | TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void startRegistry(Deadline deadline) throws StartupException, InterruptedException {
        String health = ports.registryUrl() + "/health";
        Child.Probe probe = () -> httpOk(health, null);
        ManagedProcess registry = launch(new Child(
                "schema-registry",
                javaCommand(REGISTRY_HEAP, layout.registryJar()),
                registryEnvironment(ports, kafkaSecrets, registryUsersFile()),
                ports.registryUrl(),
                () -> probe,
                Optional::empty));
        awaitReady(registry, "schema registry", deadline, probe);
        status("schema registry", ports.registryUrl() + " ready (" + seconds(registry.uptime()) + ")");
    }

    private void startServices(Deadline deadline) throws StartupException, InterruptedException {
        Map<AppService, Path> jars = unpackServiceJars();
        List<AppService> services = Arrays.stream(AppService.values())
                .filter(options.services()::contains)
                .toList();
        List<ServiceInstance> instances = ServiceInstance.of(services, options.instances());
        Path devTokenKey = services.contains(AppService.API) ? writeDevTokenKey() : null;
        if (services.contains(AppService.API) && ports.apiFront()) {
            startFront(instances);
        }
        Map<ServiceInstance, ManagedProcess> pending = new LinkedHashMap<>();
        for (ServiceInstance instance : instances) {
            try {
                Files.createDirectories(layout.dataDir(instance));
            } catch (IOException e) {
                throw new StartupException("Cannot create " + layout.dataDir(instance) + ": " + e, List.of());
            }
            String readiness = readinessUrl(instance);
            Child.Probe probe = () -> httpOk(readiness, "\"UP\"");
            Map<String, String> environment =
                    serviceEnvironment(instance, ports, layout, logins.app(), kafkaSecrets, options.lan());
            if (devTokenKey != null && instance.service() == AppService.API) {
                environment.put("DEV_TOKEN_KEY_FILE", devTokenKey.toString());
            }
            ManagedProcess process = launch(new Child(
                    instance.name(),
                    javaCommand(SERVICE_HEAP, jars.get(instance.service())),
                    environment,
                    "http://localhost:" + ports.of(instance),
                    () -> probe,
                    Optional::empty));
            pending.put(instance, process);
        }
        if (!pending.isEmpty()) {
            status(
                    "starting",
                    String.join(
                                    ", ",
                                    pending.keySet().stream()
                                            .map(ServiceInstance::name)
                                            .toList())
                            + " (in parallel)");
        }
        while (!pending.isEmpty()) {
            checkNotStopping();
            for (var it = pending.entrySet().iterator(); it.hasNext(); ) {
                var entry = it.next();
                ManagedProcess process = entry.getValue();
                if (!process.isAlive()) {
                    throw new StartupException(
                            entry.getKey().name() + " exited with code "
                                    + process.exitCode().orElse(-1) + " during start-up",
                            List.of(process));
                }
                if (httpOk(readinessUrl(entry.getKey()), "\"UP\"")) {
                    status(
                            entry.getKey().name(),
                            "http://localhost:" + ports.of(entry.getKey()) + " ready (" + seconds(process.uptime())
                                    + ")");
                    it.remove();
                }
            }
            if (pending.isEmpty()) {
                break;
            }
            if (deadline.passed()) {
                throw new StartupException(
                        "Not ready within " + options.timeout().toSeconds() + " s: "
                                + String.join(
                                        ", ",
                                        pending.keySet().stream()
                                                .map(ServiceInstance::name)
                                                .toList())
                                + " (readiness at " + READINESS_PATH + ")",
                        List.copyOf(pending.values()));
            }
            awaitAnyExit(pending.values(), deadline.cap(POLL_INTERVAL));
        }
    }

    /**
     * The key every handover-api instance of this run signs its dev tokens with ({@code DEV_TOKEN_KEY_FILE}), so a token
     * minted by one is good at the others and after a restart; a new one at every launch, so tokens of one run are
     * worthless to the next. Owner-only, under the data folder.
     */
    private Path writeDevTokenKey() throws StartupException {
        Path file = layout.dataDir().resolve("secrets").resolve(DEV_TOKEN_KEY_FILE);
        try {
            java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            java.security.PrivateKey key = generator.generateKeyPair().getPrivate();
            String pem = "-----BEGIN PRIVATE KEY-----\n"
                    + java.util.Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(key.getEncoded())
                    + "\n-----END PRIVATE KEY-----\n";
            SecretFiles.writeOwnerOnly(file, pem);
            return file;
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new StartupException("RSA is missing from this JVM: " + e.getMessage(), List.of());
        } catch (IOException e) {
            throw new StartupException("Cannot write " + file + ": " + e.getMessage(), List.of());
        }
    }

    /** The file under {@code <data>/secrets} that holds this run's dev-token key. */
    static final String DEV_TOKEN_KEY_FILE = "dev-token-key.pem";

    /** handover-api's port, dealing connections out to its instances ({@code --instances} above 1). */
    private void startFront(List<ServiceInstance> instances) throws StartupException {
        List<Integer> backends = instances.stream()
                .filter(i -> i.service() == AppService.API)
                .map(ports::of)
                .toList();
        try {
            front = FrontProxy.start(ports.of(AppService.API), backends);
        } catch (IOException e) {
            throw new StartupException(
                    "Cannot listen on " + ports.of(AppService.API) + " (handover-api's front): " + e.getMessage(),
                    List.of());
        }
        status(
                "handover-api front",
                "http://localhost:" + ports.of(AppService.API) + " → instances on "
                        + backends.stream().map(String::valueOf).collect(Collectors.joining(", ")));
    }

    /**
     * Readiness, public and status only, on the service's main port. The rest of actuator is on the management port
     * ({@link Ports#management(AppService)}) and takes an ADMIN token.
     */
    static final String READINESS_PATH = "/readyz";

    String readinessUrl(ServiceInstance instance) {
        return "http://127.0.0.1:" + ports.of(instance) + READINESS_PATH;
    }

    /** What the registry process gets: where Kafka is and which port to serve. */
    static Map<String, String> registryEnvironment(Ports ports) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", ports.kafkaBootstrap());
        env.put("SCHEMA_REGISTRY_PORT", String.valueOf(ports.registry()));
        env.put("SCHEMA_REGISTRY_TOPIC_REPLICATION_FACTOR", String.valueOf(ports.replicationFactor()));
        return env;
    }

    /**
     * With {@code --secure} ({@code secrets} not null) also its Kafka client settings as the registry's own principal
     * ({@code SCHEMA_REGISTRY_KAFKASTORE_*}, the names Confluent's image uses) and the file of the users that may write.
     */
    static Map<String, String> registryEnvironment(Ports ports, SecureKafka.Secrets secrets, Path usersFile) {
        Map<String, String> env = registryEnvironment(ports);
        if (secrets != null) {
            SecureKafka.clientConfig(secrets, SecureKafka.Principal.REGISTRY)
                    .forEach((key, value) -> env.put(
                            "SCHEMA_REGISTRY_KAFKASTORE_"
                                    + key.toUpperCase(Locale.ROOT).replace('.', '_'),
                            value.toString()));
            env.put("SCHEMA_REGISTRY_USERS_FILE", usersFile.toAbsolutePath().toString());
        }
        return env;
    }

    /**
     * {@code --secure}: the registry's users file, {@code user:password} per line, one user per service principal and
     * admin (whose password is the same as its Kafka one); rewritten at every start from the password files.
     */
    private Path registryUsersFile() throws StartupException {
        Path file = layout.dataDir().resolve("schema-registry").resolve("users");
        if (kafkaSecrets == null) {
            return file;
        }
        StringBuilder users = new StringBuilder();
        for (SecureKafka.Principal principal : SecureKafka.Principal.values()) {
            if (principal != SecureKafka.Principal.REGISTRY) {
                users.append(principal.user())
                        .append(':')
                        .append(kafkaSecrets.password(principal))
                        .append('\n');
            }
        }
        try {
            SecretFiles.writeOwnerOnly(file, users.toString());
        } catch (IOException e) {
            throw new StartupException("Cannot write " + file + ": " + e.getMessage(), List.of());
        }
        return file;
    }

    /**
     * What each service process gets; the same names docker-compose.yml sets. Every service gets the datasource (the
     * one PostgreSQL every instance shares); one that has no JDBC driver on its classpath ignores it.
     */
    /** The token settings of platform-support's decoder, blank for every service: the local profile's defaults hold. */
    static final List<String> LOCAL_TOKEN_VARIABLES =
            List.of("JWT_ISSUER_URI", "JWT_JWK_SET_URI", "JWT_PUBLIC_KEY_LOCATION", "JWT_ISSUER", "JWT_AUDIENCE");

    static Map<String, String> serviceEnvironment(
            AppService service, Ports ports, Layout layout, String databasePassword) {
        return serviceEnvironment(service, ports, layout, databasePassword, null, false);
    }

    static Map<String, String> serviceEnvironment(
            AppService service,
            Ports ports,
            Layout layout,
            String databasePassword,
            SecureKafka.Secrets secrets,
            boolean lan) {
        return serviceEnvironment(new ServiceInstance(service, 1, 1), ports, layout, databasePassword, secrets, lan);
    }

    /**
     * With {@code --secure} ({@code secrets} not null) also the service's SASL/TLS settings as its own principal and
     * its registry credentials (Confluent's {@code basic.auth.*} keys); with {@code lan}, handover-api listens on every
     * interface ({@code SERVER_ADDRESS=0.0.0.0} and {@code PLATFORM_LOCAL_LAN=true}, without which the local profile
     * refuses a non-loopback address). A management port of its own stays on loopback (the local profile's default).
     */
    static Map<String, String> serviceEnvironment(
            ServiceInstance instance,
            Ports ports,
            Layout layout,
            String databasePassword,
            SecureKafka.Secrets secrets,
            boolean lan) {
        AppService service = instance.service();
        Map<String, String> env = plainServiceEnvironment(instance, ports, layout, databasePassword, lan);
        if (secrets != null) {
            SecureKafka.Principal principal = SecureKafka.Principal.of(service);
            env.putAll(SecureKafka.springEnvironment(secrets, principal));
            env.put("SPRING_KAFKA_PROPERTIES_BASIC_AUTH_CREDENTIALS_SOURCE", "USER_INFO");
            env.put(
                    "SPRING_KAFKA_PROPERTIES_BASIC_AUTH_USER_INFO",
                    principal.user() + ":" + secrets.password(principal));
        }
        return env;
    }

    private static Map<String, String> plainServiceEnvironment(
            ServiceInstance instance, Ports ports, Layout layout, String databasePassword, boolean lan) {
        AppService service = instance.service();
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SERVER_PORT", String.valueOf(ports.of(instance)));
        boolean onTheNetwork = lan && service == AppService.API;
        env.put("SERVER_ADDRESS", onTheNetwork ? LAN_ADDRESS : LOOPBACK);
        if (onTheNetwork) {
            env.put("PLATFORM_LOCAL_LAN", "true");
        }
        env.put("KAFKA_BOOTSTRAP_SERVERS", ports.kafkaBootstrap());
        env.put("SCHEMA_REGISTRY_URL", ports.registryUrl());
        env.put("SPRING_PROFILES_ACTIVE", "local");
        env.put("APP_DATA_DIR", layout.dataDir(instance).toString());
        env.put("PLATFORM_KAFKA_TOPICS_PARTITIONS", SERVICE_TOPIC_PARTITIONS);
        env.put("PLATFORM_KAFKA_TOPICS_REPLICATION_FACTOR", String.valueOf(ports.replicationFactor()));
        env.put("PLATFORM_KAFKA_TOPICS_MIN_INSYNC_REPLICAS", String.valueOf(ports.minInsyncReplicas()));
        env.put("SPRING_DATASOURCE_URL", LocalPostgres.jdbcUrl(ports, LocalPostgres.DATABASE));
        env.put("SPRING_DATASOURCE_USERNAME", LocalPostgres.APP_USER);
        env.put("SPRING_DATASOURCE_PASSWORD", databasePassword);
        // One token contract for the three services: handover-api's dev tokens (their issuer and audience are
        // platform.security.jwt.dev-issuer/dev-audience of platform-support's defaults), never an identity provider
        // or audience the developer's shell exports for docker compose (the children inherit the launcher's
        // environment, and the local profile refuses an issuer).
        LOCAL_TOKEN_VARIABLES.forEach(variable -> env.put(variable, ""));
        if (service != AppService.API) {
            // The processor and the notification service check the API's dev tokens against its keys.
            env.put("DEV_JWKS_URI", "http://127.0.0.1:" + ports.of(AppService.API) + "/dev/jwks");
        }
        if (service == AppService.NOTIFICATION) {
            env.put("SPRING_MAIL_HOST", "127.0.0.1");
            env.put("SPRING_MAIL_PORT", String.valueOf(ports.inboxSmtp()));
            env.put("WEBHOOK_SINK_URL", "http://127.0.0.1:" + ports.inboxWebhooks() + DevInbox.WEBHOOK_PREFIX);
        }
        return env;
    }

    /**
     * Every service's executable jar unpacked ({@link ExtractedJar}: about a third off each start), side by side; a jar
     * unpacked before and not rebuilt since is reused.
     */
    private Map<AppService, Path> unpackServiceJars() throws StartupException, InterruptedException {
        Map<AppService, Future<Path>> unpacking = new EnumMap<>(AppService.class);
        var executor = Executors.newCachedThreadPool();
        try {
            for (AppService service : AppService.values()) {
                if (options.services().contains(service)) {
                    unpacking.put(
                            service,
                            executor.submit(() -> ExtractedJar.extract(
                                    javaBin,
                                    layout.jar(service),
                                    ExtractedJar.folder(layout.dataDir(), service.module()))));
                }
            }
            Map<AppService, Path> jars = new EnumMap<>(AppService.class);
            for (var entry : unpacking.entrySet()) {
                try {
                    jars.put(entry.getKey(), entry.getValue().get());
                } catch (ExecutionException e) {
                    throw new StartupException(
                            "Cannot unpack " + entry.getKey().module() + "'s jar: "
                                    + e.getCause().getMessage(),
                            List.of());
                }
            }
            return jars;
        } finally {
            executor.shutdownNow();
        }
    }

    private List<String> javaCommand(String heap, Path jar) {
        List<String> command = new ArrayList<>();
        command.add(javaBin.toString());
        command.add("-Xmx" + heap);
        command.addAll(KafkaBroker.DEV_JVM_FLAGS);
        command.add("-XX:+ExitOnOutOfMemoryError");
        command.add("-jar");
        command.add(jar.toString());
        return command;
    }

    private ManagedProcess launch(Child child) throws StartupException {
        synchronized (lock) {
            checkNotStopping();
            ManagedProcess process;
            try {
                process = ManagedProcess.start(
                        child.name(),
                        child.command(),
                        child.environment(),
                        layout.repoRoot(),
                        layout.log(child.name()));
            } catch (IOException e) {
                throw new StartupException("Cannot start " + child.name() + ": " + e.getMessage(), List.of());
            }
            // Recorded before anything else can fail, so that stop() ends it.
            launched.add(process);
            restartable.put(child, process);
            try {
                writePid(child.name(), process.pid());
            } catch (IOException e) {
                throw new StartupException("Cannot write the pid file of " + child.name() + ": " + e, List.of());
            }
            return process;
        }
    }

    @Override
    public Optional<ManagedProcess> relaunch(Child child, ManagedProcess dead, String marker) throws IOException {
        synchronized (lock) {
            if (stopping) {
                return Optional.empty();
            }
            ManagedProcess process = ManagedProcess.restart(
                    child.name(),
                    child.command(),
                    child.environment(),
                    layout.repoRoot(),
                    layout.log(child.name()),
                    marker);
            int index = launched.indexOf(dead);
            if (index >= 0) {
                launched.set(index, process);
            } else {
                launched.add(process);
            }
            writePid(child.name(), process.pid());
            return Optional.of(process);
        }
    }

    private void awaitReady(ManagedProcess process, String what, Deadline deadline, Child.Probe probe)
            throws StartupException, InterruptedException {
        while (true) {
            checkNotStopping();
            if (!process.isAlive()) {
                throw new StartupException(
                        what + " exited with code " + process.exitCode().orElse(-1) + " during start-up",
                        List.of(process));
            }
            if (probe.ready()) {
                return;
            }
            if (deadline.passed()) {
                throw new StartupException(
                        what + " was not ready within " + options.timeout().toSeconds() + " s", List.of(process));
            }
            process.awaitExit(deadline.cap(POLL_INTERVAL));
        }
    }

    private static void awaitAnyExit(Collection<ManagedProcess> processes, Duration timeout)
            throws InterruptedException {
        CompletableFuture<?>[] exits =
                processes.stream().map(ManagedProcess::onExit).toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.anyOf(exits).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // nobody exited: poll again
        }
    }

    /**
     * The notifications page; with the API running, with an ADMIN dev token in the link's fragment (never sent to a
     * server), so a newcomer sees every notification with one click. The token is this run's: it dies with the API.
     */
    String notificationsLink() {
        String page = "http://localhost:" + ports.of(AppService.NOTIFICATION) + "/notifications";
        if (!options.services().contains(AppService.API)) {
            return page;
        }
        try {
            HttpResponse<String> answer = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ports.of(AppService.API) + "/dev/tokens"))
                            .timeout(Duration.ofSeconds(5))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(
                                    "{\"subject\":\"local-admin\",\"role\":\"ADMIN\",\"org\":\"ADMIN\"}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            java.util.regex.Matcher token = java.util.regex.Pattern.compile("\"token\"\\s*:\\s*\"([^\"]+)\"")
                    .matcher(answer.body());
            return answer.statusCode() == 200 && token.find() ? page + "#token=" + token.group(1) : page;
        } catch (IOException e) {
            return page;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return page;
        }
    }

    /** GET the URL; ready when it answers 200 (and the body contains {@code mustContain}, if given). */
    private boolean httpOk(String url, String mustContain) {
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create(url))
                            .timeout(Duration.ofSeconds(2))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200
                    && (mustContain == null || response.body().contains(mustContain));
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void checkNotStopping() throws StartupException {
        synchronized (lock) {
            if (stopping) {
                throw new StartupException("Stopped during start-up", List.of(), true);
            }
        }
    }

    // ---- demo ----

    /**
     * Starts the traffic simulator against the ready platform ({@code --demo}). Its exit does not stop the platform;
     * Ctrl-C stops it first.
     */
    void startDemo() {
        try {
            Path dir = Demo.dir(layout);
            Files.createDirectories(dir);
            boolean backfill = !Files.exists(Demo.backfilledMarker(layout));
            Path truth = dir.resolve("truth-"
                    + LocalDateTime.now(ZoneOffset.UTC).withNano(0).toString().replace(':', '-')
                    + ".jsonl");
            ManagedProcess simulator;
            synchronized (lock) {
                if (stopping) {
                    return;
                }
                simulator = ManagedProcess.start(
                        Demo.NAME,
                        Demo.command(javaBin, layout, ports, backfill, truth),
                        Map.of(),
                        layout.repoRoot(),
                        layout.log(Demo.NAME));
                writePid(Demo.NAME, simulator.pid());
                launched.add(simulator);
            }
            if (backfill) {
                Files.writeString(Demo.backfilledMarker(layout), Instant.now() + "\n");
            }
            simulator.onExit().thenRun(() -> {
                synchronized (lock) {
                    if (!stopping) {
                        out.printf(
                                "%nThe traffic simulator exited (code %d); the platform keeps running. Its log: %s%n",
                                simulator.exitCode().orElse(-1), simulator.log());
                    }
                }
            });
            out.println();
            Demo.describe(ports, backfill, layout.log(Demo.NAME), truth).forEach(out::println);
            out.flush();
        } catch (IOException e) {
            out.println("local-stack: cannot start the traffic simulator: " + e.getMessage());
        }
    }

    // ---- output ----

    void printReady() {
        List<String[]> rows = new ArrayList<>();
        if (options.services().contains(AppService.API)) {
            rows.add(new String[] {
                "Handover API + web UI",
                "http://localhost:" + ports.of(AppService.API)
                        + (ports.apiFront() ? " (front to " + instanceUrls(AppService.API, "") + ")" : "")
            });
            rows.add(new String[] {"Swagger UI", "http://localhost:" + ports.of(AppService.API) + "/swagger-ui.html"});
        }
        rows.add(new String[] {"Schema registry", "http://localhost:" + ports.registry()});
        if (options.services().contains(AppService.PROCESSOR)) {
            rows.add(new String[] {"Processor readiness", instanceUrls(AppService.PROCESSOR, READINESS_PATH)});
        }
        if (options.services().contains(AppService.NOTIFICATION)) {
            rows.add(new String[] {"Notifications (ADMIN)", notificationsLink()});
            rows.add(new String[] {
                "Notification readiness", "http://localhost:" + ports.of(AppService.NOTIFICATION) + READINESS_PATH
            });
        }
        rows.add(new String[] {"Dev inbox (mail, webhooks)", "http://localhost:" + ports.inboxHttp()});
        rows.add(new String[] {"Dev inbox SMTP", "127.0.0.1:" + ports.inboxSmtp()});
        rows.add(new String[] {
            "Kafka bootstrap",
            ports.kafkaBootstrap()
                    + (kafkaSecrets == null
                            ? ""
                            : " (SASL_SSL, " + SecureKafka.MECHANISM + "; users' passwords in "
                                    + kafkaSecrets.files().dir().resolve("passwords") + ", CA "
                                    + kafkaSecrets.files().caCertificate() + ")")
        });
        rows.add(new String[] {
            "PostgreSQL (services)",
            LocalPostgres.jdbcUrl(ports, LocalPostgres.DATABASE) + " (user " + LocalPostgres.APP_USER + ")"
        });
        if (logins != null) {
            rows.add(new String[] {
                "PostgreSQL for analysts",
                "postgresql://" + LocalPostgres.ANALYST_USER + ":" + logins.analyst() + "@127.0.0.1:" + ports.postgres()
                        + "/" + LocalPostgres.DATABASE + " (read-only)"
            });
        }
        rows.add(new String[] {"Data", layout.dataDir().toString()});
        rows.add(new String[] {"Logs", layout.logsDir().toString()});
        int width = rows.stream().mapToInt(r -> r[0].length()).max().orElse(10);
        out.println();
        for (String[] row : rows) {
            out.printf("  %-" + width + "s  %s%n", row[0], row[1]);
        }
        out.println();
        if (options.lan()) {
            lanWarning(ports, lanAddresses()).forEach(out::println);
        }
        out.printf(
                Locale.ROOT,
                "Platform ready in %.1f s. Press Ctrl-C to stop.%n",
                elapsed().toMillis() / 1000.0);
        out.flush();
    }

    /** Each instance's URL with the path, comma-separated. */
    private String instanceUrls(AppService service, String path) {
        return ServiceInstance.of(List.of(service), ports.instances()).stream()
                .map(instance -> "http://localhost:" + ports.of(instance) + path)
                .collect(Collectors.joining(", "));
    }

    /**
     * The loud warning of {@code --lan}, with the addresses a phone can use.
     *
     * @param addresses this machine's IPv4 addresses on its networks
     */
    static List<String> lanWarning(Ports ports, List<String> addresses) {
        int api = ports.of(AppService.API);
        List<String> lines = new ArrayList<>();
        lines.add("");
        lines.add("!!! ----------------------------------------------------------------------------------------- !!!");
        lines.add("!!! --lan: handover-api listens on EVERY network interface (0.0.0.0:" + api + "), not only on");
        lines.add("!!! 127.0.0.1. Anyone on this network can open its pages and call its API. Use a network you");
        lines.add("!!! trust, no real data, and stop the stack when the phone is done.");
        lines.add("!!! /dev/tokens answers this machine only: sign in here, or mint a token here and paste it on the");
        lines.add("!!! phone (\"Use a token from your identity provider\"):");
        lines.add(
                "!!!   curl -s -X POST http://127.0.0.1:" + api + "/dev/tokens -H 'Content-Type: application/json' \\");
        lines.add("!!!     -d '{\"subject\":\"pc-1234\",\"role\":\"OFFICER\",\"org\":\"G\"}'");
        if (addresses.isEmpty()) {
            lines.add("!!! No network address found on this machine: the phone cannot reach it.");
        } else {
            addresses.forEach(a -> lines.add("!!! Officer form: http://" + a + ":" + api + "/officer"));
        }
        lines.add("!!! Everything else (broker, PostgreSQL, registry, other services, dev inbox) stays on 127.0.0.1.");
        lines.add("!!! ----------------------------------------------------------------------------------------- !!!");
        lines.add("");
        return lines;
    }

    /** This machine's IPv4 addresses on interfaces that are up, not loopback: where a phone can reach it. */
    static List<String> lanAddresses() {
        List<String> addresses = new ArrayList<>();
        try {
            for (java.net.NetworkInterface nic :
                    java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces())) {
                if (!nic.isUp() || nic.isLoopback()) {
                    continue;
                }
                java.util.Collections.list(nic.getInetAddresses()).stream()
                        .filter(a -> a instanceof java.net.Inet4Address && !a.isLoopbackAddress())
                        .map(java.net.InetAddress::getHostAddress)
                        .forEach(addresses::add);
            }
        } catch (java.net.SocketException e) {
            // None found: the warning says so.
        }
        return addresses.stream().sorted().toList();
    }

    void printTail(ManagedProcess process) {
        printTail(process.name(), process.tail(LOG_TAIL_LINES), process.log());
    }

    private void printTail(String name, List<String> lines, Path log) {
        out.printf("---- last %d lines of %s (%s) ----%n", lines.size(), name, log);
        lines.forEach(out::println);
        out.printf("---- end of %s ----%n", name);
    }

    /** One line of progress: a name column wide enough for every process name, then what happened. */
    @Override
    public void status(String name, String text) {
        out.printf("  %-20s %s%n", name, text);
        out.flush();
    }

    static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }

    // ---- shutdown ----

    /** Stops everything in reverse order; safe to call more than once and from a shutdown hook. */
    void stop(String reason) {
        if (!stopStarted.compareAndSet(false, true)) {
            stopped.join();
            return;
        }
        supervisor.stop();
        List<ManagedProcess> processes;
        synchronized (lock) {
            stopping = true;
            processes = new ArrayList<>(launched);
        }
        try {
            out.println();
            out.println("Stopping the local stack (" + reason + ")...");
            // The demo's simulator first (it talks to the services), then the services, all at once; then the
            // rest in reverse start order: registry, broker last.
            List<ManagedProcess> demo =
                    processes.stream().filter(p -> p.name().equals(Demo.NAME)).toList();
            for (ManagedProcess simulator : demo) {
                boolean wasRunning = simulator.isAlive();
                simulator.requestStop();
                stopOne(simulator, SERVICE_STOP_GRACE, wasRunning);
            }
            processes.removeAll(demo);
            List<ManagedProcess> services = processes.stream()
                    .filter(p -> ServiceInstance.serviceOf(p.name()).isPresent())
                    .toList();
            // Whether each was running is taken before any is asked to stop: they stop in parallel, so by the time
            // one is awaited another may have exited because we asked it to, not on its own.
            List<Boolean> running =
                    services.stream().map(ManagedProcess::isAlive).toList();
            services.forEach(ManagedProcess::requestStop);
            for (int i = 0; i < services.size(); i++) {
                stopOne(services.get(i), SERVICE_STOP_GRACE, running.get(i));
            }
            processes.removeAll(services);
            if (front != null) {
                front.close();
                status("handover-api front", "stopped");
            }
            Collections.reverse(processes);
            // PostgreSQL last, whenever it was started: nothing that could still write to it runs by then.
            List<ManagedProcess> postgres = processes.stream()
                    .filter(p -> p.name().equals(LocalPostgres.NAME))
                    .toList();
            processes.removeAll(postgres);
            // The Kafka nodes together, after the registry: stopped one at a time, the last ones would lose their
            // quorum and wait out their grace for a controller that is gone.
            List<ManagedProcess> kafka =
                    processes.stream().filter(p -> isBroker(p.name())).toList();
            processes.removeAll(kafka);
            for (ManagedProcess process : processes) {
                boolean wasRunning = process.isAlive();
                process.requestStop();
                stopOne(process, SERVICE_STOP_GRACE, wasRunning);
            }
            List<Boolean> kafkaRunning =
                    kafka.stream().map(ManagedProcess::isAlive).toList();
            kafka.forEach(ManagedProcess::requestStop);
            for (int i = 0; i < kafka.size(); i++) {
                stopOne(kafka.get(i), BROKER_STOP_GRACE, kafkaRunning.get(i));
            }
            processes = new ArrayList<>(postgres);
            for (ManagedProcess process : processes) {
                boolean wasRunning = process.isAlive();
                if (process.name().equals(LocalPostgres.NAME)) {
                    process.requestInterrupt();
                    stopOne(process, POSTGRES_STOP_GRACE, wasRunning);
                } else {
                    process.requestStop();
                    stopOne(process, SERVICE_STOP_GRACE, wasRunning);
                }
            }
            if (inbox != null) {
                inbox.close();
                status("dev inbox", "stopped");
            }
            out.println("Local stack stopped.");
            out.flush();
        } finally {
            stopped.complete(null);
        }
    }

    private void stopOne(ManagedProcess process, Duration grace, boolean wasRunning) {
        long start = System.nanoTime();
        boolean graceful = process.awaitStop(grace);
        deletePid(process.name());
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        if (!wasRunning) {
            status(
                    process.name(),
                    "had already exited (code " + process.exitCode().orElse(-1) + ")");
        } else if (graceful) {
            status(process.name(), "stopped (" + seconds(took) + ")");
        } else {
            status(process.name(), "did not stop within " + grace.toSeconds() + " s: killed");
        }
    }

    private void writePid(String name, long pid) throws IOException {
        Files.createDirectories(layout.pidsDir());
        Files.writeString(layout.pidsDir().resolve(name + ".pid"), pid + "\n");
    }

    private void deletePid(String name) {
        try {
            Files.deleteIfExists(layout.pidsDir().resolve(name + ".pid"));
        } catch (IOException e) {
            // a stale pid file only feeds a hint on the next start
        }
    }

    /** The PostgreSQL passwords of the data folder: the superuser's (the launcher's own), the services', analysts'. */
    private record Logins(String superuser, String app, String analyst) {
        @Override
        public String toString() {
            return "Logins[passwords not shown]";
        }
    }

    /** Start-up failed: what to say, and whose logs to show. */
    static final class StartupException extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient List<ManagedProcess> culprits;
        private final boolean cancelled;

        StartupException(String message, List<ManagedProcess> culprits) {
            this(message, culprits, false);
        }

        StartupException(String message, List<ManagedProcess> culprits, boolean cancelled) {
            super(message);
            this.culprits = List.copyOf(culprits);
            this.cancelled = cancelled;
        }

        List<ManagedProcess> culprits() {
            return culprits;
        }

        /** True when start-up ended because of Ctrl-C, not because something failed. */
        boolean cancelled() {
            return cancelled;
        }
    }

    /** The start-up deadline. */
    private static final class Deadline {
        private final long endNanos;

        Deadline(Duration timeout) {
            this.endNanos = System.nanoTime() + timeout.toNanos();
        }

        boolean passed() {
            return System.nanoTime() - endNanos >= 0;
        }

        Duration remaining() {
            return Duration.ofNanos(Math.max(0, endNanos - System.nanoTime()));
        }

        /** The shorter of {@code interval} and the time left, at least 1 ms. */
        Duration cap(Duration interval) {
            Duration remaining = remaining();
            Duration capped = remaining.compareTo(interval) < 0 ? remaining : interval;
            return capped.isZero() ? Duration.ofMillis(1) : capped;
        }
    }
}
