package uk.transferofcare.simulator;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A progress bar on stderr: redrawn in place on a terminal, a plain line every few seconds otherwise (logs, CI).
 */
final class Progress {

    final AtomicLong sent = new AtomicLong();
    final AtomicLong accepted = new AtomicLong();
    final AtomicLong refusedAsExpected = new AtomicLong();
    final AtomicLong retried = new AtomicLong();
    final AtomicLong unexpected = new AtomicLong();
    final AtomicLong casesDone = new AtomicLong();

    private final PrintStream err;
    private final boolean terminal;
    private final boolean quiet;
    private final long started = System.nanoTime();
    private volatile long totalCases = -1;
    private long lastPrint;
    private long lastSent;
    private long lastAt = System.nanoTime();

    Progress(PrintStream err, boolean terminal, boolean quiet) {
        this.err = err;
        this.terminal = terminal;
        this.quiet = quiet;
    }

    /** The number of cases when the run is bounded, for the bar. */
    void totalCases(long cases) {
        this.totalCases = cases;
    }

    /** Called often; prints at most 4 times a second on a terminal, every 5 s otherwise. */
    synchronized void tick(boolean force) {
        if (quiet) {
            return;
        }
        long now = System.nanoTime();
        long every = terminal ? 250_000_000L : 5_000_000_000L;
        if (!force && now - lastPrint < every) {
            return;
        }
        long s = sent.get();
        double rate = (s - lastSent) / Math.max(1e-9, (now - lastAt) / 1e9);
        lastSent = s;
        lastAt = now;
        lastPrint = now;
        long total = totalCases;
        long done = casesDone.get();
        String bar = "";
        if (total > 0) {
            int width = 24;
            int filled = (int) Math.min(width, width * done / total);
            bar = "[" + "#".repeat(filled) + ".".repeat(width - filled) + "] ";
        }
        String line = String.format(
                Locale.ROOT,
                "%scases %,d%s  sent %,d  %,.0f/s  202: %,d  refused as expected: %,d  retried: %,d  unexpected: %,d  %ds",
                bar,
                done,
                total > 0 ? String.format(Locale.ROOT, "/%,d", total) : "",
                s,
                rate,
                accepted.get(),
                refusedAsExpected.get(),
                retried.get(),
                unexpected.get(),
                (now - started) / 1_000_000_000L);
        if (terminal) {
            err.print("\r" + line + "   ");
            if (force) {
                err.println();
            }
        } else {
            err.println(line);
        }
        err.flush();
    }
}
