package uk.transferofcare.api.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.transaction.support.TransactionTemplate;
import uk.transferofcare.api.support.ApiTestSupport;
import uk.transferofcare.api.support.HandoverApiIntegrationTest;
import uk.transferofcare.events.Topics;
import uk.transferofcare.testkit.PlatformInfrastructure;
import uk.transferofcare.testkit.PostgresInfrastructure;

/**
 * {@code rebuild-projection} on a database of its own: with a group nobody consumes in, it empties the projection and
 * deletes the group (so the next instances read from the earliest offsets); with a group that has a member (this
 * context's running projection), it refuses and changes nothing.
 */
@HandoverApiIntegrationTest
class ProjectionRebuildIT extends ApiTestSupport {

    @Autowired
    KafkaAdmin kafkaAdmin;

    @Autowired
    ProjectionProperties properties;

    private JdbcTemplate jdbc;
    private TransactionTemplate transactions;

    @BeforeEach
    void aProjectionWithOneCase() {
        var database = PostgresInfrastructure.shared().createDatabase();
        SingleConnectionDataSource dataSource =
                new SingleConnectionDataSource(database.url(), database.username(), database.password(), true);
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .load()
                .migrate();
        jdbc = new JdbcTemplate(dataSource);
        transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        jdbc.update(
                "INSERT INTO projection.cases (case_id, version, site_code, state, open, clock_start, updated_at, view,"
                        + " change_id) VALUES ('c', 1, 'QEUH', 'ARRIVED', true, now(), now(), '{}',"
                        + " nextval('projection.case_changes'))");
    }

    @Test
    void givenAGroupWithoutMembers_whenRebuilt_thenTheProjectionIsEmptyAndTheGroupIsGone() throws Exception {
        String group = "rebuild-it-" + UUID.randomUUID();
        commitOffsets(group);

        ProjectionRebuild.rebuild(jdbc, transactions, kafkaAdmin, group);

        assertThat(jdbc.queryForObject("SELECT count(*) FROM projection.cases", Long.class))
                .isZero();
        try (Admin admin = Admin.create(kafkaAdmin.getConfigurationProperties())) {
            assertThat(admin.listConsumerGroupOffsets(group)
                            .partitionsToOffsetAndMetadata()
                            .get(30, TimeUnit.SECONDS))
                    .isEmpty();
        }
    }

    @Test
    void givenTheGroupOfARunningInstance_whenRebuilt_thenRefusedAndNothingChanges() {
        assertThatThrownBy(() -> ProjectionRebuild.rebuild(jdbc, transactions, kafkaAdmin, properties.groupId()))
                .hasMessageContaining("stop every handover-api instance first");

        assertThat(jdbc.queryForObject("SELECT count(*) FROM projection.cases", Long.class))
                .isEqualTo(1L);
    }

    /** A group that once consumed: committed offsets, no member now. */
    private static void commitOffsets(String group) {
        Map<String, Object> config = new HashMap<>();
        config.put(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                PlatformInfrastructure.shared().bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition partition = new TopicPartition(Topics.STATE.name(), 0);
            consumer.assign(List.of(partition));
            consumer.commitSync(Map.of(partition, new OffsetAndMetadata(0)), Duration.ofSeconds(30));
        }
    }
}
