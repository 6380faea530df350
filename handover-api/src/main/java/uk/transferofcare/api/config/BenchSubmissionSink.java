package uk.transferofcare.api.config;

import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.support.SendResult;
import uk.transferofcare.events.HandoverSubmission;

/**
 * Benchmark only: {@code handover.submissions.sink=noop} (env {@code HANDOVER_SUBMISSIONS_SINK}) replaces the
 * submissions' Kafka write by a no-op that "acknowledges" at once, so a benchmark can measure the same endpoint with
 * and without Kafka in one run. Everything else (validation, security, idempotency, read side) is unchanged. It is
 * refused unless the {@code bench} profile is active, and any value other than {@code kafka} (the default) or {@code
 * noop} stops start-up naming the key. Never use it where submissions matter: nothing is recorded.
 */
@Configuration(proxyBeanMethods = false)
class BenchSubmissionSink {

    static final String PROPERTY = "handover.submissions.sink";
    static final String PROFILE = "bench";
    static final String TEMPLATE_BEAN = "submissionTemplate";

    private static final Logger log = LoggerFactory.getLogger(BenchSubmissionSink.class);

    @Bean
    static BeanPostProcessor submissionSinkSwitch(Environment environment) {
        String sink = environment.getProperty(PROPERTY, "kafka").trim();
        if (sink.equals("kafka")) {
            return new BeanPostProcessor() {};
        }
        if (!sink.equals("noop")) {
            throw new IllegalStateException(PROPERTY + " must be 'kafka' (the default) or 'noop', not '" + sink + "'");
        }
        if (!environment.matchesProfiles(PROFILE)) {
            throw new IllegalStateException(PROPERTY + "=noop drops every submission instead of writing it to Kafka and"
                    + " is allowed only with the '" + PROFILE + "' profile (active profiles: "
                    + Arrays.toString(environment.getActiveProfiles()) + ")");
        }
        return new BeanPostProcessor() {
            @Override
            @SuppressWarnings("unchecked")
            public Object postProcessAfterInitialization(Object bean, String name) {
                if (TEMPLATE_BEAN.equals(name) && bean instanceof KafkaTemplate<?, ?> template) {
                    log.warn(
                            "{}=noop (profile {}): submissions are acknowledged WITHOUT being written to Kafka",
                            PROPERTY,
                            PROFILE);
                    return new NoopTemplate(
                            (ProducerFactory<String, HandoverSubmission>) template.getProducerFactory());
                }
                return bean;
            }
        };
    }

    /** Answers every send with an already completed result and never touches a producer. */
    static final class NoopTemplate extends KafkaTemplate<String, HandoverSubmission> {

        NoopTemplate(ProducerFactory<String, HandoverSubmission> unused) {
            super(unused);
        }

        @Override
        public CompletableFuture<SendResult<String, HandoverSubmission>> send(
                String topic, String key, HandoverSubmission data) {
            RecordMetadata metadata =
                    new RecordMetadata(new TopicPartition(topic, 0), 0L, 0, System.currentTimeMillis(), 0, 0);
            return CompletableFuture.completedFuture(
                    new SendResult<>(new ProducerRecord<>(topic, key, data), metadata));
        }
    }
}
