package uk.transferofcare.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Testcontainers;
import uk.transferofcare.events.HandoverSubmission;
import uk.transferofcare.support.serde.AvroDeserializer;
import uk.transferofcare.support.serde.AvroSerializer;

/**
 * Our serde against Confluent's real schema registry, where a Docker engine exists (skipped cleanly otherwise).
 */
@Testcontainers(disabledWithoutDocker = true)
class ConfluentRegistryIT {

    static ContainerPlatformInfrastructure confluent;

    @BeforeAll
    static void start() {
        confluent = ContainerPlatformInfrastructure.start();
    }

    @AfterAll
    static void stop() {
        if (confluent != null) {
            confluent.close();
        }
    }

    @Test
    void ourSerializerRegistersWithConfluentsRegistryAndRoundTrips() {
        Map<String, Object> config =
                Map.of("schema.registry.url", confluent.schemaRegistryUrl(), "specific.avro.reader", true);
        AvroSerializer<HandoverSubmission> serializer = new AvroSerializer<>();
        serializer.configure(config, false);
        AvroDeserializer<HandoverSubmission> deserializer = new AvroDeserializer<>();
        deserializer.configure(config, false);

        byte[] bytes = serializer.serialize("handover-submissions", DeadLetterIT.submission("e-confluent"));

        assertThat(bytes[0]).isZero();
        assertThat(deserializer.deserialize("handover-submissions", bytes))
                .isEqualTo(DeadLetterIT.submission("e-confluent"));
    }
}
