package uk.transferofcare.processor.stream;

import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Instant;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import uk.transferofcare.processor.domain.CaseFile;
import uk.transferofcare.processor.domain.Verdict;

/**
 * How a case is kept in the RocksDB store and its changelog topic: JSON of the domain's own records, inside an
 * envelope with a format version.
 *
 * <p>Why JSON of the domain records rather than a private Avro schema: the case file is internal (it never leaves
 * this application except as its own changelog), it is large and nested (timeline, verdict log, corrections, timer
 * marks), and the domain records already are its exact shape, so a second schema and two hand-written mappings would
 * only add places to get wrong. The price is that renaming a domain record component changes the stored format: the
 * envelope's {@code format} number and a golden-file test ({@code CaseStoreFormatTest}) make such a change loud,
 * and reading is strict (unknown or missing properties fail) so an old or foreign value is never half-read. The value
 * is readable with any JSON tool when a case has to be investigated.
 *
 * <p>Only record components are written: derived accessors ({@code state()}, {@code isOpen()}, {@code intervals()})
 * are recomputed on reading. {@link Verdict} subtypes carry a {@code status} discriminator.
 */
final class CaseStoreFormat {

    /**
     * The current format. Bump it (and keep reading the old one) when the stored shape changes. Format 2 added the
     * case's {@code fingerprints} (a re-send with another body is EVENT_ID_REUSED) and a rejection's {@code field};
     * format 1 is still read: its cases have no fingerprints (a re-send of their eventIds counts as the same) and
     * its rejections no field.
     */
    static final int FORMAT = 2;

    private static final int FORMAT_WITHOUT_FINGERPRINTS = 1;

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .changeDefaultVisibility(checker -> checker.withFieldVisibility(Visibility.ANY)
                    .withGetterVisibility(Visibility.NONE)
                    .withIsGetterVisibility(Visibility.NONE)
                    .withSetterVisibility(Visibility.NONE))
            .addMixIn(Verdict.class, VerdictMixIn.class)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .build();

    private CaseStoreFormat() {}

    /** The stored envelope: {@code {"format":1,"timerDueAt":...,"caseFile":{...}}}. */
    record Envelope(int format, Instant timerDueAt, CaseFile caseFile) {}

    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "status")
    @JsonSubTypes({
        @JsonSubTypes.Type(value = Verdict.Applied.class, name = "APPLIED"),
        @JsonSubTypes.Type(value = Verdict.Rejected.class, name = "REJECTED"),
        @JsonSubTypes.Type(value = Verdict.Duplicate.class, name = "DUPLICATE"),
        @JsonSubTypes.Type(value = Verdict.Held.class, name = "HELD")
    })
    private interface VerdictMixIn {}

    static byte[] encode(StoredCase stored) {
        try {
            return MAPPER.writeValueAsBytes(new Envelope(FORMAT, stored.timerDueAt(), stored.caseFile()));
        } catch (JacksonException e) {
            throw new IllegalStateException(
                    "Cannot encode case " + stored.caseFile().caseId() + " for the case store: " + e.getMessage(), e);
        }
    }

    /** The stored case, or null for no value; throws {@link CorruptCaseException} when it cannot be read. */
    static StoredCase decode(String caseId, byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        Envelope envelope;
        try {
            JsonNode tree = MAPPER.readTree(bytes);
            int format = tree.path("format").asInt(-1);
            if (format == FORMAT_WITHOUT_FINGERPRINTS && tree instanceof ObjectNode root) {
                upgradeFromFormat1(root);
            } else if (format != FORMAT && format != -1) {
                throw new CorruptCaseException(
                        "Stored case " + caseId + " has format " + format + "; this version reads "
                                + FORMAT_WITHOUT_FINGERPRINTS + " and " + FORMAT,
                        null);
            }
            envelope = MAPPER.treeToValue(tree, Envelope.class);
        } catch (JacksonException | IllegalArgumentException | NullPointerException e) {
            throw new CorruptCaseException(
                    "Stored case " + caseId + " cannot be read as format " + FORMAT + ": " + e.getMessage(), e);
        }
        if (envelope.caseFile() == null || !envelope.caseFile().caseId().equals(caseId)) {
            throw new CorruptCaseException("Stored value under key " + caseId + " is not that case", null);
        }
        return new StoredCase(envelope.caseFile(), envelope.timerDueAt());
    }

    /** Format 1 → 2: no fingerprints were kept, and rejections named no field. */
    private static void upgradeFromFormat1(ObjectNode root) {
        root.put("format", FORMAT);
        if (root.get("caseFile") instanceof ObjectNode caseFile) {
            caseFile.putObject("fingerprints");
            if (caseFile.get("submissions") instanceof ObjectNode submissions) {
                for (JsonNode verdict : submissions.values()) {
                    if (verdict instanceof ObjectNode rejected
                            && "REJECTED".equals(rejected.path("status").asString())) {
                        rejected.putNull("field");
                    }
                }
            }
        }
    }

    /** A stored case that cannot be read: the submission that needed it is dead-lettered, not the partition. */
    static final class CorruptCaseException extends RuntimeException {
        CorruptCaseException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
