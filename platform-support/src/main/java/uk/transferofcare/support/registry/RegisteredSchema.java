package uk.transferofcare.support.registry;

import org.apache.avro.Schema;

/**
 * A schema as the registry knows it under a subject.
 *
 * @param subject the subject
 * @param id the global schema id, the one written into every record
 * @param version the version under the subject
 * @param schema the parsed Avro schema
 */
public record RegisteredSchema(String subject, int id, int version, Schema schema) {}
