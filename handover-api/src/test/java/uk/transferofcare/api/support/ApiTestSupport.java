package uk.transferofcare.api.support;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import uk.transferofcare.api.devtoken.DevTokenIssuer;
import uk.transferofcare.api.projection.ProjectionLag;
import uk.transferofcare.testkit.KafkaTestClients;
import uk.transferofcare.testkit.PlatformInfrastructure;

/** What the API integration tests share: MockMvc with real tokens, JSON helpers and Kafka clients. */
public abstract class ApiTestSupport {

    @Autowired
    protected MockMvc mvc;

    @Autowired
    protected JsonMapper json;

    @Autowired
    protected ProjectionLag projection;

    @Autowired
    private DevTokenIssuer issuer;

    protected Tokens tokens;

    /** A fresh officer (division G) and ED nurse (QEUH) per test, so per-user rate limits never couple tests. */
    protected String pc;

    protected String nurse;
    protected KafkaTestClients kafka;

    @BeforeEach
    void readModelReady() {
        RealProcessor.shared();
        tokens = new Tokens(issuer);
        pc = "pc-" + TestData.id().substring(0, 8);
        nurse = "nurse-" + TestData.id().substring(0, 8);
        kafka = new KafkaTestClients(PlatformInfrastructure.shared());
        Awaitility.await("projection caught up").atMost(Duration.ofSeconds(60)).until(projection::ready);
    }

    /** A submission body: eventId, type, occurredAt and the given details (key, value pairs). */
    protected static Map<String, Object> body(String eventId, String type, Instant occurredAt, Object... details) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("eventId", eventId);
        body.put("type", type);
        body.put("occurredAt", occurredAt.toString());
        for (int i = 0; i < details.length; i += 2) {
            body.put((String) details[i], details[i + 1]);
        }
        return body;
    }

    /** Submits and returns the final answer (a submission is answered asynchronously, with the verdict). */
    protected MvcResult submitAs(String subject, String role, String org, String caseId, Map<String, Object> body)
            throws Exception {
        return answer(mvc.perform(tokens.as(
                        post("/api/v1/handovers/{caseId}/events", caseId)
                                .contentType(MediaType.APPLICATION_JSON)
                                .content(json.writeValueAsString(body)),
                        subject,
                        role,
                        org))
                .andReturn());
    }

    /**
     * Submits as a client does when one user sends several steps back to back: a 429 (the per-user rate limit, 5 a
     * second in tests) is sent again with the same body after the Retry-After it names, so a fast machine cannot turn
     * the scenario into a rate-limit test. Returns the first answer that is not a 429.
     */
    protected MvcResult submitPatientlyAs(
            String subject, String role, String org, String caseId, Map<String, Object> body) throws Exception {
        for (int attempt = 1; ; attempt++) {
            MvcResult result = submitAs(subject, role, org, caseId, body);
            if (result.getResponse().getStatus() != 429 || attempt == 20) {
                return result;
            }
            String retryAfter = result.getResponse().getHeader("Retry-After");
            Thread.sleep(Duration.ofSeconds(retryAfter == null ? 1 : Long.parseLong(retryAfter))
                    .toMillis());
        }
    }

    /** The answer of a request: its asynchronous result when it started one. */
    protected MvcResult answer(MvcResult result) throws Exception {
        if (!result.getRequest().isAsyncStarted()) {
            return result;
        }
        result.getAsyncResult(Duration.ofSeconds(30).toMillis());
        return mvc.perform(asyncDispatch(result)).andReturn();
    }

    protected MvcResult getAs(String subject, String role, String org, String path, Object... vars) throws Exception {
        return mvc.perform(tokens.as(get(path, vars), subject, role, org)).andReturn();
    }

    protected JsonNode read(MvcResult result) throws Exception {
        return json.readTree(result.getResponse().getContentAsString());
    }

    /** Opens a case as this test's officer of division G (pre-alerted a minute ago): the processor's 201. */
    protected String openCase(String caseId, String site) throws Exception {
        String eventId = TestData.id();
        MvcResult result = submitAs(
                pc,
                "OFFICER",
                "G",
                caseId,
                body(eventId, "PRE_ALERTED", Instant.now().minusSeconds(60), "siteCode", site));
        if (result.getResponse().getStatus() != 201) {
            throw new AssertionError("opening failed: " + result.getResponse().getStatus() + " "
                    + result.getResponse().getContentAsString());
        }
        return eventId;
    }
}
