package uk.transferofcare.api.report;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;

/**
 * Benchmark (a {@code main}, not a test): loads N closed cases (default one million) spread over three years, 17
 * sites and 13 divisions into the report store, then times reports over all of them, and prints the numbers.
 *
 * <pre>
 * ./mvnw -q -pl handover-api test-compile exec:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=uk.transferofcare.api.report.ReportEngineBenchmark -Dexec.args="1000000 7"
 * </pre>
 *
 * Arguments: number of cases, repetitions per report (after 3 warm-up runs). Handover times are log-normal (median
 * 45 min, a tail past 6 h); 4% of cases are open, 1% entered in error, 5% re-emitted by a correction (so the store
 * sees replacements, not only inserts).
 */
public final class ReportEngineBenchmark {

    private static final String[] SITES = {
        "QEUH", "GRI", "RAH", "RIE", "SJH", "ARI", "NW", "UHC", "UHA", "UHW", "UHM", "UHH", "FVRH", "VHK", "DGRI",
        "BGH", "RIH"
    };
    private static final String[] DIVISIONS = {"A", "C", "D", "E", "G", "J", "K", "L", "N", "P", "Q", "U", "V"};

    private ReportEngineBenchmark() {}

    public static void main(String[] args) {
        int cases = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int repetitions = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        LocalDate start = LocalDate.parse("2024-01-01");
        LocalDate end = start.plusYears(3);
        int days = (int) (end.toEpochDay() - start.toEpochDay());

        System.out.printf(
                Locale.ROOT,
                "Report engine benchmark: %,d cases over %s..%s, %d sites; java %s, %d cpus, max heap %d MiB%n",
                cases,
                start,
                end,
                SITES.length,
                System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20);

        List<Object> updates = generate(cases, start, days, new Random(20261125));
        CaseReportStore store = new CaseReportStore();
        long loadStart = System.nanoTime();
        for (int i = 0; i < updates.size(); i += 500) {
            store.apply(updates.subList(i, Math.min(updates.size(), i + 500)));
        }
        long loadNanos = System.nanoTime() - loadStart;
        updates = null; // let the generated records go, so the heap figure below is the store's
        CaseReportStore.Counts counts = store.counts();
        System.out.printf(
                Locale.ROOT,
                "Loaded %,d updates in %.2f s (%,.0f updates/s), in batches of 500: %s%n",
                cases + cases / 20,
                loadNanos / 1e9,
                (cases + cases / 20) / (loadNanos / 1e9),
                counts);

        String from = start.toString();
        String to = end.toString();
        List<String[]> reports = List.of(
                new String[] {"groupBy=site, 3 years (all cases)", from, to, "site", null, null},
                new String[] {"groupBy=division, 3 years", from, to, "division", null, null},
                new String[] {"groupBy=week, 3 years", from, to, "week", null, null},
                new String[] {"groupBy=month, 3 years", from, to, "month", null, null},
                new String[] {"groupBy=day, 3 years (1096 groups)", from, to, "day", null, null},
                new String[] {"groupBy=week, siteCode=QEUH, 3 years", from, to, "week", "QEUH", null},
                new String[] {"groupBy=site, one month", "2025-06-01", "2025-07-01", "site", null, null});
        System.out.printf(
                Locale.ROOT,
                "%n| report | cases in range | min ms | median ms | max ms |%n|---|---:|---:|---:|---:|%n");
        for (String[] r : reports) {
            ReportQuery query = ReportQuery.parse(r[1], r[2], r[3], r[4], r[5]);
            long inRange = 0;
            for (int i = 0; i < 3; i++) {
                inRange = store.report(query).groups().stream()
                        .mapToLong(GroupReport::cases)
                        .sum();
            }
            long[] millis = new long[repetitions];
            for (int i = 0; i < repetitions; i++) {
                long t0 = System.nanoTime();
                HandoverTimesReport report = store.report(query);
                ReportCsv.write(report); // the CSV form costs little, but include it
                millis[i] = (System.nanoTime() - t0) / 1_000_000;
            }
            Arrays.sort(millis);
            System.out.printf(
                    Locale.ROOT,
                    "| %s | %,d | %d | %d | %d |%n",
                    r[0],
                    inRange,
                    millis[0],
                    millis[repetitions / 2],
                    millis[repetitions - 1]);
        }
        DistributionQuery histogram = DistributionQuery.parse(from, to, null, null, "15", "360");
        long[] millis = new long[repetitions];
        for (int i = 0; i < repetitions + 3; i++) {
            long t0 = System.nanoTime();
            store.distribution(histogram);
            if (i >= 3) {
                millis[i - 3] = (System.nanoTime() - t0) / 1_000_000;
            }
        }
        Arrays.sort(millis);
        System.out.printf(
                Locale.ROOT,
                "| handover-time distribution, 3 years | %,d | %d | %d | %d |%n",
                counts.open() + counts.closed(),
                millis[0],
                millis[repetitions / 2],
                millis[repetitions - 1]);

        long withStore = usedHeap();
        store = null;
        long withoutStore = usedHeap();
        System.out.printf(
                Locale.ROOT,
                "%nThe store held %,d cases in about %d MiB of heap (%d bytes per case).%n",
                counts.open() + counts.closed() + counts.enteredInError(),
                (withStore - withoutStore) >> 20,
                (withStore - withoutStore) / Math.max(1, counts.open() + counts.closed() + counts.enteredInError()));
    }

    private static List<Object> generate(int cases, LocalDate start, int days, Random random) {
        List<Object> updates = new ArrayList<>(cases + cases / 20);
        List<ClosedCase> corrected = new ArrayList<>();
        for (int i = 0; i < cases; i++) {
            String id = new UUID(random.nextLong(), random.nextLong()).toString();
            // Roughly chronological, as records arrive: day grows with i, jittered by up to two days.
            int day = Math.min(days - 1, Math.max(0, (int) ((long) i * days / cases) + random.nextInt(5) - 2));
            LocalDate reportDay = start.plusDays(day);
            String site = SITES[random.nextInt(SITES.length)];
            String division = random.nextInt(50) == 0 ? null : DIVISIONS[random.nextInt(DIVISIONS.length)];
            double roll = random.nextDouble();
            if (roll < 0.04) {
                updates.add(new OpenCase(id, 3, site, division, reportDay));
                continue;
            }
            String outcome = roll < 0.05
                    ? "ENTERED_IN_ERROR"
                    : roll < 0.08 ? "CANCELLED" : roll < 0.11 ? "ABSCONDED" : roll < 0.14 ? "DIVERTED" : "CLEARED";
            long handover = Math.round(2700 * Math.exp(0.9 * random.nextGaussian()));
            long ack = Math.min(handover, Math.round(-480 * Math.log(1 - random.nextDouble())));
            long toClear = Math.round(720 * Math.exp(0.6 * random.nextGaussian()));
            int officers = 1 + random.nextInt(3);
            boolean arrived = !outcome.equals("CANCELLED");
            boolean handedOver = outcome.equals("CLEARED") || outcome.equals("ENTERED_IN_ERROR");
            ClosedCase record = new ClosedCase(
                    id,
                    6,
                    outcome,
                    site,
                    division,
                    reportDay,
                    arrived,
                    arrived ? ack : null,
                    handedOver ? handover : null,
                    handedOver ? toClear : null,
                    arrived ? handover + toClear : null,
                    arrived && random.nextInt(30) > 0 ? officers * (handover + toClear) : null);
            updates.add(record);
            if (i % 20 == 0) {
                corrected.add(record);
            }
        }
        for (ClosedCase c : corrected) {
            updates.add(new ClosedCase(
                    c.caseId(),
                    c.version() + 1,
                    c.outcome(),
                    c.siteCode(),
                    c.division(),
                    c.reportDay(),
                    c.complete(),
                    c.arrivalToAcknowledgedSeconds(),
                    c.handoverSeconds() == null ? null : c.handoverSeconds() + 60,
                    c.handoverToClearSeconds(),
                    c.timeAtEdSeconds() == null ? null : c.timeAtEdSeconds() + 60,
                    c.officerSeconds()));
        }
        return updates;
    }

    private static long usedHeap() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
