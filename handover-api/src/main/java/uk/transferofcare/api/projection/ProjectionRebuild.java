package uk.transferofcare.api.projection;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.GroupNotEmptyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@code java -jar handover-api.jar rebuild-projection}: empties the projection and deletes the projection's consumer
 * group, so the API instances started next project every topic from its earliest offset. Stop every API instance
 * first: while the group has members the command refuses and changes nothing.
 *
 * <p>One transaction holds the projection writers' advisory lock while it checks the group is empty, truncates the
 * tables and deletes the group; a consumer that joins meanwhile waits for the lock and then writes into the emptied
 * tables from the earliest offsets, and if the group is found not empty at deletion the truncation rolls back. Change
 * ids keep counting up (the sequence is not reset), so a browser's Last-Event-ID stays meaningful: it receives the
 * rebuilt cases as changes.
 */
public final class ProjectionRebuild {

    /** The command-line argument that runs this instead of the API. */
    public static final String COMMAND = "rebuild-projection";

    private static final Logger log = LoggerFactory.getLogger(ProjectionRebuild.class);

    static final List<String> TABLES =
            List.of("projection.cases", "projection.submissions", "projection.rejections", "projection.report_cases");

    private ProjectionRebuild() {}

    /** True when the arguments ask for the rebuild. */
    public static boolean requested(String[] args) {
        return Arrays.asList(args).contains(COMMAND);
    }

    /**
     * Runs the rebuild with the API's configuration (datasource, Kafka, {@code handover.projection.group-id}), applying
     * its Flyway migrations first; returns the process exit code (0 done, 1 refused or failed).
     */
    public static int run(String[] args) {
        String[] rest = Arrays.stream(args).filter(a -> !a.equals(COMMAND)).toArray(String[]::new);
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(Application.class)
                .web(WebApplicationType.NONE)
                .bannerMode(Banner.Mode.OFF)
                .properties("spring.application.name=handover-api-rebuild-projection")
                .run(rest)) {
            rebuild(
                    context.getBean(JdbcTemplate.class),
                    context.getBean(TransactionTemplate.class),
                    context.getBean(KafkaAdmin.class),
                    context.getBean(ProjectionProperties.class).groupId());
            return 0;
        } catch (RuntimeException e) {
            log.error("The projection was not rebuilt: {}", e.getMessage());
            return 1;
        }
    }

    static void rebuild(JdbcTemplate jdbc, TransactionTemplate transactions, KafkaAdmin kafkaAdmin, String groupId) {
        try (Admin admin = Admin.create(kafkaAdmin.getConfigurationProperties())) {
            transactions.executeWithoutResult(status -> {
                jdbc.query("SELECT pg_advisory_xact_lock(?)", rs -> {}, ProjectionWriter.WRITER_LOCK);
                int members = members(admin, groupId);
                if (members > 0) {
                    throw new IllegalStateException("consumer group " + groupId + " has " + members + " member(s):"
                            + " stop every handover-api instance first, then run " + COMMAND + " again");
                }
                jdbc.execute("TRUNCATE " + String.join(", ", TABLES));
                deleteGroup(admin, groupId);
            });
        }
        log.info(
                "Projection emptied ({}) and consumer group {} deleted: the handover-api instances started next"
                        + " project every topic from its earliest offset (readiness is UP once caught up)",
                String.join(", ", TABLES),
                groupId);
    }

    private static int members(Admin admin, String groupId) {
        try {
            ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(groupId))
                    .describedGroups()
                    .get(groupId)
                    .get(30, TimeUnit.SECONDS);
            return group.members().size();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                return 0;
            }
            throw new IllegalStateException("cannot describe consumer group " + groupId + ": " + e.getCause(), e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot describe consumer group " + groupId + ": " + e, e);
        }
    }

    private static void deleteGroup(Admin admin, String groupId) {
        try {
            admin.deleteConsumerGroups(List.of(groupId)).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                return;
            }
            if (e.getCause() instanceof GroupNotEmptyException) {
                throw new IllegalStateException("an instance joined consumer group " + groupId
                        + " meanwhile: stop every handover-api instance first, then run " + COMMAND + " again");
            }
            throw new IllegalStateException("cannot delete consumer group " + groupId + ": " + e.getCause(), e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot delete consumer group " + groupId + ": " + e, e);
        }
    }

    /**
     * Only what the rebuild needs: the datasource (with Flyway), Kafka's admin and the projection's settings. Not a
     * {@code @Configuration}, so the API's component scan and test context search never pick it up.
     */
    @EnableAutoConfiguration
    @EnableConfigurationProperties(ProjectionProperties.class)
    static class Application {}
}
