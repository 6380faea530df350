package uk.transferofcare.api.handover;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import uk.transferofcare.api.access.Caller;
import uk.transferofcare.events.HandoverSubmission;
import uk.transferofcare.vocabulary.EventType;
import uk.transferofcare.vocabulary.Role;

class SubmissionGatewaysTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(SubmissionProperties.class)
    static class Infrastructure {
        @Bean
        KafkaTemplate<String, HandoverSubmission> submissionTemplate() {
            return new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(Map.of("bootstrap.servers", "127.0.0.1:1")));
        }

        @Bean
        VerdictWaiters verdictWaiters(SubmissionProperties properties) {
            return new VerdictWaiters(properties, new SimpleMeterRegistry());
        }

        @Bean
        Clock clock() {
            return Clock.systemUTC();
        }

        /** The projection the gateway asks who first sent an eventId: never reached by these tests. */
        @Bean
        JdbcTemplate jdbcTemplate() {
            return new JdbcTemplate(new org.springframework.jdbc.datasource.DriverManagerDataSource(
                    "jdbc:postgresql://127.0.0.1:1/none"));
        }
    }

    private final ApplicationContextRunner runner =
            new ApplicationContextRunner().withUserConfiguration(SubmissionGateways.class, Infrastructure.class);

    @Test
    void givenNoSinkProperty_whenStarted_thenSubmissionsGoToKafka() {
        runner.run(context ->
                assertThat(context.getBean(SubmissionGateway.class)).isExactlyInstanceOf(KafkaSubmissionGateway.class));
    }

    @Test
    void givenTheNoopSinkInTheBenchProfile_whenSubmitting_thenItIsAnswered201AtOnceWithoutKafka() {
        runner.withPropertyValues("handover.submissions.sink=noop", "spring.profiles.active=local,bench")
                .run(context -> {
                    SubmissionGateway gateway = context.getBean(SubmissionGateway.class);
                    ResponseEntity<?> answer = gateway.submit(
                                    new Caller("pc-1", Role.OFFICER, "G"),
                                    new ValidatedSubmission(
                                            "e1",
                                            "c1",
                                            EventType.CLEARED,
                                            Instant.now(),
                                            ValidatedSubmission.Details.NONE,
                                            new ValidatedSubmission.SourceInfo("API", null, false)))
                            .get();
                    assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.CREATED);
                    assertThat(answer.getHeaders().getLocation()).hasToString("/api/v1/handovers/c1/events/e1");
                });
    }

    @Test
    void givenTheNoopSinkOutsideTheBenchProfile_whenStarted_thenStartUpStopsNamingTheKeyAndProfile() {
        runner.withPropertyValues("handover.submissions.sink=noop", "spring.profiles.active=local")
                .run(context -> assertThat(context.getStartupFailure())
                        .rootCause()
                        .hasMessage("handover.submissions.sink=noop drops every submission instead of writing it to"
                                + " Kafka and is allowed only with the 'bench' profile (active profiles: [local])"));
    }

    @Test
    void givenAnUnknownSink_whenStarted_thenStartUpStopsNamingTheKey() {
        runner.withPropertyValues("handover.submissions.sink=kafak")
                .run(context -> assertThat(context.getStartupFailure())
                        .rootCause()
                        .hasMessage("handover.submissions.sink must be 'kafka' (the default) or 'noop', not 'kafak'"));
    }
}
