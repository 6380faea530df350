package uk.transferofcare.testkit.browser;

import java.time.Duration;
import java.util.Map;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/** A phone's 360 px width for any of our pages, and what reaches beyond it (axe-core's rules: {@link Axe}). */
public final class PageChecks {

    private PageChecks() {}

    /** Shows the page as a 360 px wide phone would (until {@link #desktopWidth}). */
    public static void phoneWidth(ChromeDriver driver) {
        driver.executeCdpCommand(
                "Emulation.setDeviceMetricsOverride",
                Map.of("width", 360, "height", 2400, "deviceScaleFactor", 1, "mobile", true));
        new WebDriverWait(driver, Duration.ofSeconds(10))
                .until(d -> Long.valueOf(360)
                        .equals(((JavascriptExecutor) d).executeScript("return document.documentElement.clientWidth")));
    }

    /** Back to the browser's own window size. */
    public static void desktopWidth(ChromeDriver driver) {
        driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
    }

    /** The elements that reach beyond the viewport's right edge, for a failure message (tag#id.class: right). */
    public static String overflowing(ChromeDriver driver) {
        return String.valueOf(driver.executeScript(
                "const w = document.documentElement.clientWidth; return [...document.querySelectorAll('body *')]"
                        + ".filter(e => e.getBoundingClientRect().right > w + 1)"
                        + ".filter(e => !e.parentElement || e.parentElement.getBoundingClientRect().right <= w + 1)"
                        + ".slice(0, 10).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')"
                        + " + (e.className && e.className.baseVal === undefined ? '.' + e.className.split(' ').join('.') : '')"
                        + " + ': ' + Math.round(e.getBoundingClientRect().right)).join(', ')"));
    }

    /** The page's width in CSS pixels (more than the viewport means it scrolls sideways). */
    public static long scrollWidth(ChromeDriver driver) {
        return (Long) driver.executeScript("return document.documentElement.scrollWidth");
    }
}
