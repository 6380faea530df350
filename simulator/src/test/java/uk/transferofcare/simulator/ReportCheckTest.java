package uk.transferofcare.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ReportCheckTest {

    private static JsonNode json(String text) {
        return ApiClient.JSON.readTree(text);
    }

    @Test
    void reportedEscalationsAtLeastTheTruthsAndNotGrowingWithTheLevelAreTakenAsReported() {
        JsonNode expected =
                json("{\"groups\": [{\"key\": \"QEUH\", \"escalations\": {\"1\": 2, \"2\": 1, \"3\": 0}}]}");
        JsonNode more = json("{\"groups\": [{\"key\": \"QEUH\", \"escalations\": {\"1\": 3, \"2\": 2, \"3\": 0}}]}");
        JsonNode fewer = json("{\"groups\": [{\"key\": \"QEUH\", \"escalations\": {\"1\": 1, \"2\": 1, \"3\": 0}}]}");
        JsonNode growing = json("{\"groups\": [{\"key\": \"QEUH\", \"escalations\": {\"1\": 2, \"2\": 3, \"3\": 0}}]}");

        assertThat(ReportCheck.escalationsBounded(expected, more)).isEqualTo(more);
        assertThat(ReportCheck.escalationsBounded(expected, fewer)).isEqualTo(expected);
        assertThat(ReportCheck.escalationsBounded(expected, growing)).isEqualTo(expected);
    }

    @Test
    void theSubcommandRefusesMissingOrBadOptionsWithStatusTwo() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream errors = new PrintStream(err, true, StandardCharsets.UTF_8);
        PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

        assertThat(Simulator.run(new String[] {"compare-reports", "--from", "2026-01-01"}, out, errors))
                .isEqualTo(2);
        assertThat(Simulator.run(
                        new String[] {
                            "compare-reports",
                            "--truth",
                            "t.jsonl",
                            "--from",
                            "2026-01-01",
                            "--to",
                            "2026-01-08",
                            "--wait",
                            "soon"
                        },
                        out,
                        errors))
                .isEqualTo(2);
        assertThat(Simulator.run(
                        new String[] {"compare-reports", "--truth", "t.jsonl", "--from", "2026-13-01"}, out, errors))
                .isEqualTo(2);

        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("simulator compare-reports: needs --truth FILE[,FILE...], --from and a later --to")
                .contains("--wait takes seconds such as 60s, was soon")
                .contains("simulator compare-reports: Text '2026-13-01' could not be parsed");
    }
}
