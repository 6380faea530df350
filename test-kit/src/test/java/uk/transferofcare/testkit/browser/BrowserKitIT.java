package uk.transferofcare.testkit.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The browser kit every browser test relies on can fail: axe-core names a real violation, a page wider than a phone
 * is measured as such, and a quit browser leaves no profile behind.
 */
class BrowserKitIT {

    private static final String ACCESSIBLE =
            "<!doctype html><html lang=\"en\"><head><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>Fine</title></head>"
                    + "<body><main><h1>Fine</h1><p>Nothing wrong here.</p></main></body></html>";
    private static final String INACCESSIBLE =
            "<!doctype html><html lang=\"en\"><head><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>Broken</title></head>"
                    + "<body><main><h1>Broken</h1><img src=\"data:image/gif;base64,R0lGODlhAQABAAAAACw=\">"
                    + "<div style=\"width:900px\">too wide for a phone</div></main></body></html>";

    @Test
    void givenAPageWithAnImageWithoutTextAndAWideBlock_whenChecked_thenAxeNamesTheRuleAndThePhoneWidthShowsTheOverflow()
            throws Exception {
        ChromeDriver browser = Chromium.start();
        Path profile = profileOf(browser);
        try {
            browser.get(dataUrl(ACCESSIBLE));
            Axe.assertAccessible(browser, "a page with nothing wrong");

            browser.get(dataUrl(INACCESSIBLE));
            assertThatThrownBy(() -> Axe.assertAccessible(browser, "a broken page"))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("a broken page")
                    .hasMessageContaining("image-alt");
            PageChecks.phoneWidth(browser);
            assertThat(PageChecks.scrollWidth(browser)).isGreaterThan(360L);
            assertThat(PageChecks.overflowing(browser)).contains("div");
            PageChecks.desktopWidth(browser);
        } finally {
            browser.quit();
        }
        assertThat(profile).as("the profile of a quit browser").doesNotExist();
    }

    private static Path profileOf(ChromeDriver browser) {
        @SuppressWarnings("unchecked")
        Map<String, Object> chrome =
                (Map<String, Object>) browser.getCapabilities().getCapability("chrome");
        Path profile = Path.of(String.valueOf(chrome.get("userDataDir")));
        assertThat(Files.isDirectory(profile))
                .as("the profile %s while the browser runs", profile)
                .isTrue();
        assertThat(profile.getFileName().toString()).startsWith("toc-chromium-");
        return profile;
    }

    private static String dataUrl(String html) {
        return "data:text/html;charset=utf-8,"
                + URLEncoder.encode(html, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
