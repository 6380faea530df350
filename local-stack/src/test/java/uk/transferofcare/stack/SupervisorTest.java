package uk.transferofcare.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The restart loop on small real processes ({@code sh}): what it prints, when it restarts and when it gives up. The
 * launcher's integration tests do the same to the real broker, registry and services.
 */
class SupervisorTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final List<ManagedProcess> started = new CopyOnWriteArrayList<>();
    private final AtomicInteger relaunches = new AtomicInteger();
    private final AtomicBoolean stopping = new AtomicBoolean();

    private final Supervisor.Host host = new Supervisor.Host() {
        @Override
        public Optional<ManagedProcess> relaunch(Child child, ManagedProcess dead, String marker) throws IOException {
            if (stopping.get()) {
                return Optional.empty();
            }
            relaunches.incrementAndGet();
            ManagedProcess process = ManagedProcess.restart(
                    child.name(),
                    child.command(),
                    child.environment(),
                    dir,
                    dir.resolve(child.name() + ".log"),
                    marker);
            started.add(process);
            return Optional.of(process);
        }

        @Override
        public void status(String name, String text) {
            lines.add(name + " " + text);
        }
    };

    @AfterEach
    void killLeftovers() {
        started.stream()
                .filter(ManagedProcess::isAlive)
                .forEach(p -> ProcessHandle.of(p.pid()).ifPresent(ProcessHandle::destroyForcibly));
    }

    @Test
    void givenAWatchedProcess_whenItIsKilled_thenItIsRestartedAndItsReadinessReported() throws Exception {
        Supervisor supervisor = supervisor(new RestartPolicy(2, Duration.ofSeconds(600)), Duration.ofSeconds(60));
        Child sleeper = child("sleeper", "echo up; exec sleep 300", () -> true);
        ManagedProcess first = start(sleeper);
        supervisor.watch(sleeper, first);
        await().atMost(WAIT).until(() -> logOf("sleeper").contains("up"));

        kill9(first);

        await().atMost(WAIT).until(() -> lines.size() == 2);
        await().atMost(WAIT).until(() -> logOf("sleeper").size() == 4);
        ManagedProcess second = started.get(1);
        assertThat(lines.get(0))
                .matches("sleeper died \\(exit code 137: SIGKILL\\) after \\d+\\.\\d s; restarting in 1\\.0 s"
                        + " \\(attempt 1 of at most 2 within 600 s\\)");
        assertThat(lines.get(1))
                .matches("sleeper restarted \\(attempt 1, pid " + second.pid()
                        + "\\), ready in \\d+\\.\\d s \\(address of sleeper\\)");
        assertThat(second.isAlive()).isTrue();
        assertThat(second.pid()).isNotEqualTo(first.pid());
        // one log: the first run, the marker, the second run
        assertThat(logOf("sleeper"))
                .satisfies(log -> assertThat(log.get(0)).isEqualTo("up"))
                .satisfies(log -> assertThat(log.get(2))
                        .startsWith("---- local-stack: sleeper restarted at ")
                        .endsWith(" (attempt 1, after exit code 137: SIGKILL) ----"))
                .satisfies(log -> assertThat(log.get(3)).isEqualTo("up"));
        assertThat(supervisor.gaveUp()).isNotDone();

        // and the restarted process is watched as well
        kill9(second);

        await().atMost(WAIT).until(() -> lines.size() == 4);
        assertThat(lines.get(2)).contains("sleeper died (exit code 137: SIGKILL)", "restarting in 2.0 s (attempt 2 of");
        assertThat(lines.get(3))
                .startsWith(
                        "sleeper restarted (attempt 2, pid " + started.get(2).pid() + "), ready in ");
        supervisor.stop();
    }

    @Test
    void givenAProcessThatKeepsDying_whenItExceedsTheLimit_thenTheSupervisorGivesUpSayingWhy() throws Exception {
        Supervisor supervisor = supervisor(new RestartPolicy(2, Duration.ofSeconds(600)), Duration.ofSeconds(60));
        Child crasher = child("crasher", "echo broken config; exit 3", () -> false);
        ManagedProcess first = start(crasher);

        supervisor.watch(crasher, first);

        Supervisor.GaveUp gaveUp = supervisor.gaveUp().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(gaveUp.message())
                .isEqualTo("crasher keeps dying: 3 deaths within 600 s, the last with exit code 3; --max-restarts 2"
                        + " allows 2 restarts within --restart-window 600 s");
        assertThat(gaveUp.reason()).isEqualTo("crasher keeps dying");
        assertThat(gaveUp.process()).isSameAs(started.get(2));
        assertThat(relaunches).hasValue(2);
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0))
                .matches("crasher died \\(exit code 3\\) after \\d+\\.\\d s; restarting in 1\\.0 s \\(attempt 1 of at"
                        + " most 2 within 600 s\\)");
        assertThat(lines.get(1))
                .matches("crasher died \\(exit code 3\\) after \\d+\\.\\d s; restarting in 2\\.0 s \\(attempt 2 of at"
                        + " most 2 within 600 s\\)");
        assertThat(gaveUp.process().tail(1)).containsExactly("broken config");
    }

    @Test
    void givenRestartsOff_whenAProcessDies_thenTheSupervisorGivesUpAtOnce() throws Exception {
        Supervisor supervisor = supervisor(new RestartPolicy(0, Duration.ofSeconds(600)), Duration.ofSeconds(60));
        Child crasher = child("crasher", "exit 1", () -> true);
        ManagedProcess first = start(crasher);

        supervisor.watch(crasher, first);

        Supervisor.GaveUp gaveUp = supervisor.gaveUp().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(gaveUp.message())
                .isEqualTo("crasher died (exit code 1); --max-restarts is 0, so it is not restarted");
        assertThat(gaveUp.reason()).isEqualTo("crasher died");
        assertThat(relaunches).hasValue(0);
        assertThat(lines).isEmpty();
    }

    @Test
    void givenARestartRefusal_whenTheProcessDies_thenItIsNotRestartedAndTheRefusalIsTheMessage() throws Exception {
        Supervisor supervisor = supervisor(new RestartPolicy(5, Duration.ofSeconds(600)), Duration.ofSeconds(60));
        Child broker = new Child(
                "kafka",
                List.of("sh", "-c", "exec sleep 300"),
                Map.of(),
                "127.0.0.1:9092",
                () -> () -> true,
                () -> Optional.of("its storage is no longer formatted"));
        ManagedProcess first = start(broker);
        supervisor.watch(broker, first);

        kill9(first);

        Supervisor.GaveUp gaveUp = supervisor.gaveUp().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(gaveUp.message())
                .isEqualTo("kafka died (exit code 137: SIGKILL) and is not restarted: its storage is no longer"
                        + " formatted");
        assertThat(gaveUp.reason()).isEqualTo("kafka died");
        assertThat(relaunches).hasValue(0);
    }

    @Test
    void givenARestartThatIsSlowToBeReady_whenTheTimeoutPasses_thenItSaysSoOnceAndReportsReadinessLater()
            throws Exception {
        AtomicBoolean ready = new AtomicBoolean(true);
        Supervisor supervisor = supervisor(new RestartPolicy(2, Duration.ofSeconds(600)), Duration.ofSeconds(1));
        Child slow = child("slow", "exec sleep 300", ready::get);
        ManagedProcess first = start(slow);
        supervisor.watch(slow, first);
        ready.set(false);

        kill9(first);

        await().atMost(WAIT).until(() -> lines.size() == 2);
        ManagedProcess second = started.get(1);
        assertThat(lines.get(1))
                .isEqualTo("slow restarted (attempt 1, pid " + second.pid() + "), not ready after 1 s; still waiting"
                        + " (log: " + dir.resolve("slow.log") + ")");
        ready.set(true);
        await().atMost(WAIT).until(() -> lines.size() == 3);
        assertThat(lines.get(2)).startsWith("slow restarted (attempt 1, pid " + second.pid() + "), ready in ");
        supervisor.stop();
    }

    @Test
    void givenTheStackIsStopping_whenAWatchedProcessExits_thenNothingIsSaidOrRestartedAndTheWatchEnds()
            throws Exception {
        Supervisor supervisor = supervisor(new RestartPolicy(5, Duration.ofSeconds(600)), Duration.ofSeconds(60));
        Child sleeper = child("stopped", "exec sleep 300", () -> true);
        ManagedProcess first = start(sleeper);
        // as Platform.stop(): the supervisor hears of the stop before any process is asked to end
        supervisor.stop();
        stopping.set(true);
        kill9(first);

        supervisor.watch(sleeper, first);

        await().atMost(WAIT).until(() -> watchThreads("stopped").isEmpty());
        assertThat(relaunches).hasValue(0);
        assertThat(lines).isEmpty();
        assertThat(supervisor.gaveUp()).isNotDone();
    }

    private Supervisor supervisor(RestartPolicy policy, Duration readyTimeout) {
        return new Supervisor(policy, readyTimeout, Duration.ofMillis(50), host);
    }

    private Child child(String name, String script, Supplier<Boolean> ready) {
        return new Child(
                name, List.of("sh", "-c", script), Map.of(), "address of " + name, () -> ready::get, Optional::empty);
    }

    private ManagedProcess start(Child child) throws IOException {
        ManagedProcess process = ManagedProcess.start(
                child.name(), child.command(), child.environment(), dir, dir.resolve(child.name() + ".log"));
        started.add(process);
        return process;
    }

    /** SIGKILL, as {@code kill -9}; returns once the process is gone. */
    private static void kill9(ManagedProcess process) throws Exception {
        ProcessHandle.of(process.pid()).orElseThrow().destroyForcibly();
        process.onExit().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    private static List<Thread> watchThreads(String name) {
        List<Thread> threads = new ArrayList<>();
        Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("restart-" + name) && t.isAlive())
                .forEach(threads::add);
        return threads;
    }

    private List<String> logOf(String name) throws IOException {
        return Files.readAllLines(dir.resolve(name + ".log"));
    }
}
