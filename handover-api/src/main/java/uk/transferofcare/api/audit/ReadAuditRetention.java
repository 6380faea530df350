package uk.transferofcare.api.audit;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Deletes rows of {@code audit.reads} older than {@code handover.audit.retention} (default 6 years), every {@code
 * handover.audit.retention-check-interval} (default 1 h) and once at start. One instance at a time does it (a
 * PostgreSQL advisory lock taken per batch; the others skip that round), in batches of {@value #BATCH} rows so no
 * transaction holds many locks.
 */
@Component
class ReadAuditRetention implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ReadAuditRetention.class);

    static final int BATCH = 10_000;

    /** The advisory lock's key: any number no other part of the platform uses ("audit" in ASCII). */
    private static final long LOCK = 0x6175646974L;

    private static final String DELETE_BATCH = """
            DELETE FROM audit.reads WHERE id IN (
                SELECT id FROM audit.reads WHERE read_at < ? ORDER BY read_at LIMIT ?)
            """;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final ReadAuditProperties properties;
    private final Clock clock;
    private ScheduledExecutorService scheduler;

    ReadAuditRetention(
            JdbcTemplate jdbc, PlatformTransactionManager transactions, ReadAuditProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.transactions = new TransactionTemplate(transactions);
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * Deletes every row read before now minus the retention. Returns how many were deleted, or -1 when another
     * instance held the lock.
     */
    long purge() {
        Instant cutoff = clock.instant().minus(properties.retention());
        long total = 0;
        while (true) {
            Integer deleted = transactions.execute(status -> {
                Boolean locked = jdbc.queryForObject("SELECT pg_try_advisory_xact_lock(?)", Boolean.class, LOCK);
                return Boolean.TRUE.equals(locked) ? jdbc.update(DELETE_BATCH, Timestamp.from(cutoff), BATCH) : -1;
            });
            if (deleted == null || deleted < 0) {
                return total == 0 ? -1 : total;
            }
            total += deleted;
            if (deleted < BATCH) {
                if (total > 0) {
                    log.info(
                            "Deleted {} reads older than {} from audit.reads (handover.audit.retention {})",
                            total,
                            cutoff,
                            properties.retention());
                }
                return total;
            }
        }
    }

    private void purgeQuietly() {
        try {
            purge();
        } catch (RuntimeException e) {
            log.warn("Could not apply the retention of audit.reads (tried again in {}): {}", interval(), e.toString());
        }
    }

    private Duration interval() {
        return properties.retentionCheckInterval();
    }

    @Override
    public synchronized void start() {
        if (scheduler != null) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "audit-retention");
            t.setDaemon(true);
            return t;
        });
        long every = interval().toMillis();
        scheduler.scheduleWithFixedDelay(this::purgeQuietly, 0, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return scheduler != null;
    }
}
