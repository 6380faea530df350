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
}
