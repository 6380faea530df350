package uk.transferofcare.registry;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.TreeSet;
import uk.transferofcare.registry.StoreRecord.ConfigKey;
import uk.transferofcare.registry.StoreRecord.ConfigValue;
import uk.transferofcare.registry.StoreRecord.DeleteSubjectKey;
import uk.transferofcare.registry.StoreRecord.DeleteSubjectValue;
import uk.transferofcare.registry.StoreRecord.SchemaKey;
import uk.transferofcare.registry.StoreRecord.SchemaValue;

/**
 * Everything the registry knows, materialized from the store topic record by record in log order. The only writer
 * is the store's reader (replay at start-up, then every new record); the HTTP threads read. Thread-safe.
 */
final class RegistryState {

    /** Subject → version → the version's record (soft-deleted ones included). Sorted, as Confluent lists them. */
    private final Map<String, TreeMap<Integer, SchemaValue>> subjects = new TreeMap<>();

    /** Schema id → schema text, while at least one version (soft-deleted or not) uses the id. */
    private final Map<Integer, String> schemaById = new HashMap<>();

    /** Schema text → id: the same text in any subject gets the same id. */
    private final Map<String, Integer> idBySchema = new HashMap<>();

    /** Schema id → the versions that use it. */
    private final Map<Integer, TreeSet<SchemaKey>> usesOfId = new HashMap<>();

    private final Map<String, String> subjectCompatibility = new HashMap<>();
    private String globalCompatibility;

    /** The largest id ever seen, deleted or not: new ids are larger, so an id is never reused by this log. */
    private int maxId;

    private long appliedRecords;

    private static final Comparator<SchemaKey> KEY_ORDER =
            Comparator.comparing(SchemaKey::subject).thenComparingInt(SchemaKey::version);

    synchronized void apply(StoreRecord record) {
        appliedRecords++;
        if (record.key() instanceof SchemaKey key) {
            applySchema(key, (SchemaValue) record.value());
        } else if (record.key() instanceof ConfigKey key) {
            ConfigValue value = (ConfigValue) record.value();
            String level = value == null ? null : value.compatibilityLevel();
            if (key.subject() == null) {
                globalCompatibility = level;
            } else if (level == null) {
                subjectCompatibility.remove(key.subject());
            } else {
                subjectCompatibility.put(key.subject(), level);
            }
        } else if (record.key() instanceof DeleteSubjectKey key && record.value() instanceof DeleteSubjectValue value) {
            TreeMap<Integer, SchemaValue> versions = subjects.get(key.subject());
            if (versions != null) {
                versions.headMap(value.version(), true).replaceAll((v, schema) -> schema.asDeleted());
            }
        }
        // NOOP and key types this registry does not interpret change nothing.
    }

    /** Remembers an id used by a record this registry cannot serve, so that it is not handed out again. */
    synchronized void noteIdInUse(int id) {
        appliedRecords++;
        maxId = Math.max(maxId, id);
    }

    private void applySchema(SchemaKey key, SchemaValue value) {
        TreeMap<Integer, SchemaValue> versions = subjects.get(key.subject());
        SchemaValue previous = versions == null ? null : versions.get(key.version());
        if (previous != null) {
            forgetUse(previous.id(), key);
        }
        if (value == null) {
            if (versions != null) {
                versions.remove(key.version());
                if (versions.isEmpty()) {
                    subjects.remove(key.subject());
                }
            }
            return;
        }
        subjects.computeIfAbsent(key.subject(), s -> new TreeMap<>()).put(key.version(), value);
        schemaById.putIfAbsent(value.id(), value.schema());
        idBySchema.putIfAbsent(value.schema(), value.id());
        usesOfId.computeIfAbsent(value.id(), i -> new TreeSet<>(KEY_ORDER)).add(key);
        maxId = Math.max(maxId, value.id());
    }

    private void forgetUse(int id, SchemaKey key) {
        TreeSet<SchemaKey> uses = usesOfId.get(id);
        if (uses == null) {
            return;
        }
        uses.remove(key);
        if (uses.isEmpty()) {
            usesOfId.remove(id);
            String schema = schemaById.remove(id);
            if (schema != null) {
                idBySchema.remove(schema, id);
            }
        }
    }

    /** Subjects with at least one version that is not soft-deleted, or with any version at all. Sorted. */
    synchronized List<String> subjects(boolean includeDeleted) {
        List<String> names = new ArrayList<>();
        subjects.forEach((subject, versions) -> {
            if (includeDeleted || versions.values().stream().anyMatch(v -> !v.deleted())) {
                names.add(subject);
            }
        });
        return names;
    }

    synchronized boolean hasSubject(String subject, boolean includeDeleted) {
        TreeMap<Integer, SchemaValue> versions = subjects.get(subject);
        return versions != null && (includeDeleted || versions.values().stream().anyMatch(v -> !v.deleted()));
    }

    /** The subject's versions in ascending order. */
    synchronized List<SchemaValue> versions(String subject, boolean includeDeleted) {
        TreeMap<Integer, SchemaValue> versions = subjects.get(subject);
        if (versions == null) {
            return List.of();
        }
        return versions.values().stream()
                .filter(v -> includeDeleted || !v.deleted())
                .toList();
    }

    /** One version, soft-deleted or not. */
    synchronized Optional<SchemaValue> version(String subject, int version) {
        TreeMap<Integer, SchemaValue> versions = subjects.get(subject);
        return Optional.ofNullable(versions == null ? null : versions.get(version));
    }

    /** The highest version that is not soft-deleted. */
    synchronized Optional<SchemaValue> latest(String subject) {
        TreeMap<Integer, SchemaValue> versions = subjects.get(subject);
        if (versions == null) {
            return Optional.empty();
        }
        return versions.descendingMap().values().stream()
                .filter(v -> !v.deleted())
                .findFirst();
    }

    /** The highest version number of the subject, soft-deleted ones included; 0 when none. */
    synchronized int maxVersion(String subject) {
        TreeMap<Integer, SchemaValue> versions = subjects.get(subject);
        return versions == null || versions.isEmpty() ? 0 : versions.lastKey();
    }

    /** The version of the subject with exactly this schema text, preferring one that is not soft-deleted. */
    synchronized Optional<SchemaValue> find(String subject, String schema) {
        TreeMap<Integer, SchemaValue> versions = subjects.get(subject);
        if (versions == null) {
            return Optional.empty();
        }
        SchemaValue deletedMatch = null;
        for (SchemaValue v : versions.descendingMap().values()) {
            if (v.schema().equals(schema)) {
                if (!v.deleted()) {
                    return Optional.of(v);
                }
                if (deletedMatch == null) {
                    deletedMatch = v;
                }
            }
        }
        return Optional.ofNullable(deletedMatch);
    }

    synchronized OptionalInt idOf(String schema) {
        Integer id = idBySchema.get(schema);
        return id == null ? OptionalInt.empty() : OptionalInt.of(id);
    }

    synchronized Optional<String> schemaOf(int id) {
        return Optional.ofNullable(schemaById.get(id));
    }

    /** The versions using the id, by subject then version. */
    synchronized List<SchemaValue> usesOf(int id, boolean includeDeleted) {
        TreeSet<SchemaKey> uses = usesOfId.get(id);
        if (uses == null) {
            return List.of();
        }
        List<SchemaValue> result = new ArrayList<>();
        for (SchemaKey key : uses) {
            SchemaValue value = subjects.get(key.subject()).get(key.version());
            if (includeDeleted || !value.deleted()) {
                result.add(value);
            }
        }
        return result;
    }

    /** The subject's own compatibility level, or null. */
    synchronized String subjectCompatibility(String subject) {
        return subjectCompatibility.get(subject);
    }

    /** The configured global compatibility level, or null for the default. */
    synchronized String globalCompatibility() {
        return globalCompatibility;
    }

    synchronized int maxId() {
        return maxId;
    }

    synchronized long appliedRecords() {
        return appliedRecords;
    }
}
