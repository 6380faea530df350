package uk.transferofcare.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class DemoTest {

    private final Layout layout = new Layout(Path.of("/repo"), Path.of("/data"));
    private final Path java = Path.of("/jdk/bin/java");

    @Test
    void givenAFreshDataFolder_whenTheDemoStarts_thenTheSimulatorSendsHistoryThenLiveCasesToTheApi() {
        List<String> command = Demo.command(java, layout, new Ports(100), true, Path.of("/data/simulator/t.jsonl"));

        assertThat(command)
                .containsExactly(
                        "/jdk/bin/java",
                        "-Xmx256m",
                        "-XX:TieredStopAtLevel=1",
                        "-XX:+UseSerialGC",
                        "-jar",
                        "/repo/simulator/target/simulator-0.1.0-SNAPSHOT.jar",
                        "--base-url",
                        "http://127.0.0.1:8180",
                        "--backfill-days",
                        "28",
                        "--backfill-cases",
                        "500",
                        "--seed",
                        "160",
                        "--live",
                        "--cases-per-day",
                        "600",
                        "--speed",
                        "10",
                        "--rate",
                        "0",
                        "--concurrency",
                        "64",
                        "--truth",
                        "/data/simulator/t.jsonl");
    }

    @Test
    void givenHistoryAlreadySent_whenTheDemoStartsAgain_thenOnlyLiveCasesAndTheMarkerIsInTheDataFolder() {
        List<String> command = Demo.command(java, layout, new Ports(0), false, Path.of("/data/simulator/t.jsonl"));

        assertThat(command)
                .doesNotContain("--backfill-days", "--backfill-cases", "--seed")
                .contains("--live");
        assertThat(Demo.backfilledMarker(layout)).isEqualTo(Path.of("/data/simulator/backfilled"));
        assertThat(Demo.describe(new Ports(0), false, Path.of("/data/logs/simulator.log"), Path.of("/t.jsonl")))
                .containsExactly(
                        "Demo: the traffic simulator is running (history already sent into this data folder; new cases"
                                + " live, 10x faster than real time).",
                        "  ED board            http://localhost:8080/board      (sign in as nurse-qeuh)",
                        "  Analysts' dashboard http://localhost:8080/dashboard  (sign in as analyst-1)",
                        "  Simulator log       /data/logs/simulator.log",
                        "  Its ground truth    /t.jsonl");
    }
}
