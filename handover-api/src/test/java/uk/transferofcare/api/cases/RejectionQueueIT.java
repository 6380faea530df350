package uk.transferofcare.api.cases;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.servlet.MvcResult;
import tools.jackson.databind.JsonNode;
import uk.transferofcare.api.support.ApiTestSupport;
import uk.transferofcare.api.support.HandoverApiIntegrationTest;
import uk.transferofcare.api.support.Problems;
import uk.transferofcare.api.support.TestData;

/**
 * The supervisor's queue of rejected submissions, through the API and the real processor: a SUPERVISOR sees what users
 * of their own organisation sent and the processor rejected (with the rule and message), never another organisation's;
 * ADMIN sees all; other roles get 403, a bad limit 400.
 */
@HandoverApiIntegrationTest
class RejectionQueueIT extends ApiTestSupport {

    @Test
    void givenAnOfficersRejectedArrival_whenSupervisorsListTheirQueues_thenOnlyTheirOrganisationsSupervisorSeesIt()
            throws Exception {
        String caseId = TestData.id();
        String officer = "pc-" + TestData.id().substring(0, 8);
        Instant arrived = Instant.now().minusSeconds(1200);
        assertThat(status(submitAs(
                        officer,
                        "OFFICER",
                        "K",
                        caseId,
                        body(TestData.id(), "PRE_ALERTED", arrived.minusSeconds(600), "siteCode", "RAH"))))
                .isEqualTo(201);
        assertThat(status(submitAs(officer, "OFFICER", "K", caseId, body(TestData.id(), "ARRIVED", arrived))))
                .isEqualTo(201);
        String second = TestData.id();
        MvcResult refused =
                submitAs(officer, "OFFICER", "K", caseId, body(second, "ARRIVED", arrived.plusSeconds(300)));
        assertThat(status(refused)).isEqualTo(409);
        String rule = read(refused).get("errors").get(0).get("rule").stringValue();

        JsonNode own = awaitQueue("sgt-k", "SUPERVISOR", "K", second);
        JsonNode entry = entry(own, second);
        assertThat(own.get("org").stringValue()).isEqualTo("K");
        assertThat(entry.get("caseId").stringValue()).isEqualTo(caseId);
        assertThat(entry.get("type").stringValue()).isEqualTo("ARRIVED");
        assertThat(entry.get("rule").stringValue()).isEqualTo(rule);
        assertThat(entry.get("message").stringValue()).isNotBlank();
        assertThat(entry.get("submittedBy").get("userId").stringValue()).isEqualTo(officer);
        for (JsonNode r : own.get("rejections")) {
            assertThat(r.get("submittedBy").get("org").stringValue()).isEqualTo("K");
        }

        assertThat(entry(read(getAs("sgt-e", "SUPERVISOR", "E", "/api/v1/rejections")), second))
                .as("another division's supervisor")
                .isNull();
        assertThat(entry(read(getAs("sgt-rah", "SUPERVISOR", "RAH", "/api/v1/rejections")), second))
                .as("the site's supervisor: the officer is not of their organisation")
                .isNull();
        assertThat(entry(read(getAs("admin-1", "ADMIN", "ADMIN", "/api/v1/rejections?limit=500")), second))
                .isNotNull();
    }

    @Test
    void givenOtherRolesOrABadLimit_whenListing_then403NamingTheRoleAnd400NamingTheLimit() throws Exception {
        for (String[] who : List.of(
                new String[] {"OFFICER", "G"}, new String[] {"ED_STAFF", "QEUH"}, new String[] {"ANALYST", "PHS"})) {
            assertThat(Problems.rules(
                            getAs("u-" + who[0].toLowerCase(), who[0], who[1], "/api/v1/rejections"), 403, json))
                    .extracting(Problems.Rule::rule)
                    .containsExactly("role");
        }
        for (String limit : List.of("0", "501", "ten")) {
            assertThat(Problems.rules(
                            getAs("sgt-g", "SUPERVISOR", "G", "/api/v1/rejections?limit={l}", limit), 400, json))
                    .containsExactly(new Problems.Rule("limit", "range"));
        }
    }

    private JsonNode awaitQueue(String user, String role, String org, String eventId) {
        return Awaitility.await("the rejection in " + org + "'s queue")
                .atMost(Duration.ofSeconds(30))
                .until(() -> read(getAs(user, role, org, "/api/v1/rejections")), q -> entry(q, eventId) != null);
    }

    private static JsonNode entry(JsonNode queue, String eventId) {
        for (JsonNode r : queue.get("rejections")) {
            if (r.get("eventId").stringValue().equals(eventId)) {
                return r;
            }
        }
        return null;
    }

    private static int status(MvcResult result) {
        return result.getResponse().getStatus();
    }
}
