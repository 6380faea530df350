package uk.transferofcare.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class NotificationsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** A webhook as the dev inbox lists it (GET /api/webhooks). */
    private static String webhook(String key, String eventId, String path, int status) {
        return """
                {"path": "%s", "headers": {"idempotency-key": ["%s"]},
                 "json": {"notificationId": "%s", "eventId": "%s"}, "answeredStatus": %d}
                """.formatted(path, key, key, eventId, status);
    }

    private static JsonNode list(String... items) {
        return JSON.readTree("[" + String.join(",", items) + "]");
    }

    @Test
    void aRepeatWithTheSameKeyIsCountedButIsNoDuplicate() {
        JsonNode webhooks = list(
                webhook("k1", "e1", "/webhooks/ed/qeuh/coordinator", 200),
                webhook("k1", "e1", "/webhooks/ed/qeuh/coordinator", 200),
                webhook("k2", "e1", "/webhooks/police/g/inspector", 200),
                webhook("k3", "e2", "/webhooks/ed/qeuh/coordinator", 503));
        JsonNode mail =
                list("{\"messageId\": \"<m1@x>\"}", "{\"messageId\": \"<m1@x>\"}", "{\"messageId\": \"<m2@x>\"}");

        assertThat(Notifications.count(webhooks, mail)).isEqualTo(new Notifications.Count(6, 2, 0, 1, 1));
    }

    @Test
    void aWebhookRefusedDuringAnOutageAndDeliveredByALaterRoundIsNotLost() {
        JsonNode webhooks = list(
                webhook("k1", "e1", "/webhooks/ed/qeuh/coordinator", 503),
                webhook("k1", "e1", "/webhooks/ed/qeuh/coordinator", 503),
                webhook("k1", "e1", "/webhooks/ed/qeuh/coordinator", 200),
                webhook("k2", "e2", "/webhooks/ed/qeuh/coordinator", 503));

        assertThat(Notifications.count(webhooks, list())).isEqualTo(new Notifications.Count(1, 0, 0, 3, 1));
    }

    @Test
    void oneEventsWebhookToOneRecipientUnderTwoKeysIsADuplicateAndFailsTheRow() {
        JsonNode webhooks = list(
                webhook("k1", "e1", "/webhooks/ed/qeuh/coordinator", 200),
                webhook("k9", "e1", "/webhooks/ed/qeuh/coordinator", 200));

        Notifications.Count count = Notifications.count(webhooks, list());
        FaultSuite.Row row = new FaultSuite.Row(
                Fault.parse("notification").get(0),
                SimulatorResult.parse(
                        0,
                        "Sent 10 submissions for 2 cases in 1 s; 0 retries, 0 unexpected\n"
                                + "Verified: the API shows all 2 cases exactly as expected.\n"),
                Duration.ofSeconds(3),
                Optional.of(count),
                Optional.of(new Reports(13, 0, 0)),
                "",
                List.of());

        assertThat(count).isEqualTo(new Notifications.Count(2, 0, 1, 0, 0));
        assertThat(row.clean()).isFalse();
        assertThat(ResultTable.markdown(
                        List.of(row), FaultSuite.Options.parse(new String[0], java.nio.file.Path.of("/repo"))))
                .contains("| 0 (0 of 13 reports) | 2 (0, 1) | 3.0 s | not measured | not observed | FAILED |");
    }
}
