package uk.transferofcare.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The notification service's audit trail held against what the receivers got. */
class DeliveryAuditTest {

    @TempDir
    Path temp;

    @Test
    void givenEveryRecordedDeliveryAtItsReceiver_thenNothingIsMissing() {
        Map<String, List<String>> statuses = new LinkedHashMap<>();
        statuses.put("n-webhook", List.of("RETRYING", "RETRYING", "DELIVERED"));
        statuses.put("n-mail", List.of("DELIVERED"));
        statuses.put("n-quiet", List.of("SUPPRESSED"));

        DeliveryAudit.Result result =
                DeliveryAudit.judge(statuses, Set.of("n-webhook", "<n-mail@notification-service.transfer-of-care>"));

        assertThat(result).isEqualTo(new DeliveryAudit.Result(3, 2, 1, 0, 0, 0, List.of()));
        assertThat(result.clean()).isTrue();
    }

    @Test
    void givenDeliveriesNotReceivedGivenUpOrStillRetrying_thenEachCountsAsMissing() {
        Map<String, List<String>> statuses = new LinkedHashMap<>();
        statuses.put("a-lost", List.of("DELIVERED"));
        statuses.put("b-failed", List.of("RETRYING", "FAILED"));
        statuses.put("c-retrying", List.of("RETRYING"));
        statuses.put("d-ok", List.of("DELIVERED"));

        DeliveryAudit.Result result = DeliveryAudit.judge(statuses, Set.of("d-ok"));

        assertThat(result.notReceived()).isEqualTo(1);
        assertThat(result.gaveUp()).isEqualTo(1);
        assertThat(result.pending()).isEqualTo(1);
        assertThat(result.clean()).isFalse();
        assertThat(result.examples())
                .containsExactly("a-lost not received", "b-failed given up", "c-retrying RETRYING");
        assertThat(result.toString())
                .isEqualTo("4 planned, 2 delivered, 0 suppressed; missing: 1 not at the receiver, 1 given up, 1 still"
                        + " retrying (e.g. a-lost not received, b-failed given up, c-retrying RETRYING)");
    }

    @Test
    void givenATruthFile_thenItsCaseIdsAreRead() throws Exception {
        Path truth = temp.resolve("truth.jsonl");
        Files.writeString(truth, """
                {"kind":"run","seed":1500}
                {"kind":"case","caseId":"c-1","opened":true}
                {"kind":"submission","caseId":"c-1","eventId":"e-1"}
                {"kind":"case","caseId":"c-2","opened":false}
                {"kind":"summary"}
                """);

        assertThat(FaultSuite.caseIds(truth)).containsExactlyInAnyOrder("c-1", "c-2");
    }

    @Test
    void givenAnAuditWithMissingNotifications_thenTheRowFailsAndTheTableSaysHowMany() {
        Fault none = Fault.parse("none").get(0);
        DeliveryAudit.Result missing = new DeliveryAudit.Result(10, 9, 0, 0, 1, 0, List.of("x given up"));
        FaultSuite.Row row = new FaultSuite.Row(
                        none,
                        Optional.empty(),
                        java.time.Duration.ZERO,
                        Optional.of(new Notifications.Count(9, 0, 0, 0, 0)),
                        Optional.empty(),
                        "",
                        List.of())
                .withDeliveries(missing);
        FaultSuite.Options options = FaultSuite.Options.parse(new String[0], Path.of("."));

        assertThat(row.clean()).isFalse();
        assertThat(ResultTable.markdown(List.of(row), options)).contains("| 9 (0, 0); 1 of 10 recorded missing |");
    }
}
