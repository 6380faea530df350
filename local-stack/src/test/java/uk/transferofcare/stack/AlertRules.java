package uk.transferofcare.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.Yaml;

/** deploy/prometheus/alerts.yml as tests read it: its rules and the metric names their expressions use. */
final class AlertRules {

    /** PromQL words that are not metric names: functions, aggregations, keywords. */
    private static final Set<String> PROMQL_WORDS = Set.of(
            "sum",
            "max",
            "min",
            "avg",
            "count",
            "rate",
            "irate",
            "increase",
            "by",
            "without",
            "or",
            "and",
            "unless",
            "on",
            "ignoring",
            "group_left",
            "group_right",
            "abs",
            "absent",
            "delta",
            "deriv",
            "histogram_quantile",
            "topk",
            "bottomk",
            "offset",
            "bool",
            "time",
            "vector",
            "scalar",
            "clamp_min",
            "clamp_max");

    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

    record Rule(String alert, String expr, Map<String, Object> labels, Map<String, Object> annotations) {}

    private AlertRules() {}

    static Path file(Path repoRoot) {
        return repoRoot.resolve("deploy/prometheus/alerts.yml");
    }

    @SuppressWarnings("unchecked")
    static List<Rule> load(Path repoRoot) throws IOException {
        Map<String, Object> root = new Yaml().load(Files.readString(file(repoRoot)));
        List<Rule> rules = new ArrayList<>();
        for (Map<String, Object> group : (List<Map<String, Object>>) root.get("groups")) {
            for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
                rules.add(new Rule(
                        (String) rule.get("alert"),
                        String.valueOf(rule.get("expr")),
                        (Map<String, Object>) rule.getOrDefault("labels", Map.of()),
                        (Map<String, Object>) rule.getOrDefault("annotations", Map.of())));
            }
        }
        return rules;
    }

    /**
     * The metric names an expression reads: what is left once label matchers ({@code {...}}), ranges ({@code [...]}),
     * grouping clauses ({@code by (...)}), strings and numbers are removed, minus PromQL's own words.
     */
    /** Series Prometheus writes itself for every target (no service exports them). */
    static final Set<String> PROMETHEUS_SERIES = Set.of("up");

    /** The metric names of an expression that a service must export: {@link #metricNames} minus Prometheus' own. */
    static Set<String> exportedMetricNames(String expr) {
        Set<String> names = new TreeSet<>(metricNames(expr));
        names.removeAll(PROMETHEUS_SERIES);
        return names;
    }

    static Set<String> metricNames(String expr) {
        String bare = expr.replaceAll("\"[^\"]*\"", "")
                .replaceAll("\\{[^}]*}", " ")
                .replaceAll("\\[[^]]*]", " ")
                .replaceAll("\\b(by|without|on|ignoring)\\s*\\([^)]*\\)", " ");
        Set<String> names = new TreeSet<>();
        Matcher matcher = IDENTIFIER.matcher(bare);
        while (matcher.find()) {
            String word = matcher.group();
            if (!PROMQL_WORDS.contains(word)) {
                names.add(word);
            }
        }
        return names;
    }
}
