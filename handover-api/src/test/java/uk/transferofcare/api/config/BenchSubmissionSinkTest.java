package uk.transferofcare.api.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import uk.transferofcare.events.HandoverSubmission;

class BenchSubmissionSinkTest {

    @Configuration(proxyBeanMethods = false)
    static class SubmissionTemplate {
        @Bean
        KafkaTemplate<String, HandoverSubmission> submissionTemplate() {
            return new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(Map.of("bootstrap.servers", "127.0.0.1:1")));
        }
    }

    private final ApplicationContextRunner runner =
            new ApplicationContextRunner().withUserConfiguration(BenchSubmissionSink.class, SubmissionTemplate.class);

    @Test
    void givenNoSinkProperty_whenStarted_thenTheRealTemplateIsKept() {
        runner.run(
                context -> assertThat(context.getBean("submissionTemplate")).isExactlyInstanceOf(KafkaTemplate.class));
    }

    @Test
    void givenTheNoopSinkInTheBenchProfile_whenSending_thenItIsAcknowledgedAtOnceWithoutKafka() {
        runner.withPropertyValues("handover.submissions.sink=noop", "spring.profiles.active=local,bench")
                .run(context -> {
                    @SuppressWarnings("unchecked")
                    KafkaTemplate<String, HandoverSubmission> template =
                            (KafkaTemplate<String, HandoverSubmission>) context.getBean("submissionTemplate");
                    assertThat(template).isInstanceOf(BenchSubmissionSink.NoopTemplate.class);
                    assertThat(template.send("handover-submissions", "case-1", null)
                                    .get()
                                    .getRecordMetadata()
                                    .topic())
                            .isEqualTo("handover-submissions");
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
