package uk.transferofcare.api.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.apache.avro.util.ClassSecurityValidator;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.servlet.MvcResult;
import tools.jackson.databind.JsonNode;
import uk.transferofcare.api.support.ApiTestSupport;
import uk.transferofcare.api.support.HandoverApiIntegrationTest;
import uk.transferofcare.api.support.TestData;
import uk.transferofcare.api.support.TestProducer;
import uk.transferofcare.events.CaseState;
import uk.transferofcare.events.CompletedCase;
import uk.transferofcare.events.DelayReason;
import uk.transferofcare.events.Disposition;
import uk.transferofcare.events.LegalBasis;
import uk.transferofcare.events.ReferralPathway;
import uk.transferofcare.events.Topics;
import uk.transferofcare.testkit.browser.Axe;
import uk.transferofcare.testkit.browser.Chromium;
import uk.transferofcare.testkit.browser.PageChecks;

/**
 * The analysts' dashboard in a real headless Chromium (Debian's chromium and chromium-driver) against the whole
 * application and the embedded broker: an analyst signs in, picks dates, sees the charts and their tables with the
 * numbers worked out below by hand, filters by site, and downloads the CSV; the journey panels (dispositions, delay
 * reasons, legal bases, places, the weekday × hour heat map) equal the report API and a table downloads as CSV. The
 * cases are in January and February 2025, which no
 * other test uses.
 */
@HandoverApiIntegrationTest
class DashboardBrowserIT extends ApiTestSupport {

    @LocalServerPort
    int port;

    private ChromeDriver browser;
    private Path downloads;

    @BeforeAll
    static void requireChromium() {
        Chromium.requireInstalled();
        ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(
                ClassSecurityValidator.getGlobal(), type -> type.getName().startsWith("uk.transferofcare.events.")));
    }

    @AfterEach
    void closeBrowser() throws Exception {
        if (browser != null) {
            Path shots = Path.of("target", "browser-screenshots");
            Files.createDirectories(shots);
            Files.write(shots.resolve("dashboard.png"), browser.getScreenshotAs(org.openqa.selenium.OutputType.BYTES));
            System.out.println("[dashboard page]\n"
                    + browser.findElement(By.tagName("main")).getText());
            browser.quit();
        }
    }

    private static CompletedCase closed(
            String site, CaseState outcome, String arrivedAt, Long ack, Long handover, Long toClear, Integer officers) {
        Instant arrived = Instant.parse(arrivedAt);
        Long atEd = toClear == null ? null : handover + toClear;
        return CompletedCase.newBuilder()
                .setCaseId(TestData.id())
                .setVersion(5)
                .setOutcome(outcome)
                .setSiteCode(site)
                .setPoliceDivision("G")
                .setFirstEventAt(arrived.minusSeconds(900))
                .setArrivedAt(arrived)
                .setArrivalToAcknowledgedSeconds(ack)
                .setHandoverSeconds(handover)
                .setHandoverToClearSeconds(toClear)
                .setTimeAtEdSeconds(atEd)
                .setOfficerSeconds(atEd == null || officers == null ? null : atEd * officers)
                .setComplete(toClear != null)
                .setMissingClearance(toClear == null)
                .setRecordedAt(Instant.now())
                .build();
    }

    /**
     * January 2025, weeks 2025-W02 (6 to 12 January) and 2025-W03 (13 to 19 January):
     *
     * <pre>
     * site  arrived (UTC = GMT)   outcome     handover  →clear  officers  officer-s
     * QEUH  Wed 8 Jan 10:00       CLEARED       600 s    300 s   2          1800
     * QEUH  Wed 8 Jan 12:00       CLEARED      1200 s    300 s   2          3000
     * QEUH  Wed 15 Jan 20:00      CLEARED      4000 s    600 s   2          9200
     * QEUH  Wed 15 Jan 21:00      open
     * QEUH  Wed 15 Jan 22:00      ENTERED_IN_ERROR (in nothing)
     * GRI   Wed 15 Jan 09:00      CLEARED      2000 s    400 s   1          2400
     * GRI   Wed 15 Jan 11:00      ABSCONDED    (ack 120 s, never cleared)
     * </pre>
     */
    private static boolean januaryProduced;

    private void givenJanuary2025() {
        synchronized (DashboardBrowserIT.class) {
            if (!januaryProduced) {
                produceJanuary2025();
                januaryProduced = true;
            }
        }
        Awaitility.await("the January 2025 cases in the reports")
                .atMost(Duration.ofSeconds(30))
                .until(
                        () -> read(getAs(
                                        "analyst-1",
                                        "ANALYST",
                                        "PHS",
                                        "/api/v1/reports/handover-times?from=2025-01-06&to=2025-01-20"
                                                + "&groupBy=month"))
                                .path("groups")
                                .path(0)
                                .path("cases")
                                .asInt(),
                        n -> n == 6);
    }

    private static void produceJanuary2025() {
        List<CompletedCase> cases = List.of(
                closed("QEUH", CaseState.CLEARED, "2025-01-08T10:00:00Z", 60L, 600L, 300L, 2),
                closed("QEUH", CaseState.CLEARED, "2025-01-08T12:00:00Z", 60L, 1200L, 300L, 2),
                closed("QEUH", CaseState.CLEARED, "2025-01-15T20:00:00Z", 60L, 4000L, 600L, 2),
                closed("QEUH", CaseState.ENTERED_IN_ERROR, "2025-01-15T22:00:00Z", 60L, 100L, 60L, 2),
                closed("GRI", CaseState.CLEARED, "2025-01-15T09:00:00Z", 60L, 2000L, 400L, 1),
                closed("GRI", CaseState.ABSCONDED, "2025-01-15T11:00:00Z", 120L, null, null, 2));
        cases.forEach(c -> TestProducer.send(Topics.COMPLETED.name(), c.getCaseId(), c));
        String open = TestData.id();
        TestProducer.send(
                Topics.STATE.name(),
                open,
                TestData.arrived(open, "QEUH", "G", Instant.parse("2025-01-15T21:00:00Z"), 2));
    }

    @Test
    void givenCasesInJanuary_whenAnAnalystOpensTheDashboard_thenChartsAndTablesShowTheHandComputedFigures()
            throws Exception {
        givenJanuary2025();
        browser = browser();
        browser.get("http://localhost:" + port + "/dashboard");

        signInAsAnalyst();
        show("2025-01-06", "2025-01-19", "");

        // Tiles: 6 cases (4 QEUH incl. the open one, 2 GRI), 1 open; handovers 600, 1200, 4000, 2000 s: 3 of 4
        // within 60 min = 75%; lost beyond 60: 400 s = 0.11 h; officer-hours (1800 + 3000 + 9200) s = 3.89 h and
        // 2400 s = 0.67 h, 4.56 in all; 4 of 5 closed cases complete (the absconding has no clearance) = 80%.
        assertThat(Stream.of(
                                "tile-cases",
                                "tile-open",
                                "tile-within60",
                                "tile-lost60",
                                "tile-officer-hours",
                                "tile-complete")
                        .map(id -> browser.findElement(By.id(id)).getText())
                        .toList())
                .containsExactly("6", "1", "75%", "0.11", "4.56", "80%");
        assertThat(rows("table-outcomes"))
                .containsExactly(
                        List.of("GRI", "2", "1", "0", "0", "1", "0", "0"),
                        List.of("QEUH", "4", "3", "0", "0", "0", "0", "1"));
        // Medians and 90th percentiles by nearest rank, in minutes to one decimal: QEUH W02 {600, 1200} s →
        // median 600 s = 10, p90 1200 s = 20; QEUH W03 4000 s = 66.7; GRI W03 2000 s = 33.3. Busiest site first.
        assertThat(rows("table-trend"))
                .containsExactly(
                        List.of("2025-W02 QEUH", "2", "10", "20"),
                        List.of("2025-W03 QEUH", "1", "66.7", "66.7"),
                        List.of("2025-W03 GRI", "1", "33.3", "33.3"));
        // W02: 600 and 1200 s → 1 of 2 within 15, 2 within 30 and 60; W03: 4000 and 2000 s → none within 15 or 30,
        // 2000 within 60.
        assertThat(rows("table-within"))
                .containsExactly(
                        List.of("2025-W02", "2", "50", "100", "100"), List.of("2025-W03", "2", "0", "0", "50"));
        assertThat(rows("table-officer-hours"))
                .containsExactly(List.of("2025-01 GRI", "2", "0.67"), List.of("2025-01 QEUH", "4", "3.89"));
        // 15-minute bins: 600 s in 0–15, 1200 s in 15–30, 2000 s in 30–45, 4000 s in 60–75.
        List<List<String>> bins = new ArrayList<>();
        for (int k = 0; k < 24; k++) {
            int count = k == 0 || k == 1 || k == 2 || k == 4 ? 1 : 0;
            bins.add(List.of((15 * k) + "–" + (15 * (k + 1)), Integer.toString(count)));
        }
        bins.add(List.of("> 360", "0"));
        assertThat(rows("table-distribution")).isEqualTo(bins);
        // Every chart was drawn (a canvas) and described for assistive technology (ECharts' aria option).
        for (String chart :
                List.of("chart-distribution", "chart-trend", "chart-within", "chart-officer-hours", "chart-outcomes")) {
            WebElement container = browser.findElement(By.id(chart));
            assertThat(container.findElements(By.tagName("canvas"))).as(chart).isNotEmpty();
            assertThat(container.getAttribute("aria-label")).as(chart).isNotBlank();
        }

        new Select(browser.findElement(By.id("site"))).selectByValue("GRI");
        submitFilters();

        awaitStatus("Showing 2 cases from 2025-01-06 to 2025-01-19 (Europe/London days) at GRI.");
        assertThat(rows("table-outcomes")).containsExactly(List.of("GRI", "2", "1", "0", "0", "1", "0", "0"));
        assertThat(severeBrowserLogs()).isEmpty();
    }

    /**
     * February 2025 (GMT, so London = UTC), for the journey panels:
     *
     * <pre>
     * site        basis  arrived               outcome            handover  →clear  esc  disposition          delays             other
     * QEUH        S136   Mon 3 Feb 02:30       CLEARED                600   15000    0  ADMITTED_DETAINED    AWAITING_BED,      repeat 30 d,
     *                                                                                                          INTOXICATION       assessed 1200 s
     * QEUH        S297   Tue 4 Feb 14:00       CLEARED               8000   40000    3  DISCHARGED           AWAITING_MH_ASSESS legal clock breached
     * REH (PoS)   S136   Wed 5 Feb 23:30       CLEARED               2000    1000    1  REFERRED_DBI         AWAITING_MHO
     * ECC (safe)  VOL.   (first event Thu 6 Feb 10:00) REFERRED_AT_SCENE, NHS 24 mental health hub
     * GRI         none   Sat 8 Feb 18:00       CLEARED               3000     600    1  REFERRED_COMMUNITY_MENTAL_HEALTH
     * </pre>
     */
    private static boolean februaryProduced;

    private void givenFebruary2025() {
        synchronized (DashboardBrowserIT.class) {
            if (!februaryProduced) {
                CompletedCase a = journey(
                        closed("QEUH", CaseState.CLEARED, "2025-02-03T02:30:00Z", 60L, 600L, 15000L, 1),
                        LegalBasis.S136,
                        0,
                        Disposition.ADMITTED_DETAINED,
                        List.of(DelayReason.AWAITING_BED, DelayReason.INTOXICATION));
                a = CompletedCase.newBuilder(a)
                        .setRepeatWithin30d(true)
                        .setRepeatWithin90d(true)
                        .setAssessmentStartedAt(a.getArrivedAt().plusSeconds(1200))
                        .setArrivalToAssessmentSeconds(1200L)
                        .build();
                CompletedCase b = journey(
                        closed("QEUH", CaseState.CLEARED, "2025-02-04T14:00:00Z", 60L, 8000L, 40000L, 2),
                        LegalBasis.S297,
                        3,
                        Disposition.DISCHARGED,
                        List.of(DelayReason.AWAITING_MENTAL_HEALTH_ASSESSMENT));
                b = CompletedCase.newBuilder(b).setLegalClockBreached(true).build();
                CompletedCase c = journey(
                        closed("REH", CaseState.CLEARED, "2025-02-05T23:30:00Z", 60L, 2000L, 1000L, 1),
                        LegalBasis.S136,
                        1,
                        Disposition.REFERRED_DBI,
                        List.of(DelayReason.AWAITING_MENTAL_HEALTH_OFFICER));
                CompletedCase referred = CompletedCase.newBuilder(
                                closed("ECC", CaseState.CLEARED, "2025-02-06T10:00:00Z", null, null, null, 1))
                        .setOutcome(CaseState.REFERRED_AT_SCENE)
                        .setLegalBasis(LegalBasis.VOLUNTARY)
                        .setFirstEventAt(Instant.parse("2025-02-06T10:00:00Z"))
                        .setArrivedAt(null)
                        .setOutcomeAt(Instant.parse("2025-02-06T10:05:00Z"))
                        .setReferralPathway(ReferralPathway.NHS24_MENTAL_HEALTH_HUB)
                        .setMissingClearance(false)
                        .build();
                CompletedCase e = journey(
                        closed("GRI", CaseState.CLEARED, "2025-02-08T18:00:00Z", 60L, 3000L, 600L, 1),
                        null,
                        1,
                        Disposition.REFERRED_COMMUNITY_MENTAL_HEALTH,
                        List.of());
                for (CompletedCase closed : List.of(a, b, c, referred, e)) {
                    TestProducer.send(Topics.COMPLETED.name(), closed.getCaseId(), closed);
                }
                februaryProduced = true;
            }
        }
        Awaitility.await("the February 2025 cases in the reports")
                .atMost(Duration.ofSeconds(30))
                .until(
                        () -> februaryReport("month")
                                .path("groups")
                                .path(0)
                                .path("cases")
                                .asInt(),
                        n -> n == 5);
    }

    private static CompletedCase journey(
            CompletedCase closed, LegalBasis basis, int escalation, Disposition disposition, List<DelayReason> delays) {
        return CompletedCase.newBuilder(closed)
                .setLegalBasis(basis)
                .setMaxEscalationLevel(escalation)
                .setDisposition(disposition)
                .setDelayReasons(delays)
                .build();
    }

    private JsonNode februaryReport(String groupBy) throws Exception {
        return read(getAs(
                "analyst-1",
                "ANALYST",
                "PHS",
                "/api/v1/reports/handover-times?from=2025-02-03&to=2025-02-17&groupBy={g}",
                groupBy));
    }

    @Test
    void givenTheJourneyInFebruary_whenAnAnalystOpensTheDashboard_thenEveryNewTableEqualsTheReportApi()
            throws Exception {
        givenFebruary2025();
        browser = browser();
        browser.get("http://localhost:" + port + "/dashboard");
        signInAsAnalyst();
        show("2025-02-03", "2025-02-16", "");

        // Tiles, by hand: one referral at scene, one stay over 12 h (48 600 s), one breach, one repeat.
        assertThat(Stream.of("tile-cases", "tile-avoided", "tile-over12h", "tile-legal-breaches", "tile-repeats")
                        .map(id -> browser.findElement(By.id(id)).getText())
                        .toList())
                .containsExactly("5", "1", "1", "1", "1");

        // Each table is the report API's numbers, row for row.
        JsonNode bySite = februaryReport("site");
        List<String> dispositions = List.of(
                "ADMITTED_INFORMAL",
                "ADMITTED_DETAINED",
                "DISCHARGED",
                "REFERRED_COMMUNITY_MENTAL_HEALTH",
                "REFERRED_DBI",
                "OTHER");
        List<String> pathways = List.of("NHS24_MENTAL_HEALTH_HUB", "DBI", "OTHER");
        List<String> delays = List.of(
                "AWAITING_MENTAL_HEALTH_ASSESSMENT",
                "AWAITING_MEDICAL_ASSESSMENT",
                "AWAITING_MENTAL_HEALTH_OFFICER",
                "AWAITING_BED",
                "INTOXICATION",
                "STAFFING",
                "OTHER");
        List<List<String>> expectedDispositions = new ArrayList<>();
        List<List<String>> expectedDelays = new ArrayList<>();
        for (JsonNode g : bySite.get("groups")) {
            List<String> row = new ArrayList<>(List.of(g.get("key").stringValue()));
            dispositions.forEach(d -> row.add(g.get("dispositions").get(d).asString()));
            row.add(g.get("avoidedByReferralAtScene").asString());
            pathways.forEach(
                    p -> row.add(g.get("avoidedByReferralPathway").get(p).asString()));
            expectedDispositions.add(row);
            List<String> delayRow = new ArrayList<>(List.of(g.get("key").stringValue()));
            delays.forEach(d -> delayRow.add(g.get("delayReasons").get(d).asString()));
            JsonNode assessment = g.get("arrivalToAssessment");
            delayRow.add(assessment.get("count").asString());
            delayRow.add(
                    assessment.get("median").isNull()
                            ? "—"
                            : minutes(assessment.get("median").asLong()));
            expectedDelays.add(delayRow);
        }
        assertThat(rows("table-dispositions")).isEqualTo(expectedDispositions);
        assertThat(rows("table-delays")).isEqualTo(expectedDelays);
        // and by hand: QEUH one detained, one discharged; ECC one avoided by the NHS 24 hub; QEUH's assessment 20 min
        assertThat(rows("table-dispositions"))
                .contains(
                        List.of("QEUH", "0", "1", "1", "0", "0", "0", "0", "0", "0", "0"),
                        List.of("ECC", "0", "0", "0", "0", "0", "0", "1", "1", "0", "0"));
        assertThat(rows("table-delays")).contains(List.of("QEUH", "1", "0", "0", "1", "1", "0", "0", "1", "20"));

        JsonNode byBasis = februaryReport("legalBasis");
        Map<String, String> basisText =
                Map.of("S297", "s297", "S136", "s136", "VOLUNTARY", "Voluntary", "UNKNOWN", "Not recorded");
        List<List<String>> expectedLegal = new ArrayList<>();
        for (JsonNode g : byBasis.get("groups")) {
            expectedLegal.add(List.of(
                    basisText.get(g.get("key").stringValue()),
                    g.get("cases").asString(),
                    g.get("over4h").asString(),
                    g.get("over8h").asString(),
                    g.get("over12h").asString(),
                    g.get("escalations").get("1").asString(),
                    g.get("escalations").get("2").asString(),
                    g.get("escalations").get("3").asString(),
                    g.get("legalClockBreaches").asString(),
                    g.get("repeatAttendances30d").asString()));
        }
        assertThat(rows("table-legal")).isEqualTo(expectedLegal);
        // by hand: s297 stayed 48 000 s (over 4, 8 and 12 h), escalated to 3, breached; s136: QEUH 15 600 s (over 4 h),
        // REH escalated to 1, QEUH a repeat
        assertThat(rows("table-legal"))
                .contains(
                        List.of("s297", "1", "1", "1", "1", "1", "1", "1", "1", "0"),
                        List.of("s136", "2", "1", "0", "0", "1", "0", "0", "0", "1"));

        JsonNode byPlace = februaryReport("siteType,board");
        Map<String, String> typeText = Map.of(
                "EMERGENCY_DEPARTMENT", "Emergency department",
                "PLACE_OF_SAFETY", "Place of safety",
                "SAFE_SPACE", "Safe space");
        List<List<String>> expectedPlaces = new ArrayList<>();
        for (JsonNode g : byPlace.get("groups")) {
            JsonNode handover = g.get("handoverTime").get("median");
            JsonNode atSite = g.get("timeAtEd").get("median");
            expectedPlaces.add(List.of(
                    typeText.get(g.get("keys").get(0).stringValue()) + ", "
                            + g.get("keys").get(1).stringValue(),
                    g.get("cases").asString(),
                    handover.isNull() ? "—" : minutes(handover.asLong()),
                    atSite.isNull() ? "—" : minutes(atSite.asLong()),
                    g.get("over4h").asString(),
                    g.get("avoidedByReferralAtScene").asString()));
        }
        assertThat(rows("table-places")).isEqualTo(expectedPlaces);
        assertThat(rows("table-places"))
                .contains(List.of("Safe space, NHS Lothian", "1", "—", "—", "0", "1"))
                .contains(List.of("Place of safety, NHS Lothian", "1", "33.3", "50", "0", "0"));

        // The heat map: every weekday × hour cell is the API's; by hand, Monday 02, Tuesday 14, Thursday 10 (the
        // referral's first event), Saturday 18 and Wednesday 23 hold one case each.
        JsonNode byWeekdayHour = februaryReport("weekday,hour");
        Map<String, String> cells = new java.util.HashMap<>();
        for (JsonNode g : byWeekdayHour.get("groups")) {
            cells.put(g.get("key").stringValue(), g.get("cases").asString());
        }
        List<String> weekdays = List.of("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY");
        List<List<String>> heat = rows("table-heatmap");
        assertThat(heat).hasSize(7);
        int total = 0;
        for (int d = 0; d < 7; d++) {
            assertThat(heat.get(d)).hasSize(25);
            for (int h = 0; h < 24; h++) {
                String key = weekdays.get(d) + "|" + String.format("%02d", h);
                assertThat(heat.get(d).get(h + 1)).as(key).isEqualTo(cells.get(key));
                total += Integer.parseInt(heat.get(d).get(h + 1));
            }
        }
        assertThat(total).isEqualTo(5);
        assertThat(heat.get(0).get(1 + 2)).isEqualTo("1");
        assertThat(heat.get(1).get(1 + 14)).isEqualTo("1");
        assertThat(heat.get(2).get(1 + 23)).isEqualTo("1");
        assertThat(heat.get(3).get(1 + 10)).isEqualTo("1");
        assertThat(heat.get(5).get(1 + 18)).isEqualTo("1");

        for (String chart :
                List.of("chart-dispositions", "chart-delays", "chart-legal", "chart-places", "chart-heatmap")) {
            WebElement container = browser.findElement(By.id(chart));
            assertThat(container.findElements(By.tagName("canvas"))).as(chart).isNotEmpty();
            assertThat(container.getAttribute("aria-label")).as(chart).isNotBlank();
        }

        Axe.assertAccessible(browser, "dashboard with data, 1280 px");
        PageChecks.phoneWidth(browser);
        Axe.assertAccessible(browser, "dashboard with data, 360 px");
        PageChecks.desktopWidth(browser);

        // A chart's table as CSV, from its own button: the header and the rows shown.
        browser.findElement(By.cssSelector("#legal-heading ~ details summary")).click();
        browser.findElement(By.cssSelector("#table-legal .toc-table-csv")).click();
        Path file = downloads.resolve("legal_2025-02-03_2025-02-17.csv");
        Awaitility.await("the table's CSV").atMost(Duration.ofSeconds(30)).until(() -> Files.exists(file));
        StringBuilder csv = new StringBuilder("Legal basis,Cases,Over 4 h,Over 8 h,Over 12 h,Escalated to level 1,"
                + "Escalated to level 2,Escalated to level 3,Legal-clock breaches,Repeat attendances (30 days)\r\n");
        expectedLegal.forEach(row -> csv.append(String.join(",", row)).append("\r\n"));
        assertThat(Files.readString(file, StandardCharsets.UTF_8)).isEqualTo(csv.toString());
        assertThat(severeBrowserLogs()).isEmpty();
    }

    /**
     * A case at RAH in March 2025 (no other test uses either): pre-alerted 09:50, arrived 10:00, handed over 10:40,
     * cleared 11:00 (GMT = UTC). Its supervisor corrects the handover to 10:25 on the case page. On the way, the
     * dashboard and the supervisor's page each show an error (a range the report API refuses; a text that is not a
     * case id) as a GOV.UK error summary, with no WCAG 2.1 A/AA violation at 1280 and 360 px.
     */
    @Test
    void givenAClosedCase_whenItsSupervisorCorrectsTheHandoverOnTheCasePage_thenTheCasePageAndTheDashboardChange()
            throws Exception {
        String caseId = TestData.id();
        String officer = "pc-" + TestData.id().substring(0, 8);
        Instant arrived = Instant.parse("2025-03-10T10:00:00Z");
        applied(submitAs(
                officer,
                "OFFICER",
                "G",
                caseId,
                body(TestData.id(), "PRE_ALERTED", arrived.minusSeconds(600), "siteCode", "RAH")));
        applied(submitAs(officer, "OFFICER", "G", caseId, body(TestData.id(), "ARRIVED", arrived, "officerCount", 2)));
        applied(submitAs(
                "nurse-" + TestData.id().substring(0, 8),
                "ED_STAFF",
                "RAH",
                caseId,
                body(TestData.id(), "HANDED_OVER", arrived.plusSeconds(2400))));
        applied(submitAs(officer, "OFFICER", "G", caseId, body(TestData.id(), "CLEARED", arrived.plusSeconds(3600))));
        // and an arrival sent twice with another time: the processor rejects it, and G's supervisor sees it
        String twice = TestData.id();
        MvcResult refused = submitAs(officer, "OFFICER", "G", caseId, body(twice, "ARRIVED", arrived.plusSeconds(300)));
        assertThat(refused.getResponse().getStatus()).isEqualTo(409);
        String rule = read(refused).get("errors").get(0).get("rule").stringValue();
        awaitMarchHandoverMedian(2400);

        browser = browser();
        browser.get("http://localhost:" + port + "/dashboard");
        signInAsAnalyst();
        show("2025-03-10", "2025-03-16", "RAH");
        assertThat(rows("table-trend")).containsExactly(List.of("2025-W11 RAH", "1", "40", "40"));

        // The last day before the first: the report API refuses the range (400, rule after-from) and the dashboard
        // shows it as a GOV.UK error summary linking to the input, with the error at the input.
        ((JavascriptExecutor) browser)
                .executeScript("document.getElementById('from').value = '2025-03-16';"
                        + "document.getElementById('to').value = '2025-03-10';");
        submitFilters();
        WebElement summary = waitFor(30).until(d -> {
            WebElement s = d.findElement(By.id("error-summary"));
            return s.isDisplayed() ? s : null;
        });
        assertThat(summary.getText())
                .contains("There is a problem", "The last day must be the same as or after the first day");
        assertThat(summary.findElement(By.cssSelector("a")).getAttribute("href"))
                .endsWith("#to");
        // "Error:" is visually hidden (GOV.UK's error message), so read as a screen reader does.
        assertThat(browser.findElement(By.id("to-error")).getDomProperty("textContent"))
                .isEqualTo("Error: The last day must be the same as or after the first day");
        assertThat(browser.findElement(By.id("to-error")).isDisplayed()).isTrue();
        assertThat(browser.findElement(By.id("from-error")).isDisplayed()).isFalse();
        assertThat(browser.findElement(By.id("status")).getText()).startsWith("The reports could not be loaded");
        // The browser logs the refused requests (and only those): read them here, so later checks see later logs.
        assertThat(severeBrowserLogs())
                .isNotEmpty()
                .allSatisfy(log ->
                        assertThat(log).contains("/api/v1/reports/", "from=2025-03-16&to=2025-03-11", "status of 400"));
        Axe.assertAccessible(browser, "dashboard with an error shown, 1280 px");
        PageChecks.phoneWidth(browser);
        Axe.assertAccessible(browser, "dashboard with an error shown, 360 px");
        PageChecks.desktopWidth(browser);

        // The supervisor's queue lists the rejected arrival; its link opens the case, signed in as the supervisor.
        browser.get("http://localhost:" + port + "/supervisor");
        new Select(waitFor(30).until(d -> d.findElement(By.id("supervisor-demo-user"))))
                .selectByVisibleText("sgt-g — SUPERVISOR of G");
        browser.findElement(By.id("supervisor-signin")).click();
        WebElement rejected =
                waitFor(30).until(d -> d.findElement(By.cssSelector("tr[data-event-id='" + twice + "']")));
        assertThat(rejected.getText()).contains("ARRIVED at 10 Mar, 10:05:00", rule, officer + " (OFFICER, G)");
        Axe.assertAccessible(browser, "supervisor's queue with data, 1280 px");
        PageChecks.phoneWidth(browser);
        Axe.assertAccessible(browser, "supervisor's queue with data, 360 px");
        assertThat(PageChecks.scrollWidth(browser))
                .as("the queue at 360 px: " + PageChecks.overflowing(browser))
                .isLessThanOrEqualTo(360L);
        PageChecks.desktopWidth(browser);
        // Not a case id: a GOV.UK error summary and the error at the input; the page stays.
        browser.findElement(By.id("case-id")).sendKeys("case 12");
        browser.findElement(By.id("open-case-submit")).click();
        WebElement problem = waitFor(10).until(d -> {
            WebElement s = d.findElement(By.id("error-summary"));
            return s.isDisplayed() ? s : null;
        });
        assertThat(problem.getText()).contains("There is a problem", "Enter a case id");
        assertThat(browser.findElement(By.id("case-id-error")).isDisplayed()).isTrue();
        assertThat(browser.switchTo().activeElement().getAttribute("id")).isEqualTo("error-summary");
        assertThat(browser.getCurrentUrl()).endsWith("/supervisor");
        Axe.assertAccessible(browser, "supervisor's page with an error shown, 1280 px");
        PageChecks.phoneWidth(browser);
        Axe.assertAccessible(browser, "supervisor's page with an error shown, 360 px");
        PageChecks.desktopWidth(browser);
        rejected.findElement(By.cssSelector("a[href='/cases/" + caseId + "']")).click();
        waitFor(30).until(d -> d.findElement(By.id("supervisor")).isDisplayed());
        assertThat(browser.getCurrentUrl()).endsWith("/cases/" + caseId);
        waitFor(30)
                .until(d -> new Select(d.findElement(By.id("correct-point")))
                                .getOptions()
                                .size()
                        > 1);
        new Select(browser.findElement(By.id("correct-point"))).selectByValue("HANDED_OVER");
        ((JavascriptExecutor) browser)
                .executeScript("document.getElementById('correct-to').value = '2025-03-10T10:25:00';");
        // A reason is required: the form says so and sends nothing without one.
        browser.findElement(By.id("correct-submit")).click();
        assertThat(browser.findElement(By.id("correct-result")).getText())
                .isEqualTo("Give a reason for the correction.");
        assertThat(browser.findElement(By.id("correct-reason-error")).isDisplayed())
                .isTrue();
        Axe.assertAccessible(browser, "case page with the supervisor's form and an error shown, 1280 px");
        PageChecks.phoneWidth(browser);
        Axe.assertAccessible(browser, "case page with an error shown, 360 px");
        PageChecks.desktopWidth(browser);
        browser.findElement(By.id("correct-reason")).sendKeys("Handover time taken from the ED record");
        browser.findElement(By.id("correct-submit")).click();

        String result = waitFor(60).until(d -> {
            String text = d.findElement(By.id("correct-result")).getText();
            return text.startsWith("Applied.") || text.startsWith("Not applied") ? text : null;
        });
        assertThat(result).isEqualTo("Applied. Before: 10 Mar, 10:40:00. After: 10 Mar, 10:25:00.");
        assertThat(browser.findElement(By.cssSelector("#timeline tr[data-point='HANDED_OVER']"))
                        .getText())
                .contains("10 Mar, 10:25:00", "corrected");
        assertThat(browser.findElement(By.id("corrections")).getText())
                .contains(
                        "Handed over (clock stops): 10 Mar, 10:40:00 → 10 Mar, 10:25:00, corrected by sgt-g"
                                + " (SUPERVISOR, G)",
                        "Handover time taken from the ED record");

        // The dashboard follows: the closed case was re-emitted with a 25-minute handover.
        awaitMarchHandoverMedian(1500);
        browser.get("http://localhost:" + port + "/dashboard");
        waitFor(60).until(d -> d.findElement(By.id("status")).getText().startsWith("Showing"));
        show("2025-03-10", "2025-03-16", "RAH");
        assertThat(rows("table-trend")).containsExactly(List.of("2025-W11 RAH", "1", "25", "25"));
        assertThat(severeBrowserLogs()).isEmpty();
    }

    private static void applied(MvcResult result) throws Exception {
        assertThat(result.getResponse().getStatus())
                .as(result.getResponse().getContentAsString())
                .isEqualTo(201);
    }

    private void awaitMarchHandoverMedian(long seconds) {
        Awaitility.await("RAH's March 2025 handover median of " + seconds + " s in the report")
                .atMost(Duration.ofSeconds(60))
                .until(
                        () -> read(getAs(
                                        "analyst-1",
                                        "ANALYST",
                                        "PHS",
                                        "/api/v1/reports/handover-times?from=2025-03-10&to=2025-03-17&groupBy=site"
                                                + "&siteCode=RAH"))
                                .path("groups")
                                .path(0)
                                .path("handoverTime")
                                .path("median")
                                .asLong(),
                        median -> median == seconds);
    }

    /** Seconds as the dashboard shows minutes: to one decimal, without a trailing .0. */
    private static String minutes(long seconds) {
        double m = Math.round(seconds / 6.0) / 10.0;
        return m == Math.rint(m) ? Long.toString((long) m) : Double.toString(m);
    }

    @Test
    void givenTheDashboard_whenTheAnalystDownloadsTheCsv_thenTheFileIsTheApisCsvForTheFilters() throws Exception {
        givenJanuary2025();
        browser = browser();
        browser.get("http://localhost:" + port + "/dashboard");
        signInAsAnalyst();
        show("2025-01-06", "2025-01-19", "QEUH");
        new Select(browser.findElement(By.id("csv-group"))).selectByValue("week");

        browser.findElement(By.id("download-csv")).click();

        Path file = downloads.resolve("handover-times_2025-01-06_2025-01-20_by-week_QEUH.csv");
        Awaitility.await("the download").atMost(Duration.ofSeconds(30)).until(() -> Files.exists(file));
        String expected = mvc.perform(tokens.as(
                        get("/api/v1/reports/handover-times?from=2025-01-06&to=2025-01-20&groupBy=week"
                                        + "&siteCode=QEUH")
                                .header("Accept", "text/csv"),
                        "analyst-1",
                        "ANALYST",
                        "PHS"))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(Files.readString(file, StandardCharsets.UTF_8))
                .isEqualTo(expected)
                .startsWith("key,cases,open,");
        assertThat(severeBrowserLogs()).isEmpty();
    }

    // ---------------------------------------------------------------------------------------------

    private ChromeDriver browser() throws Exception {
        downloads = Files.createTempDirectory("dashboard-downloads-");
        return Chromium.start(downloads);
    }

    private void signInAsAnalyst() {
        WebElement picker = waitFor(30).until(d -> d.findElement(By.id("dashboard-demo-user")));
        new Select(picker).selectByVisibleText("analyst-1 — ANALYST of PHS");
        browser.findElement(By.id("dashboard-signin")).click();
        waitFor(30).until(d -> d.findElement(By.id("app")).isDisplayed());
        // The first load (default dates) must finish before the filters are changed.
        waitFor(60).until(d -> d.findElement(By.id("status")).getText().startsWith("Showing"));
        waitFor(30)
                .until(d ->
                        new Select(d.findElement(By.id("site"))).getOptions().size() > 1);
    }

    /** Sets the filters (dates through the inputs' value, as a date picker would) and waits for the figures. */
    private void show(String from, String lastDay, String site) {
        ((JavascriptExecutor) browser)
                .executeScript(
                        "document.getElementById('from').value = arguments[0];"
                                + "document.getElementById('to').value = arguments[1];",
                        from,
                        lastDay);
        new Select(browser.findElement(By.id("site"))).selectByValue(site);
        submitFilters();
        awaitStatus("Showing ");
        waitFor(30).until(d -> d.findElement(By.id("status")).getText().contains(from));
    }

    private void submitFilters() {
        browser.findElement(By.id("apply")).click();
    }

    private void awaitStatus(String prefix) {
        waitFor(60).until(d -> d.findElement(By.id("status")).getText().startsWith(prefix));
    }

    /** The body rows of a data table (hidden in its details element, so read through textContent). */
    @SuppressWarnings("unchecked")
    private List<List<String>> rows(String container) {
        return (List<List<String>>) ((JavascriptExecutor) browser)
                .executeScript(
                        "return [...document.querySelectorAll('#' + arguments[0] + ' tbody tr')]"
                                + ".map(tr => [...tr.children].map(c => c.textContent.trim()));",
                        container);
    }

    private List<String> severeBrowserLogs() {
        return browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::toString)
                .toList();
    }

    private WebDriverWait waitFor(int seconds) {
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(seconds));
        wait.ignoring(org.openqa.selenium.NoSuchElementException.class);
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        return wait;
    }
}
