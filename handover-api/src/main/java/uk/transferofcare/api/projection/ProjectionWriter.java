package uk.transferofcare.api.projection;

import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Applies one batch of records to every {@link ProjectionTable} in one JDBC transaction. The transaction first takes
 * a transaction-scoped advisory lock shared by every writer (every API instance's consumer), so projection
 * transactions commit one after another: change ids drawn from {@code projection.case_changes} are then visible in
 * the order they were drawn, and a board stream that has seen change id n has seen every change before it.
 */
@Component
public class ProjectionWriter {

    /** The advisory lock key of projection writers ("toc-proj" in ASCII). */
    static final long WRITER_LOCK = 0x746f632d70726f6aL;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final List<ProjectionTable> tables;

    public ProjectionWriter(JdbcTemplate jdbc, TransactionTemplate transactions, List<ProjectionTable> tables) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.tables = List.copyOf(tables);
    }

    /** Applies the records (in offset order per partition) atomically: all or nothing. */
    public void apply(List<ProjectedRecord> records) {
        if (records.isEmpty()) {
            return;
        }
        transactions.executeWithoutResult(status -> {
            jdbc.query("SELECT pg_advisory_xact_lock(?)", rs -> {}, WRITER_LOCK);
            for (ProjectionTable table : tables) {
                table.apply(records);
            }
        });
    }
}
