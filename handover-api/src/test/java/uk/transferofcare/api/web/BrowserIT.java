package uk.transferofcare.api.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.chromium.ChromiumNetworkConditions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.web.server.LocalServerPort;
import uk.transferofcare.api.support.ApiTestSupport;
import uk.transferofcare.api.support.HandoverApiIntegrationTest;
import uk.transferofcare.events.EventType;
import uk.transferofcare.events.HandoverSubmission;
import uk.transferofcare.events.Topics;

/**
 * The pages in a real headless Chromium (Debian's chromium and chromium-driver), against the whole application, the
 * embedded broker and the real handover-processor (from its jar).
 */
@HandoverApiIntegrationTest
class BrowserIT extends ApiTestSupport {

    static final String CHROMIUM = "/usr/bin/chromium";
    static final String CHROMEDRIVER = "/usr/bin/chromedriver";

    @LocalServerPort
    int port;

    private final List<ChromeDriver> browsers = new java.util.ArrayList<>();

    @BeforeAll
    static void requireChromium() {
        if (!new File(CHROMIUM).canExecute() || !new File(CHROMEDRIVER).canExecute()) {
            throw new IllegalStateException("Browser tests need Debian's Chromium and its driver at " + CHROMIUM
                    + " and " + CHROMEDRIVER + ": run `apt-get update && apt-get install -y chromium chromium-driver`");
        }
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER);
    }

    @AfterEach
    void closeBrowsers(org.junit.jupiter.api.TestInfo test) throws Exception {
        Path shots = Path.of("target", "browser-screenshots");
        Files.createDirectories(shots);
        int n = 0;
        for (ChromeDriver browser : browsers) {
            Files.write(
                    shots.resolve(test.getTestMethod().orElseThrow().getName() + "-" + (++n) + ".png"),
                    browser.getScreenshotAs(org.openqa.selenium.OutputType.BYTES));
            // What the pages logged (errors included) goes to the test output, for whoever reads a failure.
            browser.manage().logs().get(LogType.BROWSER).forEach(entry -> System.out.println("[browser] " + entry));
            System.out.println("[page " + browser.getCurrentUrl() + "]\n"
                    + browser.findElement(By.tagName("main")).getText());
            browser.quit();
        }
    }

    @Test
    void givenAnEdBoardOpen_whenAnOfficerOpensACaseAndRecordsArrival_thenItAppearsLiveAndEdAcceptsTheHandover()
            throws Exception {
        ChromeDriver board = browser();
        board.get(url("/board"));
        signInAs(board, "board", "nurse-qeuh");
        waitFor(board, 30).until(d -> d.findElement(By.id("live")).getText().startsWith("Live."));

        ChromeDriver officer = browser();
        officer.get(url("/officer"));
        signInAs(officer, "officer", "pc-1234");
        selectSite(officer, "QEUH");
        officer.findElement(By.id("start-prealert")).click();
        click(officer, "[data-step='ARRIVED']");
        String caseId = officer.findElement(By.id("case-id")).getText();
        waitFor(officer, 30).until(d -> statuses(d).equals(List.of("APPLIED", "APPLIED")));

        waitFor(board, 30)
                .until(d -> d.findElement(By.cssSelector("tr[data-case-id='" + caseId + "'][data-state='ARRIVED']")));
        String band = waitFor(board, 10)
                .until(d -> d.findElement(By.cssSelector("tr[data-case-id='" + caseId + "'] [data-band]"))
                        .getText());
        assertThat(band).isEqualTo("Under 15 min");
        click(board, "tr[data-case-id='" + caseId + "'] [data-action='HANDED_OVER']");

        waitFor(board, 30)
                .until(d -> !d.findElements(
                                By.cssSelector("tr[data-case-id='" + caseId + "'][data-state='HANDED_OVER']"))
                        .isEmpty());
        assertThat(board.findElement(By.id("board-status")).getText()).contains("Accept handover");
        assertThat(read(getAs("admin", "ADMIN", "ADMIN", "/api/v1/handovers/{c}", caseId))
                        .get("state")
                        .stringValue())
                .isEqualTo("HANDED_OVER");
    }

    @Test
    void givenNoNetwork_whenAnOfficerTapsThreeSteps_thenTheyWaitOnThePhoneAndReplayInOrderWhenTheNetworkReturns()
            throws Exception {
        ChromeDriver officer = browser();
        officer.get(url("/officer"));
        signInAs(officer, "officer", "pc-5678");
        selectSite(officer, "RIE");

        officer.setNetworkConditions(offline(true));
        officer.findElement(By.id("start-prealert")).click();
        click(officer, "[data-step='ARRIVED']");
        click(officer, "[data-step='CLEARED']");
        String caseId = officer.findElement(By.id("case-id")).getText();
        String waiting = officer.findElement(By.id("waiting-count")).getText();
        List<String> queued = statuses(officer);

        officer.deleteNetworkConditions();
        waitFor(officer, 60).until(d -> statuses(d).equals(List.of("APPLIED", "APPLIED", "APPLIED")));

        assertThat(waiting).isEqualTo("3 waiting to send");
        assertThat(queued).containsExactly("QUEUED", "QUEUED", "QUEUED");
        assertThat(officer.findElement(By.id("waiting-count")).getText()).isEqualTo("Nothing waiting to send.");
        List<HandoverSubmission> sent = kafka
                .readUntil(
                        Topics.SUBMISSIONS.name(),
                        HandoverSubmission.class,
                        all -> all.stream()
                                        .filter(r -> r.value().getCaseId().equals(caseId))
                                        .count()
                                == 3,
                        Duration.ofSeconds(10))
                .stream()
                .map(ConsumerRecord::value)
                .filter(v -> v.getCaseId().equals(caseId))
                .toList();
        assertThat(sent)
                .extracting(HandoverSubmission::getType)
                .containsExactly(EventType.PRE_ALERTED, EventType.ARRIVED, EventType.CLEARED);
        assertThat(sent)
                .allSatisfy(s -> assertThat(s.getSource().getQueuedOffline()).isTrue());
        assertThat(sent.get(0).getOccurredAt()).isBeforeOrEqualTo(sent.get(1).getOccurredAt());
        assertThat(sent.get(1).getOccurredAt()).isBeforeOrEqualTo(sent.get(2).getOccurredAt());
        assertThat(sent.get(2).getOccurredAt()).isBefore(sent.get(0).getReceivedAt());
    }

    private ChromeDriver browser() throws Exception {
        Path profile = Files.createTempDirectory("handover-api-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
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
                "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER))
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
        browsers.add(driver);
        return driver;
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }

    /** Signs in with the page's demo-user picker (which calls POST /dev/tokens). */
    private static void signInAs(WebDriver driver, String app, String subject) {
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
    private static void click(WebDriver driver, String css) {
        waitFor(driver, 15).until(d -> {
            d.findElement(By.cssSelector(css)).click();
            return true;
        });
    }

    /** Chooses a site once the list (fetched from /api/v1/sites) has arrived. */
    private static void selectSite(WebDriver driver, String code) {
        waitFor(driver, 30)
                .until(d -> !d.findElements(By.cssSelector("#site option[value='" + code + "']"))
                        .isEmpty());
        new Select(driver.findElement(By.id("site"))).selectByValue(code);
    }

    private static List<String> statuses(WebDriver driver) {
        return driver.findElements(By.cssSelector("#submissions li")).stream()
                .map(li -> li.getAttribute("data-status"))
                .toList();
    }

    private static ChromiumNetworkConditions offline(boolean offline) {
        ChromiumNetworkConditions conditions = new ChromiumNetworkConditions();
        conditions.setOffline(offline);
        conditions.setLatency(Duration.ZERO);
        conditions.setDownloadThroughput(-1);
        conditions.setUploadThroughput(-1);
        return conditions;
    }

    private static WebDriverWait waitFor(WebDriver driver, int seconds) {
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(seconds));
        wait.pollingEvery(Duration.ofMillis(200));
        wait.ignoring(org.openqa.selenium.NoSuchElementException.class);
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        return wait;
    }
}
