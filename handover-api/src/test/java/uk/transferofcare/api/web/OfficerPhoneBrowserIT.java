package uk.transferofcare.api.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import tools.jackson.databind.JsonNode;
import uk.transferofcare.api.support.HandoverApiIntegrationTest;
import uk.transferofcare.api.support.TestData;
import uk.transferofcare.testkit.browser.Axe;

/**
 * The officer's phone through a whole journey, in real headless Chromium against the whole application, the embedded
 * broker and the real processor (BrowserIT's context): what the page sends is checked where it lands, in the case view
 * and the analysts' report, never in the page's own memory.
 */
@HandoverApiIntegrationTest
class OfficerPhoneBrowserIT extends BrowserTestSupport {

    private static final ZoneId LONDON = ZoneId.of("Europe/London");

    /**
     * Keyboard only (Tab, Enter, Space and typing; no clicks): an s297 case with its removal time, an ETA on the
     * pre-alert, arrival, a retention from 2 to 4 officers, a release to 1, clearance with a disposition. The page's
     * clock is moved so the taps lie 2 h, 1 h and 30 min ago: the officer-hours in the report are then 2×1 + 4×0.5 +
     * 1×0.5 = 4.5 h for this case, not the 2×2 = 4 h the count at arrival alone would give.
     */
    @Test
    void givenAnS297Case_whenTheOfficerUsesOnlyTheKeyboard_thenTheLegalClockStartsAndRetainReleaseChangeOfficerHours()
            throws Exception {
        ChromeDriver officer = browser(1280, 1000);
        installClock(officer);
        officer.get(url("/officer"));
        Duration shift = Duration.ofHours(-2);
        setClock(officer, shift);
        LocalDate today = LocalDate.now(LONDON);
        String reportPath = "/api/v1/reports/handover-times?from=" + today.minusDays(2) + "&to=" + today.plusDays(2)
                + "&groupBy=site&siteCode=UHH&division=Q";
        double hoursBefore = officerHours(reportPath);

        tabTo(officer, "#officer-demo-user");
        keys(officer, "pc-4");
        assertThat(valueOf(officer, "officer-demo-user")).isEqualTo("2");
        tabTo(officer, "#officer-signin");
        keys(officer, Keys.ENTER);
        waitFor(officer, 30).until(d -> d.findElement(By.id("app")).isDisplayed());
        waitFor(officer, 30)
                .until(d -> !d.findElements(By.cssSelector("#site option[value='UHH']"))
                        .isEmpty());

        // Legal basis first, then the removal time it asks for: 30 minutes before the page's "now".
        tabTo(officer, "#basis-s297");
        keys(officer, Keys.SPACE);
        ZonedDateTime removal =
                ZonedDateTime.now(LONDON).plus(shift).minusMinutes(30).truncatedTo(ChronoUnit.MINUTES);
        tabTo(officer, "#removed-hour");
        keys(officer, String.format("%02d", removal.getHour()));
        tabTo(officer, "#removed-minute");
        keys(officer, String.format("%02d", removal.getMinute()));
        tabTo(officer, "#site");
        keys(officer, "University Hospital Hairmyres");
        assertThat(valueOf(officer, "site")).isEqualTo("UHH");
        tabTo(officer, "#eta");
        keys(officer, "10");
        tabTo(officer, "#start-prealert");
        keys(officer, Keys.ENTER);
        waitFor(officer, 30).until(d -> statuses(d).equals(List.of("APPLIED")));
        String caseId = officer.findElement(By.id("case-id")).getText();

        tabTo(officer, "[data-step='ARRIVED']");
        keys(officer, Keys.ENTER);
        waitFor(officer, 30).until(d -> statuses(d).equals(List.of("APPLIED", "APPLIED")));

        setClock(officer, Duration.ofHours(-1));
        tabTo(officer, "#officer-count");
        keys(officer, "4");
        tabTo(officer, "#retain-reason");
        keys(officer, "risk of harm, ED asked us to stay");
        tabTo(officer, "[data-step='OFFICER_RETAINED']");
        keys(officer, Keys.SPACE);
        waitFor(officer, 30).until(d -> statuses(d).equals(List.of("APPLIED", "APPLIED", "APPLIED")));

        setClock(officer, Duration.ofMinutes(-30));
        tabTo(officer, "#officer-count");
        keys(officer, "1");
        tabTo(officer, "[data-step='OFFICER_RELEASED']");
        keys(officer, Keys.ENTER);
        waitFor(officer, 30)
                .until(d -> statuses(d).size() == 4 && statuses(d).get(3).equals("APPLIED"));

        setClock(officer, Duration.ZERO);
        tabTo(officer, "#disposition-select");
        keys(officer, "Admitted to hospital");
        assertThat(valueOf(officer, "disposition-select")).isEqualTo("ADMITTED_INFORMAL");
        tabTo(officer, "[data-step='CLEARED']");
        keys(officer, Keys.ENTER);
        waitFor(officer, 30)
                .until(d -> statuses(d).equals(List.of("APPLIED", "APPLIED", "APPLIED", "APPLIED", "APPLIED")));

        JsonNode view = read(getAs("admin", "ADMIN", "ADMIN", "/api/v1/handovers/{c}", caseId));
        Instant removedAt = removal.toInstant();
        assertThat(view.get("legalBasis").stringValue()).isEqualTo("S297");
        assertThat(view.get("points").get("removedAt").stringValue()).isEqualTo(removedAt.toString());
        assertThat(view.get("legalClock").get("deadline").stringValue())
                .isEqualTo(removedAt.plus(Duration.ofHours(24)).toString());
        Instant preAlerted =
                Instant.parse(view.get("points").get("preAlertedAt").stringValue());
        Instant eta = Instant.parse(view.get("points").get("eta").stringValue());
        // The ETA is taken at the tap, a moment before the pre-alert's occurredAt.
        assertThat(Duration.between(preAlerted, eta)).isBetween(Duration.ofSeconds(590), Duration.ofSeconds(610));
        assertThat(view.get("officerChanges").findValues("officerCount"))
                .extracting(JsonNode::asInt)
                .containsExactly(4, 1);
        assertThat(view.get("currentOfficerCount").asInt()).isEqualTo(1);
        assertThat(view.get("disposition").stringValue()).isEqualTo("ADMITTED_INFORMAL");
        long officerSeconds = view.get("intervals").get("officerSeconds").asLong();
        assertThat(officerSeconds).isBetween(4L * 3600 + 1800, 4L * 3600 + 1800 + 600);

        // The phone showed the legal clock the platform set.
        waitFor(officer, 30)
                .until(d -> d.findElement(By.id("case-deadline"))
                        .getAttribute("data-deadline")
                        .equals(view.get("legalClock").get("deadline").stringValue()));
        Axe.assertAccessible(officer, "the officer page with a cleared s297 case");

        Awaitility.await("the report counts the cleared case")
                .atMost(Duration.ofSeconds(60))
                .until(() -> officerHours(reportPath) - hoursBefore >= 4.0);
        assertThat(officerHours(reportPath) - hoursBefore).isCloseTo(officerSeconds / 3600.0, within(0.011));
    }

    /**
     * A phone 360 px wide: the live state (the ED's acknowledgement, minutes waiting); then offline, a step the
     * processor will refuse (ended without handover, while the ED hands over), kept on the phone through a sign-out
     * and another officer's sign-in (never sent in their name), sent at the tapping officer's sign-in, refused, and
     * shown with the rule and its message until the officer has read it; then clearance and a referral at scene with
     * its pathway.
     */
    @Test
    void givenAStepQueuedOffline_whenItIsRefusedAfterSignOutAndSignIn_thenThePhoneShowsTheRuleAndItsMessage()
            throws Exception {
        ChromeDriver officer = browser(360, 800);
        officer.get(url("/officer"));
        signInAs(officer, "officer", "pc-1234");
        selectSite(officer, "QEUH");
        click(officer, "#basis-voluntary");
        click(officer, "#start-prealert");
        click(officer, "[data-step='ARRIVED']");
        waitFor(officer, 30).until(d -> statuses(d).equals(List.of("APPLIED", "APPLIED")));
        String caseId = officer.findElement(By.id("case-id")).getText();

        assertThat(submitAs(nurse, "ED_STAFF", "QEUH", caseId, body(TestData.id(), "ACKNOWLEDGED", Instant.now()))
                        .getResponse()
                        .getStatus())
                .isEqualTo(201);
        waitFor(officer, 30)
                .until(d ->
                        "yes".equals(d.findElement(By.id("case-acknowledged")).getAttribute("data-acknowledged")));
        assertThat(officer.findElement(By.id("case-waiting")).getAttribute("data-minutes"))
                .isEqualTo("0");
        assertThat(officer.findElement(By.id("case-deadline")).getText()).isEqualTo("No legal clock");
        screenshot(officer, "officer-360-live-state");
        Axe.assertAccessible(officer, "the officer page at 360 px with a live case");

        officer.setNetworkConditions(offline(true));
        click(officer, "[data-step='ENDED_WITHOUT_HANDOVER']");
        String refusedId = officer.findElement(By.cssSelector("#submissions li:last-child"))
                .getAttribute("data-event-id");
        assertThat(officer.findElement(By.id("waiting-count")).getText()).isEqualTo("1 waiting to send");
        click(officer, "#sign-out");
        assertThat(waitFor(officer, 10)
                        .until(d -> d.findElement(By.id("signed-out-queue")))
                        .getText())
                .isEqualTo("1 recorded step is kept on this phone and will be sent when you sign in.");

        // Meanwhile the ED hands over: an ending without handover can no longer be right.
        assertThat(submitAs(nurse, "ED_STAFF", "QEUH", caseId, body(TestData.id(), "HANDED_OVER", Instant.now()))
                        .getResponse()
                        .getStatus())
                .isEqualTo(201);
        officer.deleteNetworkConditions();
        // Another officer signs in on the same phone: the step waits for the officer who tapped it.
        signInAs(officer, "officer", "pc-5678");
        waitFor(officer, 30)
                .until(d -> d.findElement(By.id("waiting-list"))
                        .getText()
                        .contains("Waiting for pc-1234 to sign in: it is sent in their name only."));
        assertThat(officer.findElement(By.id("waiting-count")).getText()).isEqualTo("1 waiting to send");
        click(officer, "#sign-out");
        signInAs(officer, "officer", "pc-1234");

        WebElement refusal = waitFor(officer, 60)
                .until(d -> d.findElement(By.cssSelector("#rejections li[data-event-id='" + refusedId + "']")));
        JsonNode verdict =
                read(getAs("admin", "ADMIN", "ADMIN", "/api/v1/handovers/{c}/events/{e}", caseId, refusedId));
        assertThat(verdict.get("status").stringValue()).isEqualTo("REJECTED");
        assertThat(officer.findElement(By.id("rejections")).isDisplayed()).isTrue();
        assertThat(refusal.getAttribute("data-rule"))
                .isEqualTo(verdict.get("rule").stringValue());
        assertThat(refusal.getText())
                .contains("Ended without handover")
                .contains(verdict.get("rule").stringValue())
                .contains(verdict.get("message").stringValue());
        assertThat(officer.findElement(By.id("waiting-count")).getText()).isEqualTo("Nothing waiting to send.");
        screenshot(officer, "officer-360-rejection");
        Axe.assertAccessible(officer, "the officer page at 360 px showing a refusal");

        click(officer, "[data-dismiss='" + refusedId + "']");
        waitFor(officer, 10).until(d -> !d.findElement(By.id("rejections")).isDisplayed());

        new Select(officer.findElement(By.id("disposition-select"))).selectByValue("DISCHARGED");
        click(officer, "[data-step='CLEARED']");
        waitFor(officer, 30).until(d -> statuses(d).equals(List.of("APPLIED", "APPLIED", "REJECTED", "APPLIED")));
        assertThat(read(getAs("admin", "ADMIN", "ADMIN", "/api/v1/handovers/{c}", caseId))
                        .get("disposition")
                        .stringValue())
                .isEqualTo("DISCHARGED");

        // A new s297 case the officer does not convey: referred at scene, with the pathway and the removal time; both
        // missing are two errors.
        click(officer, "#new-case");
        click(officer, "#basis-s297");
        click(officer, "#start-referral summary");
        click(officer, "#start-referred");
        assertThat(waitFor(officer, 10)
                        .until(d -> d.findElement(By.id("start-pathway-error")))
                        .getText())
                .isEqualTo("Error: Choose where you referred the person");
        assertThat(officer.findElement(By.id("removed-error")).getText())
                .isEqualTo("Error: Enter the time the person was removed, for example 14 and 05");
        screenshot(officer, "officer-360-start-errors");
        Axe.assertAccessible(officer, "the officer page at 360 px with form errors");
        ZonedDateTime removal = ZonedDateTime.now(LONDON).minusMinutes(20).truncatedTo(ChronoUnit.MINUTES);
        officer.findElement(By.id("removed-hour")).sendKeys(String.valueOf(removal.getHour()));
        officer.findElement(By.id("removed-minute")).sendKeys(String.valueOf(removal.getMinute()));
        new Select(officer.findElement(By.id("start-pathway"))).selectByValue("DBI");
        click(officer, "#start-referred");
        waitFor(officer, 30).until(d -> statuses(d).equals(List.of("APPLIED")));
        String referred = officer.findElement(By.id("case-id")).getText();
        JsonNode referral = read(getAs("admin", "ADMIN", "ADMIN", "/api/v1/handovers/{c}", referred));
        assertThat(referral.get("state").stringValue()).isEqualTo("REFERRED_AT_SCENE");
        assertThat(referral.get("referralPathway").stringValue()).isEqualTo("DBI");
        assertThat(referral.get("points").get("removedAt").stringValue())
                .isEqualTo(removal.toInstant().toString());
        assertThat(officer.findElement(By.id("finished")).isDisplayed()).isTrue();
    }

    /**
     * The person key for repeat attendance, from a phone 360 px wide: a set-up link gives the phone the key in the
     * address's fragment (which no browser sends to a server); the page keeps it non-extractable and removes the
     * fragment from the address. A mistyped CHI number (wrong check digit) is refused on the phone; a right one, typed
     * with a space, goes into the pre-alert only as HMAC-SHA256 of its ten digits under that key, exactly as
     * docs/analysts.md defines the person key; the number is kept nowhere: not in the form, not on the phone's storage,
     * not on any topic.
     */
    @Test
    void
            givenAPhoneSetUpWithTheRepeatKey_whenTheOfficerGivesTheChiNumber_thenOnlyItsKeyIsSentAndTheNumberIsKeptNowhere()
                    throws Exception {
        byte[] secret = new byte[32];
        new java.security.SecureRandom().nextBytes(secret);
        ChromeDriver officer = browser(360, 800);
        officer.get(url("/officer") + "#person-key="
                + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
        signInAs(officer, "officer", "pc-4321");
        waitFor(officer, 30).until(d -> d.findElement(By.id("chi-group")).isDisplayed());
        assertThat(officer.getCurrentUrl()).doesNotContain("#").doesNotContain("person-key");
        Object exported = officer.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                const open = indexedDB.open('toc-person-key');
                open.onsuccess = () => {
                  const get = open.result.transaction('keys').objectStore('keys').get('hmac');
                  get.onsuccess = () => crypto.subtle.exportKey('raw', get.result)
                    .then(() => done('exported'), (e) => done('refused: ' + e.name));
                };
                open.onerror = () => done('no database');
                """);
        assertThat(exported).isEqualTo("refused: InvalidAccessError");

        selectSite(officer, "UHH");
        click(officer, "#basis-voluntary");
        officer.findElement(By.id("chi")).sendKeys("150713 4216");
        click(officer, "#start-prealert");
        assertThat(waitFor(officer, 10)
                        .until(d -> d.findElement(By.id("chi-error")))
                        .getText())
                .isEqualTo("Error: This is not a valid CHI number: check the digits");
        assertThat(statuses(officer)).isEmpty();
        Axe.assertAccessible(officer, "the officer page at 360 px with a mistyped CHI number");

        officer.findElement(By.id("chi")).clear();
        officer.findElement(By.id("chi")).sendKeys("150713 4215");
        click(officer, "#start-prealert");
        waitFor(officer, 30).until(d -> statuses(d).equals(List.of("APPLIED")));
        String caseId = officer.findElement(By.id("case-id")).getText();
        assertThat(officer.findElement(By.id("chi")).getAttribute("value")).isEmpty();

        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(secret, "HmacSHA256"));
        String expectedKey = java.util.HexFormat.of()
                .formatHex(mac.doFinal("1507134215".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        List<byte[]> submissions =
                uk.transferofcare.api.support.TopicScan.wholeTopic(uk.transferofcare.events.Topics.SUBMISSIONS.name());
        assertThat(submissions)
                .filteredOn(r -> uk.transferofcare.api.support.TopicScan.contains(
                        r, caseId.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .as("the pre-alert of case %s carries the person key", caseId)
                .anyMatch(r -> uk.transferofcare.api.support.TopicScan.contains(
                        r, expectedKey.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        for (String chi : List.of("1507134215", "150713 4215", "1507134216")) {
            assertThat(submissions)
                    .as("no record holds the CHI number")
                    .noneMatch(r -> uk.transferofcare.api.support.TopicScan.contains(
                            r, chi.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        }
        Object stored = officer.executeScript(
                "return JSON.stringify(Object.entries(localStorage)) + JSON.stringify(Object.entries(sessionStorage))"
                        + " + document.documentElement.outerHTML;");
        assertThat((String) stored).doesNotContain("150713").doesNotContain(expectedKey);
    }

    /** The site's officer-hours in the report (0 while the group has no case). */
    private double officerHours(String path) throws Exception {
        JsonNode groups = read(getAs("analyst-1", "ANALYST", "PHS", path)).get("groups");
        double hours = 0;
        for (JsonNode group : groups) {
            hours += group.get("officerHours").asDouble();
        }
        return hours;
    }
}
