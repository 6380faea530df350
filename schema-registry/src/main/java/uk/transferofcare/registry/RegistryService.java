package uk.transferofcare.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.avro.Schema;
import uk.transferofcare.registry.CompatibilityChecker.Previous;
import uk.transferofcare.registry.StoreRecord.ConfigKey;
import uk.transferofcare.registry.StoreRecord.ConfigValue;
import uk.transferofcare.registry.StoreRecord.DeleteSubjectKey;
import uk.transferofcare.registry.StoreRecord.DeleteSubjectValue;
import uk.transferofcare.registry.StoreRecord.SchemaKey;
import uk.transferofcare.registry.StoreRecord.SchemaValue;

/**
 * The registry's rules, as Confluent Schema Registry applies them: ids shared by equal schemas across subjects,
 * versions numbered per subject (soft-deleted ones keep their numbers), compatibility checked against the versions
 * that are not soft-deleted, permanent deletion only after soft deletion.
 *
 * <p>Reads come from the {@link RegistryState}; every change is a list of records written through the
 * {@link SchemaStore}, which returns once they are applied. Writes are serialized by one lock, so the decision and
 * its records see the same state. One registry instance writes to a store topic at a time (no leader election).
 */
final class RegistryService {

    /** A schema as a client sent it (the body of register, lookup and compatibility requests). */
    record SchemaRequest(String schema, String schemaType, int referenceCount, Integer version, Integer id) {

        static SchemaRequest of(String schema) {
            return new SchemaRequest(schema, null, 0, null, null);
        }
    }

    private record Candidate(Schema schema, String text) {}

    static final String AVRO = "AVRO";

    private final RegistryState state;
    private final SchemaStore store;
    private final ReentrantLock writes = new ReentrantLock();
    private final Map<String, Schema> parsedByText = new ConcurrentHashMap<>();

    RegistryService(RegistryState state, SchemaStore store) {
        this.state = state;
        this.store = store;
    }

    // ---------------------------------------------------------------- schemas under subjects

    /** Registers the schema under the subject, or finds it there, and returns its id. */
    int register(String subject, SchemaRequest request, boolean normalize) {
        validateSubject(subject);
        Candidate candidate = parse(request, normalize);
        writes.lock();
        try {
            Optional<SchemaValue> existing =
                    state.find(subject, candidate.text()).filter(v -> !v.deleted());
            if (existing.isPresent()
                    && (request.id() == null
                            || request.id() < 0
                            || request.id() == existing.get().id())) {
                return existing.get().id();
            }
            if (request.id() != null && request.id() >= 0) {
                throw RegistryException.operationNotPermitted("Subject " + subject + " is not in import mode");
            }
            int newVersion = state.maxVersion(subject) + 1;
            if (request.version() != null && request.version() > 0 && request.version() != newVersion) {
                throw RegistryException.invalidSchema("Version is not one more than previous version");
            }
            List<String> problems = CompatibilityChecker.check(
                    effectiveLevel(subject), candidate.schema(), previous(state.versions(subject, false)));
            if (!problems.isEmpty()) {
                throw RegistryException.incompatible(subject, problems);
            }
            int id = state.idOf(candidate.text()).orElse(state.maxId() + 1);
            List<StoreRecord> records = new ArrayList<>();
            for (SchemaValue deleted : state.versions(subject, true)) {
                // A soft-deleted version of the same schema gives way to the new version, as in Confluent.
                if (deleted.deleted() && deleted.id() == id && deleted.version() < newVersion) {
                    records.add(StoreRecord.tombstone(new SchemaKey(subject, deleted.version())));
                }
            }
            records.add(new StoreRecord(
                    new SchemaKey(subject, newVersion),
                    new SchemaValue(subject, newVersion, id, candidate.text(), false)));
            store.write(records);
            return id;
        } finally {
            writes.unlock();
        }
    }

    /** The version of the subject holding this schema. */
    SchemaValue lookup(String subject, SchemaRequest request, boolean normalize, boolean includeDeleted) {
        Candidate candidate = parse(request, normalize);
        return state.find(subject, candidate.text())
                .filter(v -> includeDeleted || !v.deleted())
                .orElseThrow(() -> state.hasSubject(subject, includeDeleted)
                        ? RegistryException.schemaNotFound()
                        : RegistryException.subjectNotFound(subject));
    }

    List<String> subjects(boolean includeDeleted) {
        return state.subjects(includeDeleted);
    }

    List<Integer> versions(String subject, boolean includeDeleted) {
        List<SchemaValue> versions = state.versions(subject, includeDeleted);
        if (versions.isEmpty()) {
            throw RegistryException.subjectNotFound(subject);
        }
        return versions.stream().map(SchemaValue::version).toList();
    }

    /** A version by number, {@code latest} or {@code -1}. */
    SchemaValue version(String subject, String versionText, boolean includeDeleted) {
        int version = parseVersion(versionText);
        Optional<SchemaValue> found = version == -1
                ? state.latest(subject)
                : state.version(subject, version).filter(v -> includeDeleted || !v.deleted());
        return found.orElseThrow(() -> state.hasSubject(subject, includeDeleted)
                ? RegistryException.versionNotFound(version)
                : RegistryException.subjectNotFound(subject));
    }

    /** Soft-deletes a version, or permanently deletes a soft-deleted one; returns its number. */
    int deleteVersion(String subject, String versionText, boolean permanent) {
        int version = parseVersion(versionText);
        writes.lock();
        try {
            if (version != -1) {
                Optional<SchemaValue> raw = state.version(subject, version);
                if (raw.isPresent() && raw.get().deleted() && !permanent) {
                    throw RegistryException.versionSoftDeleted(subject, versionText);
                }
            }
            SchemaValue target = (version == -1 ? state.latest(subject) : state.version(subject, version))
                    .orElseThrow(() -> state.hasSubject(subject, true)
                            ? RegistryException.versionNotFound(version)
                            : RegistryException.subjectNotFound(subject));
            List<StoreRecord> records = new ArrayList<>();
            SchemaKey key = new SchemaKey(subject, target.version());
            if (permanent) {
                if (!target.deleted()) {
                    throw RegistryException.versionNotSoftDeleted(subject, String.valueOf(target.version()));
                }
                records.add(StoreRecord.tombstone(key));
            } else {
                records.add(new StoreRecord(key, target.asDeleted()));
                boolean lastLiveVersion =
                        state.versions(subject, false).stream().allMatch(v -> v.version() == target.version());
                if (lastLiveVersion && state.subjectCompatibility(subject) != null) {
                    // As Confluent: a subject left without live versions loses its own compatibility level.
                    records.add(StoreRecord.tombstone(new ConfigKey(subject)));
                }
            }
            store.write(records);
            return target.version();
        } finally {
            writes.unlock();
        }
    }

    /** Soft-deletes every live version, or permanently deletes a soft-deleted subject; returns the versions. */
    List<Integer> deleteSubject(String subject, boolean permanent) {
        writes.lock();
        try {
            if (!state.hasSubject(subject, true)) {
                throw RegistryException.subjectNotFound(subject);
            }
            if (!permanent && !state.hasSubject(subject, false)) {
                throw RegistryException.subjectSoftDeleted(subject);
            }
            List<StoreRecord> records = new ArrayList<>();
            List<Integer> deleted = new ArrayList<>();
            if (permanent) {
                for (SchemaValue v : state.versions(subject, true)) {
                    if (!v.deleted()) {
                        throw RegistryException.subjectNotSoftDeleted(subject);
                    }
                    records.add(StoreRecord.tombstone(new SchemaKey(subject, v.version())));
                    deleted.add(v.version());
                }
            } else {
                List<SchemaValue> live = state.versions(subject, false);
                live.forEach(v -> deleted.add(v.version()));
                int watermark = live.get(live.size() - 1).version();
                records.add(new StoreRecord(new DeleteSubjectKey(subject), new DeleteSubjectValue(subject, watermark)));
                if (state.subjectCompatibility(subject) != null) {
                    records.add(StoreRecord.tombstone(new ConfigKey(subject)));
                }
            }
            store.write(records);
            return deleted;
        } finally {
            writes.unlock();
        }
    }

    // ---------------------------------------------------------------- schemas by id

    String schema(int id) {
        return state.schemaOf(id).orElseThrow(() -> RegistryException.schemaNotFound(id));
    }

    /** The versions using the id, ordered by subject then version. */
    List<SchemaValue> versionsOf(int id, boolean includeDeleted) {
        schema(id);
        return state.usesOf(id, includeDeleted);
    }

    // ---------------------------------------------------------------- compatibility levels

    CompatibilityLevel effectiveLevel(String subject) {
        String own = subject == null ? null : state.subjectCompatibility(subject);
        String level = own != null ? own : state.globalCompatibility();
        return CompatibilityLevel.forName(level).orElse(CompatibilityLevel.DEFAULT);
    }

    CompatibilityLevel globalLevel() {
        return effectiveLevel(null);
    }

    CompatibilityLevel subjectLevel(String subject, boolean defaultToGlobal) {
        String own = state.subjectCompatibility(subject);
        if (own != null) {
            return CompatibilityLevel.forName(own).orElse(CompatibilityLevel.DEFAULT);
        }
        if (defaultToGlobal) {
            return globalLevel();
        }
        throw RegistryException.subjectCompatibilityNotConfigured(subject);
    }

    /** Sets the global level (subject null) or a subject's. */
    CompatibilityLevel setLevel(String subject, String levelName) {
        CompatibilityLevel level =
                CompatibilityLevel.forName(levelName).orElseThrow(RegistryException::invalidCompatibilityLevel);
        if (subject != null) {
            validateSubject(subject);
        }
        writes.lock();
        try {
            store.write(List.of(new StoreRecord(new ConfigKey(subject), new ConfigValue(level.name()))));
            return level;
        } finally {
            writes.unlock();
        }
    }

    /** Removes the subject's own level and returns it. */
    CompatibilityLevel deleteSubjectLevel(String subject) {
        writes.lock();
        try {
            String own = state.subjectCompatibility(subject);
            if (own == null) {
                throw RegistryException.subjectNotFound(subject);
            }
            store.write(List.of(StoreRecord.tombstone(new ConfigKey(subject))));
            return CompatibilityLevel.forName(own).orElse(CompatibilityLevel.DEFAULT);
        } finally {
            writes.unlock();
        }
    }

    /** Reverts the global level to the default and returns the one it had. */
    CompatibilityLevel deleteGlobalLevel() {
        writes.lock();
        try {
            CompatibilityLevel old = globalLevel();
            if (state.globalCompatibility() != null) {
                store.write(List.of(StoreRecord.tombstone(new ConfigKey(null))));
            }
            return old;
        } finally {
            writes.unlock();
        }
    }

    /**
     * Why the schema could not be registered under the subject, checked against one version ({@code latest}
     * included) or, when {@code versionText} is null, against the versions the subject's level looks at.
     *
     * @param verbose when true an invalid schema is reported as a message instead of a 42201 error
     */
    List<String> testCompatibility(String subject, String versionText, SchemaRequest request, boolean verbose) {
        List<SchemaValue> against;
        if (versionText == null) {
            against = state.versions(subject, false);
        } else {
            int version = parseVersion(versionText);
            Optional<SchemaValue> target = version == -1
                    ? state.latest(subject)
                    : state.version(subject, version).filter(v -> !v.deleted());
            if (target.isEmpty() && version != -1) {
                throw RegistryException.versionNotFound(version);
            }
            against = target.map(List::of).orElse(List.of());
        }
        Candidate candidate;
        try {
            candidate = parse(request, false);
        } catch (RegistryException e) {
            if (verbose && e.errorCode() == RegistryException.INVALID_SCHEMA) {
                return List.of(e.getMessage());
            }
            throw e;
        }
        return CompatibilityChecker.check(effectiveLevel(subject), candidate.schema(), previous(against));
    }

    // ---------------------------------------------------------------- helpers

    private List<Previous> previous(List<SchemaValue> versions) {
        return versions.stream()
                .map(v -> new Previous(
                        v.version(), v.schema(), parsedByText.computeIfAbsent(v.schema(), AvroSchemas::parse)))
                .toList();
    }

    private Candidate parse(SchemaRequest request, boolean normalize) {
        if (request.schemaType() != null && !AVRO.equals(request.schemaType())) {
            throw RegistryException.invalidSchema("Invalid schema type " + request.schemaType()
                    + ": this registry supports AVRO schemas only (not JSON Schema or Protobuf)");
        }
        if (request.referenceCount() > 0) {
            throw RegistryException.invalidSchema("Schema references are not supported by this registry:"
                    + " declare the referenced named types inline in the schema");
        }
        if (request.schema() == null || request.schema().isBlank()) {
            throw RegistryException.invalidSchema("Empty schema");
        }
        Schema schema;
        try {
            schema = AvroSchemas.parse(request.schema());
        } catch (RuntimeException e) {
            throw RegistryException.invalidSchema("Invalid schema of type AVRO, details: " + e.getMessage());
        } catch (StackOverflowError e) {
            throw RegistryException.invalidSchema("Invalid schema of type AVRO, details: nested too deeply");
        }
        return new Candidate(schema, AvroSchemas.storedForm(schema, normalize));
    }

    /** Confluent's version ids: 1 to 2^31-1, {@code latest} or -1 (latest). */
    static int parseVersion(String text) {
        if (text == null || text.isBlank()) {
            throw RegistryException.invalidVersion(String.valueOf(text));
        }
        String trimmed = text.trim();
        if (trimmed.equalsIgnoreCase("latest")) {
            return -1;
        }
        int version;
        try {
            version = Integer.parseInt(trimmed);
        } catch (NumberFormatException e) {
            throw RegistryException.invalidVersion(text);
        }
        if (version <= 0 && version != -1) {
            throw RegistryException.invalidVersion(text);
        }
        return version;
    }

    private static void validateSubject(String subject) {
        if (subject == null || subject.isBlank() || subject.chars().anyMatch(Character::isISOControl)) {
            throw RegistryException.invalidSubject(subject);
        }
    }
}
