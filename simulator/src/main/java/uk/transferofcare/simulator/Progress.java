package uk.transferofcare.simulator;

import java.io.PrintStream;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The run's counters, and a progress bar on stderr: redrawn in place on a terminal, a plain line every few seconds
 * otherwise (logs, CI).
 */
final class Progress {

    /** Submissions sent and answered for the first time. */
    final AtomicLong sent = new AtomicLong();
    /** Answered re-sends of a submission after a 202 (same eventId and body). */
    final AtomicLong resent = new AtomicLong();
    /** 202 HELD answers, each compared with the oracle. */
    final AtomicLong heldAnswers = new AtomicLong();
    /** 202 PENDING answers: no verdict within the API's wait, sent again. */
    final AtomicLong pendingAnswers = new AtomicLong();
    /** Transient failures sent again (429, 503, 5xx, network). */
    final AtomicLong retried = new AtomicLong();

    final AtomicLong unexpected = new AtomicLong();
    final AtomicLong casesDone = new AtomicLong();

    private final Map<ExpectedCase.Verdict, AtomicLong> verdicts = new EnumMap<>(ExpectedCase.Verdict.class);
    private final Map<CaseGenerator.Scenario, AtomicLong> scenarioSubmissions =
            new EnumMap<>(CaseGenerator.Scenario.class);

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
        for (ExpectedCase.Verdict verdict : ExpectedCase.Verdict.values()) {
            verdicts.put(verdict, new AtomicLong());
        }
        for (CaseGenerator.Scenario scenario : CaseGenerator.Scenario.values()) {
            scenarioSubmissions.put(scenario, new AtomicLong());
        }
    }

    /** A final answer that was compared with the oracle's (HELD: held to the end of the run, as expected). */
    void verdict(ExpectedCase.Verdict verdict) {
        verdicts.get(verdict).incrementAndGet();
    }

    void scenarioSubmission(CaseGenerator.Scenario scenario) {
        scenarioSubmissions.get(scenario).incrementAndGet();
    }

    /** Final verdicts compared, by status. */
    Map<String, Long> verdicts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        verdicts.forEach((verdict, count) -> counts.put(verdict.name(), count.get()));
        return counts;
    }

    long verdictsCompared() {
        return verdicts.values().stream().mapToLong(AtomicLong::get).sum();
    }

    /** Submissions sent per stress scenario. */
    Map<String, Long> scenarioSubmissions() {
        Map<String, Long> counts = new LinkedHashMap<>();
        scenarioSubmissions.forEach((scenario, count) -> counts.put(scenario.label(), count.get()));
        return counts;
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
        long s = sent.get() + resent.get();
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
                "%scases %,d%s  sent %,d (+%,d again)  %,.0f/s  verdicts %,d  held %,d  pending %,d  retried %,d"
                        + "  unexpected %,d  %ds",
                bar,
                done,
                total > 0 ? String.format(Locale.ROOT, "/%,d", total) : "",
                sent.get(),
                resent.get(),
                rate,
                verdictsCompared(),
                heldAnswers.get(),
                pendingAnswers.get(),
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
