package uk.transferofcare.simulator;

import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.logging.Level;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Debian's headless Chromium and its driver, as handover-api's browser tests start them (a small copy of its test
 * class {@code uk.transferofcare.api.web.Chromium}: services do not share test code). No downloads, no phone
 * emulation; the profile goes where the caller says, so it is deleted with the caller's data.
 */
final class Chromium {

    static final String BINARY = "/usr/bin/chromium";
    static final String DRIVER = "/usr/bin/chromedriver";

    private Chromium() {}

    /** Stops the test with the command that installs them when Chromium or its driver is missing. */
    static void requireInstalled() {
        if (!new File(BINARY).canExecute() || !new File(DRIVER).canExecute()) {
            throw new IllegalStateException("Browser tests need Debian's Chromium and its driver at " + BINARY + " and "
                    + DRIVER + ": run `apt-get update && apt-get install -y chromium chromium-driver`");
        }
        System.setProperty("webdriver.chrome.driver", DRIVER);
    }

    /** A headless Chromium window of this size with a fresh profile in {@code profile}, keeping the console log. */
    static ChromeDriver start(Path profile, int width, int height) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BINARY);
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
                "--window-size=" + width + "," + height,
                "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(DRIVER))
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
        return driver;
    }
}
