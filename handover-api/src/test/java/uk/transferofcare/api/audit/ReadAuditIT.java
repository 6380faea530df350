package uk.transferofcare.api.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MvcResult;
import tools.jackson.databind.JsonNode;
import uk.transferofcare.api.support.ApiTestSupport;
import uk.transferofcare.api.support.HandoverApiIntegrationTest;
import uk.transferofcare.api.support.Problems;
import uk.transferofcare.api.support.TestData;

/**
 * The read audit on the whole application: who opened which case, verdict or report (JSON and CSV), refused reads
 * included, kept in {@code audit.reads} and listed to ADMIN alone, with nothing but ids, codes and statuses in it.
 */
@HandoverApiIntegrationTest
class ReadAuditIT extends ApiTestSupport {

    /** Every member a recorded read may have: ids, codes, a path pattern, a status. No names, no free text. */
    static final Set<String> MEMBERS = Set.of(
            "readAt",
            "userId",
            "role",
            "org",
            "kind",
            "caseId",
            "eventId",
            "resource",
            "format",
            "parameters",
            "status");

    @Autowired
    ReadAuditRetention retention;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void givenReadsOfACaseAllowedAndRefused_whenAdminListsTheAuditOfTheCase_thenEachReadIsThereWithItsStatus()
            throws Exception {
        String caseId = TestData.id();
        String opening = openCase(caseId, "QEUH");
        String ownNurse = "nurse-" + TestData.id().substring(0, 8);
        String otherNurse = "nurse-" + TestData.id().substring(0, 8);

        assertThat(getAs(ownNurse, "ED_STAFF", "QEUH", "/api/v1/handovers/{id}", caseId)
                        .getResponse()
                        .getStatus())
                .isEqualTo(200);
        assertThat(getAs(otherNurse, "ED_STAFF", "GRI", "/api/v1/handovers/{id}", caseId)
                        .getResponse()
                        .getStatus())
                .isEqualTo(403);
        assertThat(getAs(pc, "OFFICER", "G", "/api/v1/handovers/{id}/events/{e}", caseId, opening)
                        .getResponse()
                        .getStatus())
                .isEqualTo(200);

        MvcResult audit = getAs("admin-1", "ADMIN", "ADMIN", "/api/v1/audit/reads?caseId={id}", caseId);

        assertThat(audit.getResponse().getStatus())
                .as(audit.getResponse().getContentAsString())
                .isEqualTo(200);
        JsonNode reads = read(audit).get("reads");
        List<String> rows = new ArrayList<>();
        for (JsonNode read : reads) {
            assertThat(read.propertyNames()).isSubsetOf(MEMBERS);
            rows.add(read.get("userId").stringValue() + " " + read.get("role").stringValue() + "/"
                    + read.get("org").stringValue() + " " + read.get("kind").stringValue() + " "
                    + read.get("resource").stringValue() + " "
                    + read.get("status").intValue());
            assertThat(read.get("caseId").stringValue()).isEqualTo(caseId);
        }
        // newest first
        assertThat(rows)
                .containsExactly(
                        pc + " OFFICER/G VERDICT /api/v1/handovers/{caseId}/events/{eventId} 200",
                        otherNurse + " ED_STAFF/GRI CASE /api/v1/handovers/{caseId} 403",
                        ownNurse + " ED_STAFF/QEUH CASE /api/v1/handovers/{caseId} 200");
        assertThat(reads.get(0).get("eventId").stringValue()).isEqualTo(opening);
    }

    @Test
    void givenAnAnalystReadingAReportAsJsonAndCsv_whenAdminListsTheirReads_thenBothAreThereWithTheirParameters()
            throws Exception {
        String analyst = "analyst-" + TestData.id().substring(0, 8);
        String query = "/api/v1/reports/handover-times?from=2026-01-01&to=2026-02-01&groupBy=site&siteCode=QEUH";
        assertThat(getAs(analyst, "ANALYST", "PHS", query).getResponse().getStatus())
                .isEqualTo(200);
        MvcResult csv = mvc.perform(tokens.as(get(query).accept("text/csv"), analyst, "ANALYST", "PHS"))
                .andReturn();
        assertThat(csv.getResponse().getStatus()).isEqualTo(200);
        // a parameter that is not a code or a date is recorded as "?", never as sent
        assertThat(getAs(analyst, "ANALYST", "PHS", query.replace("QEUH", "=cmd|' /C calc'!A0"))
                        .getResponse()
                        .getStatus())
                .isEqualTo(400);

        JsonNode reads = read(getAs("admin-1", "ADMIN", "ADMIN", "/api/v1/audit/reads?userId={u}", analyst))
                .get("reads");

        assertThat(reads).hasSize(3);
        assertThat(reads.get(0).get("status").intValue()).isEqualTo(400);
        assertThat(reads.get(0).get("parameters").get("siteCode").stringValue()).isEqualTo("?");
        assertThat(reads.get(1).get("format").stringValue()).isEqualTo("csv");
        assertThat(reads.get(2).get("format").stringValue()).isEqualTo("json");
        for (JsonNode read : List.of(reads.get(1), reads.get(2))) {
            assertThat(read.get("kind").stringValue()).isEqualTo("REPORT");
            assertThat(read.get("resource").stringValue()).isEqualTo("/api/v1/reports/handover-times");
            assertThat(read.get("parameters"))
                    .isEqualTo(
                            json.readTree(
                                    "{\"from\":\"2026-01-01\",\"to\":\"2026-02-01\",\"groupBy\":\"site\",\"siteCode\":\"QEUH\"}"));
            assertThat(read.get("status").intValue()).isEqualTo(200);
        }
    }

    @Test
    void givenAnyoneButAdmin_whenListingTheAudit_then403AndBadFiltersAre400NamingTheField() throws Exception {
        for (String[] who : List.of(
                new String[] {"OFFICER", "G"},
                new String[] {"ED_STAFF", "QEUH"},
                new String[] {"SUPERVISOR", "QEUH"},
                new String[] {"ANALYST", "PHS"})) {
            MvcResult refused = getAs("u-" + who[0].toLowerCase(), who[0], who[1], "/api/v1/audit/reads");
            assertThat(Problems.rules(refused, 403, json))
                    .extracting(Problems.Rule::rule)
                    .containsExactly("role");
        }

        MvcResult bad =
                getAs("admin-1", "ADMIN", "ADMIN", "/api/v1/audit/reads?caseId=x&from=yesterday&limit=0&userId=a b");

        assertThat(Problems.rules(bad, 400, json))
                .containsExactlyInAnyOrder(
                        new Problems.Rule("caseId", "uuid"),
                        new Problems.Rule("userId", "pattern"),
                        new Problems.Rule("from", "instant"),
                        new Problems.Rule("limit", "range"));
    }

    @Test
    void givenANurseListingBoardsAndOpeningAStream_whenAdminListsTheirReads_thenEachIsThereWithItsScope()
            throws Exception {
        String nurse = "nurse-" + TestData.id().substring(0, 8);
        assertThat(getAs(nurse, "ED_STAFF", "QEUH", "/api/v1/handovers?siteCode=QEUH&open=true")
                        .getResponse()
                        .getStatus())
                .isEqualTo(200);
        assertThat(getAs(nurse, "ED_STAFF", "QEUH", "/api/v1/handovers?siteCode=GRI")
                        .getResponse()
                        .getStatus())
                .isEqualTo(403);
        MvcResult stream = mvc.perform(tokens.as(
                        get("/api/v1/handovers/stream?siteCode=QEUH").accept(MediaType.TEXT_EVENT_STREAM),
                        nurse,
                        "ED_STAFF",
                        "QEUH"))
                .andReturn();
        assertThat(stream.getRequest().isAsyncStarted())
                .as("the stream is open")
                .isTrue();

        JsonNode reads = read(getAs("admin-1", "ADMIN", "ADMIN", "/api/v1/audit/reads?userId={u}", nurse))
                .get("reads");

        List<String> rows = new ArrayList<>();
        for (JsonNode read : reads) {
            assertThat(read.propertyNames()).isSubsetOf(MEMBERS);
            rows.add(read.get("kind").stringValue() + " " + read.get("resource").stringValue() + " "
                    + read.get("format").stringValue() + " " + read.get("parameters") + " "
                    + read.get("status").intValue());
        }
        // newest first; the stream once, when it opened
        assertThat(rows)
                .containsExactly(
                        "STREAM /api/v1/handovers/stream sse {\"siteCode\":\"QEUH\"} 200",
                        "BOARD /api/v1/handovers json {\"siteCode\":\"GRI\"} 403",
                        "BOARD /api/v1/handovers json {\"open\":\"true\",\"siteCode\":\"QEUH\"} 200");
    }

    @Test
    void givenReadsOlderThanTheRetention_whenTheRetentionRuns_thenOnlyThoseAreDeleted() {
        String user = "retention-" + TestData.id().substring(0, 8);
        // whole milliseconds: PostgreSQL keeps microseconds and rounds finer times, so what it returns is what was sent
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Instant tooOld = now.minus(2192, ChronoUnit.DAYS).minus(1, ChronoUnit.HOURS);
        Instant kept = now.minus(2192, ChronoUnit.DAYS).plus(1, ChronoUnit.HOURS);
        for (Instant at : List.of(tooOld, kept)) {
            jdbc.update(
                    "INSERT INTO audit.reads (read_at, user_id, role, org, kind, resource, format, status)"
                            + " VALUES (?, ?, 'ADMIN', 'ADMIN', 'AUDIT', '/api/v1/audit/reads', 'json', 200)",
                    Timestamp.from(at),
                    user);
        }

        long deleted = retention.purge();

        assertThat(deleted).as("rows deleted").isGreaterThanOrEqualTo(1);
        assertThat(jdbc.queryForList("SELECT read_at FROM audit.reads WHERE user_id = ?", Timestamp.class, user))
                .extracting(Timestamp::toInstant)
                .containsExactly(kept);
    }
}
