package uk.transferofcare.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The launcher's port and process-name rules as the suite knows them, and the fault rows they give. */
class StackPortsTest {

    @Test
    void givenOneInstance_thenEachServiceIsOneProcessOnItsOwnPort() {
        StackPorts ports = new StackPorts(400, 3, 1);

        assertThat(ports.services())
                .containsExactly(
                        java.util.Map.entry("handover-api", 8480),
                        java.util.Map.entry("handover-processor", 8482),
                        java.util.Map.entry("notification-service", 8483));
        assertThat(ports.process("handover-processor")).isEqualTo("handover-processor");
        assertThat(ports.kafka(3)).isEqualTo(9496);
    }

    @Test
    void givenTwoInstances_thenApiAndProcessorAreTwoProcessesEachAndAFaultActsOnTheFirst() {
        StackPorts ports = new StackPorts(400, 3, 2);

        assertThat(ports.services())
                .containsExactly(
                        java.util.Map.entry("handover-api-1", 8580),
                        java.util.Map.entry("handover-api-2", 8680),
                        java.util.Map.entry("handover-processor-1", 8582),
                        java.util.Map.entry("handover-processor-2", 8682),
                        java.util.Map.entry("notification-service", 8483));
        assertThat(ports.api()).as("the front").isEqualTo(8480);
        assertThat(ports.process("handover-api")).isEqualTo("handover-api-1");
        assertThat(ports.process("notification-service")).isEqualTo("notification-service");
        assertThat(ports.process("kafka-2")).isEqualTo("kafka-2");
        assertThat(new StackPorts(400, 1, 2).process("kafka-2")).isEqualTo("kafka");
        assertThat(StackPorts.serviceOf("handover-processor-2")).isEqualTo("handover-processor");
        assertThat(StackPorts.serviceOf("notification-service")).isEqualTo("notification-service");
    }

    @Test
    void givenTwoInstancesAndARepeatedFault_thenEachInstanceIsActedOnInTurn() {
        StackPorts two = new StackPorts(400, 3, 2);
        StackPorts three = new StackPorts(400, 3, 3);

        assertThat(java.util.stream.IntStream.rangeClosed(1, 10)
                        .mapToObj(time -> two.process("handover-api", time))
                        .toList())
                .containsExactly(
                        "handover-api-1",
                        "handover-api-2",
                        "handover-api-1",
                        "handover-api-2",
                        "handover-api-1",
                        "handover-api-2",
                        "handover-api-1",
                        "handover-api-2",
                        "handover-api-1",
                        "handover-api-2");
        assertThat(three.process("handover-processor", 3)).isEqualTo("handover-processor-3");
        assertThat(three.process("handover-processor", 4)).isEqualTo("handover-processor-1");
        assertThat(two.process("notification-service", 2)).as("one instance").isEqualTo("notification-service");
        assertThat(new StackPorts(400, 3, 1).process("handover-api", 2)).isEqualTo("handover-api");
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
                .isThrownBy(() -> two.process("handover-api", 0));
        assertThat(FaultSuite.inTurn(List.of(
                        "handover-api-1", "handover-api-2", "handover-api-1", "handover-api-2", "handover-api-1")))
                .isEqualTo("handover-api-1 3 times, handover-api-2 2 times");
        assertThat(FaultSuite.inTurn(List.of("kafka-3"))).isEqualTo("kafka-3 once");
    }

    @Test
    void givenTheSuitesDefaults_thenTheRowsNameTheInstanceTheFaultActsOn() {
        FaultSuite.Options two = FaultSuite.Options.parse(new String[0], Path.of("."));
        FaultSuite.Options one = FaultSuite.Options.parse(new String[] {"--instances", "1"}, Path.of("."));
        Fault api = Fault.parse("api").get(0);

        assertThat(two.instances()).isEqualTo(2);
        assertThat(FaultSuite.describe(api, two)).isEqualTo("kill -9 of handover-api-1 and -2 in turn, 10 times");
        assertThat(FaultSuite.describe(api, one)).isEqualTo("kill -9 of handover-api, 10 times");
        assertThat(FaultSuite.fileName(java.time.LocalDate.of(2026, 12, 6), one))
                .isEqualTo("2026-12-06-faults-1-instance.md");
        FaultSuite.Options ten =
                FaultSuite.Options.parse(new String[] {"--faults", "api,none", "--repeat", "10"}, Path.of("."));
        assertThat(FaultSuite.describe(api, ten)).isEqualTo("kill -9 of handover-api-1 and -2 in turn, 10 times");
        FaultSuite.Options three = FaultSuite.Options.parse(new String[] {"--instances", "3"}, Path.of("."));
        assertThat(FaultSuite.describe(Fault.parse("processor-pause").get(0), three))
                .isEqualTo("SIGSTOP of handover-processor-1 to -3 in turn, SIGCONT after the pause (60 s), 10 times");
        assertThat(FaultSuite.describe(Fault.parse("none").get(0), ten)).isEqualTo("no fault (the harness's baseline)");
        assertThat(ten.maxRestarts())
                .as("room for the suite's ten kills of one process")
                .isEqualTo(15);
        assertThat(two.maxRestarts()).as("ten kills by default").isEqualTo(15);
        assertThat(FaultSuite.fileName(java.time.LocalDate.of(2026, 12, 6), ten))
                .isEqualTo("2026-12-06-faults-none-api.md");
        FaultSuite.Options once =
                FaultSuite.Options.parse(new String[] {"--faults", "api,none", "--repeat", "1"}, Path.of("."));
        assertThat(FaultSuite.fileName(java.time.LocalDate.of(2026, 12, 6), once))
                .isEqualTo("2026-12-06-faults-none-api-x1.md");
        assertThat(FaultSuite.describe(api, once)).isEqualTo("kill -9 of handover-api-1 (one of 2)");
    }

    @Test
    void givenNoCases_thenARowThatKillsOrPausesTenTimesGetsTrafficForEachAndTheOthersTheDefault() {
        FaultSuite.Options defaults = FaultSuite.Options.parse(new String[0], Path.of("."));
        FaultSuite.Options given = FaultSuite.Options.parse(new String[] {"--cases", "400"}, Path.of("."));
        FaultSuite.Options once = FaultSuite.Options.parse(new String[] {"--repeat", "1"}, Path.of("."));

        assertThat(defaults.repeat()).isEqualTo(10);
        assertThat(List.of(
                        "processor",
                        "processor-pause",
                        "api",
                        "api-pause",
                        "notification",
                        "notification-pause",
                        "registry",
                        "registry-pause",
                        "broker",
                        "controller",
                        "broker-pause",
                        "postgres",
                        "postgres-pause"))
                .allSatisfy(
                        kind -> assertThat(defaults.casesFor(Fault.parse(kind).get(0)))
                                .as(kind)
                                .isEqualTo(3000));
        assertThat(List.of("none", "poison", "webhook-outage", "webhook-down", "smtp-outage"))
                .allSatisfy(
                        kind -> assertThat(defaults.casesFor(Fault.parse(kind).get(0)))
                                .as(kind)
                                .isEqualTo(300));
        assertThat(given.casesFor(Fault.parse("api").get(0)))
                .as("--cases is taken as given")
                .isEqualTo(400);
        assertThat(once.casesFor(Fault.parse("api").get(0))).isEqualTo(300);
    }
}
