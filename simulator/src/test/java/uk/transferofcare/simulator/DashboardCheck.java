package uk.transferofcare.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.logging.Level;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 14's acceptance on the simulator's traffic: the analysts' dashboard (handover-api's {@code /dashboard}) in a
 * real headless Chromium, signed in as its demo analyst and set to a period and filters; every chart is drawn and
 * every chart's table, and the summary tiles, equal what the report API answers to the same requests with the token the
 * dashboard holds, formatted as {@code dashboard.js} formats them. One browser session for every filter set.
 */
final class DashboardCheck {

    /** The charts of the dashboard (a {@code chart-} container each) and their tables ({@code table-}). */
    static final List<String> PANELS = List.of(
            "distribution",
            "trend",
            "within",
            "officer-hours",
            "outcomes",
            "dispositions",
            "delays",
            "legal",
            "places",
            "heatmap");

    private static final List<String> OUTCOMES =
            List.of("CLEARED", "CANCELLED", "DIVERTED", "ABSCONDED", "ENDED_WITHOUT_HANDOVER");
    /** The truth's lists, so the dashboard is read in the order the truth counts. */
    private static final List<String> DISPOSITIONS = TruthReport.DISPOSITIONS;

    private static final List<String> PATHWAYS = TruthReport.PATHWAYS;

    private static final List<String> DELAYS = List.of(
            "AWAITING_MENTAL_HEALTH_ASSESSMENT",
            "AWAITING_MEDICAL_ASSESSMENT",
            "AWAITING_MENTAL_HEALTH_OFFICER",
            "AWAITING_BED",
            "INTOXICATION",
            "STAFFING",
            "OTHER");
    private static final Map<String, String> LEGAL_TEXT = Map.of(
            "S297", "s297",
            "S136", "s136",
            "VOLUNTARY", "Voluntary",
            "ARREST", "Arrest",
            "OTHER", "Other basis",
            "UNKNOWN", "Not recorded");
    private static final Map<String, String> TYPE_TEXT = Map.of(
            "EMERGENCY_DEPARTMENT", "Emergency department",
            "PLACE_OF_SAFETY", "Place of safety",
            "SAFE_SPACE", "Safe space",
            "UNKNOWN", "Unknown type");
    private static final List<String> WEEKDAYS =
            List.of("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY");
    private static final String NONE = "—";

    /** The report API's JSON with decimals as written (BigDecimal), so they print as the page's JavaScript does. */
    private static final JsonMapper DECIMALS = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private final URI api;
    private final ChromeDriver browser;
    private final ApiClient client;

    DashboardCheck(URI api, ChromeDriver browser) {
        this.api = api;
        this.browser = browser;
        this.client = new ApiClient(api, Duration.ofSeconds(30));
    }

    /** Opens the dashboard with the period set before signing in (so its first load is that period). */
    void signInFor(LocalDate from, LocalDate lastDay) {
        browser.get(api.resolve("/dashboard").toString());
        new Select(waitFor(30).until(d -> d.findElement(By.id("dashboard-demo-user"))))
                .selectByVisibleText("analyst-1 — ANALYST of PHS");
        browser.executeScript(
                "document.getElementById('from').value = arguments[0];"
                        + "document.getElementById('to').value = arguments[1];",
                from.toString(),
                lastDay.toString());
        browser.findElement(By.id("dashboard-signin")).click();
        awaitLoaded();
    }

    /** Chooses a division and a site ("" for all) and shows them, waiting for the dashboard's new figures. */
    void show(String site, String division) {
        waitFor(30)
                .until(d -> new Select(d.findElement(By.id("division")))
                                .getOptions()
                                .size()
                        > 1);
        new Select(browser.findElement(By.id("site"))).selectByValue(site);
        new Select(browser.findElement(By.id("division"))).selectByValue(division);
        browser.executeScript("delete document.body.dataset.loaded;");
        browser.findElement(By.id("apply")).click();
        awaitLoaded();
    }

    /**
     * Waits until the dashboard finished loading every report (it sets {@code body[data-loaded]} after drawing) or
     * showed an error; fails with the error.
     */
    private void awaitLoaded() {
        waitFor(90)
                .until(d -> d.findElement(By.tagName("body")).getDomAttribute("data-loaded") != null
                        || status().startsWith("The reports could not")
                        || status().startsWith("This user")
                        || status().startsWith("Could not load"));
        assertThat(browser.findElement(By.tagName("body")).getDomAttribute("data-loaded"))
                .as("the dashboard did not load: %s", status())
                .isNotNull();
    }

    String status() {
        return browser.findElement(By.id("status")).getText();
    }

    /** Every chart drawn by ECharts (a canvas with a size) and described, with its table and no error in its place. */
    void assertEveryChartRendered() {
        @SuppressWarnings("unchecked")
        Map<String, Object> charts = (Map<String, Object>) browser.executeScript("""
                const out = {};
                for (const panel of arguments[0]) {
                  const chart = document.getElementById('chart-' + panel);
                  const canvas = chart.querySelector('canvas');
                  out[panel] = {
                    instance: !!(window.echarts && window.echarts.getInstanceByDom(chart)),
                    canvas: !!canvas && canvas.width > 0 && canvas.height > 0,
                    label: (chart.getAttribute('aria-label') || '').trim().length > 0,
                    table: !!document.querySelector('#table-' + panel + ' table tbody tr'),
                    message: chart.querySelector('p') ? chart.querySelector('p').textContent.trim() : '',
                  };
                }
                return out;
                """, PANELS);
        for (String panel : PANELS) {
            assertThat(charts.get(panel))
                    .as("chart %s: an ECharts canvas, a label, its table, no message", panel)
                    .isEqualTo(Map.of("instance", true, "canvas", true, "label", true, "table", true, "message", ""));
        }
    }

    /**
     * Each chart's table, and the tiles, against the report API asked as {@code dashboard.js} asks it (the same
     * paths and parameters, the token in the page's local storage), the numbers formatted as the page formats them.
     */
    void assertTablesEqualTheReportApi(LocalDate from, LocalDate lastDay, String site, String division)
            throws Exception {
        Map<String, List<List<String>>> shown = shownTables();
        Map<String, String> tiles = shownTiles();
        String token = (String) browser.executeScript("return localStorage.getItem('toc.token.dashboard');");
        assertThat(token).as("the dashboard's token").isNotBlank();

        Map<String, String> filters = new LinkedHashMap<>();
        filters.put("from", from.toString());
        filters.put("to", lastDay.plusDays(1).toString());
        filters.put("siteCode", site);
        filters.put("division", division);
        // As the page does: the six reports together, then each site's weeks and months together (six at a time).
        ExecutorService requests = Executors.newFixedThreadPool(6);
        JsonNode bySite;
        JsonNode byWeek;
        JsonNode byBasis;
        JsonNode byPlace;
        JsonNode byWeekdayHour;
        JsonNode distribution;
        List<PerSite> perSite = new ArrayList<>();
        try {
            Future<JsonNode> bySiteReport = requests.submit(() -> report(token, filters, Map.of("groupBy", "site")));
            Future<JsonNode> week = requests.submit(() -> report(token, filters, Map.of("groupBy", "week")));
            Future<JsonNode> basis = requests.submit(() -> report(token, filters, Map.of("groupBy", "legalBasis")));
            Future<JsonNode> place = requests.submit(() -> report(token, filters, Map.of("groupBy", "siteType,board")));
            Future<JsonNode> weekdayHour =
                    requests.submit(() -> report(token, filters, Map.of("groupBy", "weekday,hour")));
            Map<String, String> binning = new LinkedHashMap<>(filters);
            binning.put("binMinutes", "15");
            binning.put("maxMinutes", "360");
            Future<JsonNode> bins =
                    requests.submit(() -> get(token, "/api/v1/reports/handover-time-distribution", binning));
            bySite = bySiteReport.get();
            List<Future<JsonNode>> weeks = new ArrayList<>();
            List<Future<JsonNode>> months = new ArrayList<>();
            for (JsonNode g : bySite.path("groups")) {
                String key = g.path("key").asString();
                weeks.add(requests.submit(() -> report(token, filters, Map.of("groupBy", "week", "siteCode", key))));
                months.add(requests.submit(() -> report(token, filters, Map.of("groupBy", "month", "siteCode", key))));
            }
            int i = 0;
            for (JsonNode g : bySite.path("groups")) {
                perSite.add(new PerSite(
                        g.path("key").asString(),
                        g.path("cases").asLong(),
                        weeks.get(i).get(),
                        months.get(i).get()));
                i++;
            }
            byWeek = week.get();
            byBasis = basis.get();
            byPlace = place.get();
            byWeekdayHour = weekdayHour.get();
            distribution = bins.get();
        } finally {
            requests.shutdownNow();
        }

        Map<String, List<List<String>>> expected = new LinkedHashMap<>();
        expected.put("distribution", distributionRows(distribution));
        expected.put("trend", trendRows(perSite));
        expected.put(
                "within",
                rows(
                        byWeek,
                        g -> List.of(
                                g.path("key").asString(),
                                text(g.path("handoverTime").path("count")),
                                percent(
                                        g.path("handoverWithin").path("15"),
                                        g.path("handoverTime").path("count")),
                                percent(
                                        g.path("handoverWithin").path("30"),
                                        g.path("handoverTime").path("count")),
                                percent(
                                        g.path("handoverWithin").path("60"),
                                        g.path("handoverTime").path("count")))));
        expected.put("officer-hours", officerHourRows(perSite));
        expected.put("outcomes", rows(bySite, g -> {
            List<String> row = new ArrayList<>(List.of(g.path("key").asString(), text(g.path("cases"))));
            OUTCOMES.forEach(o -> row.add(orZero(g.path("outcomes").path(o))));
            row.add(text(g.path("open")));
            return row;
        }));
        expected.put("dispositions", rows(bySite, g -> {
            List<String> row = new ArrayList<>(List.of(g.path("key").asString()));
            DISPOSITIONS.forEach(d -> row.add(text(g.path("dispositions").path(d))));
            row.add(text(g.path("avoidedByReferralAtScene")));
            PATHWAYS.forEach(
                    p -> row.add(text(g.path("avoidedByReferralPathway").path(p))));
            return row;
        }));
        expected.put("delays", rows(bySite, g -> {
            List<String> row = new ArrayList<>(List.of(g.path("key").asString()));
            DELAYS.forEach(d -> row.add(text(g.path("delayReasons").path(d))));
            row.add(text(g.path("arrivalToAssessment").path("count")));
            row.add(minutes(g.path("arrivalToAssessment").path("median")));
            return row;
        }));
        expected.put(
                "legal",
                rows(
                        byBasis,
                        g -> List.of(
                                LEGAL_TEXT.getOrDefault(
                                        g.path("key").asString(), g.path("key").asString()),
                                text(g.path("cases")),
                                text(g.path("over4h")),
                                text(g.path("over8h")),
                                text(g.path("over12h")),
                                text(g.path("escalations").path("1")),
                                text(g.path("escalations").path("2")),
                                text(g.path("escalations").path("3")),
                                text(g.path("legalClockBreaches")),
                                text(g.path("repeatAttendances30d")))));
        expected.put("places", rows(byPlace, g -> {
            String type = g.path("keys").path(0).asString();
            return List.of(
                    TYPE_TEXT.getOrDefault(type, type) + ", "
                            + g.path("keys").path(1).asString(),
                    text(g.path("cases")),
                    minutes(g.path("handoverTime").path("median")),
                    minutes(g.path("timeAtEd").path("median")),
                    text(g.path("over4h")),
                    text(g.path("avoidedByReferralAtScene")));
        }));
        expected.put("heatmap", heatmapRows(byWeekdayHour));

        String where = from + " to " + lastDay + (site.isEmpty() ? "" : ", site " + site)
                + (division.isEmpty() ? "" : ", division " + division);
        for (String panel : PANELS) {
            assertThat(expected.get(panel))
                    .as("the report API's rows for %s (%s)", panel, where)
                    .isNotEmpty();
            assertThat(shown.get(panel))
                    .as("the dashboard's table of %s (%s) against the report API", panel, where)
                    .isEqualTo(expected.get(panel));
        }
        assertThat(tiles).as("the dashboard's tiles (%s)", where).isEqualTo(expectedTiles(bySite));
        long cases = 0;
        for (JsonNode g : bySite.path("groups")) {
            cases += g.path("cases").asLong();
        }
        assertThat(status()).startsWith("Showing " + cases + " cases from " + from + " to " + lastDay);
    }

    private record PerSite(String site, long cases, JsonNode weeks, JsonNode months) {}

    private static List<List<String>> distributionRows(JsonNode d) {
        List<List<String>> rows = new ArrayList<>();
        for (JsonNode bin : d.path("bins")) {
            rows.add(List.of(
                    text(bin.path("fromMinutes")) + "–" + text(bin.path("toMinutes")), text(bin.path("count"))));
        }
        rows.add(List.of("> " + text(d.path("maxMinutes")), text(d.path("over"))));
        return rows;
    }

    /** Busiest site first (a stable sort: ties keep the report's order), weeks with handovers only. */
    private static List<List<String>> trendRows(List<PerSite> perSite) {
        List<List<String>> rows = new ArrayList<>();
        for (PerSite s : perSite.stream()
                .sorted(Comparator.comparingLong(PerSite::cases).reversed())
                .toList()) {
            for (JsonNode g : s.weeks().path("groups")) {
                JsonNode handover = g.path("handoverTime");
                if (handover.path("count").asLong() > 0) {
                    rows.add(List.of(
                            g.path("key").asString() + " " + s.site(),
                            text(handover.path("count")),
                            minutes(handover.path("median")),
                            minutes(handover.path("p90"))));
                }
            }
        }
        return rows;
    }

    private static List<List<String>> officerHourRows(List<PerSite> perSite) {
        List<List<String>> rows = new ArrayList<>();
        for (PerSite s : perSite) {
            for (JsonNode g : s.months().path("groups")) {
                if (g.path("cases").asLong() > 0) {
                    rows.add(List.of(
                            g.path("key").asString() + " " + s.site(),
                            text(g.path("cases")),
                            text(g.path("officerHours"))));
                }
            }
        }
        return rows;
    }

    private static List<List<String>> heatmapRows(JsonNode byWeekdayHour) {
        Map<String, JsonNode> cells = new LinkedHashMap<>();
        byWeekdayHour.path("groups").forEach(g -> cells.put(g.path("key").asString(), g.path("cases")));
        List<List<String>> rows = new ArrayList<>();
        for (String day : WEEKDAYS) {
            List<String> row =
                    new ArrayList<>(List.of(day.charAt(0) + day.substring(1, 3).toLowerCase(Locale.ROOT)));
            for (int hour = 0; hour < 24; hour++) {
                JsonNode cases = cells.get(day + "|" + String.format(Locale.ROOT, "%02d", hour));
                row.add(cases == null ? "0" : text(cases));
            }
            rows.add(row);
        }
        return rows;
    }

    /** The tiles as {@code renderSummary} computes them from the report by site. */
    private static Map<String, String> expectedTiles(JsonNode bySite) {
        long cases = sum(bySite, g -> g.path("cases"));
        long open = sum(bySite, g -> g.path("open"));
        long handovers = sum(bySite, g -> g.path("handoverTime").path("count"));
        long within60 = sum(bySite, g -> g.path("handoverWithin").path("60"));
        long complete = sum(bySite, g -> g.path("complete"));
        BigDecimal lost = BigDecimal.ZERO;
        BigDecimal officerHours = BigDecimal.ZERO;
        for (JsonNode g : bySite.path("groups")) {
            lost = lost.add(g.path("hoursLostBeyond60").decimalValue());
            officerHours = officerHours.add(g.path("officerHours").decimalValue());
        }
        // Intl.NumberFormat('en-GB', {maximumFractionDigits: 2}); the API's hours have two decimals, so the page's
        // floating-point sum rounds back to the exact one.
        DecimalFormat hours = new DecimalFormat("#,##0.##", DecimalFormatSymbols.getInstance(Locale.UK));
        Map<String, String> tiles = new LinkedHashMap<>();
        tiles.put("tile-cases", Long.toString(cases));
        tiles.put("tile-open", Long.toString(open));
        tiles.put("tile-within60", handovers == 0 ? NONE : percent(within60, handovers) + "%");
        tiles.put("tile-lost60", hours.format(lost));
        tiles.put("tile-officer-hours", hours.format(officerHours));
        tiles.put("tile-complete", cases - open == 0 ? NONE : percent(complete, cases - open) + "%");
        tiles.put("tile-not-recorded", Long.toString(sum(bySite, g -> g.path("closedNotRecorded"))));
        tiles.put("tile-avoided", Long.toString(sum(bySite, g -> g.path("avoidedByReferralAtScene"))));
        tiles.put("tile-over12h", Long.toString(sum(bySite, g -> g.path("over12h"))));
        tiles.put("tile-legal-breaches", Long.toString(sum(bySite, g -> g.path("legalClockBreaches"))));
        tiles.put("tile-repeats", Long.toString(sum(bySite, g -> g.path("repeatAttendances30d"))));
        return tiles;
    }

    private static long sum(JsonNode report, Function<JsonNode, JsonNode> field) {
        long total = 0;
        for (JsonNode g : report.path("groups")) {
            total += field.apply(g).asLong();
        }
        return total;
    }

    private static List<List<String>> rows(JsonNode report, Function<JsonNode, List<String>> row) {
        List<List<String>> rows = new ArrayList<>();
        report.path("groups").forEach(g -> rows.add(row.apply(g)));
        return rows;
    }

    // Formatting as dashboard.js does: text() ('—' for null), minutes() (one decimal), percent() (one decimal), and
    // JavaScript's String(number) (no trailing zeros).

    private static String text(JsonNode value) {
        if (value == null || value.isMissingNode() || value.isNull()) {
            return NONE;
        }
        return value.isNumber() ? plain(value.decimalValue()) : value.asString();
    }

    private static String orZero(JsonNode value) {
        return value.isMissingNode() || value.isNull() ? "0" : text(value);
    }

    private static String minutes(JsonNode seconds) {
        if (seconds.isMissingNode() || seconds.isNull()) {
            return NONE;
        }
        return plain(BigDecimal.valueOf(Math.round(seconds.asDouble() / 6), 1));
    }

    private static String percent(JsonNode part, JsonNode whole) {
        return whole.asLong() == 0 ? NONE : percent(part.asLong(), whole.asLong());
    }

    private static String percent(long part, long whole) {
        return plain(BigDecimal.valueOf(Math.round(1000.0 * part / whole), 1));
    }

    private static String plain(BigDecimal number) {
        return number.signum() == 0 ? "0" : number.stripTrailingZeros().toPlainString();
    }

    // ---------------------------------------------------------------------------------------------------------------

    private JsonNode report(String token, Map<String, String> filters, Map<String, String> overrides) throws Exception {
        Map<String, String> params = new LinkedHashMap<>(filters);
        params.putAll(overrides);
        return get(token, "/api/v1/reports/handover-times", params);
    }

    /** GET with the parameters that have a value, as the page's query() leaves out the empty ones. */
    private JsonNode get(String token, String path, Map<String, String> params) throws Exception {
        StringBuilder query = new StringBuilder();
        params.forEach((key, value) -> {
            if (value != null && !value.isEmpty()) {
                query.append(query.isEmpty() ? "?" : "&")
                        .append(key)
                        .append('=')
                        .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
            }
        });
        ApiClient.Answer answer = client.get(path + query, token, "application/json");
        assertThat(answer.status())
                .as("GET %s%s: %s", path, query, answer.body())
                .isEqualTo(200);
        return DECIMALS.readTree(answer.body());
    }

    @SuppressWarnings("unchecked")
    private Map<String, List<List<String>>> shownTables() {
        return (Map<String, List<List<String>>>) browser.executeScript("""
                const out = {};
                for (const panel of arguments[0]) {
                  out[panel] = [...document.querySelectorAll('#table-' + panel + ' tbody tr')]
                    .map((tr) => [...tr.children].map((c) => c.textContent.trim()));
                }
                return out;
                """, PANELS);
    }

    @SuppressWarnings("unchecked")
    private Map<String, String> shownTiles() {
        return (Map<String, String>)
                browser.executeScript("return Object.fromEntries([...document.querySelectorAll('#summary dd')]"
                        + ".map((dd) => [dd.id, dd.textContent.trim()]));");
    }

    /** The page's console errors (SEVERE), for an assertion that there are none. */
    List<String> severeBrowserLogs() {
        return browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::toString)
                .toList();
    }

    /** A screenshot in target/browser-screenshots and the page's text in the test output, for a failure. */
    void keepEvidence(String name) {
        try {
            Path shots = Path.of("target", "browser-screenshots");
            Files.createDirectories(shots);
            Files.write(shots.resolve(name + ".png"), browser.getScreenshotAs(OutputType.BYTES));
            System.out.println("[dashboard " + browser.getCurrentUrl() + "] " + status());
        } catch (Exception e) {
            System.err.println("No screenshot of the dashboard: " + e);
        }
    }

    private WebDriverWait waitFor(int seconds) {
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(seconds));
        wait.pollingEvery(Duration.ofMillis(100));
        wait.ignoring(org.openqa.selenium.NoSuchElementException.class);
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        return wait;
    }
}
