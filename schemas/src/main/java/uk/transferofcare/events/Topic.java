package uk.transferofcare.events;

import java.time.Duration;
import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * One Kafka topic of the platform: its name, the Avro type of its values and how it is cleaned up. Keys are always
 * the case id as a string. Values are registered under the TopicNameStrategy subject {@code <name>-value}.
 *
 * @param name topic name
 * @param valueType generated Avro class of the values
 * @param compacted true for topics where the latest record per key is the truth
 * @param retentionMs the topic's {@code retention.ms}, set on the topic itself wherever it is created (never left to
 *     the broker's default, which is 7 days unless the cluster says otherwise); {@link #KEEP_FOREVER} for the topics
 *     Kafka is the system of record of
 * @param description one line for the topic catalogue
 * @param <V> value type
 */
public record Topic<V extends SpecificRecord>(
        String name, Class<V> valueType, boolean compacted, long retentionMs, String description) {

    /** Suffix of every dead-letter topic. */
    public static final String DEAD_LETTER_SUFFIX = "-dlt";

    /** {@code retention.ms=-1}: no record is deleted for its age (a compacted topic still keeps the latest per key). */
    public static final long KEEP_FOREVER = -1L;

    /**
     * {@code retention.ms} of the topics that carry free text (notes, reasons, local references): 400 days, a year of
     * cases and a month to finish the year's reports, then the text goes. Configurable per topic
     * ({@code platform.kafka.topics.retention.<topic>}); docs/security.md, "Retention".
     */
    public static final long FREE_TEXT_RETENTION_MS = Duration.ofDays(400).toMillis();

    /** {@code retention.ms} of every dead-letter topic: 30 days, long enough to notice, replay or discard. */
    public static final long DEAD_LETTER_RETENTION_MS = Duration.ofDays(30).toMillis();

    public Topic {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(valueType, "valueType");
        Objects.requireNonNull(description, "description");
        if (retentionMs != KEEP_FOREVER && retentionMs <= 0) {
            throw new IllegalArgumentException(
                    "retentionMs of " + name + " must be positive or KEEP_FOREVER (-1), was " + retentionMs);
        }
    }

    /** The {@code cleanup.policy} of this topic with its own retention: see {@link #cleanupPolicy(boolean, long)}. */
    public String cleanupPolicy() {
        return cleanupPolicy(compacted, retentionMs);
    }

    /**
     * The {@code cleanup.policy} of a topic: {@code delete} for a log, {@code compact} for a compacted topic kept for
     * ever, {@code compact,delete} for a compacted topic with a finite retention (Kafka applies {@code retention.ms}
     * to a compacted topic only with both policies: the latest record of a key goes too once it is older).
     */
    public static String cleanupPolicy(boolean compacted, long retentionMs) {
        if (!compacted) {
            return "delete";
        }
        return retentionMs == KEEP_FOREVER ? "compact" : "compact,delete";
    }

    /** Keys of every platform topic are case ids as strings. */
    public Class<String> keyType() {
        return String.class;
    }

    /** Subject of the value schema under Confluent's TopicNameStrategy. */
    public String valueSubject() {
        return name + "-value";
    }

    /** The dead-letter topic that receives records of this topic no consumer could process. */
    public String deadLetterTopic() {
        return name + DEAD_LETTER_SUFFIX;
    }

    /** The Avro schema the generated value class was compiled from. */
    public Schema valueSchema() {
        return SpecificData.get().getSchema(valueType);
    }

    @Override
    public String toString() {
        return name;
    }
}
