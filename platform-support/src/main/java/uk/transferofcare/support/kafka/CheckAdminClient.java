package uk.transferofcare.support.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * The admin client of a periodic health check: made at the first check (so a service starts while the cluster is
 * away), and bounded so that no call outlasts the check's interval. The client refuses an API timeout below its
 * request timeout, so both are lowered to the interval.
 */
final class CheckAdminClient implements AutoCloseable {

    private final Map<String, Object> config;
    private AdminClient admin;

    CheckAdminClient(Map<String, Object> adminConfig, String clientId, Duration interval) {
        int timeout = (int) Math.min(Integer.MAX_VALUE, interval.toMillis());
        Map<String, Object> config = new HashMap<>(adminConfig);
        config.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, clientId);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeout);
        config.merge(
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                timeout,
                (configured, mine) -> Math.min(Integer.parseInt(configured.toString()), timeout));
        this.config = Map.copyOf(config);
    }

    /** The configuration the client is made with. */
    Map<String, Object> config() {
        return config;
    }

    synchronized AdminClient get() {
        if (admin == null) {
            admin = AdminClient.create(config);
        }
        return admin;
    }

    @Override
    public synchronized void close() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(2));
            admin = null;
        }
    }
}
