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
                        "schema-registry",
                        "topic-init",
                        "postgres",
                        "handover-processor",
                        "handover-api",
                        "notification-service");
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
                        .matches("[a-z0-9./-]+:[0-9][A-Za-z0-9._-]*")
                        .doesNotContain("latest"));
    }

    @Test
    void theBrokersRunTheKafkaVersionTheCodeIsBuiltWith() {
        String kafka = "apache/kafka:" + AppInfoParser.getVersion();

        assertThat(BROKERS)
                .allSatisfy(
                        broker -> assertThat(services.get(broker).get("image")).isEqualTo(kafka));
        assertThat(services.get("topic-init").get("image")).isEqualTo(kafka);
    }

    @Test
    void theBrokersFormOneKraftClusterWithReplicationThreeAndMinIsrTwo() {
        Set<Object> clusterIds = new HashSet<>();
        Set<String> nodeIds = new TreeSet<>();
        for (String broker : BROKERS) {
            Map<String, Object> env = env(broker);
            clusterIds.add(env.get("CLUSTER_ID"));
            nodeIds.add(String.valueOf(env.get("KAFKA_NODE_ID")));
            assertThat(env)
                    .containsEntry("KAFKA_PROCESS_ROLES", "broker,controller")
                    .containsEntry("KAFKA_CONTROLLER_QUORUM_VOTERS", "1@kafka-1:9093,2@kafka-2:9093,3@kafka-3:9093")
                    .containsEntry("KAFKA_ADVERTISED_LISTENERS", "INTERNAL://" + broker + ":19092")
                    .containsEntry("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false")
                    .containsEntry("KAFKA_DEFAULT_REPLICATION_FACTOR", 3)
                    .containsEntry("KAFKA_MIN_INSYNC_REPLICAS", 2)
                    .containsEntry("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", 3)
                    .containsEntry("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", 3)
                    .containsEntry("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", 2)
                    .containsEntry("KAFKA_TRANSACTION_ABORT_TIMED_OUT_TRANSACTION_CLEANUP_INTERVAL_MS", 1000);
            assertThat(env.get("KAFKA_NODE_ID")).isEqualTo(Integer.parseInt(broker.substring("kafka-".length())));
            assertThat((List<?>) services.get(broker).get("volumes")).hasSize(1);
        }
        assertThat(clusterIds).singleElement().asString().hasSize(22);
        assertThat(nodeIds).containsExactly("1", "2", "3");
    }

    @Test
    void everyLongRunningServiceHasAHealthcheckAMemoryLimitAndARestartPolicy() {
        services.forEach((name, service) -> {
            assertThat(memoryLimit(service)).as("memory limit of %s", name).matches("\\d+[mg]");
            assertThat(service.get("restart")).as("restart policy of %s", name).isNotNull();
            if (!name.equals("topic-init")) {
                assertThat(service.get("restart")).as(name).isEqualTo("unless-stopped");
                assertThat(healthcheck(service)).as("healthcheck of %s", name).isNotEmpty();
            }
        });
        assertThat(services.get("topic-init").get("restart")).isEqualTo("no");
    }

    @Test
    void appServicesStartOnlyAfterHealthyInfrastructureAndCreatedTopics() {
        Map<String, Object> expected = new LinkedHashMap<>();
        BROKERS.forEach(broker -> expected.put(broker, Map.of("condition", "service_healthy")));
        expected.put("schema-registry", Map.of("condition", "service_healthy"));
        expected.put("topic-init", Map.of("condition", "service_completed_successfully"));

        Map<String, Object> expectedByApi = new LinkedHashMap<>(expected);
        expectedByApi.put("postgres", Map.of("condition", "service_healthy"));
        for (String app : APP_SERVICES) {
            assertThat(services.get(app).get("depends_on"))
                    .as(app)
                    .isEqualTo(app.equals("handover-api") ? expectedByApi : expected);
        }
        for (String dependsOnBrokers : List.of("schema-registry", "topic-init")) {
            Map<String, Object> brokersHealthy = new LinkedHashMap<>();
            BROKERS.forEach(broker -> brokersHealthy.put(broker, Map.of("condition", "service_healthy")));
            assertThat(services.get(dependsOnBrokers).get("depends_on"))
                    .as(dependsOnBrokers)
                    .isEqualTo(brokersHealthy);
        }
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
        Object partitions = env("topic-init").get("PARTITIONS");
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
            if (secretName.matcher(key).matches()) {
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
    void topicInitCreatesExactlyTheTopicCatalogueAndItsDeadLetterTopicsWithTheirCleanupAndRetention() {
        String script = String.join("\n", command("topic-init"));
        Map<String, String> created = new LinkedHashMap<>();
        for (String line : script.lines().map(String::strip).toList()) {
            Matcher create = Pattern.compile(
                            "^create ([a-z0-9-]+) --config cleanup\\.policy=(compact|delete|compact,delete) --config retention\\.ms=(-?\\d+)$")
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
                assertThat(line).as("a topic created without its retention").doesNotStartWith("create ");
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
    void topicInitCreatesWithReplicationThreeAndMinIsrTwoOnAllBrokers() {
        String script = String.join("\n", command("topic-init"));
        String create =
                script.substring(script.indexOf("create() {"), script.indexOf("}", script.indexOf("create() {")));

        assertThat(create)
                .contains("--create --if-not-exists")
                .contains("--replication-factor 3")
                .contains("--config min.insync.replicas=2")
                .contains("--partitions \"$$PARTITIONS\"")
                .contains("--bootstrap-server \"$$BOOTSTRAP\"");
        assertThat(script)
                .contains("dlt() { create \"$$1-dlt\" --config cleanup.policy=delete --config retention.ms="
                        + Topic.DEAD_LETTER_RETENTION_MS + "; }");
        assertThat(script.lines()
                        .map(String::strip)
                        .filter(line -> line.startsWith("/opt/kafka") && line.contains("--create")))
                .as("topics are created only through create()")
                .hasSize(1);
        assertThat(env("topic-init")).containsEntry("BOOTSTRAP", BOOTSTRAP);
        assertThat(command("topic-init").get(0)).startsWith("set -euo pipefail\n");
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
                        "./deploy/postgres/initdb:/docker-entrypoint-initdb.d:ro");
        assertThat(map(compose.get("volumes"))).containsKey("postgres-data");

        Path initdb = root.resolve("deploy/postgres/initdb");
        List<Path> scripts;
        try (var files = Files.list(initdb)) {
            scripts = files.sorted().toList();
        }
        assertThat(scripts).extracting(p -> p.getFileName().toString()).containsExactly("10-handover-roles.sh");
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
                        "SPRING_DATASOURCE_URL", "jdbc:postgresql://postgres:5432/" + postgres.get("POSTGRES_DB"))
                .containsEntry("SPRING_DATASOURCE_USERNAME", postgres.get("HANDOVER_DB_USER"))
                .containsEntry("SPRING_DATASOURCE_PASSWORD", postgres.get("HANDOVER_DB_PASSWORD"));
        assertThat(map(services.get("handover-api").get("depends_on")))
                .containsEntry("postgres", Map.of("condition", "service_healthy"));
        assertThat(env("handover-processor")).doesNotContainKey("SPRING_DATASOURCE_URL");
        assertThat(env("notification-service")).doesNotContainKey("SPRING_DATASOURCE_URL");
    }

    @Test
    void theRegistryIsConfluentsOnTheThreeBrokers() {
        assertThat(services.get("schema-registry").get("image"))
                .asString()
                .startsWith("confluentinc/cp-schema-registry:");
        assertThat(env("schema-registry"))
                .containsEntry(
                        "SCHEMA_REGISTRY_KAFKASTORE_BOOTSTRAP_SERVERS",
                        "PLAINTEXT://kafka-1:19092,PLAINTEXT://kafka-2:19092,PLAINTEXT://kafka-3:19092")
                .containsEntry("SCHEMA_REGISTRY_KAFKASTORE_TOPIC_REPLICATION_FACTOR", 3)
                .containsEntry("SCHEMA_REGISTRY_LISTENERS", "http://0.0.0.0:8081");
    }

    // ---- helpers ----

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value == null ? Map.of() : (Map<String, Object>) value;
    }

    private static Map<String, Object> env(String service) {
        return map(services.get(service).get("environment"));
    }

    @SuppressWarnings("unchecked")
    private static List<String> command(String service) {
        return (List<String>) services.get(service).get("command");
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
