package uk.transferofcare.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What each process is told: the environment variables the services and the registry read. */
class PlatformEnvironmentTest {

    private final Layout layout = new Layout(Path.of("/repo"), Path.of("/repo/.data"));

    @Test
    void theApiGetsItsPortKafkaTheRegistryTheLocalProfileItsDataFolderAndTheDatasource() {
        assertThat(Platform.serviceEnvironment(AppService.API, new Ports(0), layout, "app-password"))
                .containsExactly(
                        entry("SERVER_PORT", "8080"),
                        entry("SERVER_ADDRESS", "127.0.0.1"),
                        entry("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092"),
                        entry("SCHEMA_REGISTRY_URL", "http://127.0.0.1:8081"),
                        entry("SPRING_PROFILES_ACTIVE", "local"),
                        entry("APP_DATA_DIR", "/repo/.data/handover-api"),
                        entry("PLATFORM_KAFKA_TOPICS_PARTITIONS", "3"),
                        entry("PLATFORM_KAFKA_TOPICS_REPLICATION_FACTOR", "1"),
                        entry("PLATFORM_KAFKA_TOPICS_MIN_INSYNC_REPLICAS", "1"),
                        entry("SPRING_DATASOURCE_URL", "jdbc:postgresql://127.0.0.1:5432/handover"),
                        entry("SPRING_DATASOURCE_USERNAME", "handover"),
                        entry("SPRING_DATASOURCE_PASSWORD", "app-password"),
                        entry("JWT_ISSUER_URI", ""),
                        entry("JWT_JWK_SET_URI", ""),
                        entry("JWT_PUBLIC_KEY_LOCATION", ""),
                        entry("JWT_ISSUER", ""),
                        entry("JWT_AUDIENCE", ""));
    }

    /**
     * The three services agree on the local token contract: the API's dev tokens, checked by the other two against
     * the API's keys on its port; an identity provider exported in the developer's shell reaches none of them.
     */
    @Test
    void everyServiceGetsTheLocalTokenContractAndTheOthersTheApisKeys() {
        for (AppService service : AppService.values()) {
            assertThat(Platform.serviceEnvironment(service, new Ports(100), layout, "pw"))
                    .as(service.name())
                    .contains(
                            entry("SPRING_PROFILES_ACTIVE", "local"),
                            entry("JWT_ISSUER_URI", ""),
                            entry("JWT_JWK_SET_URI", ""),
                            entry("JWT_PUBLIC_KEY_LOCATION", ""),
                            entry("JWT_ISSUER", ""),
                            entry("JWT_AUDIENCE", ""));
        }
        assertThat(Platform.serviceEnvironment(AppService.PROCESSOR, new Ports(100), layout, "pw"))
                .containsEntry("DEV_JWKS_URI", "http://127.0.0.1:8180/dev/jwks");
        assertThat(Platform.serviceEnvironment(AppService.API, new Ports(100), layout, "pw"))
                .doesNotContainKey("DEV_JWKS_URI");
    }

    @Test
    void theNotificationServiceAlsoGetsTheDevInboxForMailAndWebhooks() {
        assertThat(Platform.serviceEnvironment(AppService.NOTIFICATION, new Ports(100), layout, "pw"))
                .containsExactly(
                        entry("SERVER_PORT", "8183"),
                        entry("SERVER_ADDRESS", "127.0.0.1"),
                        entry("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9192"),
                        entry("SCHEMA_REGISTRY_URL", "http://127.0.0.1:8181"),
                        entry("SPRING_PROFILES_ACTIVE", "local"),
                        entry("APP_DATA_DIR", "/repo/.data/notification-service"),
                        entry("PLATFORM_KAFKA_TOPICS_PARTITIONS", "3"),
                        entry("PLATFORM_KAFKA_TOPICS_REPLICATION_FACTOR", "1"),
                        entry("PLATFORM_KAFKA_TOPICS_MIN_INSYNC_REPLICAS", "1"),
                        entry("SPRING_DATASOURCE_URL", "jdbc:postgresql://127.0.0.1:5532/handover"),
                        entry("SPRING_DATASOURCE_USERNAME", "handover"),
                        entry("SPRING_DATASOURCE_PASSWORD", "pw"),
                        entry("JWT_ISSUER_URI", ""),
                        entry("JWT_JWK_SET_URI", ""),
                        entry("JWT_PUBLIC_KEY_LOCATION", ""),
                        entry("JWT_ISSUER", ""),
                        entry("JWT_AUDIENCE", ""),
                        entry("DEV_JWKS_URI", "http://127.0.0.1:8180/dev/jwks"),
                        entry("SPRING_MAIL_HOST", "127.0.0.1"),
                        entry("SPRING_MAIL_PORT", "2625"),
                        entry("WEBHOOK_SINK_URL", "http://127.0.0.1:8126/webhooks"));
    }

    @Test
    void theProcessorRunsOnItsOwnPortWithItsOwnState() {
        assertThat(Platform.serviceEnvironment(AppService.PROCESSOR, new Ports(0), layout, "pw"))
                .contains(
                        entry("SERVER_PORT", "8082"),
                        entry("APP_DATA_DIR", "/repo/.data/handover-processor"),
                        entry("SPRING_DATASOURCE_URL", "jdbc:postgresql://127.0.0.1:5432/handover"))
                .doesNotContainKeys("SPRING_MAIL_HOST", "WEBHOOK_SINK_URL");
    }

    @Test
    void theRegistryGetsKafkaAndItsPort() {
        assertThat(Platform.registryEnvironment(new Ports(100)))
                .containsExactly(
                        entry("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9192"),
                        entry("SCHEMA_REGISTRY_PORT", "8181"),
                        entry("SCHEMA_REGISTRY_TOPIC_REPLICATION_FACTOR", "1"));
    }

    @Test
    void givenThreeBrokers_thenTheRegistryAndEveryServiceGetAllOfThemAndProductionsReplication() {
        Ports ports = new Ports(0, 3);
        Layout layout = new Layout(java.nio.file.Path.of("/repo"), java.nio.file.Path.of("/repo/.data"));

        assertThat(Platform.registryEnvironment(ports))
                .contains(
                        entry("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092,127.0.0.1:9094,127.0.0.1:9096"),
                        entry("SCHEMA_REGISTRY_TOPIC_REPLICATION_FACTOR", "3"));
        for (AppService service : AppService.values()) {
            assertThat(Platform.serviceEnvironment(service, ports, layout, "pw"))
                    .contains(
                            entry("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092,127.0.0.1:9094,127.0.0.1:9096"),
                            entry("PLATFORM_KAFKA_TOPICS_REPLICATION_FACTOR", "3"),
                            entry("PLATFORM_KAFKA_TOPICS_MIN_INSYNC_REPLICAS", "2"));
        }
    }

    @Test
    void everyNeededPortIsNamedInStartOrder() {
        assertThat(new Ports(1).needed(Set.of(AppService.NOTIFICATION, AppService.API)))
                .containsExactly(
                        new Ports.Use(2526, "dev inbox SMTP"),
                        new Ports.Use(8026, "dev inbox HTTP"),
                        new Ports.Use(8027, "dev inbox webhook sink"),
                        new Ports.Use(9093, "Kafka broker"),
                        new Ports.Use(9094, "Kafka controller"),
                        new Ports.Use(5433, "PostgreSQL"),
                        new Ports.Use(8082, "schema registry"),
                        new Ports.Use(8081, "handover-api"),
                        new Ports.Use(18081, "handover-api management"),
                        new Ports.Use(8084, "notification-service"),
                        new Ports.Use(18084, "notification-service management"));
        assertThat(new Ports(0).needed(Set.of()))
                .extracting(Ports.Use::port)
                .isEqualTo(List.of(2525, 8025, 8026, 9092, 9093, 5432, 8081));
    }

    @Test
    void theLayoutPutsEverythingUnderTheDataFolderAndFindsJarsInTheModules() {
        assertThat(layout.kafkaLogDirs()).isEqualTo(Path.of("/repo/.data/kafka/data"));
        assertThat(layout.log("kafka")).isEqualTo(Path.of("/repo/.data/logs/kafka.log"));
        assertThat(layout.dataDir(AppService.PROCESSOR)).isEqualTo(Path.of("/repo/.data/handover-processor"));
        assertThat(layout.kafkaLibs()).isEqualTo(Path.of("/repo/local-stack/target/kafka-libs"));
        assertThat(layout.registryJar())
                .isEqualTo(Path.of("/repo/schema-registry/target/schema-registry-0.1.0-SNAPSHOT.jar"));
        assertThat(layout.jar(AppService.NOTIFICATION))
                .isEqualTo(Path.of("/repo/notification-service/target/notification-service-0.1.0-SNAPSHOT.jar"));
    }

    @Test
    void missingJarsAreNamedWithTheirPaths() {
        assertThat(layout.missingArtifacts(Set.of(AppService.API)))
                .containsExactly(
                        "Kafka broker classpath local-stack/target/kafka-libs/",
                        "schema registry schema-registry/target/schema-registry-0.1.0-SNAPSHOT.jar",
                        "handover-api handover-api/target/handover-api-0.1.0-SNAPSHOT.jar");
    }

    @Test
    void theRepositoryIsFoundFromTheModuleFolder() {
        assertThat(Layout.findRepoRoot())
                .hasValueSatisfying(
                        root -> assertThat(root.resolve("local-stack/pom.xml")).isRegularFile());
    }

    @Test
    void withLanOnlyTheApiListensOnEveryInterfaceAndSaysSoExplicitly() {
        assertThat(Platform.serviceEnvironment(AppService.API, new Ports(0), layout, "pw", null, true))
                .contains(
                        entry("SERVER_ADDRESS", "0.0.0.0"),
                        entry("PLATFORM_LOCAL_LAN", "true"),
                        entry("SPRING_PROFILES_ACTIVE", "local"));
        for (AppService other : List.of(AppService.PROCESSOR, AppService.NOTIFICATION)) {
            assertThat(Platform.serviceEnvironment(other, new Ports(0), layout, "pw", null, true))
                    .as(other.toString())
                    .contains(entry("SERVER_ADDRESS", "127.0.0.1"))
                    .doesNotContainKey("PLATFORM_LOCAL_LAN");
        }
        assertThat(Platform.serviceEnvironment(AppService.API, new Ports(0), layout, "pw"))
                .doesNotContainKey("PLATFORM_LOCAL_LAN");
    }

    @Test
    void theLanWarningIsLoudAndNamesTheAddressesAndTheTokenRule() {
        assertThat(Platform.lanWarning(new Ports(0), List.of("192.168.1.20")))
                .anyMatch(l -> l.contains("EVERY network interface (0.0.0.0:8080)"))
                .anyMatch(l -> l.contains("/dev/tokens answers this machine only"))
                .anyMatch(l -> l.contains("curl -s -X POST http://127.0.0.1:8080/dev/tokens"))
                .contains("!!! Officer form: http://192.168.1.20:8080/officer")
                .filteredOn(l -> !l.isEmpty())
                .allMatch(l -> l.startsWith("!!!"));
        assertThat(Platform.lanWarning(new Ports(0), List.of())).anyMatch(l -> l.contains("No network address found"));
    }
}
