package uk.transferofcare.stack;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ./run --demo}: once the platform is ready, the traffic simulator ({@code simulator/target/simulator-*.jar})
 * sends four weeks of realistic history through handover-api as a backfill, then keeps new cases coming live, so the
 * ED board moves and the analysts' dashboard is full. The history is sent once per data folder (a marker file
 * remembers it); later starts only run the live part.
 */
final class Demo {

    static final String NAME = "simulator";
    static final int BACKFILL_DAYS = 28;
    static final int BACKFILL_CASES = 500;

    /**
     * The seed of the run that sends the history: its {@value #BACKFILL_CASES} cases hold every fact the board and the
     * dashboard show, rare ones included (legal-clock breaches, cases closed as not recorded, cases that need closing),
     * which a random seed's 500 cases often lack (a breach in about one seed of four). simulator/demo-check.sh checks
     * them on a running demo. Later starts (live cases only) use a random seed, so their case ids are new.
     */
    static final long HISTORY_SEED = 160;
    /** Live arrivals a day on the simulated clock, which runs {@link #SPEED} times faster than real time. */
    static final int LIVE_CASES_PER_DAY = 600;

    static final int SPEED = 10;
    static final String HEAP = "256m";

    private Demo() {}

    static Path jar(Layout layout) {
        return layout.repoRoot().resolve("simulator/target/simulator-" + Layout.VERSION + ".jar");
    }

    static Path dir(Layout layout) {
        return layout.dataDir().resolve(NAME);
    }

    /** Present once a demo has sent the history into this data folder. */
    static Path backfilledMarker(Layout layout) {
        return dir(layout).resolve("backfilled");
    }

    static List<String> command(Path javaBin, Layout layout, Ports ports, boolean backfill, Path truth) {
        List<String> command = new ArrayList<>();
        command.add(javaBin.toString());
        command.add("-Xmx" + HEAP);
        command.addAll(KafkaBroker.DEV_JVM_FLAGS);
        command.add("-jar");
        command.add(jar(layout).toString());
        command.addAll(List.of("--base-url", "http://127.0.0.1:" + ports.of(AppService.API)));
        if (backfill) {
            command.addAll(List.of(
                    "--backfill-days",
                    Integer.toString(BACKFILL_DAYS),
                    "--backfill-cases",
                    Integer.toString(BACKFILL_CASES),
                    "--seed",
                    Long.toString(HISTORY_SEED)));
        }
        command.addAll(List.of(
                "--live",
                "--cases-per-day",
                Integer.toString(LIVE_CASES_PER_DAY),
                "--speed",
                Integer.toString(SPEED),
                "--rate",
                "0",
                "--concurrency",
                "64",
                "--truth",
                truth.toString()));
        return command;
    }

    /** What to tell the user once the simulator runs. */
    static List<String> describe(Ports ports, boolean backfill, Path log, Path truth) {
        String api = "http://localhost:" + ports.of(AppService.API);
        List<String> lines = new ArrayList<>();
        lines.add("Demo: the traffic simulator is running"
                + (backfill
                        ? " (first " + BACKFILL_DAYS + " days of history, " + BACKFILL_CASES + " cases, then"
                        : " (history already sent into this data folder;")
                + " new cases live, " + SPEED + "x faster than real time).");
        lines.add("  ED board            " + api + "/board      (sign in as nurse-qeuh)");
        lines.add("  Analysts' dashboard " + api + "/dashboard  (sign in as analyst-1)");
        lines.add("  Simulator log       " + log);
        lines.add("  Its ground truth    " + truth);
        return lines;
    }
}
