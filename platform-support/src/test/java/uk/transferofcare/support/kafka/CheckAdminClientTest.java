package uk.transferofcare.support.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;

class CheckAdminClientTest {

    @Test
    void everyCallIsBoundedByTheInterval() {
        Map<String, Object> config = new CheckAdminClient(
                        Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9"),
                        "replication-check",
                        Duration.ofSeconds(5))
                .config();

        assertThat(config)
                .containsEntry(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000)
                .containsEntry(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000)
                .containsEntry(AdminClientConfig.CLIENT_ID_CONFIG, "replication-check")
                .containsEntry(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9");
    }

    @Test
    void keepsAShorterRequestTimeoutAndTheServicesClientId() {
        Map<String, Object> config = new CheckAdminClient(
                        Map.of(
                                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000",
                                AdminClientConfig.CLIENT_ID_CONFIG, "handover-api"),
                        "consumer-lag-check",
                        Duration.ofSeconds(5))
                .config();

        assertThat(config)
                .containsEntry(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000)
                .containsEntry(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000)
                .containsEntry(AdminClientConfig.CLIENT_ID_CONFIG, "handover-api");
    }

    @Test
    void lowersALongerRequestTimeout() {
        Map<String, Object> config = new CheckAdminClient(
                        Map.of(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 30000), "check", Duration.ofSeconds(5))
                .config();

        assertThat(config).containsEntry(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
    }
}
