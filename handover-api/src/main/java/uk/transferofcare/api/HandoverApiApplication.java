package uk.transferofcare.api;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * handover-api: officers and ED staff submit handover events over HTTP (each one produced to
 * {@code handover-submissions} only once Kafka has acknowledged it), and read cases, boards and submission outcomes
 * from read models that every instance rebuilds from the processor's topics.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class HandoverApiApplication {

    public static void main(String[] args) {
        SpringApplication.run(HandoverApiApplication.class, args);
    }
}
