package uk.transferofcare.api.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import uk.transferofcare.api.support.HandoverApiIntegrationTest;
import uk.transferofcare.events.EventType;
import uk.transferofcare.events.HandoverSubmission;
import uk.transferofcare.events.Topics;
import uk.transferofcare.testkit.browser.Axe;
import uk.transferofcare.testkit.browser.PageChecks;

/**
 * The pages in a real headless Chromium (Debian's chromium and chromium-driver), against the whole application, the
 * embedded broker and the real handover-processor (from its jar).
 */
@HandoverApiIntegrationTest
class BrowserIT extends BrowserTestSupport {

    private static final ZoneId LONDON = ZoneId.of("Europe/London");

    /**
     * An officer opens an s297 case on the phone (legal basis, removal time) and records the arrival: the board shows
     * it live, with the legal clock's deadline (removal + 24 h) and its date; ED accepts the handover. First the start
     * page, which links to every page, and the sign-in panel (with its error) have no WCAG 2.1 A/AA violation at 1280
     * and 360 px.
     */
    @Test
    void givenAnEdBoardOpen_whenAnOfficerOpensACaseAndRecordsArrival_thenItAppearsLiveAndEdAcceptsTheHandover()
            throws Exception {
        ChromeDriver board = browser();
        // The start page (links to every page): WCAG 2.1 A/AA at 1280 and 360 px.
        board.get(url("/"));
        waitFor(board, 30).until(d -> d.findElement(By.cssSelector("main h1")).isDisplayed());
        Axe.assertAccessible(board, "the start page, 1280 px");
        PageChecks.phoneWidth(board);
        Axe.assertAccessible(board, "the start page, 360 px");
        assertThat(PageChecks.scrollWidth(board))
                .as("the start page at 360 px: " + PageChecks.overflowing(board))
                .isLessThanOrEqualTo(360L);
        PageChecks.desktopWidth(board);
        board.get(url("/board"));
        signInPanelIsAccessible(board);
        signInAs(board, "board", "nurse-qeuh");
        waitFor(board, 30).until(d -> d.findElement(By.id("live")).getText().startsWith("Live."));

        ChromeDriver officer = browser();
        officer.get(url("/officer"));
        signInAs(officer, "officer", "pc-1234");
        selectSite(officer, "QEUH");
        // An s297 case: the legal basis, then the removal time it asks for (20 minutes ago, Europe/London).
        click(officer, "#basis-s297");
        ZonedDateTime removal = ZonedDateTime.now(LONDON).minusMinutes(20).truncatedTo(ChronoUnit.MINUTES);
        officer.findElement(By.id("removed-hour")).sendKeys(String.format("%02d", removal.getHour()));
        officer.findElement(By.id("removed-minute")).sendKeys(String.format("%02d", removal.getMinute()));
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
        // The legal clock the processor started from the phone's removal time: 24 h later, shown with its date.
        Instant deadline = removal.toInstant().plus(Duration.ofHours(24));
        WebElement clock = board.findElement(By.cssSelector("tr[data-case-id='" + caseId + "'] [data-deadline] time"));
        assertThat(clock.getAttribute("datetime")).isEqualTo(deadline.toString());
        assertThat(clock.getText()).isEqualTo(shown(deadline));
        assertThat(read(getAs("admin", "ADMIN", "ADMIN", "/api/v1/handovers/{c}", caseId))
                        .at("/legalClock/deadline")
                        .stringValue())
                .isEqualTo(deadline.toString());
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

    /**
     * The sign-in panel every page shows first (one component, common.js): with the token form opened and with its
     * error shown (the server offered no demo token: here /dev/tokens is blocked), WCAG 2.1 A/AA at 1280 and 360 px.
     */
    private static void signInPanelIsAccessible(ChromeDriver page) {
        waitFor(page, 30).until(d -> d.findElement(By.id("board-signin")).isDisplayed());
        page.findElement(By.cssSelector("#signin summary")).click();
        Axe.assertAccessible(page, "the sign-in panel with the token form open, 1280 px");
        page.executeCdpCommand("Network.enable", Map.of());
        page.executeCdpCommand("Network.setBlockedURLs", Map.of("urls", List.of("*/dev/tokens*")));
        try {
            page.findElement(By.id("board-signin")).click();
            WebElement error = waitFor(page, 15).until(d -> {
                WebElement shown = d.findElement(By.id("board-signin-error"));
                return shown.isDisplayed() ? shown : null;
            });
            assertThat(error.getText()).contains("paste a token");
            Axe.assertAccessible(page, "the sign-in panel with its error, 1280 px");
            PageChecks.phoneWidth(page);
            Axe.assertAccessible(page, "the sign-in panel with its error, 360 px");
            assertThat(PageChecks.scrollWidth(page))
                    .as("the sign-in panel at 360 px: " + PageChecks.overflowing(page))
                    .isLessThanOrEqualTo(360L);
            PageChecks.desktopWidth(page);
        } finally {
            page.executeCdpCommand("Network.setBlockedURLs", Map.of("urls", List.of()));
        }
    }

    /** As the board shows an instant: "Sat 5 Dec 09:05" in Europe/London, with the year when not this year's. */
    private static String shown(Instant instant) {
        ZonedDateTime at = instant.atZone(LONDON);
        boolean thisYear = at.getYear() == ZonedDateTime.now(LONDON).getYear();
        return DateTimeFormatter.ofPattern(thisYear ? "EEE d MMM HH:mm" : "EEE d MMM yyyy HH:mm", Locale.UK)
                .format(at);
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
}
