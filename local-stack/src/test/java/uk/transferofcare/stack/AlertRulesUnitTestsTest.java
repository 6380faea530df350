package uk.transferofcare.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The alert rules' own unit tests ({@code deploy/prometheus/alerts.test.yml}, Prometheus' {@code promtool test rules}
 * format): every rule has a case in which it fires with its labels and rendered words, and one before its {@code for:}
 * has passed or after its condition is gone in which it does not. That the file covers every rule is checked here
 * everywhere; running it needs promtool (Debian's {@code prometheus} package), so that test runs where promtool is on
 * the PATH and is skipped, saying so, where it is not.
 */
class AlertRulesUnitTestsTest {

    private static final Path ROOT = Layout.findRepoRoot().orElseThrow();
    private static final Path TESTS = ROOT.resolve("deploy/prometheus/alerts.test.yml");

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> checks() throws IOException {
        Map<String, Object> root = new Yaml().load(Files.readString(TESTS));
        assertThat((List<String>) root.get("rule_files")).containsExactly("alerts.yml");
        List<Map<String, Object>> checks = new ArrayList<>();
        for (Map<String, Object> test : (List<Map<String, Object>>) root.get("tests")) {
            checks.addAll((List<Map<String, Object>>) test.getOrDefault("alert_rule_test", List.of()));
        }
        return checks;
    }

    private static Set<String> alerts(List<Map<String, Object>> checks, boolean firing) {
        return checks.stream()
                .filter(check -> ((List<?>) check.get("exp_alerts")).isEmpty() != firing)
                .map(check -> (String) check.get("alertname"))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void everyRuleHasACaseWhereItFiresAndOneWhereItDoesNot() throws Exception {
        Set<String> rules = AlertRules.load(ROOT).stream()
                .map(AlertRules.Rule::alert)
                .collect(Collectors.toCollection(TreeSet::new));
        List<Map<String, Object>> checks = checks();

        assertThat(alerts(checks, true)).as("alerts shown firing").isEqualTo(rules);
        assertThat(alerts(checks, false))
                .as("alerts shown not (yet, or no longer) firing")
                .isEqualTo(rules);
    }

    @Test
    void givenPromtool_thenEveryCaseHolds() throws Exception {
        Assumptions.assumeTrue(
                onPath("promtool"), "promtool is not on the PATH (Debian: apt-get install prometheus); not run");

        Process promtool = new ProcessBuilder("promtool", "test", "rules", TESTS.toString())
                .redirectErrorStream(true)
                .start();
        String output;
        try (var out = promtool.getInputStream()) {
            output = new String(out.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(promtool.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(promtool.exitValue()).as(output).isZero();
        assertThat(output).contains("SUCCESS");
    }

    private static boolean onPath(String command) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }
}
