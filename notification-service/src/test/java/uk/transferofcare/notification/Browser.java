package uk.transferofcare.notification;

import static org.assertj.core.api.Assertions.assertThat;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The notifications page's browser, as handover-api's browser tests have it (web/Chromium, web/Axe, web/PageChecks):
 * Debian's headless Chromium and its driver with a fresh profile; Deque's axe-core with every rule of the WCAG 2.1
 * A/AA tags, none disabled, nothing excluded; a phone's 360 px width.
 */
final class Browser {

    static final String BINARY = "/usr/bin/chromium";
    static final String DRIVER = "/usr/bin/chromedriver";
    static final List<String> WCAG_21_AA = List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa");

    private Browser() {}

    /** A headless Chromium window of 1280 × 1000; fails with the install command when Chromium is missing. */
    static ChromeDriver start() throws IOException {
        if (!new File(BINARY).canExecute() || !new File(DRIVER).canExecute()) {
            throw new IllegalStateException("Browser tests need Debian's Chromium and its driver at " + BINARY + " and "
                    + DRIVER + ": run `apt-get update && apt-get install -y chromium chromium-driver`");
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BINARY);
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--window-size=1280,1000",
                "--user-data-dir=" + Files.createTempDirectory("notification-service-chromium-"));
        ChromeDriver driver = new ChromeDriver(
                new ChromeDriverService.Builder()
                        .usingDriverExecutable(new File(DRIVER))
                        .build(),
                options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
        return driver;
    }

    /** Fails with every violation (rule, impact, help and each element) when the page as shown has any. */
    static void assertAccessible(ChromeDriver driver, String what) {
        Results results = new AxeBuilder().withTags(WCAG_21_AA).analyze(driver);
        assertThat(results.isErrored())
                .as("axe-core could not run on %s: %s", what, results.getErrorMessage())
                .isFalse();
        assertThat(results.getViolations())
                .as("WCAG 2.1 A/AA violations on %s:%n%s", what, describe(results.getViolations()))
                .isEmpty();
    }

    /** Shows the page as a 360 px wide phone would (until {@link #desktopWidth}). */
    static void phoneWidth(ChromeDriver driver) {
        driver.executeCdpCommand(
                "Emulation.setDeviceMetricsOverride",
                Map.of("width", 360, "height", 2400, "deviceScaleFactor", 1, "mobile", true));
        new WebDriverWait(driver, Duration.ofSeconds(10))
                .until(d ->
                        Long.valueOf(360).equals(driver.executeScript("return document.documentElement.clientWidth")));
    }

    static void desktopWidth(ChromeDriver driver) {
        driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
    }

    /** The page's width in CSS pixels (more than the viewport means it scrolls sideways). */
    static long scrollWidth(ChromeDriver driver) {
        return (Long) driver.executeScript("return document.documentElement.scrollWidth");
    }

    private static String describe(List<Rule> violations) {
        return violations.stream()
                .map(rule -> "- " + rule.getId() + " (" + rule.getImpact() + "): " + rule.getHelp() + "\n"
                        + rule.getNodes().stream()
                                .map(node -> "    " + node.getTarget() + " " + node.getHtml() + "\n      "
                                        + node.getFailureSummary())
                                .collect(Collectors.joining("\n")))
                .collect(Collectors.joining("\n"));
    }
}
