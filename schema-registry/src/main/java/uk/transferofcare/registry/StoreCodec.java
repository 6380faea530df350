package uk.transferofcare.registry;

import java.nio.charset.StandardCharsets;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import uk.transferofcare.registry.StoreRecord.ConfigKey;
import uk.transferofcare.registry.StoreRecord.ConfigValue;
import uk.transferofcare.registry.StoreRecord.DeleteSubjectKey;
import uk.transferofcare.registry.StoreRecord.DeleteSubjectValue;
import uk.transferofcare.registry.StoreRecord.Key;
import uk.transferofcare.registry.StoreRecord.NoopKey;
import uk.transferofcare.registry.StoreRecord.OtherKey;
import uk.transferofcare.registry.StoreRecord.SchemaKey;
import uk.transferofcare.registry.StoreRecord.SchemaValue;
import uk.transferofcare.registry.StoreRecord.Value;

/**
 * The store topic's record layout, which is Confluent Schema Registry's: UTF-8 JSON keys and values.
 *
 * <pre>
 * key {"keytype":"SCHEMA","subject":"s","version":1,"magic":1}
 *     value {"subject":"s","version":1,"id":7,"schema":"...","deleted":false}   (null = permanently deleted)
 * key {"keytype":"CONFIG","subject":null,"magic":0}          (global; "subject":"s" for a subject)
 *     value {"compatibilityLevel":"BACKWARD"}                      (null = config removed)
 * key {"keytype":"DELETE_SUBJECT","subject":"s","magic":0}
 *     value {"subject":"s","version":3}                             (versions up to 3 are soft-deleted)
 * key {"keytype":"NOOP","magic":0}                                   (ignored)
 * </pre>
 *
 * <p>Keys are always written with the same fields in the same order, because compaction keeps the last record per
 * key <em>bytes</em>. Other key types (Confluent's MODE, CONTEXT...) are read as {@link OtherKey} and ignored.
 */
final class StoreCodec {

    static final String SCHEMA = "SCHEMA";
    static final String CONFIG = "CONFIG";
    static final String DELETE_SUBJECT = "DELETE_SUBJECT";
    static final String NOOP = "NOOP";

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private StoreCodec() {}

    static byte[] encodeKey(Key key) {
        ObjectNode node = JSON.createObjectNode();
        if (key instanceof SchemaKey k) {
            node.put("keytype", SCHEMA);
            node.put("subject", k.subject());
            node.put("version", k.version());
            node.put("magic", 1);
        } else if (key instanceof ConfigKey k) {
            node.put("keytype", CONFIG);
            if (k.subject() == null) {
                node.putNull("subject");
            } else {
                node.put("subject", k.subject());
            }
            node.put("magic", 0);
        } else if (key instanceof DeleteSubjectKey k) {
            node.put("keytype", DELETE_SUBJECT);
            node.put("subject", k.subject());
            node.put("magic", 0);
        } else if (key instanceof NoopKey) {
            node.put("keytype", NOOP);
            node.put("magic", 0);
        } else {
            throw new IllegalArgumentException("Cannot write key " + key);
        }
        return bytes(node);
    }

    /** The value's bytes, or null for a tombstone. */
    static byte[] encodeValue(Value value) {
        if (value == null) {
            return null;
        }
        ObjectNode node = JSON.createObjectNode();
        if (value instanceof SchemaValue v) {
            node.put("subject", v.subject());
            node.put("version", v.version());
            node.put("id", v.id());
            node.put("schema", v.schema());
            node.put("deleted", v.deleted());
        } else if (value instanceof ConfigValue v) {
            node.put("compatibilityLevel", v.compatibilityLevel());
        } else if (value instanceof DeleteSubjectValue v) {
            node.put("subject", v.subject());
            node.put("version", v.version());
        }
        return bytes(node);
    }

    /**
     * Decodes one record.
     *
     * @throws IllegalArgumentException if the key or value is not what the layout says
     * @throws UnsupportedSchemaException for a schema this registry cannot serve (JSON Schema, Protobuf,
     *     references), carrying its id so that the id is never handed out again
     */
    static StoreRecord decode(byte[] keyBytes, byte[] valueBytes) {
        JsonNode key = parse(keyBytes, "key");
        String keytype = key.path("keytype").asString("");
        return switch (keytype) {
            case SCHEMA -> {
                SchemaKey k = new SchemaKey(requiredString(key, "subject"), requiredInt(key, "version"));
                yield new StoreRecord(k, valueBytes == null ? null : decodeSchemaValue(k, parse(valueBytes, "value")));
            }
            case CONFIG -> {
                JsonNode subject = key.path("subject");
                ConfigKey k = new ConfigKey(subject.isString() ? subject.stringValue() : null);
                if (valueBytes == null) {
                    yield StoreRecord.tombstone(k);
                }
                JsonNode level = parse(valueBytes, "value").path("compatibilityLevel");
                // Confluent may write a config without a level (other settings only): no level to apply.
                yield new StoreRecord(k, level.isString() ? new ConfigValue(level.stringValue()) : null);
            }
            case DELETE_SUBJECT -> {
                DeleteSubjectKey k = new DeleteSubjectKey(requiredString(key, "subject"));
                if (valueBytes == null) {
                    yield StoreRecord.tombstone(k);
                }
                JsonNode value = parse(valueBytes, "value");
                yield new StoreRecord(k, new DeleteSubjectValue(k.subject(), requiredInt(value, "version")));
            }
            case NOOP -> StoreRecord.tombstone(new NoopKey());
            case "" -> throw new IllegalArgumentException("key has no keytype: " + text(keyBytes));
            default -> StoreRecord.tombstone(new OtherKey(keytype));
        };
    }

    private static SchemaValue decodeSchemaValue(SchemaKey key, JsonNode value) {
        int id = requiredInt(value, "id");
        String type = value.path("schemaType").asString("AVRO");
        if (!"AVRO".equals(type)) {
            throw new UnsupportedSchemaException(
                    "schema " + id + " of " + key.subject() + " version " + key.version() + " is " + type, id);
        }
        if (value.path("references").isArray() && !value.path("references").isEmpty()) {
            throw new UnsupportedSchemaException(
                    "schema " + id + " of " + key.subject() + " version " + key.version() + " has references", id);
        }
        return new SchemaValue(
                key.subject(),
                key.version(),
                id,
                requiredString(value, "schema"),
                value.path("deleted").asBoolean(false));
    }

    private static JsonNode parse(byte[] bytes, String what) {
        if (bytes == null) {
            throw new IllegalArgumentException(what + " is null");
        }
        try {
            JsonNode node = JSON.readTree(bytes);
            if (node == null || !node.isObject()) {
                throw new IllegalArgumentException(what + " is not a JSON object: " + text(bytes));
            }
            return node;
        } catch (JacksonException e) {
            throw new IllegalArgumentException(what + " is not JSON: " + e.getOriginalMessage());
        }
    }

    private static String requiredString(JsonNode node, String field) {
        JsonNode value = node.path(field);
        if (!value.isString()) {
            throw new IllegalArgumentException("missing string field " + field + " in " + node);
        }
        return value.stringValue();
    }

    private static int requiredInt(JsonNode node, String field) {
        JsonNode value = node.path(field);
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw new IllegalArgumentException("missing int field " + field + " in " + node);
        }
        return value.intValue();
    }

    private static byte[] bytes(ObjectNode node) {
        return JSON.writeValueAsBytes(node);
    }

    private static String text(byte[] bytes) {
        String s = new String(bytes, StandardCharsets.UTF_8);
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }

    /** A valid record of a schema this registry does not serve. */
    static final class UnsupportedSchemaException extends RuntimeException {
        private final int id;

        UnsupportedSchemaException(String message, int id) {
            super(message);
            this.id = id;
        }

        int id() {
            return id;
        }
    }
}
