package uk.transferofcare.support.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import uk.transferofcare.events.Actor;
import uk.transferofcare.events.ActorRole;
import uk.transferofcare.events.EventType;
import uk.transferofcare.events.HandoverSubmission;
import uk.transferofcare.events.Source;
import uk.transferofcare.events.SourceChannel;
import uk.transferofcare.events.SubmissionDetails;
import uk.transferofcare.events.Topics;
import uk.transferofcare.support.registry.SchemaRegistryClients;

class AvroSerdeTest {

    private final String registryUrl = "mock://" + UUID.randomUUID();
    private final Map<String, Object> config = Map.of("schema.registry.url", registryUrl, "specific.avro.reader", true);

    @AfterEach
    void dropRegistry() {
        SchemaRegistryClients.dropMock(registryUrl);
    }

    static HandoverSubmission submission() {
        return HandoverSubmission.newBuilder()
                .setEventId("5b0f3c38-0a51-4b35-9ad4-4e7b3c4f2a11")
                .setCaseId("0d6f1f0c-2f7e-4b7e-8a53-0e3f1bb0d5a2")
                .setType(EventType.ARRIVED)
                .setOccurredAt(Instant.parse("2026-11-25T10:15:30.123Z"))
                .setReceivedAt(Instant.parse("2026-11-25T10:15:31Z"))
                .setActor(new Actor("PC1234", ActorRole.OFFICER, "G"))
                .setSource(new Source(SourceChannel.OFFICER_APP, "device-1", false))
                .setDetails(SubmissionDetails.newBuilder().setSiteCode("QEUH").build())
                .build();
    }

    @Test
    void aSpecificRecordSurvivesTheRoundTripInConfluentsWireFormat() {
        AvroSerializer<HandoverSubmission> serializer = new AvroSerializer<>();
        serializer.configure(config, false);
        AvroDeserializer<HandoverSubmission> deserializer = new AvroDeserializer<>();
        deserializer.configure(config, false);

        byte[] bytes = serializer.serialize(Topics.SUBMISSIONS.name(), submission());

        assertThat(bytes[0]).isZero();
        int id = ByteBuffer.wrap(bytes, 1, 4).getInt();
        assertThat(id)
                .isEqualTo(SchemaRegistryClients.forConfig(
                                AvroSerdeConfig.from(config).registry())
                        .latest("handover-submissions-value")
                        .id());
        assertThat(deserializer.deserialize(Topics.SUBMISSIONS.name(), bytes)).isEqualTo(submission());
    }

    @Test
    void withoutTheSpecificReaderRecordsDecodeAsGenericRecords() {
        AvroSerializer<HandoverSubmission> serializer = new AvroSerializer<>();
        serializer.configure(config, false);
        AvroDeserializer<Object> generic = new AvroDeserializer<>();
        generic.configure(Map.of("schema.registry.url", registryUrl), false);

        Object value = generic.deserialize("t", serializer.serialize("t", submission()));

        assertThat(value).isInstanceOf(GenericRecord.class);
        GenericRecord record = (GenericRecord) value;
        assertThat(record.get("eventId").toString()).isEqualTo(submission().getEventId());
        assertThat(record.get("occurredAt"))
                .isEqualTo(Instant.parse("2026-11-25T10:15:30.123Z").toEpochMilli());
    }

    @Test
    void theSerdeForOneTypeRoundTrips() {
        AvroSerde<HandoverSubmission> serde = AvroSerde.forValues(HandoverSubmission.class, config);

        byte[] bytes = serde.serializer().serialize("topic", submission());

        assertThat(serde.deserializer().deserialize("topic", bytes)).isEqualTo(submission());
    }

    @Test
    void recordsSerializedOneAfterAnotherOnOneThreadEachGetOnlyTheirOwnBytes() {
        AvroSerde<HandoverSubmission> serde = AvroSerde.forValues(HandoverSubmission.class, config);
        // A large record first (the thread's buffer grows past what it keeps), then a small one, then a large one:
        // each decodes to itself, so no byte of one record is left in the next.
        HandoverSubmission large = HandoverSubmission.newBuilder(submission())
                .setDetails(SubmissionDetails.newBuilder()
                        .setSiteCode("QEUH")
                        .setNote("x".repeat(100_000))
                        .build())
                .build();
        HandoverSubmission small = submission();
        HandoverSubmission medium = HandoverSubmission.newBuilder(submission())
                .setDetails(SubmissionDetails.newBuilder()
                        .setSiteCode("QEUH")
                        .setNote("y".repeat(3_000))
                        .build())
                .build();

        byte[] largeBytes = serde.serializer().serialize("topic", large);
        byte[] smallBytes = serde.serializer().serialize("topic", small);
        byte[] mediumBytes = serde.serializer().serialize("topic", medium);
        byte[] smallAgain = serde.serializer().serialize("topic", small);

        assertThat(serde.deserializer().deserialize("topic", largeBytes)).isEqualTo(large);
        assertThat(serde.deserializer().deserialize("topic", smallBytes)).isEqualTo(small);
        assertThat(serde.deserializer().deserialize("topic", mediumBytes)).isEqualTo(medium);
        assertThat(smallAgain).isEqualTo(smallBytes);
    }

    @Test
    void aRecordThatCannotBeEncodedIsAClearErrorAndTheNextOneIsWhole() {
        AvroSerde<HandoverSubmission> serde = AvroSerde.forValues(HandoverSubmission.class, config);
        HandoverSubmission broken = submission();
        broken.put("caseId", null); // a required field, bypassing the builder's check

        assertThatThrownBy(() -> serde.serializer().serialize("topic", broken))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("Cannot encode uk.transferofcare.events.HandoverSubmission for topic topic");
        byte[] next = serde.serializer().serialize("topic", submission());
        assertThat(serde.deserializer().deserialize("topic", next)).isEqualTo(submission());
    }

    @Test
    void nullIsATombstoneBothWays() {
        AvroSerde<HandoverSubmission> serde = AvroSerde.forValues(HandoverSubmission.class, config);

        assertThat(serde.serializer().serialize("topic", null)).isNull();
        assertThat(serde.deserializer().deserialize("topic", null)).isNull();
    }

    @Test
    void anUnknownMagicByteIsAClearError() {
        AvroDeserializer<Object> deserializer = new AvroDeserializer<>();
        deserializer.configure(config, false);

        assertThatThrownBy(() -> deserializer.deserialize("handover-submissions", "{\"json\":true}".getBytes()))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("Unknown magic byte 0x7b")
                .hasMessageContaining("handover-submissions");
    }

    @Test
    void aRecordShorterThanTheHeaderIsAClearError() {
        AvroDeserializer<Object> deserializer = new AvroDeserializer<>();
        deserializer.configure(config, false);

        assertThatThrownBy(() -> deserializer.deserialize("t", new byte[] {0, 0}))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("shorter than the 5-byte Confluent header");
    }

    @Test
    void anUnknownSchemaIdIsAClearError() {
        AvroDeserializer<Object> deserializer = new AvroDeserializer<>();
        deserializer.configure(config, false);
        byte[] framed =
                ByteBuffer.allocate(6).put((byte) 0).putInt(4242).put((byte) 2).array();

        assertThatThrownBy(() -> deserializer.deserialize("handover-events", framed))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("Unknown schema id 4242")
                .hasMessageContaining("handover-events");
    }

    @Test
    void truncatedAvroIsAClearError() {
        AvroSerde<HandoverSubmission> serde = AvroSerde.forValues(HandoverSubmission.class, config);
        byte[] bytes = serde.serializer().serialize("t", submission());
        byte[] truncated = java.util.Arrays.copyOf(bytes, bytes.length - 10);

        assertThatThrownBy(() -> serde.deserializer().deserialize("t", truncated))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("Cannot decode record of topic t");
    }

    @Test
    void aRecordOfAnotherTypeIsRefusedByATypedDeserializer() {
        AvroSerializer<HandoverSubmission> serializer = new AvroSerializer<>();
        serializer.configure(config, false);
        AvroSerde<uk.transferofcare.events.HandoverEvent> events =
                AvroSerde.forValues(uk.transferofcare.events.HandoverEvent.class, config);

        byte[] bytes = serializer.serialize("t", submission());

        assertThatThrownBy(() -> events.deserializer().deserialize("t", bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("is a uk.transferofcare.events.HandoverSubmission")
                .hasMessageContaining("expected uk.transferofcare.events.HandoverEvent");
    }

    @Test
    void aMissingRegistryUrlNamesTheKey() {
        AvroSerializer<HandoverSubmission> serializer = new AvroSerializer<>();

        assertThatThrownBy(() -> serializer.configure(Map.of(), false))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("schema.registry.url");
    }

    @Test
    void aNonBooleanFlagNamesTheKey() {
        assertThatThrownBy(() -> AvroSerdeConfig.from(
                        Map.of("schema.registry.url", registryUrl, "auto.register.schemas", "yes")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("auto.register.schemas");
    }

    @Test
    void withoutAutoRegistrationAnUnregisteredSchemaIsRefusedNamingTheSubjectAndTheReleaseStep() {
        AvroSerializer<HandoverSubmission> serializer = new AvroSerializer<>();
        serializer.configure(Map.of("schema.registry.url", registryUrl, "auto.register.schemas", "false"), false);

        assertThatThrownBy(() -> serializer.serialize(Topics.SUBMISSIONS.name(), submission()))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("not registered under handover-submissions-value")
                .hasMessageContaining("SchemaRegistration");
    }

    @Test
    void withoutAutoRegistrationARegisteredSchemaIsLookedUp() {
        int id = SchemaRegistryClients.forConfig(
                        uk.transferofcare.support.registry.SchemaRegistryClientConfig.of(registryUrl))
                .register("handover-submissions-value", HandoverSubmission.getClassSchema(), false);
        AvroSerializer<HandoverSubmission> serializer = new AvroSerializer<>();
        serializer.configure(Map.of("schema.registry.url", registryUrl, "auto.register.schemas", false), false);

        byte[] bytes = serializer.serialize(Topics.SUBMISSIONS.name(), submission());

        assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(id);
    }

    @Test
    void aPrivateSubjectPrefixIsRegisteredEvenWithoutAutoRegistrationAndNothingElseIs() {
        AvroSerializer<HandoverSubmission> serializer = new AvroSerializer<>();
        serializer.configure(
                Map.of(
                        "schema.registry.url",
                        registryUrl,
                        "auto.register.schemas",
                        "false",
                        AvroSerdeConfig.PRIVATE_SUBJECT_PREFIXES,
                        " own-deliveries , other-private"),
                false);

        assertThat(serializer.serialize("own-deliveries-retry-0", submission())).isNotEmpty();
        assertThat(serializer.serialize("other-private", submission())).isNotEmpty();
        assertThatThrownBy(() -> serializer.serialize("handover-events", submission()))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("not registered under handover-events-value");
    }
}
