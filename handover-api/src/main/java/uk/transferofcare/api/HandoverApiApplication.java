package uk.transferofcare.api;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import uk.transferofcare.api.projection.ProjectionRebuild;

/**
 * handover-api: officers and ED staff submit handover events over HTTP (each one produced to
 * {@code handover-submissions} only once Kafka has acknowledged it), and read cases, boards, submission outcomes and
 * reports from the PostgreSQL projection of the processor's topics. With the argument {@code rebuild-projection} it
 * empties the projection instead ({@link ProjectionRebuild}).
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class HandoverApiApplication {

    public static void main(String[] args) {
        if (ProjectionRebuild.requested(args)) {
            System.exit(ProjectionRebuild.run(args));
        }
        SpringApplication.run(HandoverApiApplication.class, args);
    }
}
