package uk.transferofcare.resilience;

import java.util.List;
import java.util.Locale;

/** The suite's table: one row per fault kind, in the console and in {@code resilience/results/<date>-faults.md}. */
final class ResultTable {

    static final String HEADER =
            "| fault | submissions | retries | answers unlike the truth | cases unlike the truth (events of"
                    + " them applied twice, missing; escalations and legal-clock warnings, twice)"
                    + " | report groups unlike the truth | notifications received (repeats, duplicates; missing of those the"
                    + " service recorded; missing of those the routing gives, unexpected)"
                    + " | every service ready again after | verdict waits (first attempt to answer) | alerts during the row"
                    + " | result |\n"
                    + "|---|---:|---:|---:|---:|---:|---:|---:|---|---|---|\n";

    private ResultTable() {}

    /** One line for the console while the suite runs. */
    static String line(FaultSuite.Row row, FaultSuite.Options options) {
        return "   -> " + cells(row, options).replace(" | ", "; ");
    }

    static String markdown(List<FaultSuite.Row> rows, FaultSuite.Options options) {
        StringBuilder table = new StringBuilder(HEADER);
        for (FaultSuite.Row row : rows) {
            table.append("| ").append(cells(row, options)).append(" |\n");
        }
        return table.toString();
    }

    private static String cells(FaultSuite.Row row, FaultSuite.Options options) {
        String ready = row.fault().kind() == Fault.Kind.NONE
                ? "-"
                : row.readyAgainAfter().isNegative()
                        ? "not within 5 min"
                        : String.format(
                                Locale.ROOT, "%.1f s", row.readyAgainAfter().toMillis() / 1000.0);
        if (row.result().isEmpty()) {
            return String.join(
                    " | ",
                    FaultSuite.describe(row.fault(), options),
                    "-",
                    "-",
                    "-",
                    "-",
                    reports(row),
                    notifications(row),
                    ready,
                    latency(row),
                    alerts(row),
                    "FAILED: " + row.note());
        }
        SimulatorResult r = row.result().get();
        String verdict = row.clean() ? "0 lost, 0 wrong" : "FAILED";
        if (!row.failures().isEmpty()) {
            verdict += ": " + String.join("; ", row.failures());
        }
        if (!row.note().isEmpty()) {
            verdict += " (" + row.note() + ")";
        }
        return String.join(
                " | ",
                FaultSuite.describe(row.fault(), options),
                String.format(Locale.ROOT, "%,d", r.submissions()),
                String.format(Locale.ROOT, "%,d", r.retries()),
                String.format(Locale.ROOT, "%,d", r.unexpected()),
                (r.casesDiffering() < 0
                                ? "not verified"
                                : String.format(Locale.ROOT, "%,d of %,d", r.casesDiffering(), r.cases()))
                        + ledger(row),
                reports(row),
                notifications(row),
                ready,
                latency(row),
                alerts(row),
                verdict);
    }

    private static String ledger(FaultSuite.Row row) {
        return row.ledger()
                .map(l -> String.format(
                        Locale.ROOT,
                        " (of %,d events %,d twice, %,d missing; %,d escalations and warnings, %,d twice)",
                        l.events(),
                        l.twice(),
                        l.gaps(),
                        l.escalations() + l.warnings(),
                        l.marksTwice()))
                .orElse(" (events not read)");
    }

    private static String latency(FaultSuite.Row row) {
        return row.latency()
                .map(l -> l.cell(row.fault().kind() != Fault.Kind.NONE))
                .orElse("not measured");
    }

    private static String alerts(FaultSuite.Row row) {
        return row.alerts().map(Alerts.Seen::summary).orElse("not observed");
    }

    private static String reports(FaultSuite.Row row) {
        return row.reports()
                .map(r -> String.format(Locale.ROOT, "%,d (%d of %d reports)", r.groups(), r.differing(), r.reports()))
                .orElse("not compared");
    }

    private static String notifications(FaultSuite.Row row) {
        return row.notifications()
                        .map(n ->
                                String.format(Locale.ROOT, "%,d (%,d, %,d)", n.received(), n.repeats(), n.duplicates())
                                        + (n.refused() == 0
                                                ? ""
                                                : String.format(
                                                        Locale.ROOT,
                                                        "; %,d refused, %,d never delivered",
                                                        n.refused(),
                                                        n.undelivered())))
                        .orElse("not counted")
                + row.deliveries()
                        .map(d -> String.format(
                                Locale.ROOT,
                                "; %,d of %,d recorded missing",
                                d.notReceived() + d.gaveUp() + d.pending(),
                                d.notifications()))
                        .orElse("")
                + row.routing()
                        .map(h -> String.format(
                                Locale.ROOT,
                                "; %,d of %,d due by the routing missing, %,d unexpected",
                                h.missing(),
                                h.expected(),
                                h.unexpected() + h.unreadable()))
                        .orElse("");
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
                        " on %d Kafka node(s), %d instance(s) each of handover-api (behind the launcher's front) and"
                                + " handover-processor; per fault %d cases from the simulator at %.0f submissions/s%s, the"
                                + " fault %d s into the traffic. Load average (1, 5, 15 min) before: %s; after: %s.%n%n",
                        options.brokers(),
                        options.instances(),
                        options.cases(),
                        options.rate(),
                        options.repeat() > 1
                                ? " (a kill or pause done " + options.repeat() + " times in its row, with "
                                        + options.casesFor(
                                                Fault.parse("processor").get(0)) + " cases)"
                                : "",
                        options.faultAfter().toSeconds(),
                        loadBefore,
                        loadAfter)
                + markdown(rows, options)
                + "\n\"Answers unlike the truth\": answers whose verdict differs from the simulator's oracle, or"
                + " submissions given up after every retry. \"Cases unlike the truth\": cases that `GET"
                + " /api/v1/handovers/{id}` shows differently from the ground truth (state, division, officer count,"
                + " every time point) two minutes after the traffic ended at the latest: a submission answered 2xx but"
                + " never applied, or applied twice, shows here. In brackets, the same cases' events as every consumer"
                + " reads them (`handover-events`, read_committed), held against the record's own invariants without"
                + " the truth: each case's sequence numbers 1..n each once (twice: an event applied twice; a number"
                + " missing: an event lost), no event id twice, and each timer mark (ESCALATED per level,"
                + " LEGAL_CLOCK_WARNING per deadline and threshold) at most once, which the truth cannot judge (marks"
                + " fire on the processor's clock; the reports hold their number against the truth's lower bound); a"
                + " row fails on any, or when the events could not be read. \"Ready again\": from the fault until every service"
                + " answered `/readyz` UP and the registry, PostgreSQL and every Kafka node accepted connections.\n\n"
                + "\"Report groups unlike the truth\": after each row, the simulator's `compare-reports` computes the"
                + " handover-times report by site, division, day, week, month, legal basis, board and site type (13"
                + " reports, with and without filters) from the truth files of every row so far and compares each group"
                + " with the platform's, waiting up to 60 s per report for the read store; a group that differs, or a"
                + " comparison that could not run, fails the row.\n\n"
                + "\"Notifications received\": webhooks the dev inbox answered 2xx and emails it received during the"
                + " row (cleared before it, read once nothing new arrived for 15 s, 260 s after a receiver outage); repeats: deliveries beyond the first"
                + " of one idempotency key or Message-ID (a delivery in flight at a crash, sent again with the same key:"
                + " a receiver that deduplicates by key sees one); duplicates: one event's webhook to one recipient under"
                + " two keys, which no receiver could recognise (the row fails on any); refused: webhook attempts the"
                + " sink answered 503 during a receiver outage, never delivered: refused notifications that no later"
                + " attempt brought (the row fails on any).\n\n"
                + "\"Poison\": one record that is not the wire format on every topic a service reads, written during"
                + " the traffic; the row fails unless each is found on its topic's dead-letter topic (`<topic>-dlt`) and"
                + " the traffic is otherwise unharmed.\n\n"
                + "\"Alerts during the row\": a Prometheus on the PATH (Debian's `prometheus` package) loads"
                + " `deploy/prometheus/alerts.yml` unchanged and scrapes every service instance's management port every"
                + " 5 s; every 2 s the suite reads each alert's state. Pending: its expression held, for less than its"
                + " `for:` time (2 or 5 minutes for most: a fault shorter than that never fires them); firing: for"
                + " longer. \"Not observed\" when there is no Prometheus.\n\n"
                + "\"Verdict waits\": for each submission the simulator's truth file records its first attempt (retries"
                + " after a 503 or a refused connection included) and the answer it ended with; those answered HELD,"
                + " or expected to be held by the oracle (waiting for another submission), are left out. p50 and p99 of those first attempted and answered in"
                + " the ten seconds before the fault (of the whole row without one); the goal after the fault is issue 9's p99 ≤ 150 ms, or twice"
                + " the p99 before the fault where that was already higher; \"back under\" is the time from the"
                + " fault's end (the kill, the SIGCONT, the receiver back) to the first five-second window from which"
                + " every window of submissions met it; the longest wait is of any submission answered after the"
                + " fault began (one in flight at the fault included). Measured, not a pass mark: the row does not fail on it.\n\n"
                + "\"Missing of those the routing gives\": the suite's own oracle of who must hear (`WhoMustHear`): from"
                + " the truth file's applied events and the routing issue 5 gives (written in the suite, not read from"
                + " the notification service), every case, event, recipient role and channel due, held against the"
                + " receivers' addresses in both directions. Escalations and legal-clock warnings fire on the"
                + " processor's clock: none may notify for the simulator's month-old cases; ten live cases of today"
                + " (`LiveCases`) opened before each fault have marks due during it, held exactly (in the result"
                + " column: marks due, on the stream, wrong) and each notifying one due once to its recipients.\n\n"
                + "Alerts still active at a row's end must clear by themselves within `--alerts-clear`: the column"
                + " gives how long after the row they did; a row where one did not fails.\n\n"
                + "Not checked here yet (issue 15): SchemaRegistryUnreachable and"
                + " ReadStoreUnreachable are listed when seen but not asked of the registry's and PostgreSQL's rows"
                + " (their kills last seconds, the rules wait a minute).\n";
    }
}
