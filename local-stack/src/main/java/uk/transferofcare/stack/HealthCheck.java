package uk.transferofcare.stack;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * A container health check with nothing but the JRE: {@code java -cp /opt/healthcheck
 * uk.transferofcare.stack.HealthCheck URL [TEXT]} exits 0 when {@code URL} answers 200 (and its body contains {@code
 * TEXT}, if given), else 1. The Dockerfile compiles this one file on its own, so the runtime image needs neither curl
 * nor wget (fewer packages to patch) and the check reads the same readiness endpoint the launcher polls.
 *
 * <p>Only JDK classes may be used here.
 */
public final class HealthCheck {

    static final int TIMEOUT_MILLIS = 3000;

    private HealthCheck() {}

    public static void main(String[] args) {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: HealthCheck URL [TEXT]");
            System.exit(2);
        }
        String problem = check(args[0], args.length == 2 ? args[1] : null);
        if (problem != null) {
            System.err.println(problem);
        }
        System.exit(problem == null ? 0 : 1);
    }

    /** Null when healthy, else what is wrong. */
    static String check(String url, String mustContain) {
        try {
            HttpURLConnection connection =
                    (HttpURLConnection) URI.create(url).toURL().openConnection();
            connection.setConnectTimeout(TIMEOUT_MILLIS);
            connection.setReadTimeout(TIMEOUT_MILLIS);
            connection.setRequestProperty("Accept", "application/json");
            int status = connection.getResponseCode();
            String body;
            try (InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
                body = in == null ? "" : new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8);
            }
            if (status != 200) {
                return url + " answered " + status + ": " + body;
            }
            if (mustContain != null && !body.contains(mustContain)) {
                return url + " answered 200 without " + mustContain + ": " + body;
            }
            return null;
        } catch (IOException | IllegalArgumentException e) {
            return url + " is not reachable: " + e;
        }
    }
}
