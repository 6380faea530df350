package uk.transferofcare.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;

/**
 * Every enum of the contract names a default, so a reader holding this release still reads records whose enums gained
 * a symbol later: the unknown symbol reads as the default ({@code UNKNOWN}, or {@code OTHER} where the enum has one).
 * An enum gains its default one release before it gains a symbol.
 */
class EnumDefaultsTest {

    @org.junit.jupiter.api.BeforeAll
    static void trustTheContract() {
        // Avro 1.12 instantiates only trusted classes; the services register the contract's package the same way.
        org.apache.avro.util.ClassSecurityValidator.setGlobal(org.apache.avro.util.ClassSecurityValidator.composite(
                org.apache.avro.util.ClassSecurityValidator.getGlobal(),
                type -> type.getName().startsWith("uk.transferofcare.events.")));
    }

    @Test
    void everyEnumOfEveryTopicNamesADefault() {
        List<String> withoutDefault = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Topic<?> topic : Topics.all()) {
            collectEnums(topic.valueSchema(), seen, withoutDefault);
        }

        assertThat(seen).as("enums found").contains("uk.transferofcare.events.EventType");
        assertThat(withoutDefault).as("enums without a default").isEmpty();
    }

    @Test
    void givenAnEventWhoseTypeIsASymbolAddedAfterThisRelease_whenThisReleaseReadsIt_thenTheTypeReadsAsUnknown()
            throws IOException {
        Schema reader = Topics.EVENTS.valueSchema();
        Schema newerWriter = withSymbolAdded(reader, "EventType", "SOMETHING_ADDED_LATER");
        HandoverEvent event = anEvent();
        GenericRecord written = asGenericOf(event, newerWriter);
        written.put(
                "type", new GenericData.EnumSymbol(newerWriter.getField("type").schema(), "SOMETHING_ADDED_LATER"));

        GenericRecord read = readWith(reader, newerWriter, write(written, newerWriter));

        assertThat(read.get("type").toString()).isEqualTo("UNKNOWN");
        assertThat(read.get("caseId").toString()).isEqualTo(event.getCaseId());
    }

    @Test
    void givenAReaderSchemaWithoutTheDefault_whenItReadsTheAddedSymbol_thenItFails() throws IOException {
        Schema withDefault = Topics.EVENTS.valueSchema();
        Schema newerWriter = withSymbolAdded(withDefault, "EventType", "SOMETHING_ADDED_LATER");
        Schema readerWithoutDefault = withoutEnumDefault(withDefault, "EventType");
        GenericRecord written = asGenericOf(anEvent(), newerWriter);
        written.put(
                "type", new GenericData.EnumSymbol(newerWriter.getField("type").schema(), "SOMETHING_ADDED_LATER"));
        byte[] bytes = write(written, newerWriter);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> readWith(readerWithoutDefault, newerWriter, bytes))
                .hasMessageContaining("SOMETHING_ADDED_LATER");
    }

    private static HandoverEvent anEvent() {
        Instant at = Instant.parse("2026-12-05T03:00:00Z");
        return HandoverEvent.newBuilder()
                .setEventId("00000000-0000-4000-8000-000000000001")
                .setCaseId("00000000-0000-4000-8000-000000000002")
                .setSequence(1)
                .setType(EventType.ARRIVED)
                .setOccurredAt(at)
                .setRecordedAt(at)
                .setActor(Actor.newBuilder()
                        .setUserId("u1")
                        .setRole(ActorRole.ED_STAFF)
                        .setOrg("RIE")
                        .build())
                .setSource(Source.newBuilder()
                        .setChannel(SourceChannel.ED_BOARD)
                        .setDeviceId(null)
                        .build())
                .setDetails(SubmissionDetails.newBuilder().build())
                .setState(CaseState.ARRIVED)
                .setSiteCode("RIE")
                .build();
    }

    private static GenericRecord asGenericOf(HandoverEvent event, Schema newerWriter) throws IOException {
        byte[] bytes;
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
            new SpecificDatumWriter<HandoverEvent>(HandoverEvent.getClassSchema()).write(event, encoder);
            encoder.flush();
            bytes = out.toByteArray();
        }
        return readWith(newerWriter, HandoverEvent.getClassSchema(), bytes);
    }

    private static byte[] write(GenericRecord record, Schema schema) throws IOException {
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
            new org.apache.avro.generic.GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
            encoder.flush();
            return out.toByteArray();
        }
    }

    private static GenericRecord readWith(Schema reader, Schema writer, byte[] bytes) throws IOException {
        return new GenericDatumReader<GenericRecord>(writer, reader)
                .read(null, DecoderFactory.get().binaryDecoder(bytes, null));
    }

    private static Schema withSymbolAdded(Schema schema, String enumName, String symbol) throws IOException {
        return edit(schema, enumName, node -> ((ArrayNode) node.get("symbols")).add(symbol));
    }

    private static Schema withoutEnumDefault(Schema schema, String enumName) throws IOException {
        return edit(schema, enumName, node -> node.remove("default"));
    }

    private static Schema edit(Schema schema, String enumName, java.util.function.Consumer<ObjectNode> change)
            throws IOException {
        JsonNode root = new ObjectMapper().readTree(schema.toString());
        editEnum(root, enumName, change);
        return new Schema.Parser().parse(root.toString());
    }

    private static void editEnum(JsonNode node, String enumName, java.util.function.Consumer<ObjectNode> change) {
        if (node instanceof ObjectNode object
                && "enum".equals(object.path("type").asText())
                && enumName.equals(object.path("name").asText())) {
            change.accept(object);
            return;
        }
        node.forEach(child -> editEnum(child, enumName, change));
    }

    private static void collectEnums(Schema schema, Set<String> seen, List<String> withoutDefault) {
        switch (schema.getType()) {
            case RECORD -> {
                if (seen.add(schema.getFullName())) {
                    schema.getFields().forEach(f -> collectEnums(f.schema(), seen, withoutDefault));
                }
            }
            case ENUM -> {
                if (seen.add(schema.getFullName()) && schema.getEnumDefault() == null) {
                    withoutDefault.add(schema.getFullName());
                }
            }
            case UNION -> schema.getTypes().forEach(s -> collectEnums(s, seen, withoutDefault));
            case ARRAY -> collectEnums(schema.getElementType(), seen, withoutDefault);
            case MAP -> collectEnums(schema.getValueType(), seen, withoutDefault);
            default -> {}
        }
    }
}
