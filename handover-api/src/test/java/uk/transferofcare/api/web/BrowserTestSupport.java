package uk.transferofcare.api.web;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInfo;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chromium.ChromiumNetworkConditions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.web.server.LocalServerPort;
import uk.transferofcare.api.support.ApiTestSupport;
import uk.transferofcare.testkit.browser.Chromium;

/**
 * What the browser tests share: real headless Chromium sessions (Debian's chromium and chromium-driver) against the
 * whole application of {@link uk.transferofcare.api.support.HandoverApiIntegrationTest}'s shared context, closed after
 * each test with a screenshot in {@code target/browser-screenshots} and the browser's log in the test output; and
 * helpers for signing in, waiting, the network, the keyboard and the page's clock. (BrowserIT keeps private copies of
 * the first helpers.)
 */
abstract class BrowserTestSupport extends ApiTestSupport {

    /**
     * Installed before the page's own scripts: {@code Date} (and {@code Date.now()}) read the real clock plus {@code
     * window.__tocClockOffsetMs}, so a test can let a page record steps "an hour ago" without waiting an hour.
     */
    private static final String CLOCK_SHIM = """
            (() => {
              const RealDate = Date;
              const offset = () => Number(window.__tocClockOffsetMs || 0);
              class ShiftedDate extends RealDate {
                constructor(...args) {
                  if (args.length === 0) { super(RealDate.now() + offset()); } else { super(...args); }
                }
                static now() { return RealDate.now() + offset(); }
              }
              window.Date = ShiftedDate;
            })();
            """;

    @LocalServerPort
    int port;

    private final List<ChromeDriver> browsers = new ArrayList<>();

    @BeforeAll
    static void requireChromium() {
        Chromium.requireInstalled();
    }

    @AfterEach
    void closeBrowsers(TestInfo test) throws Exception {
        int n = 0;
        for (ChromeDriver browser : browsers) {
            screenshot(browser, test.getTestMethod().orElseThrow().getName() + "-" + (++n));
            // What the pages logged (errors included) goes to the test output, for whoever reads a failure.
            browser.manage().logs().get(LogType.BROWSER).forEach(entry -> System.out.println("[browser] " + entry));
            System.out.println("[page " + browser.getCurrentUrl() + "]\n"
                    + browser.findElement(By.tagName("main")).getText());
            browser.quit();
        }
        browsers.clear();
    }

    /** A browser window of 1280 × 1000. */
    ChromeDriver browser() throws Exception {
        return browser(1280, 1000);
    }

    /** A browser window of the given size (a phone: 360 wide). */
    ChromeDriver browser(int width, int height) throws Exception {
        ChromeDriver driver = Chromium.start(null, width, height);
        browsers.add(driver);
        return driver;
    }

    String url(String path) {
        return "http://localhost:" + port + path;
    }

    static void screenshot(ChromeDriver browser, String name) throws Exception {
        Path shots = Path.of("target", "browser-screenshots");
        Files.createDirectories(shots);
        Files.write(shots.resolve(name + ".png"), browser.getScreenshotAs(OutputType.BYTES));
    }

    /** Lets the page's clock run {@code offset} from the real one from now on (see {@link #CLOCK_SHIM}). */
    static void installClock(ChromeDriver driver) {
        driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", CLOCK_SHIM));
    }

    static void setClock(WebDriver driver, Duration offset) {
        ((JavascriptExecutor) driver).executeScript("window.__tocClockOffsetMs = arguments[0];", offset.toMillis());
    }

    /** Signs in with the page's demo-user picker (which calls POST /dev/tokens). */
    static void signInAs(WebDriver driver, String app, String subject) {
        WebElement picker = waitFor(driver, 30).until(d -> d.findElement(By.id(app + "-demo-user")));
        Select select = new Select(picker);
        select.getOptions().stream()
                .filter(o -> o.getText().startsWith(subject + " "))
                .findFirst()
                .ifPresentOrElse(WebElement::click, () -> select.selectByIndex(0));
        driver.findElement(By.id(app + "-signin")).click();
        waitFor(driver, 30).until(d -> d.findElement(By.id("app")).isDisplayed());
    }

    /** Clicks the element once it exists, again if the page re-rendered it between finding and clicking. */
    static void click(WebDriver driver, String css) {
        waitFor(driver, 15).until(d -> {
            d.findElement(By.cssSelector(css)).click();
            return true;
        });
    }

    /** Chooses a site once the list (fetched from /api/v1/sites) has arrived. */
    static void selectSite(WebDriver driver, String code) {
        waitFor(driver, 30)
                .until(d -> !d.findElements(By.cssSelector("#site option[value='" + code + "']"))
                        .isEmpty());
        new Select(driver.findElement(By.id("site"))).selectByValue(code);
    }

    /** The status of each submission of the officer page's current case, in order (QUEUED, APPLIED, REJECTED...). */
    static List<String> statuses(WebDriver driver) {
        return driver.findElements(By.cssSelector("#submissions li")).stream()
                .map(li -> li.getAttribute("data-status"))
                .toList();
    }

    static ChromiumNetworkConditions offline(boolean offline) {
        ChromiumNetworkConditions conditions = new ChromiumNetworkConditions();
        conditions.setOffline(offline);
        conditions.setLatency(Duration.ZERO);
        conditions.setDownloadThroughput(-1);
        conditions.setUploadThroughput(-1);
        return conditions;
    }

    static WebDriverWait waitFor(WebDriver driver, int seconds) {
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(seconds));
        wait.pollingEvery(Duration.ofMillis(200));
        wait.ignoring(org.openqa.selenium.NoSuchElementException.class);
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        return wait;
    }

    // The keyboard: only Tab, Enter, Space and typed characters, sent to whatever has the focus.

    /** Presses Tab until the focused element matches {@code css}; fails when 80 presses never reach it. */
    static void tabTo(WebDriver driver, String css) {
        for (int i = 0; i < 80; i++) {
            if (Boolean.TRUE.equals(((JavascriptExecutor) driver)
                    .executeScript(
                            "return !!document.activeElement && document.activeElement.matches(arguments[0]);", css))) {
                return;
            }
            keys(driver, Keys.TAB);
        }
        throw new AssertionError("Tab never reached " + css + "; the focus is on "
                + ((JavascriptExecutor) driver).executeScript("return document.activeElement.outerHTML;"));
    }

    /** Types keys (characters, Enter, Space) into the focused element. */
    static void keys(WebDriver driver, CharSequence... keys) {
        new Actions(driver).sendKeys(keys).perform();
    }

    /** The value of an input or select. */
    static String valueOf(WebDriver driver, String id) {
        return driver.findElement(By.id(id)).getDomProperty("value");
    }
}
