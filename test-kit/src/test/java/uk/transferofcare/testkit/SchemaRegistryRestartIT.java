package uk.transferofcare.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.Map;
import org.junit.jupiter.api.Test;
import uk.transferofcare.events.HandoverSubmission;
import uk.transferofcare.support.registry.RestSchemaRegistryClient;
import uk.transferofcare.support.registry.SchemaRegistryClientConfig;
import uk.transferofcare.support.serde.AvroDeserializer;
import uk.transferofcare.support.serde.AvroSerializer;

/** Records written before the registry restarted decode after it, and the schema keeps its id. */
@PlatformIntegrationTest
class SchemaRegistryRestartIT {

    @Test
    void restartingTheRegistryKeepsEveryId(PlatformInfrastructure infrastructure) {
        Map<String, Object> config =
                Map.of("schema.registry.url", infrastructure.schemaRegistryUrl(), "specific.avro.reader", true);
        // Fresh clients on each side of the restart, so nothing is answered from a cache.
        var before = new RestSchemaRegistryClient(SchemaRegistryClientConfig.from(config));
        AvroSerializer<HandoverSubmission> serializer = new AvroSerializer<>(before, config, false);
        byte[] written = serializer.serialize("restart-it", DeadLetterIT.submission("e-restart"));
        int idBefore = ByteBuffer.wrap(written, 1, 4).getInt();

        infrastructure.restartSchemaRegistry();

        var after = new RestSchemaRegistryClient(
                SchemaRegistryClientConfig.from(Map.of("schema.registry.url", infrastructure.schemaRegistryUrl())));
        AvroDeserializer<HandoverSubmission> deserializer =
                new AvroDeserializer<>(after, config, HandoverSubmission.class);
        assertThat(deserializer.deserialize("restart-it", written)).isEqualTo(DeadLetterIT.submission("e-restart"));
        assertThat(after.register("restart-it-value", HandoverSubmission.getClassSchema(), false))
                .isEqualTo(idBefore);
        assertThat(after.latest("restart-it-value").version()).isEqualTo(1);
    }
}
