package uk.transferofcare.support.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.listener.CommonErrorHandler;
import uk.transferofcare.events.Topics;

class PlatformKafkaAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    ValidationAutoConfiguration.class,
                    KafkaAutoConfiguration.class,
                    PlatformKafkaAutoConfiguration.class))
            .withPropertyValues(
                    "spring.kafka.properties.schema.registry.url=http://localhost:1",
                    "spring.kafka.admin.auto-create=false");

    @Test
    void declaresEveryPlatformTopicAndItsDeadLetterTopic() {
        runner.withPropertyValues(
                        "platform.kafka.topics.partitions=6",
                        "platform.kafka.topics.replication-factor=3",
                        "platform.kafka.topics.min-insync-replicas=2")
                .run(context -> {
                    assertThat(context).hasSingleBean(KafkaAdmin.NewTopics.class);
                    Map<String, NewTopic> topics =
                            PlatformTopicsConfiguration.newTopics(context.getBean(PlatformKafkaProperties.class)
                                            .topics())
                                    .stream()
                                    .collect(Collectors.toMap(NewTopic::name, t -> t));

                    assertThat(topics).hasSize(Topics.all().size() * 2);
                    NewTopic state = topics.get("handover-state");
                    assertThat(state.numPartitions()).isEqualTo(6);
                    assertThat(state.replicationFactor()).isEqualTo((short) 3);
                    assertThat(state.configs())
                            .containsEntry("cleanup.policy", "compact,delete")
                            .containsEntry("min.insync.replicas", "2");
                    assertThat(topics.get("handover-completed").configs()).containsEntry("cleanup.policy", "compact");
                    assertThat(topics.get("handover-events").configs()).containsEntry("cleanup.policy", "delete");
                    assertThat(topics.get("handover-events-dlt").numPartitions())
                            .isEqualTo(6);
                });
    }

    @Test
    void everyCatalogueTopicStatesItsRetentionAndEveryDeadLetterTopicExpiresAfterThirtyDays() {
        Map<String, Map<String, String>> configs =
                PlatformTopicsConfiguration.newTopics(new PlatformKafkaProperties.Topics(true, 3, (short) 1, 1))
                        .stream()
                        .collect(Collectors.toMap(NewTopic::name, NewTopic::configs));

        Map<String, Map<String, String>> expected = new java.util.LinkedHashMap<>();
        for (var topic : Topics.all()) {
            expected.put(
                    topic.name(),
                    Map.of(
                            "cleanup.policy", topic.cleanupPolicy(),
                            "retention.ms", Long.toString(topic.retentionMs()),
                            "min.insync.replicas", "1"));
            expected.put(
                    topic.deadLetterTopic(),
                    Map.of("cleanup.policy", "delete", "retention.ms", "2592000000", "min.insync.replicas", "1"));
        }
        assertThat(configs).isEqualTo(expected);
    }

    @Test
    void givenRetentionOverrides_whenDeclared_thenThoseTopicsGetThemAndACompactedOneIsAlsoDeleted() {
        Map<String, Map<String, String>> configs = PlatformTopicsConfiguration.newTopics(
                        new PlatformKafkaProperties.Topics(
                                true,
                                3,
                                (short) 1,
                                1,
                                Map.of(
                                        "handover-events", "90d",
                                        "handover-completed", "P30D",
                                        "handover-rejections", "forever")))
                .stream()
                .collect(Collectors.toMap(NewTopic::name, NewTopic::configs));

        assertThat(configs.get("handover-events"))
                .containsEntry("retention.ms", "7776000000")
                .containsEntry("cleanup.policy", "delete");
        assertThat(configs.get("handover-completed"))
                .containsEntry("retention.ms", "2592000000")
                .containsEntry("cleanup.policy", "compact,delete");
        assertThat(configs.get("handover-rejections")).containsEntry("retention.ms", "-1");
        assertThat(configs.get("handover-state"))
                .containsEntry("retention.ms", Long.toString(uk.transferofcare.events.Topic.FREE_TEXT_RETENTION_MS))
                .containsEntry("cleanup.policy", "compact,delete");
    }

    @Test
    void givenARetentionForAnUnknownTopicOrABadValue_whenDeclared_thenTheErrorNamesTheKey() {
        assertThatThrownBy(() -> PlatformTopicsConfiguration.retention(Map.of("handoverevents", "90d")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("platform.kafka.topics.retention.handoverevents: not a platform topic; known: [");
        assertThatThrownBy(() -> PlatformTopicsConfiguration.retention(Map.of("handover-events", "a while")))
                .hasMessage("platform.kafka.topics.retention.handover-events: must be a duration (e.g. 400d, P400D)"
                        + " or forever, was 'a while'");
        assertThatThrownBy(() -> PlatformTopicsConfiguration.retention(Map.of("handover-events", "0s")))
                .hasMessage("platform.kafka.topics.retention.handover-events: must be a positive duration (e.g."
                        + " 400d) or forever, was '0s'");
    }

    @Test
    void givenARetentionInTheConfiguration_whenTheContextStarts_thenItIsBoundByTopicName() {
        runner.withPropertyValues("platform.kafka.topics.retention.handover-submissions=30d")
                .run(context -> assertThat(context.getBean(PlatformKafkaProperties.class)
                                .topics()
                                .retention())
                        .containsExactly(Map.entry("handover-submissions", "30d")));
    }

    @Test
    void existingTopicsAreBroughtInLineWithTheDeclaredConfigs() {
        runner.withInitializer(context -> new PlatformDefaultsEnvironmentPostProcessor()
                        .postProcessEnvironment(context.getEnvironment(), null))
                .run(context -> assertThat(context.getBean(KafkaProperties.class)
                                .getAdmin()
                                .isModifyTopicConfigs())
                        .isTrue());
    }

    @Test
    void givesEveryListenerADeadLetterErrorHandler() {
        runner.run(context -> assertThat(context).hasSingleBean(CommonErrorHandler.class));
    }

    @Test
    void anInvalidPartitionCountStopsStartUpNamingTheKey() {
        runner.withPropertyValues("platform.kafka.topics.partitions=0")
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("platform.kafka.topics.partitions"));
    }

    @Test
    void moreInSyncReplicasThanReplicasStopsStartUpNamingBothKeys() {
        runner.withPropertyValues(
                        "platform.kafka.topics.replication-factor=1", "platform.kafka.topics.min-insync-replicas=2")
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("platform.kafka.topics.min-insync-replicas")
                        .hasMessageContaining("platform.kafka.topics.replication-factor"));
    }

    @Test
    void watchesTheServicesDependenciesForOperatorsAlerts() {
        runner.run(context -> assertThat(context).hasSingleBean(DependencyHealthMetrics.class));
    }

    @Test
    void aDependencyCheckIntervalUnderASecondStopsStartUpNamingTheKey() {
        runner.withPropertyValues("platform.kafka.health.dependency-check-interval=100ms")
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("platform.kafka.health.dependency-check-interval"));
    }

    @Test
    void aMissingRegistryUrlStopsStartUpNamingTheKey() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        ValidationAutoConfiguration.class,
                        KafkaAutoConfiguration.class,
                        PlatformKafkaAutoConfiguration.class))
                .run(context ->
                        assertThat(context).getFailure().rootCause().hasMessageContaining("schema.registry.url"));
    }
}
