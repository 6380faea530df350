package uk.transferofcare.resilience;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** The suite's table: one row per fault kind, in the console and in {@code resilience/results/<date>-faults.md}. */
final class ResultTable {

    static final String HEADER = "| fault | submissions | retries | answers unlike the truth | cases unlike the truth"
            + " | every service ready again after | result |\n|---|---:|---:|---:|---:|---:|---|\n";

    private ResultTable() {}

    /** One line for the console while the suite runs. */
    static String line(FaultSuite.Row row, Duration pause) {
        return "   -> " + cells(row, pause).replace(" | ", "; ");
    }

    static String markdown(List<FaultSuite.Row> rows, Duration pause) {
        StringBuilder table = new StringBuilder(HEADER);
        for (FaultSuite.Row row : rows) {
            table.append("| ").append(cells(row, pause)).append(" |\n");
        }
        return table.toString();
    }

    private static String cells(FaultSuite.Row row, Duration pause) {
        String ready = row.fault().kind() == Fault.Kind.NONE
                ? "-"
                : row.readyAgainAfter().isNegative()
                        ? "not within 5 min"
                        : String.format(
                                Locale.ROOT, "%.1f s", row.readyAgainAfter().toMillis() / 1000.0);
        if (row.result().isEmpty()) {
            return String.join(" | ", row.fault().describe(pause), "-", "-", "-", "-", ready, "FAILED: " + row.note());
        }
        SimulatorResult r = row.result().get();
        String verdict = r.clean() ? "0 lost, 0 wrong" : "FAILED";
        if (!row.note().isEmpty()) {
            verdict += " (" + row.note() + ")";
        }
        return String.join(
                " | ",
                row.fault().describe(pause),
                String.format(Locale.ROOT, "%,d", r.submissions()),
                String.format(Locale.ROOT, "%,d", r.retries()),
                String.format(Locale.ROOT, "%,d", r.unexpected()),
                r.casesDiffering() < 0
                        ? "not verified"
                        : String.format(Locale.ROOT, "%,d of %,d", r.casesDiffering(), r.cases()),
                ready,
                verdict);
    }

    /** The results file: when, where, the command, the table and what it does not check. */
    static String document(
            List<FaultSuite.Row> rows,
            FaultSuite.Options options,
            String started,
            String loadBefore,
            String loadAfter,
            String args) {
        return "# Fault suite, " + started + "\n\n"
                + "`java -jar resilience/target/resilience-0.1.0-SNAPSHOT.jar " + args + "`"
                + String.format(
                        Locale.ROOT,
                        " on %d Kafka node(s); per fault %d cases from the simulator at %.0f submissions/s, the fault"
                                + " %d s into the traffic. Load average (1, 5, 15 min) before: %s; after: %s.%n%n",
                        options.brokers(),
                        options.cases(),
                        options.rate(),
                        options.faultAfter().toSeconds(),
                        loadBefore,
                        loadAfter)
                + markdown(rows, options.pause())
                + "\n\"Answers unlike the truth\": answers whose verdict differs from the simulator's oracle, or"
                + " submissions given up after every retry. \"Cases unlike the truth\": cases that `GET"
                + " /api/v1/handovers/{id}` shows differently from the ground truth (state, division, officer count,"
                + " every time point) two minutes after the traffic ended at the latest: a submission answered 2xx but"
                + " never applied, or applied twice, shows here. \"Ready again\": from the fault until every service"
                + " answered `/readyz` UP and the registry, PostgreSQL and every Kafka node accepted connections.\n\n"
                + "Not checked here yet (issue 15): notifications delivered twice, report cells against the truth"
                + " (`GroundTruthIT` does that without faults), alerts firing and clearing, two API and two processor"
                + " instances, the latency goal's recovery time.\n";
    }
}
