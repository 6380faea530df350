package uk.transferofcare.api.projection;

/**
 * One decoded record of a projected topic.
 *
 * @param key the case id
 * @param value the Avro value ({@code CaseSnapshot}, {@code SubmissionOutcome}, {@code SubmissionRejected}, {@code
 *     CompletedCase}), null for a tombstone
 */
public record ProjectedRecord(String topic, int partition, long offset, String key, Object value) {}
