package uk.transferofcare.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManagedProcessTest {

    @TempDir
    Path dir;

    @Test
    void tailReturnsTheLastLines() throws Exception {
        Path log = dir.resolve("x.log");
        Files.writeString(
                log, IntStream.rangeClosed(1, 100).mapToObj(i -> "line " + i).collect(Collectors.joining("\n")));

        assertThat(ManagedProcess.tail(log, 3)).containsExactly("line 98", "line 99", "line 100");
        assertThat(ManagedProcess.tail(dir.resolve("missing.log"), 3)).isEmpty();
    }

    @Test
    void aLongLogIsReadFromItsEndOnly() throws Exception {
        Path log = dir.resolve("long.log");
        Files.writeString(log, "x".repeat(200_000) + "\nlast but one\nlast\n");

        assertThat(ManagedProcess.tail(log, 2)).containsExactly("last but one", "last");
    }

    @Test
    void aProcessWritesToItsLogAndThePreviousLogIsKept() throws Exception {
        Path log = dir.resolve("logs/echo.log");
        Files.createDirectories(log.getParent());
        Files.writeString(log, "old run\n");

        int code = ManagedProcess.runToCompletion(
                "echo", List.of("sh", "-c", "echo hello from the tool; exit 3"), dir, log, Duration.ofSeconds(30));

        assertThat(code).isEqualTo(3);
        assertThat(ManagedProcess.tail(log, 5)).containsExactly("hello from the tool");
        assertThat(dir.resolve("logs/echo.previous.log")).hasContent("old run");
    }

    @Test
    void stopEndsAProcessGracefullyWithSigterm() throws Exception {
        ManagedProcess sleeper = ManagedProcess.start(
                "sleeper",
                List.of("sh", "-c", "echo started $NAME; exec sleep 60"),
                Map.of("NAME", "sleeper"),
                dir,
                dir.resolve("sleeper.log"));

        sleeper.requestStop();

        assertThat(sleeper.awaitStop(Duration.ofSeconds(10))).isTrue();
        assertThat(sleeper.isAlive()).isFalse();
        assertThat(sleeper.exitCode()).contains(143);
    }

    @Test
    void anExitCodeNamesTheSignalThatEndedTheProcess() {
        assertThat(ManagedProcess.describeExit(1)).isEqualTo("exit code 1");
        assertThat(ManagedProcess.describeExit(137)).isEqualTo("exit code 137: SIGKILL");
        assertThat(ManagedProcess.describeExit(143)).isEqualTo("exit code 143: SIGTERM");
        assertThat(ManagedProcess.describeExit(134)).isEqualTo("exit code 134: SIGABRT");
        assertThat(ManagedProcess.describeExit(130)).isEqualTo("exit code 130: SIGINT");
        assertThat(ManagedProcess.describeExit(200)).isEqualTo("exit code 200");
    }

    @Test
    void aRestartedProcessWritesOnInTheSameLogAfterAMarker() throws Exception {
        Path log = dir.resolve("logs/svc.log");
        Files.createDirectories(log.getParent());
        Files.writeString(log, "first run\n");

        ManagedProcess again = ManagedProcess.restart(
                "svc", List.of("sh", "-c", "echo second run"), Map.of(), dir, log, "---- marker ----");
        again.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);

        assertThat(log).hasContent("first run\n\n---- marker ----\nsecond run\n");
        assertThat(dir.resolve("logs/svc.previous.log")).doesNotExist();
    }
}
