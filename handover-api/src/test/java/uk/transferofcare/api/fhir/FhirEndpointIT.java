package uk.transferofcare.api.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.servlet.MvcResult;
import tools.jackson.databind.JsonNode;
import uk.transferofcare.api.support.ApiTestSupport;
import uk.transferofcare.api.support.HandoverApiIntegrationTest;
import uk.transferofcare.api.support.Problems;
import uk.transferofcare.api.support.TestData;

/**
 * {@code GET /api/v1/handovers/{caseId}/fhir} on the whole application: cases submitted through the public API and
 * judged by the real processor, in several states and one with a correction, read as FHIR R4 and validated against
 * the base R4 specification ({@link R4Validation}, built once for the class); the same permissions, problems and read
 * audit as the case view.
 */
@HandoverApiIntegrationTest
class FhirEndpointIT extends ApiTestSupport {

    static final String PATH = "/api/v1/handovers/{caseId}/fhir";

    static R4Validation validation;

    @BeforeAll
    static void validator() {
        validation = R4Validation.shared();
    }

    @Test
    void givenCasesInSeveralStatesOneCorrected_whenReadAsFhir_thenEachIsValidR4WithTheMappedStatusAndPeriod()
            throws Exception {
        Instant base = Instant.now().minus(3, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        String sergeant = "sgt-" + TestData.id().substring(0, 8);

        String preAlerted = TestData.id();
        submit(pc, "OFFICER", "G", preAlerted, "PRE_ALERTED", base, "siteCode", "QEUH");

        String cleared = TestData.id();
        submit(pc, "OFFICER", "G", cleared, "PRE_ALERTED", base, "siteCode", "QEUH");
        submit(pc, "OFFICER", "G", cleared, "ARRIVED", base.plusSeconds(600));
        submit(nurse, "ED_STAFF", "QEUH", cleared, "ACKNOWLEDGED", base.plusSeconds(1200));
        submit(nurse, "ED_STAFF", "QEUH", cleared, "HANDED_OVER", base.plusSeconds(3600));
        submit(pc, "OFFICER", "G", cleared, "CLEARED", base.plusSeconds(3900));
        String correction = submit(
                sergeant,
                "SUPERVISOR",
                "G",
                cleared,
                "CORRECTED",
                base.plusSeconds(4000),
                "correctedPoint",
                "ARRIVED",
                "correctedTo",
                base.plusSeconds(480).toString(),
                "reason",
                "arrival tapped late");

        String absconded = TestData.id();
        submit(pc, "OFFICER", "G", absconded, "PRE_ALERTED", base, "siteCode", "QEUH");
        submit(nurse, "ED_STAFF", "QEUH", absconded, "ARRIVED", base.plusSeconds(600));
        submit(nurse, "ED_STAFF", "QEUH", absconded, "ABSCONDED", base.plusSeconds(1800), "reason", "left");

        String cancelled = TestData.id();
        submit(pc, "OFFICER", "G", cancelled, "PRE_ALERTED", base, "siteCode", "QEUH");
        submit(pc, "OFFICER", "G", cancelled, "CANCELLED", base.plusSeconds(300), "reason", "not needed");

        JsonNode first = task(fhirOf(preAlerted, nurse, "ED_STAFF", "QEUH"));
        assertThat(first.get("status").stringValue()).isEqualTo("requested");
        assertThat(first.at("/businessStatus/coding/0/code").stringValue()).isEqualTo("PRE_ALERTED");
        assertThat(first.has("executionPeriod"))
                .as("not arrived: no execution yet")
                .isFalse();
        assertThat(first.at("/owner/identifier/value").stringValue()).isEqualTo("QEUH");
        assertThat(first.at("/requester/identifier/value").stringValue()).isEqualTo("G");

        JsonNode bundle = fhirOf(cleared, pc, "OFFICER", "G");
        JsonNode done = task(bundle);
        assertThat(done.get("status").stringValue()).isEqualTo("completed");
        assertThat(done.at("/businessStatus/coding/0/code").stringValue()).isEqualTo("CLEARED");
        assertThat(done.at("/executionPeriod/start").stringValue())
                .as("the corrected arrival")
                .isEqualTo(base.plusSeconds(480).toString());
        assertThat(done.at("/executionPeriod/end").stringValue())
                .isEqualTo(base.plusSeconds(3600).toString());
        assertThat(bundle.get("entry")).hasSize(2);
        JsonNode provenance = bundle.get("entry").get(1).get("resource");
        assertThat(provenance.get("resourceType").stringValue()).isEqualTo("Provenance");
        assertThat(bundle.get("entry").get(1).get("fullUrl").stringValue()).isEqualTo("urn:uuid:" + correction);
        assertThat(done.at("/relevantHistory/0/reference").stringValue()).isEqualTo("urn:uuid:" + correction);
        assertThat(provenance.at("/target/0/reference").stringValue()).isEqualTo("urn:uuid:" + cleared);
        assertThat(provenance.at("/reason/0/text").stringValue()).isEqualTo("arrival tapped late");
        assertThat(provenance.at("/agent/0/who/identifier/value").stringValue())
                .isEqualTo(sergeant + "." + cleared.substring(0, 8));
        assertThat(provenance.at("/activity/text").stringValue())
                .isEqualTo("ARRIVED corrected from " + base.plusSeconds(600) + " to " + base.plusSeconds(480));

        JsonNode failed = task(fhirOf(absconded, nurse, "ED_STAFF", "QEUH"));
        assertThat(failed.get("status").stringValue()).isEqualTo("failed");
        assertThat(failed.at("/executionPeriod/start").stringValue())
                .isEqualTo(base.plusSeconds(600).toString());
        assertThat(failed.at("/executionPeriod/end").stringValue())
                .as("ended by the outcome")
                .isEqualTo(base.plusSeconds(1800).toString());

        JsonNode stopped = task(fhirOf(cancelled, pc, "OFFICER", "G"));
        assertThat(stopped.get("status").stringValue()).isEqualTo("cancelled");
        assertThat(stopped.at("/businessStatus/coding/0/code").stringValue()).isEqualTo("CANCELLED");
        assertThat(stopped.has("executionPeriod")).isFalse();
        assertThat(fhirOf(cancelled, pc, "OFFICER", "G").get("entry"))
                .as("no correction: the Task alone")
                .hasSize(1);
    }

    /**
     * A case of division G at QEUH relieved by division E while open, cleared by E with a disposition, then its site
     * corrected to RIE and its disposition corrected by E's supervisor: three Provenances (transfer, site correction,
     * disposition correction, in the order the platform recorded them) besides the Task, which names the current
     * division and site. Every member checked against what was submitted and the reference data's names.
     */
    @Test
    void givenARelievedCaseWithItsSiteAndDispositionCorrected_whenReadAsFhir_thenEachChangeIsAValidProvenance()
            throws Exception {
        Instant base = Instant.now().minus(3, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        String sergeantG = "sgt-g-" + TestData.id().substring(0, 8);
        String sergeantE = "sgt-e-" + TestData.id().substring(0, 8);
        String caseId = TestData.id();
        submit(pc, "OFFICER", "G", caseId, "PRE_ALERTED", base, "siteCode", "QEUH", "officerCount", 2);
        submit(pc, "OFFICER", "G", caseId, "ARRIVED", base.plusSeconds(600));
        String transfer = submit(
                sergeantG,
                "SUPERVISOR",
                "G",
                caseId,
                "DIVISION_TRANSFERRED",
                base.plusSeconds(1200),
                "policeDivision",
                "E",
                "reason",
                "shift change");
        submit(nurse, "ED_STAFF", "QEUH", caseId, "HANDED_OVER", base.plusSeconds(3600));
        submit("pc-e", "OFFICER", "E", caseId, "CLEARED", base.plusSeconds(3900), "disposition", "DISCHARGED");
        String site = submit(
                sergeantE,
                "SUPERVISOR",
                "E",
                caseId,
                "CORRECTED",
                base.plusSeconds(4000),
                "correctedSiteCode",
                "RIE",
                "reason",
                "wrong site chosen");
        String disposition = submit(
                sergeantE,
                "SUPERVISOR",
                "E",
                caseId,
                "DISPOSITION_RECORDED",
                base.plusSeconds(4100),
                "disposition",
                "REFERRED_DBI",
                "reason",
                "entered on the wrong form");

        JsonNode bundle = Awaitility.await("the case with its three changes")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () -> fhirOf(caseId, sergeantE, "SUPERVISOR", "E"),
                        b -> b.get("entry").size() == 4);

        JsonNode task = task(bundle);
        assertThat(List.of(
                        task.at("/requester/identifier/value").stringValue(),
                        task.at("/requester/display").stringValue(),
                        task.at("/owner/identifier/value").stringValue(),
                        task.at("/owner/display").stringValue()))
                .as("the current division and site")
                .containsExactly("E", "Edinburgh City", "RIE", "Royal Infirmary of Edinburgh");
        List<String> ids = List.of(transfer, site, disposition);
        assertThat(task.get("relevantHistory").findValuesAsString("reference"))
                .containsExactlyElementsOf(
                        ids.stream().map(id -> "urn:uuid:" + id).toList());
        List<List<String>> provenances = new ArrayList<>();
        List<Instant> recorded = new ArrayList<>();
        for (int i = 1; i < 4; i++) {
            JsonNode entry = bundle.get("entry").get(i);
            assertThat(entry.get("fullUrl").stringValue()).isEqualTo("urn:uuid:" + ids.get(i - 1));
            JsonNode provenance = entry.get("resource");
            recorded.add(Instant.parse(provenance.get("recorded").stringValue()));
            List<String> fields = new ArrayList<>(HandoverTaskTest.fields(provenance));
            fields.set(4, "recorded"); // the platform's receipt time: checked below, not known in advance
            provenances.add(fields);
        }
        assertThat(recorded).isSorted();
        assertThat(recorded.get(0)).isAfter(base);
        String author = HandoverTask.PARTICIPANT_TYPE + "|author";
        String update = HandoverTask.DATA_OPERATION + "|UPDATE";
        assertThat(provenances)
                .containsExactly(
                        List.of(
                                "Provenance",
                                transfer,
                                "urn:uuid:" + caseId,
                                base.plusSeconds(1200).toString(),
                                "recorded",
                                update,
                                "police division transferred from G to E",
                                "shift change",
                                author,
                                "SUPERVISOR",
                                "Practitioner",
                                HandoverTask.USER_SYSTEM + "|" + sergeantG + "." + caseId.substring(0, 8),
                                "Organization",
                                HandoverTask.DIVISION_SYSTEM + "|G",
                                "Greater Glasgow"),
                        List.of(
                                "Provenance",
                                site,
                                "urn:uuid:" + caseId,
                                "",
                                "recorded",
                                update,
                                "SITE_CODE corrected from QEUH to RIE",
                                "wrong site chosen",
                                author,
                                "SUPERVISOR",
                                "Practitioner",
                                HandoverTask.USER_SYSTEM + "|" + sergeantE + "." + caseId.substring(0, 8),
                                "Organization",
                                HandoverTask.DIVISION_SYSTEM + "|E",
                                "Edinburgh City"),
                        List.of(
                                "Provenance",
                                disposition,
                                "urn:uuid:" + caseId,
                                base.plusSeconds(4100).toString(),
                                "recorded",
                                update,
                                "disposition corrected from DISCHARGED to REFERRED_DBI",
                                "entered on the wrong form",
                                author,
                                "SUPERVISOR",
                                "Practitioner",
                                HandoverTask.USER_SYSTEM + "|" + sergeantE + "." + caseId.substring(0, 8),
                                "Organization",
                                HandoverTask.DIVISION_SYSTEM + "|E",
                                "Edinburgh City"));
        assertThat(Problems.rules(getAs(pc, "OFFICER", "G", PATH, caseId), 403, json))
                .as("relieved: division G no longer reads it, as FHIR neither")
                .isNotEmpty();
    }

    @Test
    void givenACase_whenReadWithoutTokenByOutsidersOrUnknown_thenTheSameProblemsAsTheCaseView() throws Exception {
        String caseId = TestData.id();
        openCase(caseId, "QEUH");

        MvcResult anonymous = mvc.perform(get(PATH, caseId)).andReturn();
        assertThat(Problems.rules(anonymous, 401, json)).isNotEmpty();

        for (String[] outsider : List.of(
                new String[] {"OFFICER", "E"}, new String[] {"ED_STAFF", "RIE"}, new String[] {"ANALYST", "PHS"})) {
            MvcResult fhir = getAs("out-" + TestData.id().substring(0, 8), outsider[0], outsider[1], PATH, caseId);
            MvcResult view = getAs(
                    "out-" + TestData.id().substring(0, 8), outsider[0], outsider[1], "/api/v1/handovers/{c}", caseId);
            assertThat(Problems.rules(fhir, 403, json))
                    .as(String.join("/", outsider))
                    .isEqualTo(Problems.rules(view, 403, json));
            assertThat(fhir.getResponse().getContentAsString()).doesNotContain("QEUH");
        }

        String unknown = TestData.id();
        assertThat(Problems.rules(getAs(pc, "OFFICER", "G", PATH, unknown), 404, json))
                .containsExactly(new Problems.Rule("caseId", "unknown"));
        assertThat(Problems.rules(getAs(pc, "OFFICER", "G", PATH, "not-a-case"), 400, json))
                .extracting(Problems.Rule::field)
                .containsExactly("caseId");

        MvcResult csv = mvc.perform(
                        tokens.as(get(PATH, caseId), pc, "OFFICER", "G").header(HttpHeaders.ACCEPT, "text/csv"))
                .andReturn();
        assertThat(Problems.rules(csv, 406, json)).containsExactly(new Problems.Rule("Accept", "media-type"));
        MvcResult plain = mvc.perform(
                        tokens.as(get(PATH, caseId), pc, "OFFICER", "G").header(HttpHeaders.ACCEPT, "application/json"))
                .andReturn();
        assertThat(plain.getResponse().getStatus()).isEqualTo(200);
        assertThat(plain.getResponse().getContentType()).startsWith("application/json");
        assertThat(validation.errors(plain.getResponse().getContentAsString())).isEmpty();
    }

    @Test
    void givenFhirReadsAllowedAndRefused_whenAdminListsTheAudit_thenEachIsACaseReadOfTheFhirResource()
            throws Exception {
        String caseId = TestData.id();
        openCase(caseId, "QEUH");
        String ownNurse = "nurse-" + TestData.id().substring(0, 8);
        String otherNurse = "nurse-" + TestData.id().substring(0, 8);
        assertThat(getAs(ownNurse, "ED_STAFF", "QEUH", PATH, caseId)
                        .getResponse()
                        .getStatus())
                .isEqualTo(200);
        assertThat(getAs(otherNurse, "ED_STAFF", "GRI", PATH, caseId)
                        .getResponse()
                        .getStatus())
                .isEqualTo(403);

        MvcResult audit = getAs("admin-1", "ADMIN", "ADMIN", "/api/v1/audit/reads?caseId={id}", caseId);

        assertThat(audit.getResponse().getStatus()).isEqualTo(200);
        List<String> rows = new ArrayList<>();
        for (JsonNode row : read(audit).get("reads")) {
            rows.add(row.get("userId").stringValue() + " " + row.get("org").stringValue() + " "
                    + row.get("kind").stringValue() + " " + row.get("resource").stringValue() + " "
                    + row.get("status").intValue());
        }
        assertThat(rows)
                .containsExactly(
                        otherNurse + " GRI CASE /api/v1/handovers/{caseId}/fhir 403",
                        ownNurse + " QEUH CASE /api/v1/handovers/{caseId}/fhir 200");
    }

    /** Reads the case as FHIR, asserts the media type and that it is valid R4, and returns the Bundle. */
    private JsonNode fhirOf(String caseId, String user, String role, String org) throws Exception {
        MvcResult result = getAs(user, role, org, PATH, caseId);
        String body = result.getResponse().getContentAsString();
        assertThat(result.getResponse().getStatus()).as(body).isEqualTo(200);
        assertThat(result.getResponse().getContentType()).startsWith("application/fhir+json");
        assertThat(validation.errors(body)).as(body).isEmpty();
        JsonNode bundle = json.readTree(body);
        assertThat(bundle.get("resourceType").stringValue()).isEqualTo("Bundle");
        assertThat(bundle.get("type").stringValue()).isEqualTo("collection");
        return bundle;
    }

    private static JsonNode task(JsonNode bundle) {
        JsonNode task = bundle.get("entry").get(0).get("resource");
        assertThat(task.get("resourceType").stringValue()).isEqualTo("Task");
        return task;
    }

    /**
     * Submits one event as {@code user} of this case and asserts the processor applied it (201); returns its eventId.
     */
    private String submit(
            String user, String role, String org, String caseId, String type, Instant at, Object... details)
            throws Exception {
        String eventId = TestData.id();
        Map<String, Object> body = body(eventId, type, at, details);
        // A user id per case (same role and organisation): the per-user rate limit (5 a second) must not couple the
        // cases this test submits back to back.
        MvcResult result = submitAs(user + "." + caseId.substring(0, 8), role, org, caseId, body);
        assertThat(result.getResponse().getStatus())
                .as(type + ": " + result.getResponse().getContentAsString())
                .isEqualTo(201);
        return eventId;
    }
}
