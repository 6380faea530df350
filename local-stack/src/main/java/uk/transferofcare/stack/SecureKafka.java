package uk.transferofcare.stack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * {@code ./run --secure}: the broker listens with SASL_SSL only (SCRAM-SHA-512 for clients, TLS with a certificate of
 * a CA made for this data folder), authorises with the {@code StandardAuthorizer} and denies what no ACL allows.
 *
 * <ul>
 *   <li>One SCRAM user per principal ({@link Principal}), created when the storage is formatted ({@code StorageTool
 *       --add-scram}); their passwords are generated into {@code <data>/kafka/secure/passwords/<user>.password}.
 *   <li>The controller listener is SASL_SSL too, with a PLAIN user known only to the broker's own configuration (KRaft
 *       controllers cannot read SCRAM credentials before the metadata log is loaded).
 *   <li>The CA, the broker's key store and the clients' trust store (PKCS12) are made by the JDK's {@code keytool} in
 *       {@code <data>/kafka/secure/tls}.
 *   <li>The launcher, as {@code admin} (a super user), creates the catalogue topics and the ACLs ({@link #acls()})
 *       once the broker answers; the services then start with {@code PLATFORM_KAFKA_TOPICS_DECLARE=false} and the
 *       SASL/TLS client settings in Spring Boot's own environment variables ({@link #springEnvironment}), the same that
 *       docker-compose.yml sets.
 * </ul>
 */
final class SecureKafka {

    static final String MECHANISM = "SCRAM-SHA-512";
    static final String CLIENT_LISTENER = "CLIENTS";
    static final String CONTROLLER_LISTENER = "CONTROLLER";
    static final String CONTROLLER_USER = "controller";
    static final String AUTHORIZER = "org.apache.kafka.metadata.authorizer.StandardAuthorizer";
    /** Written beside the storage when it is formatted with SCRAM users. */
    static final String MARKER = "formatted-with-scram-users";

    /** Whom the broker knows: each service's principal, the registry's and the launcher's own. */
    enum Principal {
        ADMIN("admin"),
        API("handover-api"),
        PROCESSOR("handover-processor"),
        NOTIFICATION("notification-service"),
        REGISTRY("schema-registry");

        private final String user;

        Principal(String user) {
            this.user = user;
        }

        String user() {
            return user;
        }

        String principal() {
            return "User:" + user;
        }

        static Principal of(AppService service) {
            return switch (service) {
                case API -> API;
                case PROCESSOR -> PROCESSOR;
                case NOTIFICATION -> NOTIFICATION;
            };
        }
    }

    /**
     * A catalogue topic as the services declare it (see {@code uk.transferofcare.events.Topics}; a test checks the two
     * agree).
     */
    /**
     * A catalogue topic as the services declare it (the launcher does not depend on the event contract; a test keeps
     * this list equal to {@code Topics.all()}).
     *
     * @param retentionMs {@code -1} for ever; topics carrying free text expire (see docs/security.md, Retention)
     */
    record CatalogueTopic(String name, boolean compacted, long retentionMs) {
        static final long FREE_TEXT_RETENTION_MS = Duration.ofDays(400).toMillis();

        /** {@code compact,delete} for a compacted topic whose records also expire, as {@code Topic.cleanupPolicy}. */
        String cleanupPolicy() {
            if (!compacted) {
                return "delete";
            }
            return retentionMs < 0 ? "compact" : "compact,delete";
        }

        static final long DEAD_LETTER_RETENTION_MS = Duration.ofDays(30).toMillis();

        String deadLetter() {
            return name + "-dlt";
        }
    }

    static final CatalogueTopic SUBMISSIONS =
            new CatalogueTopic("handover-submissions", false, CatalogueTopic.FREE_TEXT_RETENTION_MS);
    static final CatalogueTopic EVENTS =
            new CatalogueTopic("handover-events", false, CatalogueTopic.FREE_TEXT_RETENTION_MS);
    static final CatalogueTopic STATE =
            new CatalogueTopic("handover-state", true, CatalogueTopic.FREE_TEXT_RETENTION_MS);
    static final CatalogueTopic REJECTIONS =
            new CatalogueTopic("handover-rejections", false, CatalogueTopic.FREE_TEXT_RETENTION_MS);
    static final CatalogueTopic OUTCOMES = new CatalogueTopic("handover-outcomes", false, -1);
    static final CatalogueTopic COMPLETED = new CatalogueTopic("handover-completed", true, -1);
    static final CatalogueTopic NOTIFICATION_OUTCOMES = new CatalogueTopic("notification-outcomes", false, -1);

    static final CatalogueTopic NOTIFICATION_REPLAYS = new CatalogueTopic("notification-replays", false, -1);

    static final List<CatalogueTopic> CATALOGUE = List.of(
            SUBMISSIONS, EVENTS, STATE, REJECTIONS, OUTCOMES, COMPLETED, NOTIFICATION_OUTCOMES, NOTIFICATION_REPLAYS);

    /** The registry's store topic. */
    static final String SCHEMAS_TOPIC = "_schemas";

    private SecureKafka() {}

    /**
     * The secrets of a data folder: passwords and TLS stores under {@code <data>/kafka/secure}.
     *
     * @param dir {@code <data>/kafka/secure}
     */
    record Files(Path dir) {

        static Files in(Layout layout) {
            return new Files(layout.kafkaDir().resolve("secure"));
        }

        Path passwordFile(String user) {
            return dir.resolve("passwords").resolve(user + ".password");
        }

        Path tls() {
            return dir.resolve("tls");
        }

        Path caStore() {
            return tls().resolve("ca.p12");
        }

        Path caCertificate() {
            return tls().resolve("ca.crt");
        }

        Path brokerKeyStore() {
            return tls().resolve("broker.p12");
        }

        Path trustStore() {
            return tls().resolve("truststore.p12");
        }

        Path caStorePasswordFile() {
            return dir.resolve("passwords").resolve("ca-store.password");
        }

        Path keyStorePasswordFile() {
            return dir.resolve("passwords").resolve("broker-keystore.password");
        }

        Path trustStorePasswordFile() {
            return dir.resolve("passwords").resolve("truststore.password");
        }

        Path marker(Layout layout) {
            return layout.kafkaDir().resolve(MARKER);
        }
    }

    /** The passwords of a data folder, read or generated. */
    record Secrets(Files files, Map<String, String> passwords, String keyStorePassword, String trustStorePassword) {

        static Secrets load(Files files) throws IOException {
            Map<String, String> passwords = new LinkedHashMap<>();
            for (Principal principal : Principal.values()) {
                passwords.put(principal.user(), SecretFiles.password(files.passwordFile(principal.user())));
            }
            passwords.put(CONTROLLER_USER, SecretFiles.password(files.passwordFile(CONTROLLER_USER)));
            return new Secrets(
                    files,
                    Map.copyOf(passwords),
                    SecretFiles.password(files.keyStorePasswordFile()),
                    SecretFiles.password(files.trustStorePasswordFile()));
        }

        String password(Principal principal) {
            return passwords.get(principal.user());
        }

        @Override
        public String toString() {
            return "Secrets[" + files.dir() + ", passwords not shown]";
        }
    }

    // ---- certificates ----

    /**
     * Makes the CA, the broker's key store and the trust store with {@code keytool} unless they exist: EC P-256 keys;
     * the broker's certificate names localhost, 127.0.0.1 and kafka (docker-compose's host name), valid 825 days.
     * Store passwords reach keytool through files ({@code -storepass:file}), never its command line.
     */
    static void ensureCertificates(Path javaHome, Files files, Path log, Duration timeout) throws IOException {
        if (java.nio.file.Files.isRegularFile(files.brokerKeyStore())
                && java.nio.file.Files.isRegularFile(files.trustStore())) {
            return;
        }
        SecretFiles.password(files.caStorePasswordFile());
        SecretFiles.password(files.keyStorePasswordFile());
        SecretFiles.password(files.trustStorePasswordFile());
        Path tls = files.tls();
        java.nio.file.Files.createDirectories(tls);
        for (Path old : List.of(
                files.caStore(),
                files.caCertificate(),
                files.brokerKeyStore(),
                files.trustStore(),
                tls.resolve("broker.csr"),
                tls.resolve("broker.crt"))) {
            java.nio.file.Files.deleteIfExists(old);
        }
        String caPass = files.caStorePasswordFile().toString();
        String brokerPass = files.keyStorePasswordFile().toString();
        String trustPass = files.trustStorePasswordFile().toString();
        for (List<String> args : List.of(
                List.of(
                        "-genkeypair",
                        "-alias",
                        "ca",
                        "-keyalg",
                        "EC",
                        "-groupname",
                        "secp256r1",
                        "-dname",
                        "CN=transfer-of-care local CA",
                        "-ext",
                        "bc:c",
                        "-validity",
                        "3650",
                        "-storetype",
                        "PKCS12",
                        "-keystore",
                        files.caStore().toString(),
                        "-storepass:file",
                        caPass),
                List.of(
                        "-exportcert",
                        "-rfc",
                        "-alias",
                        "ca",
                        "-keystore",
                        files.caStore().toString(),
                        "-storepass:file",
                        caPass,
                        "-file",
                        files.caCertificate().toString()),
                List.of(
                        "-genkeypair",
                        "-alias",
                        "broker",
                        "-keyalg",
                        "EC",
                        "-groupname",
                        "secp256r1",
                        "-dname",
                        "CN=localhost",
                        "-validity",
                        "825",
                        "-storetype",
                        "PKCS12",
                        "-keystore",
                        files.brokerKeyStore().toString(),
                        "-storepass:file",
                        brokerPass),
                List.of(
                        "-certreq",
                        "-alias",
                        "broker",
                        "-keystore",
                        files.brokerKeyStore().toString(),
                        "-storepass:file",
                        brokerPass,
                        "-file",
                        tls.resolve("broker.csr").toString()),
                List.of(
                        "-gencert",
                        "-rfc",
                        "-alias",
                        "ca",
                        "-keystore",
                        files.caStore().toString(),
                        "-storepass:file",
                        caPass,
                        "-infile",
                        tls.resolve("broker.csr").toString(),
                        "-outfile",
                        tls.resolve("broker.crt").toString(),
                        "-validity",
                        "825",
                        "-ext",
                        "SAN=dns:localhost,ip:127.0.0.1,dns:kafka",
                        "-ext",
                        "EKU=serverAuth,clientAuth"),
                List.of(
                        "-importcert",
                        "-noprompt",
                        "-alias",
                        "ca",
                        "-file",
                        files.caCertificate().toString(),
                        "-keystore",
                        files.brokerKeyStore().toString(),
                        "-storepass:file",
                        brokerPass),
                List.of(
                        "-importcert",
                        "-noprompt",
                        "-alias",
                        "broker",
                        "-file",
                        tls.resolve("broker.crt").toString(),
                        "-keystore",
                        files.brokerKeyStore().toString(),
                        "-storepass:file",
                        brokerPass),
                List.of(
                        "-importcert",
                        "-noprompt",
                        "-alias",
                        "ca",
                        "-file",
                        files.caCertificate().toString(),
                        "-storetype",
                        "PKCS12",
                        "-keystore",
                        files.trustStore().toString(),
                        "-storepass:file",
                        trustPass))) {
            List<String> command = new ArrayList<>();
            command.add(javaHome.resolve("bin").resolve("keytool").toString());
            // eight short JVMs: the C1 compiler and the serial collector halve their start-up
            command.add("-J-XX:TieredStopAtLevel=1");
            command.add("-J-XX:+UseSerialGC");
            command.addAll(args);
            int code;
            try {
                code = ManagedProcess.runToCompletion("keytool", command, tls, log, timeout);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while making the certificates");
            }
            if (code != 0) {
                throw new IOException("keytool " + args.get(0) + " failed (exit code " + code + "), see " + log);
            }
        }
        java.nio.file.Files.deleteIfExists(tls.resolve("broker.csr"));
    }

    // ---- broker ----

    /** What {@code --secure} changes in {@code server.properties}. */
    static Map<String, String> serverProperties(Ports ports, Secrets secrets) {
        return serverProperties(ports, KafkaBroker.NODE_ID, secrets);
    }

    /** Node n's overrides: its own listeners; certificate, users and ACL settings are the same on every node. */
    static Map<String, String> serverProperties(Ports ports, int node, Secrets secrets) {
        Files files = secrets.files();
        Map<String, String> p = new LinkedHashMap<>();
        p.put(
                "listeners",
                CLIENT_LISTENER + "://127.0.0.1:" + ports.kafka(node) + "," + CONTROLLER_LISTENER + "://127.0.0.1:"
                        + ports.kafkaController(node));
        p.put("advertised.listeners", CLIENT_LISTENER + "://127.0.0.1:" + ports.kafka(node));
        p.put("listener.security.protocol.map", CLIENT_LISTENER + ":SASL_SSL," + CONTROLLER_LISTENER + ":SASL_SSL");
        p.put("inter.broker.listener.name", CLIENT_LISTENER);
        p.put("sasl.mechanism.inter.broker.protocol", MECHANISM);
        p.put("sasl.mechanism.controller.protocol", "PLAIN");
        String clients = "listener.name." + CLIENT_LISTENER.toLowerCase(java.util.Locale.ROOT);
        p.put(clients + ".sasl.enabled.mechanisms", MECHANISM);
        p.put(
                clients + "." + MECHANISM.toLowerCase(java.util.Locale.ROOT) + ".sasl.jaas.config",
                scramJaas(Principal.ADMIN.user(), secrets.password(Principal.ADMIN)));
        String controller = "listener.name." + CONTROLLER_LISTENER.toLowerCase(java.util.Locale.ROOT);
        String controllerPassword = secrets.passwords().get(CONTROLLER_USER);
        p.put(controller + ".sasl.enabled.mechanisms", "PLAIN");
        p.put(
                controller + ".plain.sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + CONTROLLER_USER
                        + "\" password=\"" + controllerPassword + "\" user_" + CONTROLLER_USER + "=\""
                        + controllerPassword + "\";");
        p.put("ssl.keystore.type", "PKCS12");
        p.put("ssl.keystore.location", files.brokerKeyStore().toAbsolutePath().toString());
        p.put("ssl.keystore.password", secrets.keyStorePassword());
        p.put("ssl.key.password", secrets.keyStorePassword());
        p.put("ssl.truststore.type", "PKCS12");
        p.put("ssl.truststore.location", files.trustStore().toAbsolutePath().toString());
        p.put("ssl.truststore.password", secrets.trustStorePassword());
        p.put("authorizer.class.name", AUTHORIZER);
        p.put("super.users", Principal.ADMIN.principal() + ";User:" + CONTROLLER_USER);
        p.put("allow.everyone.if.no.acl.found", "false");
        return p;
    }

    /** {@code --add-scram} arguments of {@code StorageTool format}: one SCRAM-SHA-512 user per principal. */
    static List<String> formatArguments(Secrets secrets) {
        List<String> args = new ArrayList<>();
        for (Principal principal : Principal.values()) {
            args.add("--add-scram");
            args.add(MECHANISM + "=[name=" + principal.user() + ",password=" + secrets.password(principal) + "]");
        }
        return args;
    }

    static String scramJaas(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user + "\" password=\""
                + password + "\";";
    }

    // ---- clients ----

    /** Kafka client settings of {@code user}: SASL_SSL with SCRAM-SHA-512, trusting the data folder's CA. */
    static Map<String, Object> clientConfig(Files files, String user, String password, String trustStorePassword) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_SSL");
        config.put(SaslConfigs.SASL_MECHANISM, MECHANISM);
        config.put(SaslConfigs.SASL_JAAS_CONFIG, scramJaas(user, password));
        config.put(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, "PKCS12");
        config.put(
                SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG,
                files.trustStore().toAbsolutePath().toString());
        config.put(SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG, trustStorePassword);
        return config;
    }

    static Map<String, Object> clientConfig(Secrets secrets, Principal principal) {
        return clientConfig(
                secrets.files(), principal.user(), secrets.password(principal), secrets.trustStorePassword());
    }

    /**
     * A service's Kafka and registry client settings as Spring Boot reads them from the environment (the names
     * docker-compose.yml sets too), and {@code PLATFORM_KAFKA_TOPICS_DECLARE=false}: the catalogue topics exist already
     * and the service may not create or alter them.
     */
    static Map<String, String> springEnvironment(Secrets secrets, Principal principal) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SPRING_KAFKA_SECURITY_PROTOCOL", "SASL_SSL");
        env.put("SPRING_KAFKA_PROPERTIES_SASL_MECHANISM", MECHANISM);
        env.put("SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG", scramJaas(principal.user(), secrets.password(principal)));
        env.put("SPRING_KAFKA_SSL_TRUST_STORE_TYPE", "PKCS12");
        env.put(
                "SPRING_KAFKA_SSL_TRUST_STORE_LOCATION",
                "file:" + secrets.files().trustStore().toAbsolutePath());
        env.put("SPRING_KAFKA_SSL_TRUST_STORE_PASSWORD", secrets.trustStorePassword());
        env.put("PLATFORM_KAFKA_TOPICS_DECLARE", "false");
        return env;
    }

    // ---- topics and ACLs ----

    /** The catalogue topics and their dead-letter topics as the services would declare them. */
    static List<NewTopic> catalogueTopics(int partitions, short replicationFactor, int minInsyncReplicas) {
        List<NewTopic> topics = new ArrayList<>();
        for (CatalogueTopic topic : CATALOGUE) {
            topics.add(new NewTopic(topic.name(), partitions, replicationFactor)
                    .configs(Map.of(
                            TopicConfig.CLEANUP_POLICY_CONFIG,
                            topic.cleanupPolicy(),
                            TopicConfig.RETENTION_MS_CONFIG,
                            Long.toString(topic.retentionMs()),
                            TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG,
                            Integer.toString(minInsyncReplicas))));
            topics.add(new NewTopic(topic.deadLetter(), partitions, replicationFactor)
                    .configs(Map.of(
                            TopicConfig.CLEANUP_POLICY_CONFIG,
                            TopicConfig.CLEANUP_POLICY_DELETE,
                            TopicConfig.RETENTION_MS_CONFIG,
                            Long.toString(CatalogueTopic.DEAD_LETTER_RETENTION_MS),
                            TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG,
                            Integer.toString(minInsyncReplicas))));
        }
        return topics;
    }

    /**
     * Who may do what. Each service reads what it consumes, writes what it produces and nothing else:
     *
     * <ul>
     *   <li>handover-api writes {@code handover-submissions} and the dead letters of the topics it projects; reads the
     *       processor's outputs; its consumer groups are {@code handover-api*}.
     *   <li>handover-processor reads {@code handover-submissions}; writes its outputs, {@code handover-submissions-dlt}
     *       and {@code handover-submissions} itself (the linked case a diversion opens); owns its Streams internal
     *       topics, its own repeat-attendance topics ({@code handover-processor-person-keys}, which carries person
     *       keys, and {@code handover-processor-repeat-flags}), consumer group and transactional ids ({@code
     *       handover-processor*}, prefixed: no other principal may read them).
     *   <li>notification-service reads {@code handover-events}, writes {@code handover-events-dlt}, owns the {@code
     *       notification-*} topics (prefixed: its retry topics are created by it) and {@code notification-service*}
     *       groups.
     *   <li>schema-registry owns {@code _schemas}.
     *   <li>handover-api and handover-processor may DESCRIBE the other services' consumer groups (their members and
     *       committed offsets, no record): each service publishes how far every platform group it may see is behind
     *       ({@code platform.kafka.consumer.group.lag}), so a group whose own service hangs or is stopped is still seen
     *       falling behind: the processor's by handover-api, the projection's by the processor, notification-service's
     *       by both. A group's offsets on a topic the watcher may not describe stay hidden from it.
     * </ul>
     */
    static List<AclBinding> acls() {
        List<AclBinding> acls = new ArrayList<>();
        Principal api = Principal.API;
        allow(acls, api, topic(SUBMISSIONS.name()), AclOperation.WRITE);
        for (CatalogueTopic read : List.of(EVENTS, STATE, REJECTIONS, OUTCOMES, COMPLETED)) {
            allow(acls, api, topic(read.name()), AclOperation.READ);
            allow(acls, api, topic(read.deadLetter()), AclOperation.WRITE);
        }
        allow(acls, api, group("handover-api"), AclOperation.READ);
        allow(acls, api, group("handover-api"), AclOperation.DELETE);

        Principal processor = Principal.PROCESSOR;
        allow(acls, processor, topic(SUBMISSIONS.name()), AclOperation.READ);
        allow(acls, processor, topic(SUBMISSIONS.name()), AclOperation.WRITE);
        allow(acls, processor, topic(SUBMISSIONS.deadLetter()), AclOperation.WRITE);
        for (CatalogueTopic output : List.of(EVENTS, STATE, REJECTIONS, OUTCOMES, COMPLETED)) {
            allow(acls, processor, topic(output.name()), AclOperation.WRITE);
        }
        allow(acls, processor, prefixed(ResourceType.TOPIC, "handover-processor-"), AclOperation.ALL);
        allow(acls, processor, group("handover-processor"), AclOperation.ALL);
        allow(acls, processor, prefixed(ResourceType.TRANSACTIONAL_ID, "handover-processor"), AclOperation.WRITE);
        allow(acls, processor, prefixed(ResourceType.TRANSACTIONAL_ID, "handover-processor"), AclOperation.DESCRIBE);

        Principal notification = Principal.NOTIFICATION;
        allow(acls, notification, topic(EVENTS.name()), AclOperation.READ);
        allow(acls, notification, topic(EVENTS.deadLetter()), AclOperation.WRITE);
        allow(acls, notification, prefixed(ResourceType.TOPIC, "notification-"), AclOperation.ALL);
        allow(acls, notification, group("notification-service"), AclOperation.ALL);
        allow(acls, notification, prefixed(ResourceType.TRANSACTIONAL_ID, "notification-service"), AclOperation.WRITE);
        allow(
                acls,
                notification,
                prefixed(ResourceType.TRANSACTIONAL_ID, "notification-service"),
                AclOperation.DESCRIBE);

        allow(acls, Principal.REGISTRY, topic(SCHEMAS_TOPIC), AclOperation.ALL);
        allow(acls, Principal.REGISTRY, group("schema-registry"), AclOperation.ALL);

        // Watching each other's consumer groups: members and committed offsets, no record. notification-service
        // watches none: it may describe no topic the others' groups read but handover-events, which none of them does.
        allow(acls, api, group("handover-processor"), AclOperation.DESCRIBE);
        allow(acls, api, group("notification-service"), AclOperation.DESCRIBE);
        allow(acls, processor, group("handover-api"), AclOperation.DESCRIBE);
        allow(acls, processor, group("notification-service"), AclOperation.DESCRIBE);
        return acls;
    }

    private static ResourcePattern topic(String name) {
        return new ResourcePattern(ResourceType.TOPIC, name, PatternType.LITERAL);
    }

    private static ResourcePattern group(String prefix) {
        return prefixed(ResourceType.GROUP, prefix);
    }

    private static ResourcePattern prefixed(ResourceType type, String prefix) {
        return new ResourcePattern(type, prefix, PatternType.PREFIXED);
    }

    private static void allow(
            List<AclBinding> acls, Principal principal, ResourcePattern resource, AclOperation operation) {
        acls.add(new AclBinding(
                resource, new AccessControlEntry(principal.principal(), "*", operation, AclPermissionType.ALLOW)));
    }

    /**
     * As {@code admin}: creates the catalogue topics that are missing and every ACL (creating an ACL that exists
     * changes nothing).
     */
    static void apply(Admin admin, List<NewTopic> topics, Duration timeout)
            throws ExecutionException, InterruptedException, TimeoutException {
        for (var result : admin.createTopics(topics).values().entrySet()) {
            try {
                result.getValue().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        }
        admin.createAcls(acls()).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** True if the storage was formatted by {@code --secure} (with the SCRAM users). */
    static boolean formattedSecure(Files files, Layout layout) {
        return java.nio.file.Files.isRegularFile(files.marker(layout));
    }

    static void markFormattedSecure(Files files, Layout layout) throws IOException {
        java.nio.file.Files.writeString(
                files.marker(layout),
                "SCRAM users: "
                        + String.join(
                                ", ",
                                java.util.Arrays.stream(Principal.values())
                                        .map(Principal::user)
                                        .toList())
                        + "\n",
                StandardCharsets.UTF_8);
    }
}
