package uk.transferofcare.api.support;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import uk.transferofcare.testkit.PlatformInfrastructure;
import uk.transferofcare.testkit.ServiceJar;

/**
 * The real handover-processor, from its jar, against the test JVM's broker and registry: the only judge, so the API's
 * answers in these tests are real verdicts. Started once per test JVM on first use and stopped when the JVM exits.
 */
public final class RealProcessor {

    private static ServiceJar processor;

    private RealProcessor() {}

    /** The running processor, started on first use (about 10-20 s on a busy machine). */
    public static synchronized ServiceJar shared() {
        if (processor == null) {
            processor = ServiceJar.start(
                    "handover-processor",
                    PlatformInfrastructure.shared(),
                    Map.of(
                            "spring.kafka.streams.application-id",
                            "handover-processor-api-it-" + UUID.randomUUID(),
                            "spring.kafka.streams.properties.commit.interval.ms",
                            "20"),
                    Duration.ofSeconds(180));
            ServiceJar started = processor;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "stop-processor"));
        }
        return processor;
    }
}
