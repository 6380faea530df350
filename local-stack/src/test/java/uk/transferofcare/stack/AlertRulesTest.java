package uk.transferofcare.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The operators' alert rules are well formed, cover what issue 15 names, and are what docker-compose's Prometheus
 * loads. (That every metric they name is exported is checked against the running services by LocalStackFullIT.)
 */
class AlertRulesTest {

    private static final Path ROOT = Layout.findRepoRoot().orElseThrow();

    @Test
    void everyRuleHasANameAnExpressionASeverityAndWordsForTheOperator() throws Exception {
        List<AlertRules.Rule> rules = AlertRules.load(ROOT);

        assertThat(rules).isNotEmpty();
        assertThat(rules.stream().map(AlertRules.Rule::alert))
                .doesNotHaveDuplicates()
                .allMatch(n -> n.matches("[A-Z][A-Za-z]+"));
        assertThat(rules).allSatisfy(rule -> {
            assertThat(rule.expr()).as(rule.alert()).isNotBlank();
            assertThat(rule.labels().get("severity")).as(rule.alert()).isIn("page", "ticket");
            assertThat(rule.annotations()).as(rule.alert()).containsKeys("summary", "description");
            assertThat(AlertRules.metricNames(rule.expr())).as(rule.alert()).isNotEmpty();
        });
    }

    @Test
    void theRulesWatchProjectionLagVerdictTimeoutsConsumerLagDeadLettersNotificationFailuresAndReplication()
            throws Exception {
        Set<String> watched = AlertRules.load(ROOT).stream()
                .flatMap(rule -> AlertRules.metricNames(rule.expr()).stream())
                .collect(Collectors.toSet());

        assertThat(watched)
                .contains(
                        "up",
                        "handover_projection_lag_seconds",
                        "handover_verdicts_total",
                        "platform_kafka_consumer_group_lag",
                        "platform_dead_letters_total",
                        "handover_dead_letters_total",
                        "notifications_failed_total",
                        "platform_kafka_partitions_under_replicated",
                        "platform_kafka_partitions_under_min_isr");
    }

    @Test
    void theReadStoreAndTheRegistryWhichExportNothingAreWatchedThroughTheServicesChecks() throws Exception {
        List<AlertRules.Rule> rules = AlertRules.load(ROOT);

        for (String dependency : List.of("db", "schemaRegistry")) {
            assertThat(rules)
                    .as("a paging rule on platform_dependency_up for %s", dependency)
                    .anySatisfy(rule -> {
                        assertThat(AlertRules.metricNames(rule.expr())).contains("platform_dependency_up");
                        assertThat(rule.expr()).contains("dependency=\"" + dependency + "\"");
                        assertThat(rule.labels().get("severity")).isEqualTo("page");
                    });
        }
    }

    @Test
    void prometheusOwnSeriesAreNotAskedOfTheServices() {
        assertThat(AlertRules.metricNames("up{job=~\"handover-api|notification-service\"} == 0"))
                .containsExactly("up");
        assertThat(AlertRules.exportedMetricNames("up{job=\"handover-api\"} == 0 or max(b_gauge) > 2"))
                .containsExactly("b_gauge");
    }

    @Test
    void theExpressionParserFindsMetricsAndSkipsLabelsRangesAndGrouping() {
        assertThat(AlertRules.metricNames(
                        "sum by (job, topic) (increase(a_total{topic=\"x-dlt\"}[15m])) > 0 or max(b_gauge) > 2"))
                .containsExactly("a_total", "b_gauge");
    }

    @Test
    @SuppressWarnings("unchecked")
    void composesPrometheusLoadsTheRulesAndScrapesEveryServicesManagementPort() throws Exception {
        Map<String, Object> compose = new Yaml().load(Files.readString(ROOT.resolve("docker-compose.yml")));
        Map<String, Object> services = (Map<String, Object>) compose.get("services");
        Map<String, Object> prometheus = (Map<String, Object>) services.get("prometheus");
        assertThat((List<String>) prometheus.get("volumes"))
                .contains(
                        "./deploy/prometheus/alerts.yml:/etc/prometheus/alerts.yml:ro",
                        "./deploy/prometheus/prometheus.yml:/etc/prometheus/prometheus.yml.in:ro");

        Map<String, Object> config =
                new Yaml().load(Files.readString(ROOT.resolve("deploy/prometheus/prometheus.yml")));
        assertThat((List<String>) config.get("rule_files")).containsExactly("/etc/prometheus/alerts.yml");
        Map<String, String> targets = ((List<Map<String, Object>>) config.get("scrape_configs"))
                .stream()
                        .collect(Collectors.toMap(
                                job -> (String) job.get("job_name"),
                                job -> ((List<String>) ((List<Map<String, Object>>) job.get("static_configs"))
                                                .get(0)
                                                .get("targets"))
                                        .get(0)));
        for (AppService service : AppService.values()) {
            Map<String, Object> environment =
                    (Map<String, Object>) ((Map<String, Object>) services.get(service.module())).get("environment");
            int management = Integer.parseInt(String.valueOf(environment.get("SERVER_PORT"))) + Ports.MANAGEMENT_OFFSET;
            assertThat(targets).containsEntry(service.module(), service.module() + ":" + management);
        }
    }
}
