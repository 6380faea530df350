package uk.transferofcare.api.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPatternParser;
import uk.transferofcare.api.devtoken.DevTokenIssuer;
import uk.transferofcare.api.support.HandoverApiIntegrationTest;
import uk.transferofcare.testkit.EndpointSweep;
import uk.transferofcare.testkit.WebServerContexts;

/**
 * Issue 12's acceptance for handover-api: every endpoint of every handler mapping, on the main port and on the
 * management port (actuator), called without a token, answers 401, except {@link PublicEndpoints} (also listed in
 * docs/security.md). The context is the integration tests' shared one, in the {@code local} profile, so the dev token
 * endpoints are among those called.
 */
@HandoverApiIntegrationTest
class EveryEndpointNeedsATokenIT {

    @Autowired
    WebServerContexts servers;

    @Autowired
    DevTokenIssuer issuer;

    @LocalServerPort
    int port;

    @Test
    void givenTheRunningApi_whenEveryMappedEndpointIsCalledWithoutAToken_thenOnlyThePublicOnesAnswerWithout401()
            throws Exception {
        List<EndpointSweep.Call> calls = EndpointSweep.callWithoutToken(servers);

        assertThat(servers.byNamespace()).containsOnlyKeys("server", "management");
        assertThat(calls)
                .extracting(c -> c.namespace() + " " + c.method() + " " + c.pattern())
                .as("the sweep reaches the API, the dev endpoints and actuator on the management port")
                .contains(
                        "server POST /api/v1/handovers/{caseId}/events",
                        "server GET /api/v1/handovers/{caseId}/fhir",
                        "server GET /api/v1/sites",
                        "server POST /dev/tokens",
                        "server GET /dev/jwks",
                        "server GET /readyz",
                        "management GET /actuator/health",
                        "management GET /actuator/prometheus");
        assertThat(calls.size()).as("endpoints called").isGreaterThan(20);
        assertThat(EndpointSweep.violations(calls, EveryEndpointNeedsATokenIT::isPublic))
                .as("calls that break the rule (401 unless public), of %s", calls)
                .isEmpty();
    }

    @Test
    void givenTheLocalProfile_whenDevJwksIsRead_thenItHoldsThePublicKeyThatVerifiesTheDevTokens() throws Exception {
        HttpResponse<String> jwks = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/dev/jwks"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());

        assertThat(jwks.statusCode()).isEqualTo(200);
        com.nimbusds.jose.jwk.RSAKey key = (com.nimbusds.jose.jwk.RSAKey)
                com.nimbusds.jose.jwk.JWKSet.parse(jwks.body()).getKeyByKeyId(issuer.keyId());
        assertThat(key.isPrivate()).as("only the public half is published").isFalse();
        assertThat(key.toRSAPublicKey()).isEqualTo(issuer.publicKey());
    }

    static boolean isPublic(String method, String path) {
        PathContainer container = PathContainer.parsePath(path);
        return PublicEndpoints.RULES.stream()
                .filter(rule -> rule.method() == null || rule.method().name().equals(method))
                .flatMap(rule -> rule.patterns().stream())
                .anyMatch(pattern ->
                        PathPatternParser.defaultInstance.parse(pattern).matches(container));
    }
}
