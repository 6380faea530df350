package uk.transferofcare.support.registry;

import java.util.List;
import org.apache.avro.Schema;

/**
 * The calls serializers and deserializers make to a Confluent-compatible schema registry. Implementations cache what
 * never changes (schema by id, id by subject and schema).
 */
public interface SchemaRegistryClient {

    /** Registers the schema under the subject (or finds it registered) and returns its global id. */
    int register(String subject, Schema schema, boolean normalize);

    /** The id of this schema under the subject, without registering it. */
    int lookup(String subject, Schema schema, boolean normalize);

    /** The latest version under the subject. */
    RegisteredSchema latest(String subject);

    /** The schema with this global id. */
    Schema byId(int id);

    /** Whether the schema could be registered under the subject given its compatibility level. */
    boolean isCompatible(String subject, Schema schema);

    /**
     * Sets the compatibility level of one subject ({@code PUT /config/<subject>}), e.g. {@code BACKWARD_TRANSITIVE};
     * a change to the registry, so it needs a writer's credentials where writes are authenticated.
     */
    void setCompatibility(String subject, String level);

    /** Every (non-deleted) subject. */
    List<String> subjects();
}
