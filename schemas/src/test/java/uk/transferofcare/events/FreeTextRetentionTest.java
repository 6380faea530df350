package uk.transferofcare.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/**
 * Free text is not kept for ever: every topic whose values can hold a note, a reason or a local reference (found in
 * the Avro schemas, not listed by hand) has the finite free-text retention; the others keep their records for ever.
 */
class FreeTextRetentionTest {

    /** Fields a user writes into: free text, however short. */
    private static final Set<String> FREE_TEXT = Set.of("note", "reason", "localReference");

    @Test
    void everyTopicCarryingFreeTextExpiresAndTheOthersAreKeptForEver() {
        Map<String, Long> retention = new LinkedHashMap<>();
        for (Topic<?> topic : Topics.all()) {
            retention.put(topic.name(), topic.retentionMs());
        }

        Map<String, Long> expected = new LinkedHashMap<>();
        for (Topic<?> topic : Topics.all()) {
            expected.put(
                    topic.name(),
                    carriesFreeText(topic.valueSchema(), new HashSet<>())
                            ? Topic.FREE_TEXT_RETENTION_MS
                            : Topic.KEEP_FOREVER);
        }
        assertThat(retention).isEqualTo(expected);
        assertThat(expected)
                .as("the topics found to carry free text")
                .containsEntry("handover-submissions", Topic.FREE_TEXT_RETENTION_MS)
                .containsEntry("handover-events", Topic.FREE_TEXT_RETENTION_MS)
                .containsEntry("handover-state", Topic.FREE_TEXT_RETENTION_MS)
                .containsEntry("handover-rejections", Topic.FREE_TEXT_RETENTION_MS);
    }

    @Test
    void aCompactedTopicWithAFiniteRetentionIsAlsoDeletedSoItsLatestRecordsExpire() {
        assertThat(Topics.STATE.cleanupPolicy()).isEqualTo("compact,delete");
        assertThat(Topics.COMPLETED.cleanupPolicy()).isEqualTo("compact");
        assertThat(Topics.EVENTS.cleanupPolicy()).isEqualTo("delete");
        assertThat(Topic.cleanupPolicy(true, Topic.KEEP_FOREVER)).isEqualTo("compact");
        assertThat(Topic.cleanupPolicy(false, Topic.KEEP_FOREVER)).isEqualTo("delete");
        assertThat(Topic.FREE_TEXT_RETENTION_MS).isEqualTo(400L * 24 * 60 * 60 * 1000);
    }

    private static boolean carriesFreeText(Schema schema, Set<String> seen) {
        switch (schema.getType()) {
            case RECORD -> {
                if (!seen.add(schema.getFullName())) {
                    return false;
                }
                for (Schema.Field field : schema.getFields()) {
                    if (FREE_TEXT.contains(field.name()) || carriesFreeText(field.schema(), seen)) {
                        return true;
                    }
                }
                return false;
            }
            case UNION -> {
                return schema.getTypes().stream().anyMatch(s -> carriesFreeText(s, seen));
            }
            case ARRAY -> {
                return carriesFreeText(schema.getElementType(), seen);
            }
            case MAP -> {
                return carriesFreeText(schema.getValueType(), seen);
            }
            default -> {
                return false;
            }
        }
    }
}
