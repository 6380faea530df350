package uk.transferofcare.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AlertsTest {

    @TempDir
    Path temp;

    @Test
    void eachAlertTakesItsStrongestStateAcrossItsSeries() {
        String body = """
                {"status":"success","data":{"alerts":[
                  {"labels":{"alertname":"ConsumerLag","job":"handover-api"},"state":"pending"},
                  {"labels":{"alertname":"ConsumerLag","job":"handover-processor"},"state":"firing"},
                  {"labels":{"alertname":"ProjectionLagging","instance":"127.0.0.1:18480"},"state":"pending"},
                  {"labels":{"alertname":"Odd"},"state":"unknown"},
                  {"labels":{},"state":"firing"}
                ]}}""";

        assertThat(Alerts.parse(body))
                .containsExactlyEntriesOf(
                        new TreeMap<>(Map.of("ConsumerLag", "firing", "ProjectionLagging", "pending")));
        assertThat(Alerts.parse("{\"status\":\"success\",\"data\":{\"alerts\":[]}}"))
                .isEmpty();
    }

    @Test
    void givenAlertsActiveAtTheRowsEnd_whenTheyClearAfterAFlicker_thenTheRowSaysWhenAndOnlyAStretchOfQuietCounts()
            throws Exception {
        Alerts.Seen atEnd = new Alerts.Seen(
                new TreeMap<>(Map.of("VerdictTimeouts", "firing")), List.of("VerdictTimeouts"), List.of());
        // firing; Prometheus not answering (not the same as quiet); quiet for a moment; pending again; then quiet
        Iterator<Optional<Map<String, String>>> answers = List.of(
                        Optional.of(Map.of("VerdictTimeouts", "firing")),
                        Optional.<Map<String, String>>empty(),
                        Optional.of(Map.<String, String>of()),
                        Optional.of(Map.of("VerdictTimeouts", "pending")))
                .iterator();
        AtomicInteger asked = new AtomicInteger();
        Supplier<Optional<Map<String, String>>> prometheus = () -> {
            asked.incrementAndGet();
            return answers.hasNext() ? answers.next() : Optional.of(Map.of());
        };

        Alerts.Seen seen = Alerts.awaitClear(
                atEnd, Duration.ofSeconds(30), Duration.ofMillis(200), Duration.ofMillis(20), prometheus);

        assertThat(seen.cleared()).isTrue();
        assertThat(seen.clearedAfter()).isPresent();
        assertThat(asked.get())
                .as("asked past the flicker and through the quiet stretch")
                .isGreaterThan(5);
        assertThat(seen.summary())
                .matches("VerdictTimeouts firing; still active at the end: VerdictTimeouts; all"
                        + " cleared \\d+ s later");
    }

    @Test
    void givenAnAlertThatNeverClears_thenTheRowNamesItOnceTheWaitIsOver() throws Exception {
        Alerts.Seen atEnd = new Alerts.Seen(
                new TreeMap<>(Map.of("DeadLettersGrowing", "firing", "ServiceDown", "pending")),
                List.of("DeadLettersGrowing", "ServiceDown"),
                List.of());

        Alerts.Seen seen = Alerts.awaitClear(
                atEnd,
                Duration.ofMillis(300),
                Duration.ofMillis(50),
                Duration.ofMillis(20),
                () -> Optional.of(Map.of("DeadLettersGrowing", "firing")));

        assertThat(seen.cleared()).isFalse();
        assertThat(seen.clearedAfter()).isEmpty();
        assertThat(seen.notCleared()).containsExactly("DeadLettersGrowing");
        assertThat(seen.summary())
                .isEqualTo("DeadLettersGrowing firing, ServiceDown pending; still active at the end:"
                        + " DeadLettersGrowing, ServiceDown; not cleared: DeadLettersGrowing");
    }

    @Test
    void theRowSaysWhatFiredWhatWasAlreadyActiveAndWhatHasNotCleared() {
        Alerts.Seen quiet = new Alerts.Seen(Map.of(), List.of(), List.of());
        Alerts.Seen fault = new Alerts.Seen(
                new TreeMap<>(Map.of("DeadLettersGrowing", "firing", "ProjectionLagging", "pending")),
                List.of("DeadLettersGrowing"),
                List.of("DeadLettersGrowing"));
        Alerts.Seen cleared = new Alerts.Seen(Map.of("ProjectionLagging", "pending"), List.of(), List.of());

        assertThat(quiet.summary()).isEqualTo("none");
        assertThat(fault.summary())
                .isEqualTo("DeadLettersGrowing firing (active before the row), ProjectionLagging pending;"
                        + " still active at the end: DeadLettersGrowing");
        assertThat(cleared.summary()).isEqualTo("ProjectionLagging pending; all cleared by the end");

        Fault pause = Fault.ALL.stream()
                .filter(f -> f.name().equals("processor-pause"))
                .findFirst()
                .orElseThrow();
        FaultSuite.Row row = new FaultSuite.Row(
                        pause,
                        Optional.empty(),
                        Duration.ofSeconds(61),
                        Optional.empty(),
                        Optional.empty(),
                        "no summary",
                        List.of())
                .withAlerts(cleared);
        FaultSuite.Options options = FaultSuite.Options.parse(new String[0], Path.of("."));
        assertThat(ResultTable.markdown(List.of(row), options))
                .contains(
                        "| 61.0 s | not measured | ProjectionLagging pending; all cleared by the end | FAILED: no summary |");
    }

    @Test
    void theConfigurationScrapesEveryInstancesManagementPortWithTheTokenAndLoadsTheRepositorysRules() throws Exception {
        Path rules = Path.of("..", "deploy", "prometheus", "alerts.yml")
                .toAbsolutePath()
                .normalize();
        Path token = temp.resolve("admin.token");

        String yaml = Alerts.config(rules, token, new StackPorts(400, 3, 1));

        assertThat(rules).isRegularFile();
        assertThat(yaml)
                .contains("rule_files:\n  - \"" + rules + "\"")
                .contains("job_name: handover-api\n")
                .contains("job_name: handover-processor\n")
                .contains("job_name: notification-service\n")
                .contains("targets: [\"127.0.0.1:18480\"]")
                .contains("targets: [\"127.0.0.1:18482\"]")
                .contains("targets: [\"127.0.0.1:18483\"]")
                .contains("credentials_file: \"" + token + "\"");
        // The alert rules group their series by these job names, as compose's Prometheus names them.
        assertThat(Files.readString(rules.resolveSibling("prometheus.yml")))
                .contains("job_name: handover-api")
                .contains("job_name: handover-processor")
                .contains("job_name: notification-service");
        assertThat(Alerts.config(rules, token, new StackPorts(400, 3, 1), OptionalInt.of(41234)))
                .contains("__metrics_path__: /18480/actuator/prometheus\n")
                .contains("__metrics_path__: /18483/actuator/prometheus\n")
                .contains("instance: \"127.0.0.1:18483\"")
                .contains("targets: [\"127.0.0.1:41234\"]")
                .doesNotContain("targets: [\"127.0.0.1:18480\"]");
        // Two instances: one job per service, a target per instance, each its own instance label
        String two = Alerts.config(rules, token, new StackPorts(400, 3, 2), OptionalInt.of(41234));
        assertThat(two.split("job_name: handover-api\n", -1)).hasSize(2);
        assertThat(two)
                .contains("__metrics_path__: /18580/actuator/prometheus\n          instance: \"127.0.0.1:18580\"")
                .contains("__metrics_path__: /18680/actuator/prometheus\n          instance: \"127.0.0.1:18680\"")
                .contains("__metrics_path__: /18582/actuator/prometheus\n")
                .contains("__metrics_path__: /18682/actuator/prometheus\n")
                .contains("__metrics_path__: /18483/actuator/prometheus\n")
                .doesNotContain("/18480/")
                .doesNotContain("/18482/");
        assertThat(Alerts.stronger("pending", "firing")).isEqualTo("firing");
        assertThat(Alerts.stronger("firing", "inactive")).isEqualTo("firing");
    }

    @Test
    void aFaultIsSeenWhenOneOfItsExpectedAlertsWasPendingOrFiringAndNothingIsAskedOfAFaultNoRuleCovers() {
        Alerts.Seen serviceDown = new Alerts.Seen(Map.of("ServiceDown", "pending"), List.of(), List.of());
        Alerts.Seen quiet = new Alerts.Seen(Map.of(), List.of(), List.of());
        Fault kill = Fault.parse("processor").get(0);
        Fault poison = Fault.parse("poison").get(0);
        Fault registry = Fault.parse("registry").get(0);

        assertThat(serviceDown.sawAnyOf(kill.expectedAlerts())).isTrue();
        assertThat(quiet.sawAnyOf(kill.expectedAlerts())).isFalse();
        assertThat(serviceDown.sawAnyOf(poison.expectedAlerts())).isFalse();
        assertThat(quiet.sawAnyOf(registry.expectedAlerts())).isTrue();
        Alerts.Seen readStore = new Alerts.Seen(Map.of("ReadStoreUnreachable", "pending"), List.of(), List.of());
        assertThat(readStore.sawAnyOf(Fault.parse("postgres-pause").get(0).expectedAlerts()))
                .isTrue();
        assertThat(quiet.sawAnyOf(Fault.parse("postgres-pause").get(0).expectedAlerts()))
                .as("a paused read store lasts long enough to be seen")
                .isFalse();
        assertThat(readStore.sawAnyOf(Fault.parse("registry-pause").get(0).expectedAlerts()))
                .isFalse();
        assertThat(Fault.parse("api-pause,notification-pause"))
                .allSatisfy(pause ->
                        assertThat(serviceDown.sawAnyOf(pause.expectedAlerts())).isTrue());
        for (Fault fault : Fault.ALL) {
            assertThat(fault.expectedAlerts())
                    .as("%s names rules of alerts.yml", fault.name())
                    .allSatisfy(alert -> assertThat(rulesText()).contains("- alert: " + alert + "\n"));
        }
    }

    private static String rulesText() {
        try {
            return Files.readString(Path.of("..", "deploy", "prometheus", "alerts.yml"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
