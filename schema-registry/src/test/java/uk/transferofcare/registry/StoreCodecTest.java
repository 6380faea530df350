package uk.transferofcare.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static uk.transferofcare.registry.RegistryHttp.record;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import uk.transferofcare.registry.RegistryService.SchemaRequest;
import uk.transferofcare.registry.StoreRecord.ConfigKey;
import uk.transferofcare.registry.StoreRecord.ConfigValue;
import uk.transferofcare.registry.StoreRecord.DeleteSubjectKey;
import uk.transferofcare.registry.StoreRecord.DeleteSubjectValue;
import uk.transferofcare.registry.StoreRecord.NoopKey;
import uk.transferofcare.registry.StoreRecord.OtherKey;
import uk.transferofcare.registry.StoreRecord.SchemaKey;
import uk.transferofcare.registry.StoreRecord.SchemaValue;

/** The store topic's record layout (Confluent's) and replaying it into a fresh state, as a restart does. */
class StoreCodecTest {

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void keysAreConfluentsJsonKeys() {
        assertThat(text(StoreCodec.encodeKey(new SchemaKey("orders-value", 3))))
                .isEqualTo("{\"keytype\":\"SCHEMA\",\"subject\":\"orders-value\",\"version\":3,\"magic\":1}");
        assertThat(text(StoreCodec.encodeKey(new ConfigKey(null))))
                .isEqualTo("{\"keytype\":\"CONFIG\",\"subject\":null,\"magic\":0}");
        assertThat(text(StoreCodec.encodeKey(new ConfigKey("s"))))
                .isEqualTo("{\"keytype\":\"CONFIG\",\"subject\":\"s\",\"magic\":0}");
        assertThat(text(StoreCodec.encodeKey(new DeleteSubjectKey("s"))))
                .isEqualTo("{\"keytype\":\"DELETE_SUBJECT\",\"subject\":\"s\",\"magic\":0}");
        assertThat(text(StoreCodec.encodeKey(new NoopKey()))).isEqualTo("{\"keytype\":\"NOOP\",\"magic\":0}");
    }

    @Test
    void valuesAreConfluentsJsonValues() {
        assertThat(text(StoreCodec.encodeValue(new SchemaValue("s", 1, 7, "\"string\"", false))))
                .isEqualTo(
                        "{\"subject\":\"s\",\"version\":1,\"id\":7,\"schema\":\"\\\"string\\\"\",\"deleted\":false}");
        assertThat(text(StoreCodec.encodeValue(new ConfigValue("FULL"))))
                .isEqualTo("{\"compatibilityLevel\":\"FULL\"}");
        assertThat(text(StoreCodec.encodeValue(new DeleteSubjectValue("s", 4))))
                .isEqualTo("{\"subject\":\"s\",\"version\":4}");
        assertThat(StoreCodec.encodeValue(null)).isNull();
    }

    @Test
    void decodesWhatItEncodes() {
        SchemaKey key = new SchemaKey("s", 2);
        SchemaValue value = new SchemaValue("s", 2, 5, record("A", "a"), true);
        StoreRecord decoded = StoreCodec.decode(StoreCodec.encodeKey(key), StoreCodec.encodeValue(value));
        assertThat(decoded).isEqualTo(new StoreRecord(key, value));
        assertThat(StoreCodec.decode(StoreCodec.encodeKey(key), null)).isEqualTo(StoreRecord.tombstone(key));
        assertThat(StoreCodec.decode(
                        StoreCodec.encodeKey(new ConfigKey(null)), StoreCodec.encodeValue(new ConfigValue("NONE"))))
                .isEqualTo(new StoreRecord(new ConfigKey(null), new ConfigValue("NONE")));
    }

    @Test
    void readsRecordsAsConfluentWritesThem() {
        // Field order and extra fields as Confluent's registry writes them.
        StoreRecord schema = StoreCodec.decode(
                bytes("{\"keytype\":\"SCHEMA\",\"subject\":\"t-value\",\"version\":1,\"magic\":1}"),
                bytes("{\"subject\":\"t-value\",\"version\":1,\"id\":1,\"schemaType\":\"AVRO\",\"references\":[],"
                        + "\"schema\":\"\\\"string\\\"\",\"deleted\":false,\"metadata\":null}"));
        assertThat(schema.value()).isEqualTo(new SchemaValue("t-value", 1, 1, "\"string\"", false));
        StoreRecord mode = StoreCodec.decode(
                bytes("{\"keytype\":\"MODE\",\"subject\":null,\"magic\":0}"), bytes("{\"mode\":\"READWRITE\"}"));
        assertThat(mode.key()).isEqualTo(new OtherKey("MODE"));
    }

    @Test
    void reportsSchemasItCannotServeWithTheirIds() {
        assertThatThrownBy(() -> StoreCodec.decode(
                        bytes("{\"keytype\":\"SCHEMA\",\"subject\":\"p\",\"version\":1,\"magic\":1}"),
                        bytes("{\"subject\":\"p\",\"version\":1,\"id\":9,\"schemaType\":\"PROTOBUF\","
                                + "\"schema\":\"syntax = \\\"proto3\\\";\",\"deleted\":false}")))
                .isInstanceOfSatisfying(
                        StoreCodec.UnsupportedSchemaException.class,
                        e -> assertThat(e.id()).isEqualTo(9));
    }

    @Test
    void refusesGarbage() {
        assertThatThrownBy(() -> StoreCodec.decode(bytes("not json"), null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StoreCodec.decode(bytes("{\"subject\":\"x\"}"), null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StoreCodec.decode(
                        bytes("{\"keytype\":\"SCHEMA\",\"subject\":\"s\",\"version\":1,\"magic\":1}"), bytes("[]")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void replayingTheLogRebuildsTheSameState() {
        RegistryState state = new RegistryState();
        InMemorySchemaStore store = new InMemorySchemaStore(state);
        RegistryService registry = new RegistryService(state, store);
        int a = registry.register("s", SchemaRequest.of(record("A", "a")), false);
        int b = registry.register("s", SchemaRequest.of(record("A", "a", "b=x")), false);
        registry.register("t", SchemaRequest.of(record("A", "a")), false);
        registry.register("gone", SchemaRequest.of(record("G", "g")), false);
        registry.setLevel(null, "FULL");
        registry.setLevel("t", "NONE");
        registry.deleteVersion("s", "1", false);
        registry.deleteSubject("gone", false);
        registry.deleteSubject("gone", true);

        RegistryState restarted = new RegistryState();
        store.replayInto(restarted);

        for (RegistryState each : new RegistryState[] {state, restarted}) {
            assertThat(each.subjects(false)).containsExactly("s", "t");
            assertThat(each.subjects(true)).containsExactly("s", "t");
            assertThat(each.versions("s", true))
                    .extracting(SchemaValue::version)
                    .containsExactly(1, 2);
            assertThat(each.versions("s", false)).extracting(SchemaValue::id).containsExactly(b);
            assertThat(each.version("s", 1))
                    .get()
                    .extracting(SchemaValue::deleted)
                    .isEqualTo(true);
            assertThat(each.latest("t")).get().extracting(SchemaValue::id).isEqualTo(a);
            assertThat(each.globalCompatibility()).isEqualTo("FULL");
            assertThat(each.subjectCompatibility("t")).isEqualTo("NONE");
            assertThat(each.maxId()).isEqualTo(3);
            assertThat(each.schemaOf(3)).isEmpty();
        }
        RegistryService afterRestart = new RegistryService(restarted, new InMemorySchemaStore(restarted));
        assertThat(afterRestart.register("u", SchemaRequest.of(record("U", "u")), false))
                .as("a new schema after a restart gets a new id, not a reused one")
                .isEqualTo(4);
    }
}
