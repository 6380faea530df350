package uk.transferofcare.testkit.browser;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import java.util.List;
import java.util.stream.Collectors;
import org.openqa.selenium.WebDriver;

/**
 * Deque's axe-core (the engine of axe DevTools and Lighthouse's accessibility audit) run in the page under test: WCAG
 * 2.1 levels A and AA, every rule of those tags, none disabled. Use it where a page shows what a user sees (with data,
 * with an error shown, at 360 px): axe checks only what is rendered.
 */
public final class Axe {

    /** The tags of WCAG 2.0 and 2.1, levels A and AA. */
    public static final List<String> WCAG_21_AA = List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa");

    private Axe() {}

    /** Fails with every violation (rule, impact, help and each element) when the page as shown has any. */
    public static void assertAccessible(WebDriver driver, String what) {
        Results results = new AxeBuilder().withTags(WCAG_21_AA).analyze(driver);
        if (results.isErrored()) {
            throw new AssertionError("axe-core could not run on " + what + ": " + results.getErrorMessage());
        }
        if (!results.getViolations().isEmpty()) {
            throw new AssertionError("WCAG 2.1 A/AA violations on " + what + " (" + results.getUrl() + "):"
                    + System.lineSeparator() + describe(results.getViolations()));
        }
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
