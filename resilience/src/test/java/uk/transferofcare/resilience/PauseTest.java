package uk.transferofcare.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A pause stops the process and every process it started, and lets them all go on after: PostgreSQL serves each
 * connection from a backend of its own, which a SIGSTOP of the server alone would leave answering queries.
 */
class PauseTest {

    @Test
    void aPauseStopsTheProcessAndItsChildrenThenContinuesThemAll() throws Exception {
        // A parent with two children, as PostgreSQL's server and its backends.
        Process parent = new ProcessBuilder("sh", "-c", "sleep 300 & sleep 300 & wait").start();
        try {
            List<Long> all = awaitChildren(parent, 2);
            Fault pause = Fault.parse("postgres-pause").get(0);

            CompletableFuture<Void> injected = CompletableFuture.runAsync(() -> {
                try {
                    FaultSuite.inject(pause, parent.pid(), Duration.ofSeconds(5));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            });

            // Seen stopped together while the pause lasts (the suite signals them one after another).
            boolean allStopped = false;
            while (!injected.isDone() && !allStopped) {
                allStopped = all.stream().allMatch(pid -> state(pid) == 'T');
                Thread.sleep(10);
            }
            assertThat(allStopped)
                    .as("the parent and both children stopped during the pause")
                    .isTrue();

            injected.get(30, TimeUnit.SECONDS);
            assertThat(all)
                    .as("every one continued after the pause")
                    .allSatisfy(pid -> assertThat(state(pid)).isNotEqualTo('T'));
        } finally {
            parent.descendants().forEach(ProcessHandle::destroyForcibly);
            parent.destroyForcibly();
        }
    }

    private static List<Long> awaitChildren(Process parent, int count) throws InterruptedException {
        for (int attempt = 0; attempt < 500; attempt++) {
            List<Long> children = parent.descendants().map(ProcessHandle::pid).toList();
            if (children.size() == count) {
                List<Long> all = new ArrayList<>(children);
                all.add(0, parent.pid());
                return all;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("the shell did not start its " + count + " children");
    }

    /** The state letter of /proc/<pid>/stat: T for stopped, S for sleeping. */
    private static char state(long pid) {
        try {
            String stat = Files.readAllLines(Path.of("/proc", Long.toString(pid), "stat"))
                    .get(0);
            return stat.charAt(stat.lastIndexOf(')') + 2);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
