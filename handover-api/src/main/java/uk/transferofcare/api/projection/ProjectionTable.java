package uk.transferofcare.api.projection;

import java.util.List;

/**
 * A feature's tables in the projection: told about every record of a batch, in offset order per partition, inside
 * the batch's one transaction (use the shared {@code JdbcTemplate}: it joins the transaction). Upserts must be
 * idempotent (guarded by the case version, or by the Kafka offset where there is no version): a batch is delivered
 * again after a crash between the database commit and the offset commit.
 */
public interface ProjectionTable {

    /** Writes what the records change; throws to roll the whole batch back. */
    void apply(List<ProjectedRecord> records);
}
