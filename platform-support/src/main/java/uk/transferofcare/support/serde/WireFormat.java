package uk.transferofcare.support.serde;

import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Confluent's wire format: magic byte 0, the schema id as a 4-byte big-endian int, then the Avro binary encoding.
 */
public final class WireFormat {

    /** The only magic byte Confluent's format defines. */
    public static final byte MAGIC_BYTE = 0x0;

    /** Magic byte plus schema id. */
    public static final int HEADER_SIZE = 5;

    private WireFormat() {}

    /** The schema id of a framed payload, after checking the magic byte. */
    public static int schemaId(String topic, byte[] payload) {
        if (payload.length < HEADER_SIZE) {
            throw new SerializationException("Record of topic " + topic + " is " + payload.length
                    + " bytes, shorter than the 5-byte Confluent header (magic byte 0 + schema id)");
        }
        if (payload[0] != MAGIC_BYTE) {
            throw new SerializationException(String.format(
                    "Unknown magic byte 0x%02x in record of topic %s: expected 0x00 (Confluent Avro wire format)",
                    payload[0], topic));
        }
        return ByteBuffer.wrap(payload, 1, 4).getInt();
    }
}
