package uk.transferofcare.resilience;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one simulator run found, read from its output: how many submissions it sent, how many answers differed from
 * its ground truth ({@code unexpected}: a verdict other than the oracle's, or a submission given up after every retry),
 * and how many cases the API shows differently from the truth after {@code --verify} (a submission answered 2xx but
 * never applied, or applied twice, shows here).
 *
 * @param exitCode the simulator's exit status (0 when nothing differed)
 * @param submissions submissions sent, re-sends not counted
 * @param retries re-sends after 429, 503, 5xx or a network error
 * @param unexpected answers that differ from the ground truth
 * @param cases cases the simulator verified
 * @param casesDiffering cases the API shows differently from the ground truth; -1 when the run never got to verify
 */
record SimulatorResult(int exitCode, long submissions, long retries, long unexpected, long cases, long casesDiffering) {

    private static final Pattern SENT = Pattern.compile(
            "Sent ([\\d,]+) submissions for ([\\d,]+) cases.*?; ([\\d,]+) retries, ([\\d,]+) unexpected");
    private static final Pattern VERIFIED = Pattern.compile("Verified: the API shows all ([\\d,]+) cases");
    private static final Pattern DIFFER = Pattern.compile("Verify FAILED: ([\\d,]+) of ([\\d,]+) cases differ");

    /** Parses the simulator's standard output; empty when it never printed its summary line. */
    static Optional<SimulatorResult> parse(int exitCode, String output) {
        Matcher sent = SENT.matcher(output);
        if (!sent.find()) {
            return Optional.empty();
        }
        long submissions = number(sent.group(1));
        long cases = number(sent.group(2));
        long retries = number(sent.group(3));
        long unexpected = number(sent.group(4));
        long differing = -1;
        Matcher verified = VERIFIED.matcher(output);
        Matcher differ = DIFFER.matcher(output);
        if (verified.find()) {
            differing = 0;
            cases = number(verified.group(1));
        } else if (differ.find()) {
            differing = number(differ.group(1));
            cases = number(differ.group(2));
        }
        return Optional.of(new SimulatorResult(exitCode, submissions, retries, unexpected, cases, differing));
    }

    /** True when every answer and every case matched the ground truth. */
    boolean clean() {
        return exitCode == 0 && unexpected == 0 && casesDiffering == 0;
    }

    private static long number(String digits) {
        return Long.parseLong(digits.replace(",", ""));
    }
}
