package uk.transferofcare.notification;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import uk.transferofcare.notification.config.SecurityConfiguration;
import uk.transferofcare.testkit.EndpointSweep;
import uk.transferofcare.testkit.PlatformIntegrationTest;
import uk.transferofcare.testkit.TestTokens;
import uk.transferofcare.testkit.WebServerContexts;

/**
 * Issue 12's acceptance for this service: every endpoint of every handler mapping, on the main port and on the
 * management port, called without a token, answers 401, except the documented public ones
 * ({@link SecurityConfiguration#PUBLIC}, docs/security.md), which answer without asking for one.
 */
@PlatformIntegrationTest
@SpringBootTest(
        classes = NotificationServiceApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(WebServerContexts.class)
// local: the test's SMTP server and webhook receiver speak plain text, which only the local profile accepts.
@ActiveProfiles("local")
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class EveryEndpointNeedsATokenIT {

    @RegisterExtension
    static final GreenMailExtension smtp =
            new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort()).withPerMethodLifecycle(false);

    static final WebhookReceiver receiver = new WebhookReceiver();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        NotificationTestProperties.register(
                registry,
                NotificationTestProperties.common(
                        receiver.baseUrl(), smtp.getSmtp().getPort()));
    }

    @AfterAll
    static void stopReceiver() throws Exception {
        receiver.close();
    }

    @Autowired
    WebServerContexts servers;

    @Test
    void givenTheRunningService_whenEveryMappedEndpointIsCalledWithoutAToken_thenOnlyThePublicOnesAnswerWithout401()
            throws Exception {
        List<EndpointSweep.Call> calls = EndpointSweep.callWithoutToken(servers);

        assertThat(servers.byNamespace()).containsOnlyKeys("server", "management");
        assertThat(calls)
                .extracting(c -> c.namespace() + " " + c.method() + " " + c.pattern())
                .as("the sweep reaches the API, the page and actuator on the management port")
                .contains(
                        "server GET /api/notifications",
                        "server POST /api/notifications/dlt/replay",
                        "server GET /notifications",
                        "server GET /readyz",
                        "server GET /livez",
                        "management GET /actuator/health",
                        "management GET /actuator/prometheus");
        assertThat(calls)
                .as("main port endpoints that are not public, and every management endpoint, must answer 401")
                .filteredOn(c -> c.namespace().equals("management"))
                .allMatch(c -> c.status() == 401, "401");
        assertThat(EndpointSweep.violations(calls, (method, path) -> SecurityConfiguration.PUBLIC.contains(path)))
                .as("calls that break the rule (401 unless public), of %s", calls)
                .isEmpty();
        assertThat(calls)
                .filteredOn(c -> SecurityConfiguration.PUBLIC.contains(c.path()))
                .extracting(EndpointSweep.Call::path)
                .as("every documented public endpoint is mapped")
                .containsAll(SecurityConfiguration.PUBLIC.stream()
                        .filter(p -> !p.endsWith(".js"))
                        .toList());
    }

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    /**
     * The platform's one decoder guards the audit read: a SUPERVISOR token of the trusted key is 401 (problem+json
     * naming the header and the rule) when it is meant for another audience or names a site nobody configured; the
     * right token reads.
     */
    @Test
    void givenSupervisorTokensOfTheTrustedKey_whenTheAuditIsRead_thenAnotherAudienceOrAnUnknownSiteIs401()
            throws Exception {
        Instant inAnHour = Instant.now().plus(Duration.ofHours(1));
        String wrongAudience =
                TestTokens.token("sup-1", "SUPERVISOR", "QEUH", TestTokens.ISSUER, "handover-api-elsewhere", inAnHour);
        String unknownSite =
                TestTokens.token("sup-1", "SUPERVISOR", "ZZQX", TestTokens.ISSUER, TestTokens.AUDIENCE, inAnHour);

        HttpResponse<String> refused = audit(wrongAudience);
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(refused.body())
                .contains("\"parameter\":\"Authorization\"")
                .contains("\"rule\":\"bearer-token\"")
                .contains("aud");

        HttpResponse<String> unknown = audit(unknownSite);
        assertThat(unknown.statusCode()).isEqualTo(401);
        assertThat(unknown.body()).contains("does not fit its role").doesNotContain("ZZQX");

        HttpResponse<String> accepted = audit(TestTokens.token("sup-1", "SUPERVISOR", "QEUH"));
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
    }

    private HttpResponse<String> audit(String token) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/notifications"))
                        .header("Authorization", "Bearer " + token)
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
