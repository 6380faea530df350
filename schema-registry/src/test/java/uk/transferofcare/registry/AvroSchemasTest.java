package uk.transferofcare.registry;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.junit.jupiter.api.Test;

/** The stored and normalized forms of schemas. */
class AvroSchemasTest {

    private static final String NESTED = "{\"type\":\"record\",\"name\":\"Outer\",\"namespace\":\"a.b\","
            + "\"doc\":\"outer doc\",\"owner\":\"team\",\"fields\":["
            + "{\"name\":\"when\",\"type\":{\"type\":\"long\",\"logicalType\":\"timestamp-millis\"}},"
            + "{\"name\":\"kind\",\"type\":{\"type\":\"enum\",\"name\":\"Kind\",\"symbols\":[\"X\",\"Y\"]},"
            + "\"default\":\"X\"},"
            + "{\"name\":\"other\",\"type\":[\"null\",\"Kind\"],\"default\":null,\"doc\":\"maybe\"},"
            + "{\"name\":\"inner\",\"type\":{\"type\":\"record\",\"name\":\"c.Inner\",\"aliases\":[\"Old\"],"
            + "\"fields\":[{\"name\":\"k\",\"type\":\"a.b.Kind\"}]}}]}";

    @Test
    void normalizedFormUsesFullNamesAndSortedAttributes() {
        String normalized = AvroSchemas.storedForm(AvroSchemas.parse(NESTED), true);
        assertThat(normalized)
                .isEqualTo("{\"type\":\"record\",\"name\":\"a.b.Outer\",\"fields\":["
                        + "{\"name\":\"when\",\"type\":{\"type\":\"long\",\"logicalType\":\"timestamp-millis\"}},"
                        + "{\"name\":\"kind\",\"type\":{\"type\":\"enum\",\"name\":\"a.b.Kind\",\"symbols\":[\"X\",\"Y\"]},"
                        + "\"default\":\"X\"},"
                        + "{\"name\":\"other\",\"type\":[\"null\",\"a.b.Kind\"],\"default\":null,\"doc\":\"maybe\"},"
                        + "{\"name\":\"inner\",\"type\":{\"type\":\"record\",\"name\":\"c.Inner\","
                        + "\"fields\":[{\"name\":\"k\",\"type\":\"a.b.Kind\"}],\"aliases\":[\"c.Old\"]}}],"
                        + "\"doc\":\"outer doc\",\"owner\":\"team\"}");
    }

    @Test
    void normalizedFormIsAnEquivalentSchema() {
        Schema original = AvroSchemas.parse(NESTED);
        Schema normalized = AvroSchemas.parse(AvroSchemas.storedForm(original, true));
        assertThat(normalized).isEqualTo(original);
        assertThat(SchemaNormalization.parsingFingerprint64(normalized))
                .isEqualTo(SchemaNormalization.parsingFingerprint64(original));
        assertThat(normalized.getField("when").schema().getLogicalType().getName())
                .isEqualTo("timestamp-millis");
        assertThat(normalized.getField("kind").defaultVal()).isEqualTo("X");
    }

    @Test
    void normalizingIsIdempotent() {
        String once = AvroSchemas.storedForm(AvroSchemas.parse(NESTED), true);
        assertThat(AvroSchemas.storedForm(AvroSchemas.parse(once), true)).isEqualTo(once);
    }

    @Test
    void primitivesNormalizeToTheirNames() {
        assertThat(AvroSchemas.storedForm(AvroSchemas.parse("{\"type\":\"string\"}"), true))
                .isEqualTo("\"string\"");
        assertThat(AvroSchemas.storedForm(AvroSchemas.parse("{\"type\":\"string\"}"), false))
                .isEqualTo("\"string\"");
    }
}
