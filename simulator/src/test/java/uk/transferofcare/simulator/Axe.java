package uk.transferofcare.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import java.util.List;
import java.util.stream.Collectors;
import org.openqa.selenium.WebDriver;

/**
 * Deque's axe-core run in the page under test: WCAG 2.1 levels A and AA, every rule of those tags, none disabled. A
 * copy of handover-api's test class {@code uk.transferofcare.api.web.Axe} (services do not share test code).
 */
final class Axe {

    /** The tags of WCAG 2.0 and 2.1, levels A and AA. */
    static final List<String> WCAG_21_AA = List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa");

    private Axe() {}

    /** Fails with every violation (rule, impact, help and each element) when the page as shown has any. */
    static void assertAccessible(WebDriver driver, String what) {
        Results results = new AxeBuilder().withTags(WCAG_21_AA).analyze(driver);
        assertThat(results.isErrored())
                .as("axe-core could not run on %s: %s", what, results.getErrorMessage())
                .isFalse();
        assertThat(results.getViolations())
                .as(
                        "WCAG 2.1 A/AA violations on %s (%s):%n%s",
                        what, results.getUrl(), describe(results.getViolations()))
                .isEmpty();
    }

    private static String describe(List<Rule> violations) {
        return violations.stream()
                .map(rule -> "- " + rule.getId() + " (" + rule.getImpact() + "): " + rule.getHelp() + " "
                        + rule.getHelpUrl() + "\n"
                        + rule.getNodes().stream()
                                .map(node -> "    " + node.getTarget() + " " + node.getHtml() + "\n      "
                                        + node.getFailureSummary())
                                .collect(Collectors.joining("\n")))
                .collect(Collectors.joining("\n"));
    }
}
