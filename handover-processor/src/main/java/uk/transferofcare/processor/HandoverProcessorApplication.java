package uk.transferofcare.processor;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * handover-processor: judges every submission with the transfer-of-care state machine inside an exactly-once Kafka
 * Streams topology. See {@code README.md} of this module.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class HandoverProcessorApplication {

    public static void main(String[] args) {
        SpringApplication.run(HandoverProcessorApplication.class, args);
    }
}
