package uk.transferofcare.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The launcher as the user runs it: {@code java -jar local-stack/target/local-stack-*.jar ...} in its own process,
 * its console in a file. Integration tests start it, wait for "Platform ready", and stop it with SIGTERM as Ctrl-C
 * would (the same shutdown hook runs).
 */
final class LauncherProcess implements AutoCloseable {

    private static final Pattern READY = Pattern.compile("Platform ready in (\\d+\\.\\d) s");

    private final Process process;
    private final Path console;

    private LauncherProcess(Process process, Path console) {
        this.process = process;
        this.console = console;
    }

    /** The launcher jar failsafe points at (built in the package phase). */
    static Path jar() {
        String jar = System.getProperty("local-stack.jar");
        assertThat(jar)
                .as("system property local-stack.jar (set by failsafe in local-stack/pom.xml)")
                .isNotBlank();
        Path path = Path.of(jar);
        assertThat(path)
                .as("the launcher jar; build it with ./mvnw -pl local-stack package")
                .isRegularFile();
        return path;
    }

    static LauncherProcess start(Path console, String... args) throws IOException {
        Path root = Layout.findRepoRoot().orElseThrow();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-jar",
                jar().toString()));
        command.addAll(List.of(args));
        Files.createDirectories(console.getParent());
        Process process = new ProcessBuilder(command)
                .directory(root.toFile())
                .redirectErrorStream(true)
                .redirectOutput(console.toFile())
                .start();
        process.getOutputStream().close();
        return new LauncherProcess(process, console);
    }

    /** Finds a {@code --ports-offset} at which every port of such a stack is free. */
    static int freeOffset(int first, java.util.Set<AppService> services) {
        return freeOffset(first, services, 1);
    }

    /**
     * The same for a stack of {@code brokers} Kafka nodes. Every port stays below the kernel's ephemeral range: a port
     * found free there can be taken, before the service binds it, by any client connection the stack opens meanwhile
     * (CI once failed with "Port 35080 was already in use" for SecureStackIT's API, offset 27 000).
     */
    static int freeOffset(int first, java.util.Set<AppService> services, int brokers) {
        return freeOffset(first, services, brokers, 1);
    }

    /** The same with {@code instances} of handover-api and handover-processor ({@code --instances}). */
    static int freeOffset(int first, java.util.Set<AppService> services, int brokers, int instances) {
        int ephemeralFrom = ephemeralPortsFrom();
        for (int offset = first; ; offset += 100) {
            java.util.List<Ports.Use> needed = new Ports(offset, brokers, instances).needed(services);
            if (needed.stream().mapToInt(Ports.Use::port).max().orElseThrow() >= ephemeralFrom) {
                break;
            }
            if (PortCheck.taken(needed).isEmpty()) {
                return offset;
            }
        }
        throw new IllegalStateException("no free port range from offset " + first + " below the ephemeral ports ("
                + ephemeralFrom + " and up, /proc/sys/net/ipv4/ip_local_port_range)");
    }

    /** The first port of the kernel's ephemeral range (Linux's default 32768 if it cannot be read). */
    static int ephemeralPortsFrom() {
        try {
            // Read by lines: Files.readString returned only "3" of "32768\t60999" from this procfs file here.
            String range = java.nio.file.Files.readAllLines(
                            java.nio.file.Path.of("/proc/sys/net/ipv4/ip_local_port_range"))
                    .get(0);
            return Integer.parseInt(range.trim().split("\\s+")[0]);
        } catch (java.io.IOException | RuntimeException e) {
            return 32768;
        }
    }

    /**
     * Waits until the launcher prints "Platform ready in N.N s" and returns N.N, failing with its console if it exits
     * or the timeout passes first.
     */
    double awaitReady(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Matcher ready = READY.matcher(console());
            if (ready.find()) {
                return Double.parseDouble(ready.group(1));
            }
            if (process.waitFor(250, TimeUnit.MILLISECONDS)) {
                throw new AssertionError(
                        "The launcher exited with " + process.exitValue() + " before it was ready:\n" + console());
            }
        }
        throw new AssertionError("The launcher was not ready within " + timeout.toSeconds() + " s:\n" + console());
    }

    /**
     * Waits until the launcher prints that {@code name} was restarted (attempt {@code attempt}) and is ready, and
     * returns the new process id from that line; fails with the console if the launcher exits or the timeout passes
     * first.
     */
    long awaitRestarted(String name, int attempt, Duration timeout) throws Exception {
        Pattern restarted = Pattern.compile("\\n  " + Pattern.quote(name) + " +restarted \\(attempt " + attempt
                + ", pid (\\d+)\\), ready in \\d+\\.\\d s");
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Matcher matcher = restarted.matcher(console());
            if (matcher.find()) {
                return Long.parseLong(matcher.group(1));
            }
            if (process.waitFor(250, TimeUnit.MILLISECONDS)) {
                throw new AssertionError("The launcher exited with " + process.exitValue() + " before " + name
                        + " was restarted:\n" + console());
            }
        }
        throw new AssertionError(
                name + " was not restarted and ready within " + timeout.toSeconds() + " s:\n" + console());
    }

    /** Waits for the launcher to exit by itself and returns its exit code. */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("The launcher did not exit within " + timeout.toSeconds() + " s:\n" + console());
        }
        return process.exitValue();
    }

    /** The process id the launcher wrote into {@code <data>/pids/<name>.pid}. */
    static long pidOf(Path dataDir, String name) throws IOException {
        return Long.parseLong(
                Files.readString(dataDir.resolve("pids").resolve(name + ".pid")).strip());
    }

    /** {@code kill -9 <pid>}: SIGKILL, which the process cannot catch; returns once it is gone. */
    static void kill9(long pid) throws Exception {
        ProcessHandle handle = ProcessHandle.of(pid).orElseThrow(() -> new AssertionError("no process " + pid));
        assertThat(handle.destroyForcibly()).as("SIGKILL sent to %d", pid).isTrue();
        handle.onExit().get(30, TimeUnit.SECONDS);
    }

    /** True if a process with this id runs. */
    static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** SIGTERM, as Ctrl-C: returns the exit code once the launcher has stopped everything. */
    int stop(Duration timeout) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            forceStop();
            throw new AssertionError("The launcher did not stop within " + timeout.toSeconds() + " s:\n" + console());
        }
        return process.exitValue();
    }

    String console() {
        try {
            return Files.readString(console, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no console output: " + e + ")";
        }
    }

    private void forceStop() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    /** Makes sure nothing is left running when a test fails half-way. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            List<ProcessHandle> children = process.descendants().toList();
            process.destroy();
            if (!process.waitFor(90, TimeUnit.SECONDS)) {
                forceStop();
            }
            children.forEach(ProcessHandle::destroyForcibly);
        }
    }
}
