package uk.transferofcare.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import uk.transferofcare.events.Topic;
import uk.transferofcare.events.Topics;

class SecureKafkaTest {

    @TempDir
    Path dir;

    @Test
    void theLaunchersCatalogueIsTheTopicCatalogueWithTheSameCleanupAndRetention() {
        Map<String, String> expected = new LinkedHashMap<>();
        for (Topic<?> topic : Topics.all()) {
            expected.put(topic.name(), topic.cleanupPolicy() + " " + topic.retentionMs());
            expected.put(topic.deadLetterTopic(), "delete " + Topic.DEAD_LETTER_RETENTION_MS);
        }
        Map<String, String> actual = new LinkedHashMap<>();
        for (NewTopic topic : SecureKafka.catalogueTopics(3, (short) 1, 1)) {
            actual.put(
                    topic.name(),
                    topic.configs().get("cleanup.policy") + " "
                            + topic.configs().get("retention.ms"));
            assertThat(topic.numPartitions()).isEqualTo(3);
        }
        assertThat(actual).containsExactlyInAnyOrderEntriesOf(expected);
    }

    @Test
    void onlyTheApiAndTheProcessorMayWriteHandoverSubmissions() {
        assertThat(principalsAllowed(ResourceType.TOPIC, "handover-submissions", AclOperation.WRITE))
                .containsExactlyInAnyOrder("User:handover-api", "User:handover-processor");
        assertThat(principalsAllowed(ResourceType.TOPIC, "handover-events", AclOperation.WRITE))
                .containsExactly("User:handover-processor");
        assertThat(principalsAllowed(ResourceType.TOPIC, "notification-outcomes", AclOperation.WRITE))
                .containsExactly("User:notification-service");
        assertThat(principalsAllowed(ResourceType.TOPIC, "_schemas", AclOperation.WRITE))
                .containsExactly("User:schema-registry");
        // no ACL names every topic or every principal
        assertThat(SecureKafka.acls())
                .noneMatch(acl -> acl.pattern().name().equals("*"))
                .noneMatch(acl -> acl.entry().principal().equals("User:*"));
    }

    @Test
    void theProcessorOwnsItsStreamsInternalTopicsGroupAndTransactionalIdsByPrefix() {
        assertThat(principalsAllowed(ResourceType.TOPIC, "handover-processor-cases-changelog", AclOperation.CREATE))
                .containsExactly("User:handover-processor");
        assertThat(principalsAllowed(ResourceType.GROUP, "handover-processor", AclOperation.READ))
                .containsExactly("User:handover-processor");
        assertThat(principalsAllowed(ResourceType.TRANSACTIONAL_ID, "handover-processor-3f1c-1", AclOperation.WRITE))
                .containsExactly("User:handover-processor");
        assertThat(principalsAllowed(ResourceType.GROUP, "handover-api-projection", AclOperation.READ))
                .containsExactly("User:handover-api");
        assertThat(principalsAllowed(ResourceType.TOPIC, "notification-deliveries-retry-0", AclOperation.CREATE))
                .containsExactly("User:notification-service");
    }

    @Test
    void theApiAndTheProcessorMayDescribeTheOtherServicesGroupsForTheirLagButNotJoinOrCommitForThem() {
        assertThat(principalsAllowed(ResourceType.GROUP, "notification-service", AclOperation.DESCRIBE))
                .containsExactlyInAnyOrder("User:notification-service", "User:handover-api", "User:handover-processor");
        assertThat(principalsAllowed(ResourceType.GROUP, "handover-processor", AclOperation.DESCRIBE))
                .containsExactlyInAnyOrder("User:handover-processor", "User:handover-api");
        // handover-api describes its own groups by READ, which implies DESCRIBE
        assertThat(principalsAllowed(ResourceType.GROUP, "handover-api-projection", AclOperation.DESCRIBE))
                .containsExactly("User:handover-processor");
        assertThat(principalsAllowed(ResourceType.GROUP, "notification-service-deliveries", AclOperation.READ))
                .containsExactly("User:notification-service");
        assertThat(principalsAllowed(ResourceType.GROUP, "handover-processor", AclOperation.READ))
                .containsExactly("User:handover-processor");
        assertThat(principalsAllowed(ResourceType.GROUP, "schema-registry", AclOperation.DESCRIBE))
                .containsExactly("User:schema-registry");
    }

    @Test
    void theSecureBrokerHasNoPlaintextListenerAndDeniesWhatNoAclAllows() throws Exception {
        SecureKafka.Secrets secrets = SecureKafka.Secrets.load(new SecureKafka.Files(dir));
        Map<String, String> properties = SecureKafka.serverProperties(new Ports(100), secrets);

        assertThat(properties)
                .containsEntry("listeners", "CLIENTS://127.0.0.1:9192,CONTROLLER://127.0.0.1:9193")
                .containsEntry("listener.security.protocol.map", "CLIENTS:SASL_SSL,CONTROLLER:SASL_SSL")
                .containsEntry("listener.name.clients.sasl.enabled.mechanisms", "SCRAM-SHA-512")
                .containsEntry("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer")
                .containsEntry("allow.everyone.if.no.acl.found", "false")
                .containsEntry("super.users", "User:admin;User:controller");
        assertThat(properties.values()).noneMatch(v -> v.contains("PLAINTEXT"));
        assertThat(SecureKafka.formatArguments(secrets))
                .containsSequence(
                        "--add-scram",
                        "SCRAM-SHA-512=[name=handover-api,password=" + secrets.password(SecureKafka.Principal.API)
                                + "]");
        assertThat(SecureKafka.formatArguments(secrets).stream().filter("--add-scram"::equals))
                .hasSize(SecureKafka.Principal.values().length);
    }

    @Test
    void passwordsAreGeneratedOnceIntoOwnerOnlyFilesAndReadBack() throws Exception {
        SecureKafka.Files files = new SecureKafka.Files(dir);
        SecureKafka.Secrets first = SecureKafka.Secrets.load(files);
        SecureKafka.Secrets again = SecureKafka.Secrets.load(files);

        assertThat(again.passwords()).isEqualTo(first.passwords());
        assertThat(Set.copyOf(first.passwords().values()))
                .hasSize(first.passwords().size());
        Path api = files.passwordFile("handover-api");
        assertThat(Files.readString(api).strip()).isEqualTo(first.password(SecureKafka.Principal.API));
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(api)))
                .isEqualTo("rw-------");
        assertThat(first.toString()).doesNotContain(first.password(SecureKafka.Principal.API));
    }

    @Test
    void theServicesGetTheirOwnPrincipalAndNoTopicDeclarations() throws Exception {
        SecureKafka.Secrets secrets = SecureKafka.Secrets.load(new SecureKafka.Files(dir));
        Layout layout = new Layout(Path.of("/repo"), dir);
        Map<String, String> env =
                Platform.serviceEnvironment(AppService.NOTIFICATION, new Ports(0), layout, "pw", secrets, false);

        assertThat(env)
                .containsEntry("SPRING_KAFKA_SECURITY_PROTOCOL", "SASL_SSL")
                .containsEntry("SPRING_KAFKA_PROPERTIES_SASL_MECHANISM", "SCRAM-SHA-512")
                .containsEntry(
                        "SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG",
                        "org.apache.kafka.common.security.scram.ScramLoginModule required"
                                + " username=\"notification-service\" password=\""
                                + secrets.password(SecureKafka.Principal.NOTIFICATION) + "\";")
                .containsEntry("SPRING_KAFKA_SSL_TRUST_STORE_TYPE", "PKCS12")
                .containsEntry(
                        "SPRING_KAFKA_SSL_TRUST_STORE_LOCATION",
                        "file:" + dir.resolve("tls/truststore.p12").toAbsolutePath())
                .containsEntry("PLATFORM_KAFKA_TOPICS_DECLARE", "false")
                .containsEntry("SPRING_KAFKA_PROPERTIES_BASIC_AUTH_CREDENTIALS_SOURCE", "USER_INFO")
                .containsEntry(
                        "SPRING_KAFKA_PROPERTIES_BASIC_AUTH_USER_INFO",
                        "notification-service:" + secrets.password(SecureKafka.Principal.NOTIFICATION));
        assertThat(Platform.serviceEnvironment(AppService.NOTIFICATION, new Ports(0), layout, "pw"))
                .doesNotContainKeys("SPRING_KAFKA_SECURITY_PROTOCOL", "PLATFORM_KAFKA_TOPICS_DECLARE");

        Map<String, String> registry = Platform.registryEnvironment(new Ports(0), secrets, dir.resolve("users"));
        assertThat(registry)
                .containsEntry("SCHEMA_REGISTRY_KAFKASTORE_SECURITY_PROTOCOL", "SASL_SSL")
                .containsEntry(
                        "SCHEMA_REGISTRY_KAFKASTORE_SASL_JAAS_CONFIG",
                        SecureKafka.scramJaas("schema-registry", secrets.password(SecureKafka.Principal.REGISTRY)))
                .containsKey("SCHEMA_REGISTRY_KAFKASTORE_SSL_TRUSTSTORE_LOCATION")
                .containsEntry(
                        "SCHEMA_REGISTRY_USERS_FILE", dir.resolve("users").toString());
    }

    /** The principals one ALLOW ACL of {@link SecureKafka#acls()} lets do {@code operation} on the resource. */
    private static List<String> principalsAllowed(ResourceType type, String name, AclOperation operation) {
        return SecureKafka.acls().stream()
                .filter(acl -> acl.pattern().resourceType() == type)
                .filter(acl -> matches(acl, name))
                .filter(acl ->
                        acl.entry().operation() == operation || acl.entry().operation() == AclOperation.ALL)
                .map(acl -> acl.entry().principal())
                .distinct()
                .collect(Collectors.toList());
    }

    private static boolean matches(AclBinding acl, String name) {
        return acl.pattern().patternType() == PatternType.PREFIXED
                ? name.startsWith(acl.pattern().name())
                : name.equals(acl.pattern().name());
    }
}
