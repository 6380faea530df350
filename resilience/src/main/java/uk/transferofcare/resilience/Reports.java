package uk.transferofcare.resilience;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The report cells after a row: the simulator's {@code compare-reports} (its own report definitions, computed from
 * its truth files alone) against the platform's handover-times reports by site, division, day, week, month, legal
 * basis, board and site type, with and without filters. Over every row so far (all their truth files and days),
 * so a fault that changed an earlier row's numbers shows too.
 *
 * @param reports reports compared
 * @param differing reports that differ
 * @param groups groups (report rows) that differ, over all reports
 */
record Reports(int reports, int differing, int groups) {

    private static final Pattern EQUAL = Pattern.compile("Reports: (\\d+) compared with the truth");
    private static final Pattern DIFFER = Pattern.compile(
            "Reports FAILED: (\\d+) of (\\d+) differ from the truth of [\\d,]+ cases, (\\d+) groups in all");

    /** Parses the subcommand's output; empty when it printed neither line (it could not run). */
    static Optional<Reports> parse(String output) {
        Matcher equal = EQUAL.matcher(output);
        if (equal.find()) {
            return Optional.of(new Reports(Integer.parseInt(equal.group(1)), 0, 0));
        }
        Matcher differ = DIFFER.matcher(output);
        if (differ.find()) {
            return Optional.of(new Reports(
                    Integer.parseInt(differ.group(2)),
                    Integer.parseInt(differ.group(1)),
                    Integer.parseInt(differ.group(3))));
        }
        return Optional.empty();
    }

    /** Runs {@code simulator compare-reports} over {@code [from, to)} with these truth files; its output in {@code log}. */
    static Optional<Reports> compare(Path root, Stack stack, List<Path> truth, LocalDate from, LocalDate to, Path log)
            throws IOException, InterruptedException {
        List<String> command = List.of(
                FaultSuite.javaBin(),
                "-Xmx384m",
                "-jar",
                root.resolve("simulator/target/simulator-0.1.0-SNAPSHOT.jar").toString(),
                "compare-reports",
                "--base-url",
                stack.apiUrl().toString(),
                "--truth",
                truth.stream().map(Path::toString).collect(Collectors.joining(",")),
                "--from",
                from.toString(),
                "--to",
                to.toString(),
                "--wait",
                "60s");
        Process process = new ProcessBuilder(command)
                .directory(root.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!process.waitFor(20, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            return Optional.empty();
        }
        return parse(Files.readString(log, StandardCharsets.UTF_8));
    }
}
