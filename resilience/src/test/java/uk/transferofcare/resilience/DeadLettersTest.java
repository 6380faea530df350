package uk.transferofcare.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class DeadLettersTest {

    @Test
    void givenTheServicesAnswer_thenTheCountIsItsReplayedField() throws IOException {
        assertThat(DeadLetters.replayed(
                        200,
                        "{\"replayId\":\"r-1\",\"from\":\"notification-deliveries-dlt\","
                                + "\"to\":\"notification-deliveries\",\"replayed\":37}"))
                .isEqualTo(37);
    }

    @Test
    void givenARefusalOrAnAnswerWithoutACount_thenTheRowIsToldWhy() {
        assertThatThrownBy(() -> DeadLetters.replayed(403, "{\"title\":\"Forbidden\"}"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("answered 403")
                .hasMessageContaining("Forbidden");
        assertThatThrownBy(() -> DeadLetters.replayed(200, "{\"replayId\":\"r-1\"}"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("without a count");
    }

    @Test
    void theRefusingReceiverIsAnOutageWhoseAlertIsTheFailuresPage() {
        Fault refused = Fault.parse("webhook-refused").get(0);

        assertThat(refused.kind().isOutage()).isTrue();
        assertThat(refused.expectedAlerts()).containsExactly("NotificationFailures");
        assertThat(refused.process()).isNull();
    }
}
