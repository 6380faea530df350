package uk.transferofcare.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** The truth file's submission lines carry what the fault suite's oracles read. */
class TruthLogTest {

    private static final Instant T0 = Instant.parse("2026-03-28T22:30:00Z");

    @TempDir
    Path dir;

    @Test
    void givenAnUndoOfAHandover_thenItsLineNamesTheEventItWithdrawsAndOtherLinesNameNone() throws Exception {
        ExpectedCase c = new ExpectedCase("5f1c2a9e-8b4d-4c6f-9a2e-1d5b7c9e0f12", "QEUH");
        User nurse = User.edStaff("QEUH", 1);
        Step arrived = step(c, "ARRIVED", 0, nurse, Map.of("siteCode", "QEUH", "policeDivision", "G"), 1);
        Step handedOver = step(c, "HANDED_OVER", 40, nurse, Map.of(), 2);
        Step undo = step(c, "ACTION_UNDONE", 41, nurse, Map.of("undoneEventId", handedOver.submission.eventId()), 3);
        assertThat(undo.expected.verdict().verdict()).isEqualTo(ExpectedCase.Verdict.APPLIED);

        Path truth = dir.resolve("truth.jsonl");
        try (TruthLog log = new TruthLog(truth)) {
            for (Step step : List.of(arrived, handedOver, undo)) {
                log.submission(step, null, null);
            }
        }

        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(truth)) {
            lines.add(ApiClient.JSON.readTree(line));
        }
        assertThat(lines)
                .extracting(l -> l.path("type").asString())
                .containsExactly("ARRIVED", "HANDED_OVER", "ACTION_UNDONE");
        assertThat(lines.get(2).path("undoes").asString()).isEqualTo(handedOver.submission.eventId());
        assertThat(lines.get(0).path("undoes").isNull()).isTrue();
        assertThat(lines.get(1).path("undoes").isNull()).isTrue();
    }

    private static Step step(
            ExpectedCase c, String type, int minutes, User user, Map<String, Object> details, long id) {
        Submission s =
                new Submission(new UUID(9, id).toString(), type, T0.plusSeconds(60L * minutes), user, details, false);
        Step step = new Step(T0.plusSeconds(id), 0, s, c, false, null, null);
        step.expected = c.judge(s);
        return step;
    }
}
