package uk.transferofcare.processor.stream;

import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * JSON of the repeat-attendance values ({@link RepeatAttendance}): the two stores and the two topics only the
 * processor reads. Small values (a key, a case id, two instants, four booleans), so JSON costs nothing that matters and
 * any tool can read a changelog record.
 */
final class RepeatCodec {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<List<RepeatAttendance.Attendance>> ATTENDANCES = new TypeReference<>() {};

    private RepeatCodec() {}

    static byte[] encode(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (JacksonException e) {
            throw new SerializationException("Cannot encode " + value.getClass().getSimpleName(), e);
        }
    }

    static <T> T decode(byte[] bytes, Class<T> type) {
        if (bytes == null) {
            return null;
        }
        try {
            return JSON.readValue(bytes, type);
        } catch (JacksonException e) {
            throw new SerializationException(
                    "Cannot decode a " + type.getSimpleName() + " of " + bytes.length + " bytes", e);
        }
    }

    static List<RepeatAttendance.Attendance> attendances(byte[] bytes) {
        if (bytes == null) {
            return List.of();
        }
        try {
            return JSON.readValue(bytes, ATTENDANCES);
        } catch (JacksonException e) {
            throw new SerializationException("Cannot decode the attendances of a person key", e);
        }
    }

    /** The value serializer of the processor's own topics. */
    static final class ValueSerializer implements Serializer<Object> {
        @Override
        public byte[] serialize(String topic, Object data) {
            return data == null ? null : encode(data);
        }
    }
}
