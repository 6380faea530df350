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

    /** The options with this pause (the table names a pause's length). */
    /** A simulator's summary with every answer and case as the truth says. */
    static Optional<SimulatorResult> cleanResult() {
        return SimulatorResult.parse(0, SENT + "Verified: the API shows all 298 cases exactly as expected.\n");
    }

    private static FaultSuite.Options options(int pauseSeconds) {
        return FaultSuite.Options.parse(new String[] {"--pause", pauseSeconds + "s"}, java.nio.file.Path.of("/repo"));
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
                                SimulatorResult.parse(
                                        0, SENT + "Verified: the API shows all 298 cases exactly as expected.\n"),
                                Duration.ofMillis(12_345),
                                Optional.of(new Notifications.Count(1_234, 2, 0, 0, 0)),
                                Optional.of(new Reports(13, 0, 0)),
                                "",
                                List.of())
                        .withLedger(EventLedger.judge(List.of())),
                new FaultSuite.Row(
                        pause,
                        Optional.empty(),
                        Duration.ofMinutes(-1),
                        Optional.empty(),
                        Optional.empty(),
                        "no summary",
                        List.of()));

        String table = ResultTable.markdown(rows, options(30));

        assertThat(table)
                .contains(
                        "| kill -9 of handover-processor-1 and -2 in turn, 10 times | 1,652 | 37 | 0 | 0 of 298 (of 0 events 0 twice, 0 missing; 0 escalations and warnings, 0 twice) | 0 (0 of 13 reports) | 1,234 (2, 0) | 12.3 s | not measured | not observed | 0 lost, 0 wrong |")
                .contains(
                        "| SIGSTOP of Kafka node 3, SIGCONT after the pause (30 s), 10 times | - | - | - | - | not compared"
                                + " | not counted | not within 5 min | not measured | not observed | FAILED: no summary |");
    }

    @Test
    void aPoisonRecordNobodyDeadLetteredFailsTheRowEvenWhenTheTrafficWasClean() {
        Fault poison = Fault.parse("poison").get(0);
        Optional<SimulatorResult> clean =
                SimulatorResult.parse(0, SENT + "Verified: the API shows all 298 cases exactly as expected.\n");
        FaultSuite.Row missed = new FaultSuite.Row(
                poison,
                clean,
                Duration.ofMillis(1_500),
                Optional.empty(),
                Optional.of(new Reports(13, 0, 0)),
                "",
                List.of("no dead letter for the poison on handover-events (read by notification-service)"));
        FaultSuite.Row caught = new FaultSuite.Row(
                        poison,
                        clean,
                        Duration.ofMillis(1_500),
                        Optional.empty(),
                        Optional.of(new Reports(13, 0, 0)),
                        "each poison record on its dead-letter topic",
                        List.of())
                .withLedger(EventLedger.judge(List.of()));

        assertThat(missed.clean()).isFalse();
        assertThat(caught.clean()).isTrue();
        assertThat(ResultTable.markdown(List.of(missed, caught), options(60)))
                .contains(
                        "| a poison record (not Avro) on each of the 7 input topics | 1,652 | 37 | 0 | 0 of 298 (events not read) | 0 (0 of 13 reports)"
                                + " | not counted | 1.5 s | not measured | not observed"
                                + " | FAILED: no dead letter for the poison on handover-events (read by notification-service) |")
                .contains("| 0 lost, 0 wrong (each poison record on its dead-letter topic) |");
        assertThat(PoisonRecords.INPUTS)
                .containsKeys("handover-submissions", "handover-events", "handover-state", "notification-deliveries");
    }

    @Test
    void theReportComparisonIsReadFromTheSimulatorsOutputAndADifferenceFailsTheRow() {
        assertThat(Reports.parse("Reports: 13 compared with the truth of 612 cases from 2 file(s), 2026-10-01 to"
                        + " 2026-10-09: 0 groups differ.\n"))
                .contains(new Reports(13, 0, 0));
        Optional<Reports> differing = Reports.parse(
                "Reports FAILED: 2 of 13 differ from the truth of 1,612 cases, 5 groups in all:\n/api/v1/reports/...");
        assertThat(differing).contains(new Reports(13, 2, 5));
        assertThat(Reports.parse("simulator compare-reports: cannot reach")).isEmpty();

        Optional<SimulatorResult> clean =
                SimulatorResult.parse(0, SENT + "Verified: the API shows all 298 cases exactly as expected.\n");
        Fault kill = Fault.parse("api").get(0);
        assertThat(new FaultSuite.Row(kill, clean, Duration.ZERO, Optional.empty(), differing, "", List.of()).clean())
                .isFalse();
        assertThat(new FaultSuite.Row(kill, clean, Duration.ZERO, Optional.empty(), Optional.empty(), "", List.of())
                        .clean())
                .as("not compared is not clean")
                .isFalse();
        assertThat(new FaultSuite.Row(
                                kill,
                                clean,
                                Duration.ZERO,
                                Optional.empty(),
                                Optional.of(new Reports(13, 0, 0)),
                                "",
                                List.of())
                        .withLedger(EventLedger.judge(List.of()))
                        .clean())
                .isTrue();
    }

    @Test
    void aBadOptionValueIsRefusedNamingTheOption() {
        java.nio.file.Path root = java.nio.file.Path.of("/repo");

        assertThatThrownBy(() -> FaultSuite.Options.parse(new String[] {"--cases", "many"}, root))
                .hasMessage("--cases takes a whole number, was 'many'");
        assertThatThrownBy(() -> FaultSuite.Options.parse(new String[] {"--rate", "fast"}, root))
                .hasMessage("--rate takes a number such as 40, was 'fast'");
        assertThatThrownBy(() -> FaultSuite.Options.parse(new String[] {"--pause"}, root))
                .hasMessageStartingWith("--pause needs a value; usage: java -jar resilience/")
                .hasMessageContaining("--faults none,processor,processor-pause,");
        assertThatThrownBy(() -> FaultSuite.Options.parse(new String[] {"processor"}, root))
                .hasMessageStartingWith("unexpected argument 'processor'; usage: ");
        assertThat(FaultSuite.Options.parse(new String[0], root).pause()).isEqualTo(Duration.ofSeconds(60));
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
