package uk.transferofcare.testkit;

import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts the JVM-wide infrastructure once and stops it at JVM exit. */
final class SharedInfrastructure {

    private static final Logger log = LoggerFactory.getLogger(SharedInfrastructure.class);
    private static PlatformInfrastructure instance;

    private SharedInfrastructure() {}

    static synchronized PlatformInfrastructure get() {
        if (instance == null) {
            Instant start = Instant.now();
            String kind = System.getProperty(PlatformInfrastructure.SELECTOR, "embedded");
            PlatformInfrastructure started = switch (kind) {
                case "embedded" -> EmbeddedPlatformInfrastructure.start();
                case "containers" -> ContainerPlatformInfrastructure.start();
                default ->
                    throw new IllegalArgumentException(
                            "-D" + PlatformInfrastructure.SELECTOR + "=" + kind + ": expected embedded or containers");
            };
            log.info(
                    "Test infrastructure ({}) ready in {} ms: Kafka {}, schema registry {}",
                    kind,
                    Duration.between(start, Instant.now()).toMillis(),
                    started.bootstrapServers(),
                    started.schemaRegistryUrl());
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "test-infrastructure-shutdown"));
            instance = started;
        }
        return instance;
    }
}
