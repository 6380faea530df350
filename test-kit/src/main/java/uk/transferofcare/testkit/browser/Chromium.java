package uk.transferofcare.testkit.browser;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * The browser of every browser test (the API's pages, the notification service's page, the simulator's dashboard
 * check): Debian's headless Chromium and its driver, one fresh profile per browser, deleted when the browser quits.
 * A module that uses it declares {@code selenium-java} and axe-core's {@code selenium} itself (test scope): the test
 * kit has them as optional dependencies only.
 */
public final class Chromium {

    public static final String BINARY = "/usr/bin/chromium";
    public static final String DRIVER = "/usr/bin/chromedriver";

    private Chromium() {}

    /** Stops the test class with the command that installs them when Chromium or its driver is missing. */
    public static void requireInstalled() {
        if (!new File(BINARY).canExecute() || !new File(DRIVER).canExecute()) {
            throw new IllegalStateException("Browser tests need Debian's Chromium and its driver at " + BINARY + " and "
                    + DRIVER + ": run `apt-get update && apt-get install -y chromium chromium-driver`");
        }
        System.setProperty("webdriver.chrome.driver", DRIVER);
    }

    /** A headless Chromium window of 1280 × 1000 without downloads; see {@link #start(Path, int, int)}. */
    public static ChromeDriver start() throws IOException {
        return start(null, 1280, 1000);
    }

    /** A headless Chromium window of 1280 × 1000; see {@link #start(Path, int, int)}. */
    public static ChromeDriver start(Path downloads) throws IOException {
        return start(downloads, 1280, 1000);
    }

    /**
     * A headless Chromium of this size, keeping the pages' console log (every level). Downloads go to {@code downloads}
     * without asking, when it is not null. Below 500 px wide (a phone: 360) the size is emulated, since headless
     * Chromium keeps windows at least 500 px wide. {@link ChromeDriver#quit()} also deletes its profile.
     */
    public static ChromeDriver start(Path downloads, int width, int height) throws IOException {
        requireInstalled();
        Path profile = Files.createTempDirectory("toc-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BINARY);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        if (downloads != null) {
            options.setExperimentalOption(
                    "prefs",
                    Map.of("download.default_directory", downloads.toString(), "download.prompt_for_download", false));
        }
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
        ChromeDriver driver = new ProfiledChromeDriver(service, options, profile);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
        if (downloads != null) {
            driver.executeCdpCommand(
                    "Browser.setDownloadBehavior", Map.of("behavior", "allow", "downloadPath", downloads.toString()));
        }
        if (width < 500) {
            driver.executeCdpCommand(
                    "Emulation.setDeviceMetricsOverride",
                    Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", true));
        }
        return driver;
    }

    /** A driver that deletes its browser's profile once the browser has quit. */
    private static final class ProfiledChromeDriver extends ChromeDriver {

        private final Path profile;

        ProfiledChromeDriver(ChromeDriverService service, ChromeOptions options, Path profile) {
            super(service, options);
            this.profile = profile;
        }

        @Override
        public void quit() {
            try {
                super.quit();
            } finally {
                deleteTree(profile);
            }
        }

        private static void deleteTree(Path root) {
            if (!Files.exists(root)) {
                return;
            }
            try (Stream<Path> paths = Files.walk(root)) {
                paths.sorted(Comparator.reverseOrder())
                        .forEach(path -> path.toFile().delete());
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot delete the browser profile " + root, e);
            }
        }
    }
}
