package uk.transferofcare.support.serde;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import uk.transferofcare.support.registry.SchemaRegistryClientConfig;

/**
 * Serializer and deserializer settings under the keys Confluent's {@code KafkaAvroSerializer} and
 * {@code KafkaAvroDeserializer} use, so that switching implementations is a change of class names only.
 *
 * @param registry the registry client settings ({@code schema.registry.url} and friends)
 * @param autoRegisterSchemas {@code auto.register.schemas} (default true here; {@code false} in the services outside
 *     the {@code local} profile, see {@code platform-defaults.yml}): register the record's schema on first use
 * @param privateSubjectPrefixes {@code auto.register.private.subject.prefixes} (this platform's key, comma-separated,
 *     default none): subjects of a service's private topics (only that service reads them, e.g. the notification
 *     service's delivery tasks) that are registered on first use even when {@code auto.register.schemas} is false
 * @param useLatestVersion {@code use.latest.version} (default false): write with the subject's latest schema
 * @param normalizeSchemas {@code normalize.schemas} (default false)
 * @param specificAvroReader {@code specific.avro.reader} (default false): decode into generated classes instead of
 *     {@code GenericRecord}
 * @param trustedPackages {@code avro.trusted.packages}: packages whose generated classes Avro may instantiate
 *     (default: this platform's event package)
 */
public record AvroSerdeConfig(
        SchemaRegistryClientConfig registry,
        boolean autoRegisterSchemas,
        List<String> privateSubjectPrefixes,
        boolean useLatestVersion,
        boolean normalizeSchemas,
        boolean specificAvroReader,
        String trustedPackages) {

    public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";
    public static final String PRIVATE_SUBJECT_PREFIXES = "auto.register.private.subject.prefixes";
    public static final String USE_LATEST_VERSION = "use.latest.version";
    public static final String NORMALIZE_SCHEMAS = "normalize.schemas";
    public static final String SPECIFIC_AVRO_READER = "specific.avro.reader";
    public static final String TRUSTED_PACKAGES = "avro.trusted.packages";
    public static final String DEFAULT_TRUSTED_PACKAGES = "uk.transferofcare.events";

    public static AvroSerdeConfig from(Map<String, ?> configs) {
        return new AvroSerdeConfig(
                SchemaRegistryClientConfig.from(configs),
                bool(configs, AUTO_REGISTER_SCHEMAS, true),
                list(configs, PRIVATE_SUBJECT_PREFIXES),
                bool(configs, USE_LATEST_VERSION, false),
                bool(configs, NORMALIZE_SCHEMAS, false),
                bool(configs, SPECIFIC_AVRO_READER, false),
                configs.get(TRUSTED_PACKAGES) == null
                        ? DEFAULT_TRUSTED_PACKAGES
                        : configs.get(TRUSTED_PACKAGES).toString());
    }

    /** Whether the serializer registers a new schema under {@code subject} instead of only looking it up. */
    public boolean registers(String subject) {
        return autoRegisterSchemas || privateSubjectPrefixes.stream().anyMatch(subject::startsWith);
    }

    private static List<String> list(Map<String, ?> configs, String key) {
        Object value = configs.get(key);
        if (value == null) {
            return List.of();
        }
        if (value instanceof Collection<?> c) {
            return c.stream()
                    .map(Object::toString)
                    .map(String::trim)
                    .filter(v -> !v.isEmpty())
                    .toList();
        }
        return Arrays.stream(value.toString().split(","))
                .map(String::trim)
                .filter(v -> !v.isEmpty())
                .toList();
    }

    private static boolean bool(Map<String, ?> configs, String key, boolean defaultValue) {
        Object value = configs.get(key);
        if (value == null) {
            return defaultValue;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        String text = value.toString().trim();
        if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(text);
        }
        throw new ConfigException(key, value, "must be true or false");
    }
}
