package uk.transferofcare.registry;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;

/**
 * Compatibility of a new schema with earlier versions, decided by Avro's {@link SchemaCompatibility} (the check
 * behind Avro's {@code SchemaValidatorBuilder}) with the strategies and messages of Confluent's registry:
 *
 * <ul>
 *   <li>BACKWARD: the new schema can read data written with the previous one ("can read");
 *   <li>FORWARD: the previous schema can read data written with the new one ("can be read");
 *   <li>FULL: both;
 *   <li>*_TRANSITIVE: the same against every earlier version, newest first, stopping at the first that fails;
 *       otherwise against the latest only.
 * </ul>
 *
 * <p>Each problem is described as Confluent does, e.g. {@code {errorType:'READER_FIELD_MISSING_DEFAULT_VALUE',
 * description:'The field 'b' at path '/fields/1' in the new schema has no default value and is missing in the old
 * schema', additionalInfo:'b'}}, followed by {@code {oldSchemaVersion: N}}, {@code {oldSchema: '...'}} and
 * {@code {validateFields: 'false', compatibility: 'LEVEL'}}.
 */
final class CompatibilityChecker {

    private static final int MAX_SCHEMA_SIZE_FOR_MESSAGES = 10 * 1024;
    private static final String NEW = "new";
    private static final String OLD = "old";

    private CompatibilityChecker() {}

    /** An earlier version: its number (null when unknown) and schema. */
    record Previous(Integer version, String text, Schema schema) {}

    /**
     * The reasons the new schema is incompatible, empty when it is compatible.
     *
     * @param previous earlier versions in ascending order (oldest first)
     */
    static List<String> check(CompatibilityLevel level, Schema candidate, List<Previous> previous) {
        if (level == CompatibilityLevel.NONE || previous.isEmpty()) {
            return List.of();
        }
        List<Previous> newestFirst = new ArrayList<>(previous);
        java.util.Collections.reverse(newestFirst);
        List<Previous> toCheck = level.transitive() ? newestFirst : newestFirst.subList(0, 1);
        List<String> messages = new ArrayList<>();
        for (Previous existing : toCheck) {
            messages = strategy(level, candidate, existing);
            if (!messages.isEmpty()) {
                break;
            }
        }
        if (!messages.isEmpty()) {
            messages.add("{validateFields: 'false', compatibility: '" + level + "'}");
        }
        return messages;
    }

    private static List<String> strategy(CompatibilityLevel level, Schema candidate, Previous existing) {
        return switch (level) {
            case BACKWARD, BACKWARD_TRANSITIVE -> canRead(candidate, existing);
            case FORWARD, FORWARD_TRANSITIVE -> canBeRead(candidate, existing);
            case FULL, FULL_TRANSITIVE -> {
                List<String> messages = differences(existing.schema(), candidate, OLD, NEW);
                messages.addAll(canRead(candidate, existing));
                yield messages;
            }
            case NONE -> List.of();
        };
    }

    /** The candidate, as reader, can read data written with the existing schema. */
    private static List<String> canRead(Schema candidate, Previous existing) {
        return withOldSchema(differences(candidate, existing.schema(), NEW, OLD), existing);
    }

    /** The existing schema, as reader, can read data written with the candidate. */
    private static List<String> canBeRead(Schema candidate, Previous existing) {
        return withOldSchema(differences(existing.schema(), candidate, OLD, NEW), existing);
    }

    private static List<String> differences(Schema reader, Schema writer, String readerName, String writerName) {
        List<String> messages = new ArrayList<>();
        try {
            SchemaCompatibility.SchemaPairCompatibility result =
                    SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
            for (Incompatibility incompatibility : result.getResult().getIncompatibilities()) {
                messages.add(describe(incompatibility, readerName, writerName));
            }
        } catch (RuntimeException e) {
            // As Confluent: a check that cannot be made counts as incompatible, with the reason.
            messages.add("Unexpected exception during compatibility check: " + e);
        }
        return messages;
    }

    private static List<String> withOldSchema(List<String> messages, Previous existing) {
        if (!messages.isEmpty()) {
            if (existing.version() != null) {
                messages.add("{oldSchemaVersion: " + existing.version() + "}");
            }
            String text = existing.text();
            if (text.length() <= MAX_SCHEMA_SIZE_FOR_MESSAGES) {
                messages.add("{oldSchema: '" + text + "'}");
            } else {
                messages.add("{oldSchema: <truncated to " + MAX_SCHEMA_SIZE_FOR_MESSAGES + " characters> '"
                        + text.substring(0, MAX_SCHEMA_SIZE_FOR_MESSAGES) + "'}");
            }
        }
        return messages;
    }

    /** Confluent's wording of one Avro incompatibility. */
    static String describe(Incompatibility incompatibility, String reader, String writer) {
        String path = incompatibility.getLocation();
        String info = incompatibility.getMessage();
        String description = switch (incompatibility.getType()) {
            case FIXED_SIZE_MISMATCH ->
                "The size of FIXED type field at path '" + path + "' in the " + reader
                        + " schema does not match with the " + writer + " schema";
            case TYPE_MISMATCH ->
                "The type (path '" + path + "') of a field in the " + reader + " schema does not match with the "
                        + writer + " schema";
            case NAME_MISMATCH -> "The name of the schema has changed (path '" + path + "')";
            case MISSING_ENUM_SYMBOLS ->
                "The " + reader + " schema is missing enum symbols '" + info + "' at path '" + path + "' in the "
                        + writer + " schema";
            case MISSING_UNION_BRANCH ->
                "The " + reader + " schema is missing a type inside a union field at" + " path '" + path + "' in the "
                        + writer + " schema";
            case READER_FIELD_MISSING_DEFAULT_VALUE ->
                "The field '" + info + "' at path '" + path
                        + "' in the " + reader + " schema has no default value and is missing in the " + writer
                        + " schema";
            default -> "";
        };
        return "{errorType:'" + incompatibility.getType() + "', description:'" + description + "', additionalInfo:'"
                + info + "'}";
    }
}
