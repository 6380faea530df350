package uk.transferofcare.api.handover;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.test.web.servlet.MvcResult;
import tools.jackson.databind.JsonNode;
import uk.transferofcare.api.support.ApiTestSupport;
import uk.transferofcare.api.support.HandoverApiIntegrationTest;
import uk.transferofcare.api.support.TestData;
import uk.transferofcare.testkit.PlatformInfrastructure;
import uk.transferofcare.testkit.ServiceJar;
import uk.transferofcare.testkit.TestDatabase;

/**
 * Two API instances, one processor, one PostgreSQL read store: a submission answered by one instance has its verdict
 * readable at once on the other (the read waits until the projection holds what was committed before it), and a
 * re-send to the other
 * instance gets the same answer. The second instance is the API's own jar in a child JVM (profile local: its
 * /dev/tokens signs with a key of its own, so each instance is called with a token it issued, for the same user).
 */
@HandoverApiIntegrationTest
class TwoApiInstancesIT extends ApiTestSupport {

    private static ServiceJar second;

    @Value("${spring.datasource.url}")
    String databaseUrl;

    @Value("${spring.datasource.username}")
    String databaseUser;

    @Value("${spring.datasource.password}")
    String databasePassword;

    /** The second instance, on the same broker and the same PostgreSQL database as this context (one read store). */
    private synchronized ServiceJar second() {
        if (second == null) {
            second = ServiceJar.start(
                    "handover-api",
                    PlatformInfrastructure.shared(),
                    new TestDatabase("shared", databaseUrl, databaseUser, databasePassword),
                    Map.of("spring.profiles.active", "local", "handover.submissions.verdict-timeout", "20s"),
                    Duration.ofSeconds(180));
        }
        return second;
    }

    @AfterAll
    static void stopTheSecondInstance() {
        if (second != null) {
            second.close();
        }
    }

    @Test
    void givenAVerdictGivenByOneInstance_whenTheOtherIsAskedAtOnce_thenItShowsTheVerdictAndAnswersAReSendTheSame()
            throws Exception {
        ServiceJar other = second();
        String caseId = TestData.id();
        String eventId = TestData.id();
        Map<String, Object> body =
                body(eventId, "PRE_ALERTED", Instant.now().minusSeconds(30), "siteCode", "QEUH", "officerCount", 2);

        MvcResult here = submitAs(pc, "OFFICER", "G", caseId, body);
        String token = tokenFrom(other, pc, "OFFICER", "G");
        HttpResponse<String> status =
                call(other, "GET", "/api/v1/handovers/" + caseId + "/events/" + eventId, token, null);
        HttpResponse<String> resent = call(other, "POST", "/api/v1/handovers/" + caseId + "/events", token, body);

        assertThat(here.getResponse().getStatus()).isEqualTo(201);
        assertThat(status.statusCode()).as(status.body()).isEqualTo(200);
        JsonNode verdict = json.readTree(status.body());
        assertThat(verdict.get("status").stringValue()).isEqualTo("APPLIED");
        assertThat(verdict.get("sequence").longValue()).isEqualTo(1L);
        assertThat(resent.statusCode()).as(resent.body()).isEqualTo(201);
        assertThat(json.readTree(resent.body())).isEqualTo(read(here));
    }

    private String tokenFrom(ServiceJar instance, String subject, String role, String org) throws Exception {
        HttpResponse<String> answer =
                call(instance, "POST", "/dev/tokens", null, Map.of("subject", subject, "role", role, "org", org));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return json.readTree(answer.body()).get("token").stringValue();
    }

    private HttpResponse<String> call(ServiceJar instance, String method, String path, String token, Object body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(instance.baseUrl() + path))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
