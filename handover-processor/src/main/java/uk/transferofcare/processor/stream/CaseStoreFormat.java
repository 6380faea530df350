package uk.transferofcare.processor.stream;

import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.util.ClassSecurityValidator;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import uk.transferofcare.processor.domain.CaseFile;
import uk.transferofcare.processor.domain.Verdict;
import uk.transferofcare.processor.stream.casestore.StoredCaseValue;

/**
 * How a case is kept in the RocksDB store and its changelog topic. Format 7, written since ED staff may undo their
 * own last board action: a one-byte marker {@code 0x07}, then the case in Avro binary of a private schema ({@code
 * src/main/avro/uk/transferofcare/processor/stream/casestore/StoredCaseValue.avsc}, mapped by {@link CaseFileAvro}).
 * Format 7 added the withdrawn point's eventId of a correction (ACTION_UNDONE) and the UNDO_* rule codes. Format 6
 * (marker {@code 0x06}) added the NOT_RECORDED outcome (a symbol appended to the stored case state). Format 5 (marker {@code 0x05},
 * issue 13's outcomes and time facts) added the REFERRED_AT_SCENE outcome, the recorded dispositions, the referral
 * pathway, the ASSESSMENT_STARTED time point, the assessment mode, delay reasons and officer count changes; it is read
 * with its frozen schema like the older ones. Still read: format 4 (marker {@code 0x04},
 * issue 13's relief: division transfers, field corrections, the legal clock's extension, a correction without a
 * previous instant) and format 3 (marker {@code 0x03}, issue 11), each read with its frozen schema as writer schema so
 * that Avro fills the newer fields with their defaults; formats 1 and
 * 2, JSON of the domain's own records in an envelope {@code
 * {"format":2,"timerDueAt":...,"caseFile":{...}}}. The first byte tells them apart: a JSON value always starts with
 * '{' (0x7B), a binary one with its format number, anything else is refused. Later binary formats take the next
 * numbers (4, 5...), so the two families cannot be confused.
 *
 * <p>Why Avro now, when formats 1 and 2 chose JSON of the domain records so as not to keep a second schema and a
 * hand mapping: every submission reads and writes the whole case, the JSON round trip of 2-4 KB was a large part of
 * the processor's cost per submission (issue 11 measured 100-140 µs), and those bytes also go to the changelog on
 * every change. The binary value is about a fifth of the JSON and its round trip about a third of the time (README
 * "Stores" has the numbers). The price is the one JSON avoided: a schema and a mapping to keep in step with the
 * domain, and a value no JSON tool can read (decode it with this class, or with avro-tools and the frozen schema
 * after the marker byte). What catches a change of the domain records:
 *
 * <ul>
 *   <li>the compiler: the mapping calls every accessor and every canonical constructor of the stored records, so a
 *       component added, removed, renamed or retyped does not compile until the mapping (and so the schema) follows;
 *   <li>the round trips of {@code CaseStoreFormatTest} (a case that uses every part of the case file, a hand-made one
 *       with every optional part set and every kind of identifier) and of {@code CaseStoreFormatProperties} (every
 *       case file of generated histories, {@code TrueHistory}/{@code Delivery} and {@code CaseHistories}): what the
 *       compiler cannot see, two components of one type swapped or one read but not written, fails there;
 *   <li>the golden files ({@code src/test/resources/case-store/format-3.bin}, {@code format-3-every-part.bin}, and
 *       the JSON ones of formats 1 and 2) and the frozen schema: {@code casestore/format-3.avsc} next to this class is
 *       the writer schema format-3 values are read with, and the test fails when the generated schema differs from
 *       it in anything that changes the bytes;
 *   <li>vocabulary enums are Avro enums of the same symbols, and the test fails when a vocabulary enum gains a
 *       constant the schema lacks (a case using it could not be stored).
 * </ul>
 *
 * <p>The schema's evolution rule: a released format's schema never changes. Format 4 is a new version of the schema
 * in {@code src/main/avro} that Avro's schema resolution can read format-3 values into: new fields with defaults,
 * fields removed, enum symbols appended (a new symbol is a new format too), types only widened (int to long), no
 * renames without aliases. Freeze it as {@code format-4.avsc}, bump {@link #FORMAT}, read {@code 0x03} values with
 * the frozen format-3 schema as writer schema and the generated one as reader schema, so that Avro fills in the
 * defaults, and add golden files for format 4 while the format-3 ones keep decoding. A change that resolution cannot
 * express (a value whose meaning changes) needs an explicit upgrade step, like {@code upgradeFromFormat1}.
 *
 * <p>Reading is strict in every format: unknown, missing or trailing data fails with a {@link CorruptCaseException}
 * naming the case, so an old or foreign value is never half-read. Only record components are stored; derived
 * accessors ({@code state()}, {@code isOpen()}, {@code intervals()}) are recomputed on reading.
 */
final class CaseStoreFormat {

    /**
     * The current format, written by {@link #encode}. Bump it (and keep reading the old one) when the stored shape
     * changes. Format 1 (JSON) had no fingerprints and no rejection field; format 2 (JSON) added them; format 3 is the
     * same content in Avro binary; format 4 adds issue 13's relief (transfers, field corrections, the clock's
     * extension); format 5 the REFERRED_AT_SCENE outcome, the recorded dispositions, the referral pathway, the
     * assessment point and mode, delay reasons and officer count changes; format 6 the NOT_RECORDED outcome (a stale
     * case a supervisor closed); format 7 the withdrawal of a point by its author (a correction's withdrawn eventId)
     * and the UNDO_* rules. Older values are read with the newer parts empty.
     */
    static final int FORMAT = 7;

    private static final int BINARY_FORMAT_3 = 3;
    private static final int BINARY_FORMAT_4 = 4;
    private static final int BINARY_FORMAT_5 = 5;
    private static final int BINARY_FORMAT_6 = 6;

    private static final int JSON_FORMAT_WITHOUT_FINGERPRINTS = 1;
    private static final int JSON_FORMAT = 2;
    private static final byte JSON_START = '{';

    /** The frozen writer schema of format 3, the schema format-3 values are read with. */
    static final Schema FORMAT_3_SCHEMA = frozenSchema("casestore/format-3.avsc");

    /** The frozen writer schema of format 4, the schema format-4 values are read with. */
    static final Schema FORMAT_4_SCHEMA = frozenSchema("casestore/format-4.avsc");

    /** The frozen writer schema of format 5, the schema format-5 values are read with. */
    static final Schema FORMAT_5_SCHEMA = frozenSchema("casestore/format-5.avsc");

    /** The frozen writer schema of format 6, the schema format-6 values are read with. */
    static final Schema FORMAT_6_SCHEMA = frozenSchema("casestore/format-6.avsc");

    /** The frozen writer schema of format 7, the schema format-7 values are read with. */
    static final Schema FORMAT_7_SCHEMA = frozenSchema("casestore/format-7.avsc");

    static {
        trustGeneratedClasses();
    }

    private static final SpecificDatumWriter<StoredCaseValue> WRITER = new SpecificDatumWriter<>(StoredCaseValue.class);
    private static final SpecificDatumReader<StoredCaseValue> FORMAT_3_READER = new SpecificDatumReader<>(
            FORMAT_3_SCHEMA, StoredCaseValue.getClassSchema(), SpecificData.getForClass(StoredCaseValue.class));
    private static final SpecificDatumReader<StoredCaseValue> FORMAT_4_READER = new SpecificDatumReader<>(
            FORMAT_4_SCHEMA, StoredCaseValue.getClassSchema(), SpecificData.getForClass(StoredCaseValue.class));
    private static final SpecificDatumReader<StoredCaseValue> FORMAT_5_READER = new SpecificDatumReader<>(
            FORMAT_5_SCHEMA, StoredCaseValue.getClassSchema(), SpecificData.getForClass(StoredCaseValue.class));
    private static final SpecificDatumReader<StoredCaseValue> FORMAT_6_READER = new SpecificDatumReader<>(
            FORMAT_6_SCHEMA, StoredCaseValue.getClassSchema(), SpecificData.getForClass(StoredCaseValue.class));
    private static final SpecificDatumReader<StoredCaseValue> FORMAT_7_READER = new SpecificDatumReader<>(
            FORMAT_7_SCHEMA, StoredCaseValue.getClassSchema(), SpecificData.getForClass(StoredCaseValue.class));

    /** Per stream thread: the output buffer and the encoder and decoder Avro lets us reuse. */
    private static final ThreadLocal<Codec> CODEC = ThreadLocal.withInitial(Codec::new);

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

    /** The JSON envelope of formats 1 and 2: {@code {"format":2,"timerDueAt":...,"caseFile":{...}}}. */
    record Envelope(int format, Instant timerDueAt, CaseFile caseFile) {}

    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "status")
    @JsonSubTypes({
        @JsonSubTypes.Type(value = Verdict.Applied.class, name = "APPLIED"),
        @JsonSubTypes.Type(value = Verdict.Rejected.class, name = "REJECTED"),
        @JsonSubTypes.Type(value = Verdict.Duplicate.class, name = "DUPLICATE"),
        @JsonSubTypes.Type(value = Verdict.Held.class, name = "HELD")
    })
    private interface VerdictMixIn {}

    /** The case in the current format (7). */
    static byte[] encode(StoredCase stored) {
        try {
            StoredCaseValue value = CaseFileAvro.toAvro(stored);
            Codec codec = CODEC.get();
            codec.out.reset();
            codec.out.write(FORMAT);
            codec.encoder = EncoderFactory.get().binaryEncoder(codec.out, codec.encoder);
            WRITER.write(value, codec.encoder);
            codec.encoder.flush();
            return codec.out.toByteArray();
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException(
                    "Cannot encode case " + stored.caseFile().caseId() + " for the case store: " + e.getMessage(), e);
        }
    }

    /**
     * The case as format 2 (JSON) wrote it. Never called by the processor, which writes {@link #FORMAT}: kept so the
     * benchmark can compare the two in one run and tests can write format-2 values.
     */
    static byte[] encodeJsonFormat2(StoredCase stored) {
        ObjectNode tree = MAPPER.valueToTree(new Envelope(JSON_FORMAT, stored.timerDueAt(), stored.caseFile()));
        if (tree.get("caseFile") instanceof ObjectNode caseFile) {
            LATER_CASE_FILE_PARTS.keySet().forEach(caseFile::remove);
            if (caseFile.get("legalClock") instanceof ObjectNode clock) {
                LATER_LEGAL_CLOCK_PARTS.forEach(clock::remove);
            }
            for (JsonNode correction : caseFile.path("corrections")) {
                if (correction instanceof ObjectNode node) {
                    node.remove(LATER_CORRECTION_PART);
                }
            }
        }
        return MAPPER.writeValueAsBytes(tree);
    }

    /** The stored case, or null for no value; throws {@link CorruptCaseException} when it cannot be read. */
    static StoredCase decode(String caseId, byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        StoredCase stored;
        if (bytes.length > 0 && bytes[0] == FORMAT) {
            stored = decodeBinary(caseId, bytes, FORMAT_7_READER, FORMAT);
        } else if (bytes.length > 0 && bytes[0] == BINARY_FORMAT_6) {
            stored = decodeBinary(caseId, bytes, FORMAT_6_READER, BINARY_FORMAT_6);
        } else if (bytes.length > 0 && bytes[0] == BINARY_FORMAT_5) {
            stored = decodeBinary(caseId, bytes, FORMAT_5_READER, BINARY_FORMAT_5);
        } else if (bytes.length > 0 && bytes[0] == BINARY_FORMAT_4) {
            stored = decodeBinary(caseId, bytes, FORMAT_4_READER, BINARY_FORMAT_4);
        } else if (bytes.length > 0 && bytes[0] == BINARY_FORMAT_3) {
            stored = decodeBinary(caseId, bytes, FORMAT_3_READER, BINARY_FORMAT_3);
        } else if (bytes.length > 0 && bytes[0] == JSON_START) {
            stored = decodeJson(caseId, bytes);
        } else {
            throw new CorruptCaseException(
                    "Stored case " + caseId + " is not in a known format: "
                            + (bytes.length == 0 ? "no bytes" : String.format("first byte 0x%02x", bytes[0]))
                            + "; this version reads JSON formats 1 and 2 (first byte '{') and formats 3 to 7 (0x03 to 0x07)",
                    null);
        }
        if (!stored.caseFile().caseId().equals(caseId)) {
            throw new CorruptCaseException("Stored value under key " + caseId + " is not that case", null);
        }
        return stored;
    }

    private static StoredCase decodeBinary(
            String caseId, byte[] bytes, SpecificDatumReader<StoredCaseValue> reader, int format) {
        try {
            Codec codec = CODEC.get();
            codec.decoder = DecoderFactory.get().binaryDecoder(bytes, 1, bytes.length - 1, codec.decoder);
            StoredCaseValue value = reader.read(null, codec.decoder);
            if (!codec.decoder.isEnd()) {
                throw new IllegalArgumentException("bytes left after the case");
            }
            return CaseFileAvro.fromAvro(value);
        } catch (IOException | RuntimeException e) {
            throw new CorruptCaseException(
                    "Stored case " + caseId + " cannot be read as format " + format + ": " + e.getMessage(), e);
        }
    }

    private static StoredCase decodeJson(String caseId, byte[] bytes) {
        Envelope envelope;
        try {
            JsonNode tree = MAPPER.readTree(bytes);
            int format = tree.path("format").asInt(-1);
            if (format == JSON_FORMAT_WITHOUT_FINGERPRINTS && tree instanceof ObjectNode root) {
                upgradeFromFormat1(root);
            } else if (format != JSON_FORMAT && format != -1) {
                throw new CorruptCaseException(
                        "Stored case " + caseId + " has JSON format " + format + "; this version reads JSON formats "
                                + JSON_FORMAT_WITHOUT_FINGERPRINTS + " and " + JSON_FORMAT + " and binary formats "
                                + BINARY_FORMAT_3 + " to " + FORMAT,
                        null);
            }
            if (tree instanceof ObjectNode root) {
                addLaterParts(root);
            }
            envelope = MAPPER.treeToValue(tree, Envelope.class);
        } catch (JacksonException | IllegalArgumentException | NullPointerException e) {
            throw new CorruptCaseException(
                    "Stored case " + caseId + " cannot be read as JSON format " + JSON_FORMAT + ": " + e.getMessage(),
                    e);
        }
        if (envelope.caseFile() == null) {
            throw new CorruptCaseException("Stored value under key " + caseId + " is not that case", null);
        }
        return new StoredCase(envelope.caseFile(), envelope.timerDueAt());
    }

    /** Case file components added after the JSON formats, with the value a case stored then has. */
    private static final Map<String, JsonNode> LATER_CASE_FILE_PARTS = Map.of(
            "divisionTransfers", JsonNodeFactory.instance.arrayNode(),
            "fieldCorrections", JsonNodeFactory.instance.arrayNode(),
            "legalClockExtension", JsonNodeFactory.instance.nullNode(),
            "dispositions", JsonNodeFactory.instance.arrayNode(),
            "referralPathway", JsonNodeFactory.instance.nullNode(),
            "assessmentMode", JsonNodeFactory.instance.nullNode(),
            "delayReasons", JsonNodeFactory.instance.arrayNode(),
            "officerChanges", JsonNodeFactory.instance.arrayNode());

    /** Legal clock components added after the JSON formats (all null: no clock was extended then). */
    private static final List<String> LATER_LEGAL_CLOCK_PARTS =
            List.of("extendedAt", "extendedBy", "deadlineBeforeExtension");

    /** The correction component added after the JSON formats (null: no point was withdrawn then). */
    private static final String LATER_CORRECTION_PART = "withdrawnEventId";

    /** JSON formats 1 and 2 predate issue 13's facts and undo: a case stored then has none of them. */
    private static void addLaterParts(ObjectNode root) {
        if (root.get("caseFile") instanceof ObjectNode caseFile) {
            LATER_CASE_FILE_PARTS.forEach((name, value) -> {
                if (!caseFile.has(name)) {
                    caseFile.set(name, value.deepCopy());
                }
            });
            for (JsonNode correction : caseFile.path("corrections")) {
                if (correction instanceof ObjectNode node && !node.has(LATER_CORRECTION_PART)) {
                    node.putNull(LATER_CORRECTION_PART);
                }
            }
            if (caseFile.get("legalClock") instanceof ObjectNode clock) {
                for (String name : LATER_LEGAL_CLOCK_PARTS) {
                    if (!clock.has(name)) {
                        clock.putNull(name);
                    }
                }
            }
        }
    }

    /** Format 1 → 2: no fingerprints were kept, and rejections named no field. */
    private static void upgradeFromFormat1(ObjectNode root) {
        root.put("format", JSON_FORMAT);
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

    /**
     * Makes sure this class is initialized, which trusts the store's generated classes (below). {@link HandoverTopology}
     * calls it while it builds the topology, on the thread that builds it, before any stream thread runs.
     */
    static void initialize() {
        // The static initializer did the work.
    }

    /**
     * Avro 1.12 instantiates only the classes its global {@code ClassSecurityValidator} trusts. platform-support's
     * serdes add the event packages to it when they are configured; this adds the store's own package the same way
     * (a composite of the previous predicate), once, when this class is initialized. That global setting is not
     * synchronized across its writers, which is why it happens while the topology is built, before the stream threads
     * run (their serdes then find their packages trusted already and change nothing). A subclass of {@code
     * SpecificData} that loads the classes itself would avoid the global, but Avro's fast reader (about twice as fast
     * here) only works with {@code SpecificData} itself.
     */
    private static void trustGeneratedClasses() {
        String namespace = StoredCaseValue.class.getPackageName() + ".";
        ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(
                ClassSecurityValidator.getGlobal(), type -> type.getName().startsWith(namespace)));
    }

    private static Schema frozenSchema(String resource) {
        try (InputStream in = CaseStoreFormat.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("No frozen case store schema " + resource);
            }
            return new Schema.Parser().parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final class Codec {
        final ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        BinaryEncoder encoder;
        BinaryDecoder decoder;
    }

    /** A stored case that cannot be read: the submission that needed it is dead-lettered, not the partition. */
    static final class CorruptCaseException extends RuntimeException {
        CorruptCaseException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
