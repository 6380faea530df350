package uk.transferofcare.notification;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import uk.transferofcare.testkit.TestTokens;

/**
 * GETs against the running service as its tests need them: actuator paths on the management port as ADMIN, everything
 * else on the main port as a QEUH supervisor (who may read the QEUH audit).
 */
final class ServiceHttp {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final int port;
    private final int managementPort;

    ServiceHttp(int port, int managementPort) {
        this.port = port;
        this.managementPort = managementPort;
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return path.startsWith("/actuator/")
                ? get(managementPort, path, NotificationTestProperties.adminToken())
                : get(port, path, TestTokens.token("sup-qeuh", "SUPERVISOR", "QEUH"));
    }

    static HttpResponse<String> get(int onPort, String path, String token) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + onPort + path))
                .GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
