package uk.transferofcare.processor.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;
import uk.transferofcare.processor.HandoverProcessorApplication;
import uk.transferofcare.processor.domain.ClockRule;
import uk.transferofcare.processor.domain.HandoverPolicy;
import uk.transferofcare.processor.domain.TimerPolicy;
import uk.transferofcare.support.kafka.PlatformKafkaProperties;
import uk.transferofcare.vocabulary.LegalBasis;
import uk.transferofcare.vocabulary.TimePoint;

/**
 * The application's configuration without a broker: the effective Kafka Streams settings, the state machine's policy
 * from {@code handover.policy.*}, and start-up failing with the key named for every bad value.
 */
@ExtendWith(OutputCaptureExtension.class)
class ProcessorConfigurationTest {

    @TempDir
    Path dataDir;

    /** Starts the application offline: no broker is contacted, the Streams client is built but not started. */
    private ConfigurableApplicationContext start(String... properties) {
        SpringApplication application = new SpringApplication(HandoverProcessorApplication.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        List<String> args = new java.util.ArrayList<>(List.of(
                "--spring.kafka.streams.auto-startup=false",
                "--spring.kafka.bootstrap-servers=127.0.0.1:1",
                "--spring.kafka.properties.schema.registry.url=http://127.0.0.1:1",
                "--platform.kafka.topics.declare=false",
                // The processor creates its repeat-attendance topics itself (even where the catalogue's are declared
                // by an admin); offline, KafkaAdmin would wait out its operation timeout on every start.
                "--spring.kafka.admin.auto-create=false",
                "--APP_DATA_DIR=" + dataDir));
        for (String property : properties) {
            args.add("--" + property);
        }
        return application.run(args.toArray(String[]::new));
    }

    @Test
    void givenTheDefaults_whenTheApplicationStarts_thenStreamsRunExactlyOnceWithTheStateUnderTheDataDirectory() {
        try (ConfigurableApplicationContext context = start("platform.kafka.topics.replication-factor=3")) {
            Properties streams =
                    context.getBean(StreamsBuilderFactoryBean.class).getStreamsConfiguration();

            assertThat(Map.copyOf(streams))
                    .containsEntry(StreamsConfig.APPLICATION_ID_CONFIG, "handover-processor")
                    .containsEntry(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2)
                    .containsEntry(
                            StreamsConfig.STATE_DIR_CONFIG,
                            dataDir.resolve("kafka-streams").toString())
                    .containsEntry(StreamsConfig.REPLICATION_FACTOR_CONFIG, 3)
                    .containsEntry(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, 0)
                    .containsEntry(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1)
                    .containsEntry(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, List.of("127.0.0.1:1"))
                    // fast takeover after a crash: a dead member leaves the group, its open transaction is aborted
                    .containsEntry("session.timeout.ms", "6000")
                    .containsEntry("heartbeat.interval.ms", "1500")
                    .containsEntry("transaction.timeout.ms", "5000")
                    .containsEntry(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "20")
                    .containsEntry("schema.registry.url", "http://127.0.0.1:1");
            assertThat(context.getBean(ProcessorProperties.class).policy().toDomain())
                    .isEqualTo(HandoverPolicy.DEFAULT);
            assertThat(context.getBean(ProcessorProperties.class).streams().recentCases())
                    .isEqualTo(1000);
        }
    }

    @Test
    void givenTheDefaults_thenEachStreamsClientGivesUpOnAHungBrokerWithinSeconds() {
        try (ConfigurableApplicationContext context = start()) {
            StreamsConfig streams = new StreamsConfig(
                    context.getBean(StreamsBuilderFactoryBean.class).getStreamsConfiguration());

            // README "A hung broker": Kafka's defaults are 30 s for each request and 60 s for an admin call
            assertThat(streams.getProducerConfigs("p")).containsEntry("request.timeout.ms", "5000");
            assertThat(streams.getAdminConfigs("a"))
                    .containsEntry("request.timeout.ms", "5000")
                    .containsEntry("default.api.timeout.ms", "5000");
            // longer than a rebalance's admin calls, which the members' SyncGroup waits for
            assertThat(streams.getMainConsumerConfigs("g", "c", 0)).containsEntry("request.timeout.ms", "15000");
            assertThat(streams.getRestoreConsumerConfigs("r")).containsEntry("request.timeout.ms", "5000");
        }
    }

    @Test
    void givenNoDecodedCasesKept_whenTheApplicationStarts_thenTheSettingIsTaken() {
        try (ConfigurableApplicationContext context = start("handover.streams.recent-cases=0")) {
            assertThat(context.getBean(ProcessorProperties.class).streams().recentCases())
                    .isZero();
        }
    }

    @Test
    void givenTheProductionProfile_whenTheApplicationStarts_thenOneStandbyReplicaIsKept() {
        try (ConfigurableApplicationContext context = start("spring.profiles.active=prod")) {
            Properties streams =
                    context.getBean(StreamsBuilderFactoryBean.class).getStreamsConfiguration();

            assertThat(streams.get(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG)).isEqualTo(1);
        }
    }

    @Test
    void givenAPolicyInConfiguration_whenTheApplicationStarts_thenTheStateMachineUsesIt() {
        try (ConfigurableApplicationContext context = start(
                "handover.policy.clock-skew-tolerance=90s",
                "handover.policy.escalation-minutes=15,45",
                "handover.policy.legal-clocks.S136.length=12h",
                "handover.policy.legal-clocks.S136.extension=6h",
                "handover.policy.warning-minutes-before=30",
                "handover.policy.notify-horizon=2h",
                "handover.policy.undo-window=3m",
                "handover.policy.holding-horizon=36h")) {
            HandoverPolicy policy = context.getBean(uk.transferofcare.processor.domain.HandoverStateMachine.class)
                    .policy();

            assertThat(policy)
                    .isEqualTo(new HandoverPolicy(
                            Duration.ofSeconds(90),
                            new TimerPolicy(
                                    List.of(15, 45),
                                    Map.of(
                                            LegalBasis.S297,
                                            new ClockRule(TimePoint.REMOVED, Duration.ofHours(24)),
                                            LegalBasis.S136,
                                            new ClockRule(
                                                    TimePoint.ARRIVED, Duration.ofHours(12), Duration.ofHours(6))),
                                    List.of(30),
                                    Duration.ofHours(2)),
                            Duration.ofHours(36),
                            Duration.ofMinutes(3)));
        }
    }

    @Test
    void givenBadValues_whenTheApplicationStarts_thenItStopsNamingEachKey(CapturedOutput output) {
        assertThatThrownBy(() -> start(
                "handover.policy.escalation-minutes=60,30",
                "handover.timers.punctuation-interval=10ms",
                "handover.policy.notify-horizon=-1h",
                "handover.policy.undo-window=2h",
                "handover.policy.holding-horizon=0s",
                "handover.streams.standby-replicas=-1",
                "handover.streams.recent-cases=-5"));

        assertThat(output)
                .contains("handover.policy.escalation-minutes must be strictly increasing")
                .contains("Property: handover.timers.punctuationInterval")
                .contains("Reason: must be longer than or equal to 100 millis")
                .contains("Property: handover.policy.notifyHorizon")
                .contains("Reason: must be longer than or equal to 1 minute")
                .contains("Property: handover.policy.holdingHorizon")
                .contains("Property: handover.policy.undoWindow")
                .contains("Reason: must be shorter than or equal to 1 hour")
                .contains("Property: handover.streams.standbyReplicas")
                .contains("Reason: must be greater than or equal to 0")
                .contains("Property: handover.streams.recentCases");
    }

    @Test
    void givenAnUnknownLegalClockStart_whenTheApplicationStarts_thenItStopsNamingTheKey(CapturedOutput output) {
        assertThatThrownBy(() -> start("handover.policy.legal-clocks.S297.starts-from=LUNCHTIME"));

        assertThat(output)
                .contains("handover.policy.legal-clocks.s297.starts-from")
                .contains("LUNCHTIME");
    }

    @Test
    void givenAtLeastOnceProcessing_whenTheApplicationStarts_thenItRefusesNamingTheKey() {
        Properties configured = new Properties();
        configured.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
        ProcessorProperties properties = new ProcessorProperties(
                new ProcessorProperties.Topics(""), null, null, new ProcessorProperties.Streams(0, 1, 10, 1000));
        PlatformKafkaProperties platform = new PlatformKafkaProperties(
                new PlatformKafkaProperties.Topics(true, 3, (short) 1, 1), new PlatformKafkaProperties.Health(2000));

        assertThatThrownBy(() -> HandoverStreamsConfiguration.effectiveStreamsConfig(configured, properties, platform))
                .isInstanceOf(InvalidConfigurationPropertyValueException.class)
                .hasMessageContaining("spring.kafka.streams.properties.processing.guarantee")
                .hasMessageContaining("exactly_once_v2");
    }
}
