package uk.transferofcare.resilience;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * How long users waited for their verdicts around a fault, and when the wait was back to normal: the time until the
 * platform met its latency goal again (issue 15).
 *
 * <p>A user's wait is what the simulator's truth file records for each submission: from its first attempt (retries
 * after a 503 or a refused connection included) to the answer it ended with. Submissions that were answered HELD are
 * left out (they waited for another submission, not for the platform), and so are those the oracle expected to be
 * held though no HELD answer was seen, and those whose answer differed from the truth (the row fails on them anyway).
 * Why the second kind: a submission for a case not open yet, sent while the processor was down, is answered PENDING;
 * the simulator re-sends such a step after the submission that opens its case, as it does a HELD one, so its wait is
 * that other submission's schedule. Counted, it made the longest wait of the processor's ten kills (2026-12-07) 314.8 s
 * of an ACKNOWLEDGED sent before its case's ARRIVED; left out, 18.7 s.
 *
 * <p>The goal is issue 9's: p99 ≤ 150 ms from request to final answer. On a machine where the traffic before the fault
 * already missed it (eleven JVMs on two cores do), the goal is the p99 of the submissions answered in the ten seconds before the fault, doubled:
 * "as before the fault", with room for noise. The wait is back once every five-second window of submissions first
 * attempted after the fault ended has its p99 within that goal; the time is from the fault's end (the kill; the
 * SIGCONT after a pause; the receiver back after an outage) to the start of the first such window.
 *
 * @param samples submissions whose wait counts
 * @param p50Before median wait in the ten seconds before the (first) fault; for the baseline row, the whole row's
 * @param p99Before p99 in the same span
 * @param answeredBefore how many submissions those two are of (none at the start of a run's first row, when the
 *     platform had just started: the goal is then issue 9's alone)
 * @param goal the p99 the windows after the fault had to meet
 * @param backAfter from the fault's end to the first window from which every window met the goal; empty when the
 *     traffic ended first (or, for the baseline row, when there is no fault)
 * @param longest the longest wait of a submission first attempted from the (first) fault on; zero without a fault
 */
record Latency(
        int samples,
        Duration p50Before,
        Duration p99Before,
        int answeredBefore,
        Duration goal,
        Optional<Duration> backAfter,
        Duration longest) {

    /** Issue 9's goal for request → final answer at 200 submissions/s. */
    static final Duration GOAL_P99 = Duration.ofMillis(150);

    static final Duration WINDOW = Duration.ofSeconds(5);
    static final Duration BEFORE = Duration.ofSeconds(10);

    /** One submission's wait: when it was first attempted, and how long until its answer. */
    record Sample(Instant attempted, Duration waited) {

        Instant answered() {
            return attempted.plus(waited);
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The waits a simulator truth file records (its {@code "kind":"submission"} lines that count, see above). */
    static List<Sample> read(Path truth) throws IOException {
        List<Sample> samples = new ArrayList<>();
        for (String text : Files.readAllLines(truth, StandardCharsets.UTF_8)) {
            if (!text.contains("\"kind\":\"submission\"")) {
                continue;
            }
            JsonNode line = JSON.readTree(text);
            if (line.path("held").asBoolean()
                    || "HELD".equals(line.path("expect").asString(""))
                    || !line.path("unexpected").isNull()
                    || !line.path("firstAttemptAt").isString()
                    || !line.path("answeredAt").isString()) {
                continue;
            }
            Instant attempted = Instant.parse(line.path("firstAttemptAt").asString());
            Instant answered = Instant.parse(line.path("answeredAt").asString());
            samples.add(new Sample(attempted, Duration.between(attempted, answered)));
        }
        samples.sort(Comparator.comparing(Sample::attempted));
        return samples;
    }

    /** The baseline row: the waits of the whole row, no fault. Empty without samples. */
    static Optional<Latency> withoutFault(List<Sample> samples) {
        if (samples.isEmpty()) {
            return Optional.empty();
        }
        List<Duration> all = samples.stream().map(Sample::waited).toList();
        Duration p99 = percentile(all, 0.99);
        return Optional.of(new Latency(
                samples.size(),
                percentile(all, 0.5),
                p99,
                all.size(),
                max(GOAL_P99, p99.multipliedBy(2)),
                Optional.empty(),
                Duration.ZERO));
    }

    /**
     * Around a fault that began at {@code faultBegan} (the first, when repeated) and ended at {@code faultEnded} (the
     * last). Empty when no submission counts.
     */
    static Optional<Latency> around(List<Sample> samples, Instant faultBegan, Instant faultEnded) {
        if (samples.isEmpty()) {
            return Optional.empty();
        }
        // Before: answered before the fault began (one in flight at the fault waited for it too).
        List<Duration> before = samples.stream()
                .filter(s -> !s.attempted().isBefore(faultBegan.minus(BEFORE))
                        && !s.answered().isAfter(faultBegan))
                .map(Sample::waited)
                .toList();
        Duration p50 = before.isEmpty() ? Duration.ZERO : percentile(before, 0.5);
        Duration p99 = before.isEmpty() ? Duration.ZERO : percentile(before, 0.99);
        Duration goal = max(GOAL_P99, p99.multipliedBy(2));
        Duration longest = samples.stream()
                .filter(s -> s.answered().isAfter(faultBegan))
                .map(Sample::waited)
                .max(Comparator.naturalOrder())
                .orElse(Duration.ZERO);
        // Five-second windows from the fault's end; the last one that missed the goal decides.
        List<List<Duration>> windows = new ArrayList<>();
        for (Sample s : samples) {
            if (s.attempted().isBefore(faultEnded)) {
                continue;
            }
            int index = (int) (Duration.between(faultEnded, s.attempted()).toMillis() / WINDOW.toMillis());
            while (windows.size() <= index) {
                windows.add(new ArrayList<>());
            }
            windows.get(index).add(s.waited());
        }
        int lastMissed = -1;
        for (int i = 0; i < windows.size(); i++) {
            if (!windows.get(i).isEmpty() && percentile(windows.get(i), 0.99).compareTo(goal) > 0) {
                lastMissed = i;
            }
        }
        Optional<Duration> back = Optional.empty();
        for (int i = lastMissed + 1; i < windows.size(); i++) {
            if (!windows.get(i).isEmpty()) {
                back = Optional.of(WINDOW.multipliedBy(i));
                break;
            }
        }
        return Optional.of(new Latency(samples.size(), p50, p99, before.size(), goal, back, longest));
    }

    /** Nearest rank: the value at rank ⌈p · n⌉ of the sorted values. */
    static Duration percentile(List<Duration> values, double p) {
        List<Duration> sorted = values.stream().sorted().toList();
        int rank = (int) Math.ceil(p * sorted.size());
        return sorted.get(Math.max(rank, 1) - 1);
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    /** The table's cell. */
    String cell(boolean fault) {
        String before = answeredBefore == 0
                ? "none answered in the " + BEFORE.toSeconds() + " s before"
                : String.format(Locale.ROOT, "p50 %s, p99 %s%s", ms(p50Before), ms(p99Before), fault ? " before" : "");
        if (!fault) {
            return before;
        }
        return before + "; "
                + backAfter
                        .map(d -> d.isZero()
                                ? "never above " + ms(goal)
                                : String.format(
                                        Locale.ROOT, "back under %s after %.0f s", ms(goal), d.toMillis() / 1000.0))
                        .orElse("not back under " + ms(goal) + " before the traffic ended")
                + "; longest wait " + seconds(longest);
    }

    private static String ms(Duration d) {
        return d.toMillis() + " ms";
    }

    private static String seconds(Duration d) {
        return d.toMillis() < 1000 ? ms(d) : String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }
}
