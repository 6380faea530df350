package uk.transferofcare.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SimulatorResultTest {

    /** The simulator's summary line, as Simulator prints it. */
    private static final String SENT = "Sent 1,652 submissions for 300 cases in 44.1 s (39/s), and 12 again after a 202"
            + " (10 HELD and 2 PENDING answers); 1,640 verdicts compared with the ground truth: 1,500 APPLIED,"
            + " 20 DUPLICATE, 120 REJECTED, 0 still HELD; 37 retries, 0 unexpected.\n";

    @Test
    void aCleanRunIsReadWithItsCounts() {
        SimulatorResult result = SimulatorResult.parse(
                        0, "noise\n" + SENT + "Verified: the API shows all 298 cases exactly as expected.\n")
                .orElseThrow();

        assertThat(result).isEqualTo(new SimulatorResult(0, 1652, 37, 0, 298, 0));
        assertThat(result.clean()).isTrue();
    }

    @Test
    void differingCasesAndUnexpectedAnswersAreNotClean() {
        String output = SENT.replace("0 unexpected", "3 unexpected")
                + "Verify FAILED: 2 of 298 cases differ, for example:\n  c-1: state OPEN != CLOSED\n";

        SimulatorResult result = SimulatorResult.parse(1, output).orElseThrow();

        assertThat(result.unexpected()).isEqualTo(3);
        assertThat(result.casesDiffering()).isEqualTo(2);
        assertThat(result.cases()).isEqualTo(298);
        assertThat(result.clean()).isFalse();
    }

    @Test
    void aRunThatNeverVerifiedIsNotClean() {
        SimulatorResult result = SimulatorResult.parse(0, SENT).orElseThrow();

        assertThat(result.casesDiffering()).isEqualTo(-1);
        assertThat(result.clean()).isFalse();
    }

    @Test
    void noSummaryMeansNoResult() {
        assertThat(SimulatorResult.parse(3, "simulator: cannot reach handover-api"))
                .isEmpty();
    }

    @Test
    void theTableNamesEveryFaultWithItsCountsAndFailsARowWithoutResult() {
        Fault kill = Fault.parse("processor").get(0);
        Fault pause = Fault.parse("broker-pause").get(0);
        List<FaultSuite.Row> rows = List.of(
                new FaultSuite.Row(
                        kill,
                        SimulatorResult.parse(0, SENT + "Verified: the API shows all 298 cases exactly as expected.\n"),
                        Duration.ofMillis(12_345),
                        ""),
                new FaultSuite.Row(pause, Optional.empty(), Duration.ofMinutes(-1), "no summary"));

        String table = ResultTable.markdown(rows, Duration.ofSeconds(30));

        assertThat(table)
                .contains("| kill -9 of handover-processor | 1,652 | 37 | 0 | 0 of 298 | 12.3 s | 0 lost, 0 wrong |")
                .contains("| SIGSTOP of Kafka node 3, SIGCONT after the pause (30 s) | - | - | - | - | not within 5 min"
                        + " | FAILED: no summary |");
    }

    @Test
    void unknownFaultsAreRefusedWithTheKnownOnes() {
        assertThatThrownBy(() -> Fault.parse("processor,disk"))
                .hasMessageContaining("unknown fault 'disk'")
                .hasMessageContaining("broker-pause");
        assertThat(Fault.parse("api,none").stream().map(Fault::name)).containsExactly("none", "api");
    }

    @Test
    void theResultsFileNamesASubsetOfFaultsAndASingleBroker() {
        java.nio.file.Path root = java.nio.file.Path.of("/repo");
        java.time.LocalDate day = java.time.LocalDate.parse("2026-12-05");

        assertThat(FaultSuite.fileName(day, FaultSuite.Options.parse(new String[0], root)))
                .isEqualTo("2026-12-05-faults.md");
        assertThat(FaultSuite.fileName(
                        day, FaultSuite.Options.parse(new String[] {"--faults", "api,none", "--brokers", "1"}, root)))
                .isEqualTo("2026-12-05-faults-none-api-1-broker.md");
    }
}
