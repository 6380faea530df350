package uk.transferofcare.registry;

/**
 * One record of the store topic, decoded. The layout is Confluent's (see {@link StoreCodec}); a {@code null}
 * value is a tombstone.
 *
 * @param key what the record is about
 * @param value the new state, or null to remove it
 */
record StoreRecord(Key key, Value value) {

    static StoreRecord tombstone(Key key) {
        return new StoreRecord(key, null);
    }

    /** Record keys. Compaction keeps the last record per key, so equal keys must encode to equal bytes. */
    sealed interface Key permits SchemaKey, ConfigKey, DeleteSubjectKey, NoopKey, OtherKey {}

    /** Record values. */
    sealed interface Value permits SchemaValue, ConfigValue, DeleteSubjectValue {}

    /** A version of a subject. */
    record SchemaKey(String subject, int version) implements Key {}

    /** The compatibility level of a subject, or the global one when {@code subject} is null. */
    record ConfigKey(String subject) implements Key {}

    /** A soft deletion of a whole subject. */
    record DeleteSubjectKey(String subject) implements Key {}

    /** Confluent writes these to find the end of the log; they carry nothing. */
    record NoopKey() implements Key {}

    /** A key type this registry does not interpret (e.g. Confluent's MODE or CONTEXT); skipped. */
    record OtherKey(String keytype) implements Key {}

    /**
     * A version of a subject.
     *
     * @param deleted soft-deleted
     */
    record SchemaValue(String subject, int version, int id, String schema, boolean deleted) implements Value {

        SchemaValue asDeleted() {
            return new SchemaValue(subject, version, id, schema, true);
        }
    }

    /** A compatibility level name, e.g. {@code BACKWARD}. */
    record ConfigValue(String compatibilityLevel) implements Value {}

    /** Every version up to {@code version} of the subject is soft-deleted. */
    record DeleteSubjectValue(String subject, int version) implements Value {}
}
