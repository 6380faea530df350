package uk.transferofcare.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.common.utils.AppInfoParser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import uk.transferofcare.events.Topic;
import uk.transferofcare.events.Topics;

/**
 * docker-compose.yml and the Dockerfile cannot run here (no Docker engine), so this keeps them consistent with the
 * code: pinned images, healthchecks, memory limits, start order, the services' environment, and the topic catalogue.
 */
class DockerComposeConsistencyTest {

    static final Set<String> APP_SERVICES = Set.of("handover-api", "handover-processor", "notification-service");
    static final Set<String> BROKERS = Set.of("kafka-1", "kafka-2", "kafka-3");
    static final String BOOTSTRAP = "kafka-1:19092,kafka-2:19092,kafka-3:19092";
    static final Set<String> ONE_SHOT = Set.of("kafka-init", "schema-init");
    static final String SECRETS_MOUNT = "/etc/transfer-of-care/secrets";
    static final String SECRETS_VOLUME = "./deploy/secrets:" + SECRETS_MOUNT + ":ro";

    static Path root;
    static Map<String, Object> compose;
    static Map<String, Map<String, Object>> services;
    static String dockerfile;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void load() throws IOException {
        root = Layout.findRepoRoot().orElseThrow();
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        compose = new Yaml(options).load(Files.readString(root.resolve("docker-compose.yml")));
        services = (Map<String, Map<String, Object>>) compose.get("services");
        dockerfile = Files.readString(root.resolve("Dockerfile"));
    }

    @Test
    void theExpectedServicesAreDeclared() {
        assertThat(services.keySet())
                .containsExactlyInAnyOrder(
                        "kafka-1",
                        "kafka-2",
                        "kafka-3",
                        "kafka-init",
                        "schema-registry",
                        "schema-init",
                        "postgres",
                        "handover-processor",
                        "handover-api",
                        "notification-service",
                        "prometheus");
    }

    @Test
    void everyImageIsPinnedToAVersion() {
        Map<String, String> images = new LinkedHashMap<>();
        services.forEach((name, service) -> {
            if (service.containsKey("image")) {
                images.put(name, (String) service.get("image"));
            }
        });
        Matcher from = Pattern.compile("(?m)^FROM\\s+(\\S+)").matcher(dockerfile);
        while (from.find()) {
            images.put("Dockerfile " + from.group(1), from.group(1));
        }

        assertThat(images).hasSize(8);
        assertThat(images.values())
                .allSatisfy(image -> assertThat(image)
                        .as("image %s", image)
                        .matches("[a-z0-9./-]+:v?[0-9][A-Za-z0-9._-]*")
                        .doesNotContain("latest"));
    }

    @Test
    void theBrokersRunTheKafkaVersionTheCodeIsBuiltWith() {
        String kafka = "apache/kafka:" + AppInfoParser.getVersion();

        assertThat(BROKERS)
                .allSatisfy(
                        broker -> assertThat(services.get(broker).get("image")).isEqualTo(kafka));
        assertThat(services.get("kafka-init").get("image")).isEqualTo(kafka);
    }

    @Test
    void theBrokersFormOneKraftClusterWithReplicationThreeAndMinIsrTwo() {
        Set<Object> clusterIds = new HashSet<>();
        Set<String> nodeIds = new TreeSet<>();
        for (String broker : BROKERS) {
            Map<String, Object> env = env(broker);
            clusterIds.add(env.get("CLUSTER_ID"));
            nodeIds.add(String.valueOf(env.get("NODE_ID")));
            assertThat(env)
                    .containsEntry("CONTROLLER_QUORUM_VOTERS", "1@kafka-1:9093,2@kafka-2:9093,3@kafka-3:9093")
                    .containsEntry("ADVERTISED_HOST", broker)
                    .containsEntry("REPLICATION_FACTOR", 3)
                    .containsEntry("MIN_INSYNC_REPLICAS", 2)
                    .containsEntry("SECRETS_DIR", SECRETS_MOUNT);
            assertThat(env.get("NODE_ID")).isEqualTo(Integer.parseInt(broker.substring("kafka-".length())));
            assertThat(services.get(broker).get("entrypoint"))
                    .isEqualTo(List.of("/bin/bash", "/opt/transfer-of-care/kafka/broker.sh"));
            assertThat(list(services.get(broker).get("volumes")))
                    .containsExactly(
                            broker + "-data:/var/lib/kafka/data",
                            "./deploy/kafka:/opt/transfer-of-care/kafka:ro",
                            SECRETS_VOLUME);
            assertThat(services.get(broker).get("group_add")).isEqualTo(List.of("10001"));
        }
        assertThat(clusterIds).singleElement().asString().hasSize(22);
        assertThat(nodeIds).containsExactly("1", "2", "3");
    }

    @Test
    void theBrokerScriptListensWithSaslSslOnlyAndDeniesWhatNoAclAllows() throws IOException {
        String script = Files.readString(root.resolve("deploy/kafka/broker.sh"));

        assertThat(script)
                .contains("set -euo pipefail")
                .contains("listener.security.protocol.map=CLIENTS:SASL_SSL,CONTROLLER:SASL_SSL")
                .contains("listener.name.clients.sasl.enabled.mechanisms=SCRAM-SHA-512")
                .contains("authorizer.class.name=" + SecureKafka.AUTHORIZER)
                .contains("allow.everyone.if.no.acl.found=false")
                .contains("super.users=User:admin;User:controller")
                .contains("auto.create.topics.enable=false")
                .contains("unclean.leader.election.enable=false")
                .contains("transaction.abort.timed.out.transaction.cleanup.interval.ms=1000")
                .contains("add.partitions.to.txn.retry.backoff.ms=5")
                .contains("request.timeout.ms=5000")
                .contains("min.insync.replicas=$min_isr")
                .contains("transaction.state.log.min.isr=$min_isr")
                .contains("--add-scram")
                .doesNotContain("PLAINTEXT");
        assertThat(Files.readString(root.resolve("docker-compose.yml"))).doesNotContain("PLAINTEXT");
    }

    @Test
    void everyLongRunningServiceHasAHealthcheckAMemoryLimitAndARestartPolicy() {
        services.forEach((name, service) -> {
            assertThat(memoryLimit(service)).as("memory limit of %s", name).matches("\\d+[mg]");
            assertThat(service.get("restart")).as("restart policy of %s", name).isNotNull();
            if (!ONE_SHOT.contains(name)) {
                assertThat(service.get("restart")).as(name).isEqualTo("unless-stopped");
                assertThat(healthcheck(service)).as("healthcheck of %s", name).isNotEmpty();
            }
        });
        ONE_SHOT.forEach(name -> assertThat(services.get(name).get("restart")).isEqualTo("no"));
    }

    @Test
    void appServicesStartOnlyAfterHealthyInfrastructureAndCreatedTopics() {
        Map<String, Object> expected = new LinkedHashMap<>();
        BROKERS.forEach(broker -> expected.put(broker, Map.of("condition", "service_healthy")));
        expected.put("schema-registry", Map.of("condition", "service_healthy"));
        expected.put("kafka-init", Map.of("condition", "service_completed_successfully"));
        expected.put("schema-init", Map.of("condition", "service_completed_successfully"));

        Map<String, Object> expectedByApi = new LinkedHashMap<>(expected);
        expectedByApi.put("postgres", Map.of("condition", "service_healthy"));
        for (String app : APP_SERVICES) {
            assertThat(services.get(app).get("depends_on"))
                    .as(app)
                    .isEqualTo(app.equals("handover-api") ? expectedByApi : expected);
        }
        Map<String, Object> brokersHealthy = new LinkedHashMap<>();
        BROKERS.forEach(broker -> brokersHealthy.put(broker, Map.of("condition", "service_healthy")));
        assertThat(services.get("kafka-init").get("depends_on")).isEqualTo(brokersHealthy);
        // The registry's principal needs its ACLs before it connects; the release step needs the registry.
        assertThat(services.get("schema-registry").get("depends_on"))
                .isEqualTo(Map.of("kafka-init", Map.of("condition", "service_completed_successfully")));
        assertThat(services.get("schema-init").get("depends_on"))
                .isEqualTo(Map.of("schema-registry", Map.of("condition", "service_healthy")));
    }

    @Test
    void appServicesAreBuiltFromTheOneDockerfileWithAModuleThatExists() throws IOException {
        String rootPom = Files.readString(root.resolve("pom.xml"));
        for (String app : APP_SERVICES) {
            Map<String, Object> build = map(services.get(app).get("build"));
            assertThat(build).containsEntry("context", ".").containsEntry("dockerfile", "Dockerfile");
            Map<String, Object> args = map(build.get("args"));
            assertThat(args.get("MODULE")).isEqualTo(app);
            assertThat(rootPom).contains("<module>" + app + "</module>");
            assertThat(root.resolve(app).resolve("pom.xml")).isRegularFile();
        }
    }

    @Test
    void modulesNamedInTheDockerfileExistAsMavenModules() throws IOException {
        String rootPom = Files.readString(root.resolve("pom.xml"));
        Set<String> modules = new TreeSet<>();
        Matcher matcher = Pattern.compile("MODULE=([a-z][a-z0-9-]*)").matcher(dockerfile);
        while (matcher.find()) {
            modules.add(matcher.group(1));
        }

        assertThat(modules)
                .containsExactlyInAnyOrder(
                        "handover-api", "handover-processor", "notification-service", "schema-registry");
        assertThat(modules).allSatisfy(module -> assertThat(rootPom).contains("<module>" + module + "</module>"));
    }

    @Test
    void theDockerfileBuildsWithTheWrapperAndRunsAsAnUnprivilegedUserWithAHealthcheck() throws IOException {
        assertThat(dockerfile)
                .contains("ARG MODULE")
                .contains("./mvnw -B -q -DskipTests -pl \"$MODULE\" -am package")
                .contains("HEALTHCHECK ")
                .containsPattern("(?m)^USER 10001:10001$")
                .containsPattern("(?m)^ARG VERSION=" + Pattern.quote(Layout.VERSION) + "$");
        Matcher javac =
                Pattern.compile("javac --release 17 -d \\S+ (\\S+\\.java)").matcher(dockerfile);
        assertThat(javac.find()).isTrue();
        assertThat(root.resolve(javac.group(1))).isRegularFile();
        assertThat(javac.group(1)).endsWith("/" + HealthCheck.class.getSimpleName() + ".java");
        assertThat(Files.readAllLines(root.resolve(".dockerignore")))
                .contains("**/target/", ".data/", "**/node_modules/");
    }

    @Test
    void appServicesAreConfiguredThroughTheEnvironmentForProduction() {
        Object partitions = env("kafka-init").get("PARTITIONS");
        for (String app : APP_SERVICES) {
            Map<String, Object> env = env(app);
            assertThat(env)
                    .as(app)
                    .containsEntry("KAFKA_BOOTSTRAP_SERVERS", BOOTSTRAP)
                    .containsEntry("SCHEMA_REGISTRY_URL", "http://schema-registry:8081")
                    .containsEntry("SPRING_PROFILES_ACTIVE", "prod")
                    .containsEntry("PLATFORM_KAFKA_TOPICS_REPLICATION_FACTOR", "3")
                    .containsEntry("PLATFORM_KAFKA_TOPICS_MIN_INSYNC_REPLICAS", "2")
                    .containsEntry("PLATFORM_KAFKA_TOPICS_PARTITIONS", partitions)
                    .containsKeys("SERVER_PORT", "APP_DATA_DIR");
            int port = (Integer) env.get("SERVER_PORT");
            assertThat(map(map(services.get(app).get("build")).get("args")).get("PORT"))
                    .isEqualTo(port);
            assertThat(healthcheck(services.get(app))).last().isEqualTo("http://127.0.0.1:" + port + "/readyz");
            assertThat(services.get(app).get("env_file")).isEqualTo("./deploy/secrets/env/" + app + ".env");
            assertThat(list(services.get(app).get("volumes"))).contains(SECRETS_VOLUME);
            assertThat(env)
                    .as(app + " registers no schema: the release step does")
                    .doesNotContainKey("SCHEMA_AUTO_REGISTER");
        }
        assertThat(env("handover-api")).containsEntry("SERVER_PORT", Ports.API);
        assertThat(env("handover-processor")).containsEntry("SERVER_PORT", Ports.PROCESSOR);
        assertThat(env("notification-service")).containsEntry("SERVER_PORT", Ports.NOTIFICATION);
        assertThat(services.get("handover-api").get("ports")).isEqualTo(List.of("8080:8080"));
        assertThat(env("notification-service")).containsKeys("SPRING_MAIL_HOST", "SPRING_MAIL_PORT");
    }

    /**
     * Every service checks tokens with platform-support's one decoder: outside the local profile it needs the issuer
     * and the audience, so compose gives the three services the same two required variables.
     */
    @Test
    void everyServiceIsGivenTheSameRequiredTokenIssuerAndAudience() {
        for (String service : List.of("handover-api", "handover-processor", "notification-service")) {
            assertThat(env(service))
                    .as("%s trusts the identity provider's tokens for the platform", service)
                    .containsEntry(
                            "JWT_ISSUER_URI",
                            "${JWT_ISSUER_URI:?set JWT_ISSUER_URI to your identity provider's issuer URI}")
                    .containsEntry(
                            "JWT_AUDIENCE",
                            "${JWT_AUDIENCE:?set JWT_AUDIENCE to the audience your identity provider issues for the"
                                    + " platform}");
        }
    }

    @Test
    void noSecretIsWrittenInTheFileOnlyRequiredVariables() {
        Pattern secretName = Pattern.compile("(?i).*(SECRET|TOKEN|PASSWORD|ISSUER|CREDENTIAL|API_KEY).*");
        List<String> secretKeys = new ArrayList<>();
        services.forEach((name, service) -> env(name).forEach((key, value) -> {
            if (key.endsWith("_DIR") || key.endsWith("_FILE")) {
                // A path to secrets, not a secret: it must point into the read-only secrets mount.
                if (secretName.matcher(key).matches()) {
                    assertThat(String.valueOf(value)).as(name + "." + key).startsWith(SECRETS_MOUNT);
                }
            } else if (secretName.matcher(key).matches()) {
                secretKeys.add(name + "." + key);
                assertThat(String.valueOf(value))
                        .as("%s of %s must come from the environment", key, name)
                        .matches("\\$\\{[A-Z][A-Z0-9_]*:\\?[^}]+}");
            }
        }));

        assertThat(secretKeys)
                .contains(
                        "handover-api.JWT_ISSUER_URI",
                        "notification-service.NOTIFY_WEBHOOK_SECRET",
                        "handover-processor.JWT_ISSUER_URI",
                        "notification-service.JWT_ISSUER_URI",
                        "postgres.POSTGRES_PASSWORD",
                        "postgres.HANDOVER_DB_PASSWORD",
                        "postgres.ANALYST_DB_PASSWORD",
                        "handover-api.SPRING_DATASOURCE_PASSWORD");
        assertThat(env("notification-service").get("SPRING_MAIL_HOST"))
                .isEqualTo("${SPRING_MAIL_HOST:?point SPRING_MAIL_HOST at your relay}");
    }

    @Test
    void kafkaInitCreatesExactlyTheTopicCatalogueAndItsDeadLetterTopicsWithTheirCleanupAndRetention()
            throws IOException {
        String script = initScript();
        Map<String, String> created = new LinkedHashMap<>();
        for (String line : script.lines().map(String::strip).toList()) {
            Matcher create = Pattern.compile(
                            "^(?:spawn )?create ([a-z0-9-]+) --config cleanup\\.policy=(compact|delete|compact,delete) --config retention\\.ms=(-?\\d+)$")
                    .matcher(line);
            Matcher dlt = Pattern.compile("^dlt ([a-z0-9-]+)$").matcher(line);
            if (create.matches()) {
                assertThat(created.put(create.group(1), create.group(2) + ", retention.ms=" + create.group(3)))
                        .as("created twice: " + create.group(1))
                        .isNull();
            } else if (dlt.matches()) {
                assertThat(created.put(
                                dlt.group(1) + Topic.DEAD_LETTER_SUFFIX,
                                "delete, retention.ms=" + Topic.DEAD_LETTER_RETENTION_MS))
                        .as("created twice: " + dlt.group(1))
                        .isNull();
            } else {
                assertThat(line.replaceFirst("^spawn ", ""))
                        .as("a topic created without its retention")
                        .doesNotStartWith("create ");
            }
        }

        Map<String, String> expected = new LinkedHashMap<>();
        for (Topic<?> topic : Topics.all()) {
            expected.put(topic.name(), topic.cleanupPolicy() + ", retention.ms=" + topic.retentionMs());
            expected.put(topic.deadLetterTopic(), "delete, retention.ms=" + Topic.DEAD_LETTER_RETENTION_MS);
        }
        assertThat(created).isEqualTo(expected);
        assertThat(created.keySet())
                .filteredOn(name -> created.get(name).startsWith("compact"))
                .containsExactlyInAnyOrder("handover-state", "handover-completed");
        assertThat(Topics.all())
                .as("every catalogue topic keeps its records for ever or, carrying free text, 400 days")
                .allSatisfy(topic ->
                        assertThat(topic.retentionMs()).isIn(Topic.KEEP_FOREVER, Topic.FREE_TEXT_RETENTION_MS));
    }

    @Test
    void kafkaInitCreatesWithReplicationThreeAndMinIsrTwoOnAllBrokersAsAdmin() throws IOException {
        String script = initScript();
        String create =
                script.substring(script.indexOf("create() {"), script.indexOf("}", script.indexOf("create() {")));

        assertThat(create)
                .contains("--create --if-not-exists")
                .contains("--replication-factor \"$rf\"")
                .contains("--config \"min.insync.replicas=$min_isr\"")
                .contains("--partitions \"$PARTITIONS\"")
                .contains("--bootstrap-server \"$BOOTSTRAP\" --command-config \"$admin_config\"");
        assertThat(script)
                .contains("dlt() { spawn create \"$1-dlt\" --config cleanup.policy=delete --config retention.ms="
                        + Topic.DEAD_LETTER_RETENTION_MS + "; }")
                .contains("set -euo pipefail");
        assertThat(script.lines()
                        .map(String::strip)
                        .filter(line -> line.contains("kafka-topics.sh") && line.contains("--create")))
                .as("topics are created only through create()")
                .hasSize(1);
        assertThat(env("kafka-init"))
                .containsEntry("BOOTSTRAP", BOOTSTRAP)
                .containsEntry("REPLICATION_FACTOR", 3)
                .containsEntry("MIN_INSYNC_REPLICAS", 2);
        assertThat(services.get("kafka-init").get("entrypoint"))
                .isEqualTo(List.of("/bin/bash", "/opt/transfer-of-care/kafka/init.sh"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void postgresIsSeventeenWithAHealthcheckOverTcpANamedVolumeAndTheRolesInitScript() throws IOException {
        Map<String, Object> postgres = services.get("postgres");
        assertThat((String) postgres.get("image")).startsWith("postgres:17");
        assertThat(healthcheck(postgres))
                .containsExactly("CMD-SHELL", "pg_isready -h 127.0.0.1 -p 5432 -U postgres -d handover");
        assertThat(map(postgres.get("healthcheck"))).containsKeys("interval", "timeout", "retries");
        assertThat(env("postgres"))
                .containsEntry("POSTGRES_DB", LocalPostgres.DATABASE)
                .containsEntry("POSTGRES_USER", LocalPostgres.SUPERUSER)
                .containsEntry("HANDOVER_DB_USER", LocalPostgres.APP_USER)
                .containsEntry(
                        "ANALYST_DB_PASSWORD",
                        "${ANALYST_DB_PASSWORD:?set ANALYST_DB_PASSWORD (the analysts' read-only login)}");
        assertThat((List<Object>) postgres.get("volumes"))
                .containsExactly(
                        "postgres-data:/var/lib/postgresql/data",
                        "./deploy/postgres/initdb:/docker-entrypoint-initdb.d:ro",
                        SECRETS_VOLUME);
        assertThat((List<Object>) postgres.get("command"))
                .containsSubsequence("postgres", "-c", "ssl=on")
                .contains(
                        "ssl_cert_file=/var/lib/postgresql/server.crt", "ssl_key_file=/var/lib/postgresql/server.key");
        assertThat(String.join(" ", (List<String>) postgres.get("entrypoint")))
                .contains("install -o postgres -g postgres -m 0600 " + SECRETS_MOUNT + "/postgres/server.key"
                        + " /var/lib/postgresql/server.key")
                .endsWith("exec docker-entrypoint.sh \"$$@\" --");
        assertThat(map(compose.get("volumes"))).containsKey("postgres-data");

        Path initdb = root.resolve("deploy/postgres/initdb");
        List<Path> scripts;
        try (var files = Files.list(initdb)) {
            scripts = files.sorted().toList();
        }
        assertThat(scripts)
                .extracting(p -> p.getFileName().toString())
                .containsExactly("10-handover-roles.sh", "20-require-tls.sh");
        assertThat(scripts).allSatisfy(p -> assertThat(p).isExecutable());
        Path script = scripts.get(0);
        assertThat(script).isExecutable();
        assertThat(Files.readString(script))
                .startsWith("#!/bin/bash\n")
                .contains("set -euo pipefail")
                .contains(": \"${ANALYST_DB_PASSWORD:?")
                .contains(": \"${HANDOVER_DB_PASSWORD:?")
                .contains("psql -v ON_ERROR_STOP=1")
                .contains("--set analyst_password=\"$ANALYST_DB_PASSWORD\"")
                .contains("CREATE ROLE :\"app_user\" WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD"
                        + " :'app_password';")
                .contains("ALTER DATABASE :\"db\" OWNER TO :\"app_user\";")
                .contains("CREATE ROLE " + LocalPostgres.ANALYST_USER
                        + " WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'analyst_password';")
                .contains("ALTER ROLE " + LocalPostgres.ANALYST_USER + " SET default_transaction_read_only = on;")
                .contains("REVOKE ALL ON DATABASE :\"db\" FROM PUBLIC;")
                .contains("GRANT CONNECT ON DATABASE :\"db\" TO " + LocalPostgres.ANALYST_USER + ";")
                .doesNotContainPattern("(?i)NOLOGIN|SUPERUSER PASSWORD|GRANT ALL");
    }

    @Test
    void theApiReadsFromThatPostgresAsTheServicesLoginAndStartsOnlyWhenItIsHealthy() {
        Map<String, Object> postgres = env("postgres");
        assertThat(env("handover-api"))
                .containsEntry(
                        "SPRING_DATASOURCE_URL",
                        "jdbc:postgresql://postgres:5432/" + postgres.get("POSTGRES_DB")
                                + "?sslmode=verify-full&sslrootcert=" + SECRETS_MOUNT + "/tls/ca.pem")
                .containsEntry("SPRING_DATASOURCE_USERNAME", postgres.get("HANDOVER_DB_USER"))
                .containsEntry("SPRING_DATASOURCE_PASSWORD", postgres.get("HANDOVER_DB_PASSWORD"));
        assertThat(map(services.get("handover-api").get("depends_on")))
                .containsEntry("postgres", Map.of("condition", "service_healthy"));
        assertThat(env("handover-processor")).doesNotContainKey("SPRING_DATASOURCE_URL");
        assertThat(env("notification-service")).doesNotContainKey("SPRING_DATASOURCE_URL");
    }

    @Test
    void theRegistryIsOursOnItsOwnPrincipalWithAuthenticatedWrites() {
        Map<String, Object> registry = services.get("schema-registry");
        Map<String, Object> build = map(registry.get("build"));
        assertThat(map(build.get("args")))
                .containsEntry("MODULE", "schema-registry")
                .containsEntry("PORT", 8081)
                .containsEntry("HEALTH_PATH", "/health");
        assertThat(registry.get("env_file")).isEqualTo("./deploy/secrets/env/schema-registry.env");
        assertThat(env("schema-registry"))
                .containsEntry("KAFKA_BOOTSTRAP_SERVERS", BOOTSTRAP)
                .containsEntry("SCHEMA_REGISTRY_TOPIC", "_schemas")
                .containsEntry("SCHEMA_REGISTRY_TOPIC_REPLICATION_FACTOR", 3);
        assertThat(healthcheck(registry)).last().isEqualTo("http://127.0.0.1:8081/health");
        assertThat(list(registry.get("volumes"))).containsExactly(SECRETS_VOLUME);
    }

    @Test
    void schemaInitRegistersTheContractWithTheApiImagesJarAndAdminsRegistryLogin() {
        Map<String, Object> init = services.get("schema-init");
        assertThat(map(map(init.get("build")).get("args"))).containsEntry("MODULE", "handover-api");
        // The image holds the API's jar unpacked (app.jar naming lib/*): the registration's main class runs straight.
        assertThat(list(init.get("entrypoint")))
                .containsSubsequence("-cp", "/app/app.jar", "uk.transferofcare.support.registry.SchemaRegistration");
        assertThat(dockerfile)
                .contains("-Djarmode=tools -jar \"$MODULE/target/$MODULE-$VERSION.jar\" extract --destination /out/app")
                .contains("--application-filename app.jar");
        assertThat(env("schema-init"))
                .containsEntry("SCHEMA_REGISTRY_URL", "http://schema-registry:8081")
                .containsEntry("SCHEMA_REGISTRY_USER_INFO_FILE", SECRETS_MOUNT + "/registry/admin.user-info");
    }

    @Test
    void theSecretsFolderNeverEntersGitOrAnImage() throws IOException {
        assertThat(Files.readAllLines(root.resolve(".gitignore"))).contains("deploy/secrets/");
        assertThat(Files.readAllLines(root.resolve(".dockerignore"))).contains("deploy/secrets/");
        assertThat(compose.get("x-secrets-volume")).isEqualTo(SECRETS_VOLUME);
    }

    private static String initScript() throws IOException {
        return Files.readString(root.resolve("deploy/kafka/init.sh"));
    }

    // ---- helpers ----

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value == null ? Map.of() : (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value) {
        return value == null ? List.of() : (List<Object>) value;
    }

    private static Map<String, Object> env(String service) {
        return map(services.get(service).get("environment"));
    }

    private static String memoryLimit(Map<String, Object> service) {
        Object limit = map(map(map(service.get("deploy")).get("resources")).get("limits"))
                .get("memory");
        return limit == null ? String.valueOf(service.get("mem_limit")) : String.valueOf(limit);
    }

    @SuppressWarnings("unchecked")
    private static List<String> healthcheck(Map<String, Object> service) {
        Object test = map(service.get("healthcheck")).get("test");
        return test == null
                ? List.of()
                : ((List<Object>) test).stream().map(String::valueOf).collect(Collectors.toList());
    }
}
