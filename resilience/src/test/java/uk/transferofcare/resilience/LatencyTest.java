package uk.transferofcare.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LatencyTest {

    private static final Instant FAULT = Instant.parse("2026-12-06T08:00:00Z");

    @TempDir
    Path dir;

    /** One submission every 100 ms from {@code from} (seconds relative to the fault) to {@code to}, each waiting ms. */
    private static List<Latency.Sample> steady(List<Latency.Sample> into, double from, double to, long ms) {
        for (long t = Math.round(from * 1000); t < Math.round(to * 1000); t += 100) {
            into.add(new Latency.Sample(FAULT.plusMillis(t), Duration.ofMillis(ms)));
        }
        return into;
    }

    @Test
    void
            givenWaitsThatGrowAtAKillAndSettle_whenMeasured_thenTheyAreBackAtTheFirstWindowFromWhichEveryWindowMetTheGoal() {
        List<Latency.Sample> samples = new ArrayList<>();
        steady(samples, -15, 0, 40); // before: 40 ms (the first five seconds are not "before")
        samples.add(new Latency.Sample(FAULT.minusSeconds(12), Duration.ofMillis(900))); // warm-up, not counted
        // In flight at the kill: waited for it, so not "before", but the longest wait.
        samples.add(new Latency.Sample(FAULT.minusMillis(500), Duration.ofSeconds(30)));
        steady(samples, 0, 12, 3_000); // the API was down: every request waited for its restart
        steady(samples, 12, 14, 40);
        samples.add(new Latency.Sample(FAULT.plusMillis(14_500), Duration.ofMillis(400))); // one more miss in 10-15 s
        steady(samples, 15, 40, 45);

        Latency latency = Latency.around(samples, FAULT, FAULT).orElseThrow();

        assertThat(latency.p50Before()).isEqualTo(Duration.ofMillis(40));
        assertThat(latency.p99Before()).isEqualTo(Duration.ofMillis(40));
        assertThat(latency.goal()).isEqualTo(Latency.GOAL_P99);
        assertThat(latency.backAfter()).contains(Duration.ofSeconds(15));
        assertThat(latency.longest()).isEqualTo(Duration.ofSeconds(30));
        assertThat(latency.cell(true))
                .isEqualTo("p50 40 ms, p99 40 ms before; back under 150 ms after 15 s; longest wait 30.0 s");
    }

    @Test
    void givenAMachineAlreadyOverTheGoalBeforeTheFault_whenMeasured_thenTheGoalIsTwiceTheP99Before() {
        List<Latency.Sample> samples = new ArrayList<>();
        steady(samples, -10, 0, 200);
        steady(samples, 0, 5, 390); // within 400 ms: never above the goal
        steady(samples, 5, 20, 210);

        Latency latency = Latency.around(samples, FAULT, FAULT).orElseThrow();

        assertThat(latency.goal()).isEqualTo(Duration.ofMillis(400));
        assertThat(latency.backAfter()).contains(Duration.ZERO);
        assertThat(latency.cell(true)).contains("never above 400 ms");
    }

    @Test
    void givenNothingAnsweredBeforeTheFault_thenTheCellSaysSoAndTheGoalIsIssue9s() {
        List<Latency.Sample> samples = new ArrayList<>();
        steady(samples, 0, 10, 80); // the traffic began with the fault: a run's first row on a platform just started

        Latency latency = Latency.around(samples, FAULT, FAULT).orElseThrow();

        assertThat(latency.answeredBefore()).isZero();
        assertThat(latency.goal()).isEqualTo(Latency.GOAL_P99);
        assertThat(latency.cell(true))
                .startsWith("none answered in the 10 s before; never above 150 ms")
                .doesNotContain("p50 0 ms");
    }

    @Test
    void givenAPauseThatEndsLater_whenMeasured_thenWindowsStartAtItsEndAndATailThatMissesIsNotBack() {
        List<Latency.Sample> samples = new ArrayList<>();
        steady(samples, -10, 0, 30);
        steady(samples, 0, 60, 60_000); // paused: waits run until the SIGCONT
        steady(samples, 60, 70, 30);
        steady(samples, 70, 71, 500); // the last window missed: not back before the traffic ended

        Latency paused = Latency.around(samples, FAULT, FAULT.plusSeconds(60)).orElseThrow();

        assertThat(paused.backAfter()).isEmpty();
        assertThat(paused.cell(true)).contains("not back under 150 ms before the traffic ended");
        assertThat(paused.longest()).isEqualTo(Duration.ofMinutes(1));

        samples.removeIf(s -> s.waited().equals(Duration.ofMillis(500)));
        assertThat(Latency.around(samples, FAULT, FAULT.plusSeconds(60))
                        .orElseThrow()
                        .backAfter())
                .contains(Duration.ZERO);
    }

    @Test
    void nearestRankPercentiles() {
        List<Duration> values = new ArrayList<>();
        for (int i = 1; i <= 200; i++) {
            values.add(Duration.ofMillis(i));
        }
        assertThat(Latency.percentile(values, 0.99)).isEqualTo(Duration.ofMillis(198));
        assertThat(Latency.percentile(values, 0.5)).isEqualTo(Duration.ofMillis(100));
        assertThat(Latency.percentile(List.of(Duration.ofMillis(7)), 0.99)).isEqualTo(Duration.ofMillis(7));
    }

    @Test
    void givenATruthFile_whenRead_thenOnlySubmissionsAnsweredAsTheTruthSaysAndNeitherHeldNorExpectedHeldCount()
            throws Exception {
        Path truth = dir.resolve("truth.jsonl");
        Files.writeString(
                truth,
                String.join(
                        "\n",
                        "{\"kind\":\"run\",\"seed\":1}",
                        "{\"kind\":\"submission\",\"firstAttemptAt\":\"2026-12-06T08:00:01Z\","
                                + "\"answeredAt\":\"2026-12-06T08:00:01.250Z\",\"held\":false,\"unexpected\":null}",
                        "{\"kind\":\"submission\",\"firstAttemptAt\":\"2026-12-06T08:00:00Z\","
                                + "\"answeredAt\":\"2026-12-06T08:00:03Z\",\"held\":false,\"unexpected\":null}",
                        "{\"kind\":\"submission\",\"firstAttemptAt\":\"2026-12-06T08:00:02Z\","
                                + "\"answeredAt\":\"2026-12-06T08:00:09Z\",\"held\":true,\"unexpected\":null}",
                        "{\"kind\":\"submission\",\"expect\":\"HELD\",\"firstAttemptAt\":\"2026-12-06T08:00:02Z\","
                                + "\"answer\":\"202 PENDING\",\"answeredAt\":\"2026-12-06T08:05:00Z\",\"held\":false,"
                                + "\"unexpected\":null}",
                        "{\"kind\":\"submission\",\"firstAttemptAt\":\"2026-12-06T08:00:02Z\","
                                + "\"answeredAt\":\"2026-12-06T08:00:02.1Z\",\"held\":false,"
                                + "\"unexpected\":\"expected APPLIED (201) but was 409\"}",
                        "{\"kind\":\"submission\",\"firstAttemptAt\":\"2026-12-06T08:00:02Z\","
                                + "\"answeredAt\":null,\"held\":false,\"unexpected\":null}",
                        "{\"kind\":\"summary\",\"unexpected\":1}"));

        List<Latency.Sample> samples = Latency.read(truth);

        assertThat(samples)
                .containsExactly(
                        new Latency.Sample(Instant.parse("2026-12-06T08:00:00Z"), Duration.ofSeconds(3)),
                        new Latency.Sample(Instant.parse("2026-12-06T08:00:01Z"), Duration.ofMillis(250)));
        Optional<Latency> baseline = Latency.withoutFault(samples);
        assertThat(baseline.orElseThrow().cell(false)).isEqualTo("p50 250 ms, p99 3000 ms");
        assertThat(Latency.withoutFault(List.of())).isEmpty();
    }
}
