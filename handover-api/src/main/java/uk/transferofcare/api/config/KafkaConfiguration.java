package uk.transferofcare.api.config;

import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import uk.transferofcare.events.HandoverSubmission;

/**
 * The submissions producer: Boot's producer settings with the platform defaults (acks=all, idempotence, Avro in
 * Confluent's wire format) and observation, so a trace follows a submission from HTTP into the topic.
 */
@Configuration(proxyBeanMethods = false)
class KafkaConfiguration {

    @Bean(destroyMethod = "destroy")
    DefaultKafkaProducerFactory<String, HandoverSubmission> submissionProducerFactory(KafkaProperties kafka) {
        return new DefaultKafkaProducerFactory<>(kafka.buildProducerProperties());
    }

    @Bean
    KafkaTemplate<String, HandoverSubmission> submissionTemplate(
            DefaultKafkaProducerFactory<String, HandoverSubmission> submissionProducerFactory) {
        KafkaTemplate<String, HandoverSubmission> template = new KafkaTemplate<>(submissionProducerFactory);
        template.setObservationEnabled(true);
        return template;
    }
}
