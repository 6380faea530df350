package uk.transferofcare.stack;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One child process of the stack (the broker, the registry or a service) with its output in a log file.
 *
 * <p>Where {@code setsid} exists (Linux), children run in their own session, so a Ctrl-C in the terminal reaches
 * only the launcher, which then stops them in order: services first, broker last. Elsewhere the terminal's SIGINT
 * reaches them too and they shut down by themselves at the same time.
 */
final class ManagedProcess {

    private static final Optional<Path> SETSID = findOnPath("setsid");

    private final String name;
    private final Path log;
    private final Process process;
    private final long startedNanos;

    private ManagedProcess(String name, Path log, Process process) {
        this.name = name;
        this.log = log;
        this.process = process;
        this.startedNanos = System.nanoTime();
    }

    /**
     * Starts a process with stdout and stderr in {@code log} (the previous run's log is kept as {@code
     * <name>.previous.log}).
     */
    static ManagedProcess start(
            String name, List<String> command, Map<String, String> environment, Path workDir, Path log)
            throws IOException {
        Files.createDirectories(log.getParent());
        if (Files.exists(log)) {
            String file = log.getFileName().toString();
            Path previous = log.resolveSibling(file.replaceFirst("\\.log$", "") + ".previous.log");
            Files.move(log, previous, StandardCopyOption.REPLACE_EXISTING);
        }
        return launch(name, command, environment, workDir, log, ProcessBuilder.Redirect.to(log.toFile()));
    }

    /**
     * Starts a process again after it died: its output goes on in the same log, after {@code marker} on a line of its
     * own, so the log shows the death and the restart in order.
     */
    static ManagedProcess restart(
            String name, List<String> command, Map<String, String> environment, Path workDir, Path log, String marker)
            throws IOException {
        Files.createDirectories(log.getParent());
        Files.writeString(
                log,
                System.lineSeparator() + marker + System.lineSeparator(),
                StandardCharsets.UTF_8,
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        return launch(name, command, environment, workDir, log, ProcessBuilder.Redirect.appendTo(log.toFile()));
    }

    private static ManagedProcess launch(
            String name,
            List<String> command,
            Map<String, String> environment,
            Path workDir,
            Path log,
            ProcessBuilder.Redirect output)
            throws IOException {
        List<String> fullCommand = new ArrayList<>();
        SETSID.ifPresent(setsid -> fullCommand.add(setsid.toString()));
        fullCommand.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(fullCommand)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output);
        builder.environment().putAll(environment);
        Process process = builder.start();
        process.getOutputStream().close();
        return new ManagedProcess(name, log, process);
    }

    /** Runs a command to completion (e.g. the storage format), its output in {@code log}. */
    static int runToCompletion(String name, List<String> command, Path workDir, Path log, Duration timeout)
            throws IOException, InterruptedException {
        ManagedProcess tool = start(name, command, Map.of(), workDir, log);
        if (!tool.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            tool.process.destroyForcibly();
            throw new IOException(name + " did not finish within " + timeout.toSeconds() + " s");
        }
        return tool.process.exitValue();
    }

    String name() {
        return name;
    }

    Path log() {
        return log;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Exit code, or empty while running. */
    Optional<Integer> exitCode() {
        return process.isAlive() ? Optional.empty() : Optional.of(process.exitValue());
    }

    /**
     * The exit code for a person: {@code exit code 1}, or for a process ended by a signal (the JDK reports 128 plus the
     * signal's number) {@code exit code 137: SIGKILL}.
     */
    static String describeExit(int code) {
        String signal = switch (code - 128) {
            case 1 -> "SIGHUP";
            case 2 -> "SIGINT";
            case 3 -> "SIGQUIT";
            case 6 -> "SIGABRT";
            case 9 -> "SIGKILL";
            case 11 -> "SIGSEGV";
            case 15 -> "SIGTERM";
            default -> null;
        };
        return signal == null || File.separatorChar != '/' ? "exit code " + code : "exit code " + code + ": " + signal;
    }

    CompletableFuture<Process> onExit() {
        return process.onExit();
    }

    Duration uptime() {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    /**
     * Waits up to {@code timeout} for the process to exit, returning early if it does: the launcher's way to pause
     * between health probes without sleeping past a crash.
     */
    void awaitExit(Duration timeout) throws InterruptedException {
        try {
            process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            // still running: the normal case
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sends SIGTERM; does not wait. */
    void requestStop() {
        process.destroy();
    }

    /**
     * Sends SIGINT, which PostgreSQL takes as a fast shutdown (SIGTERM waits for every client to disconnect, an
     * analyst's open session included); SIGTERM where there is no {@code kill} command. Does not wait.
     */
    void requestInterrupt() {
        if (File.separatorChar == '/') {
            try {
                Process kill = new ProcessBuilder("kill", "-INT", Long.toString(process.pid()))
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .start();
                if (kill.waitFor(5, TimeUnit.SECONDS) && kill.exitValue() == 0) {
                    return;
                }
            } catch (IOException e) {
                // no kill command: SIGTERM below
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        process.destroy();
    }

    /**
     * Waits for the process to exit after {@link #requestStop()}, killing it (and anything it started) if it takes
     * longer than {@code grace}.
     *
     * @return true if it stopped within the grace period
     */
    boolean awaitStop(Duration grace) {
        try {
            if (process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                return true;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    /** The last {@code lines} lines of the log, to show on the console when something went wrong. */
    List<String> tail(int lines) {
        return tail(log, lines);
    }

    static List<String> tail(Path file, int lines) {
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long length = in.length();
            int chunk = (int) Math.min(length, 64 * 1024);
            byte[] bytes = new byte[chunk];
            in.seek(length - chunk);
            in.readFully(bytes);
            List<String> all = Arrays.asList(new String(bytes, StandardCharsets.UTF_8).split("\\R"));
            if (chunk < length && !all.isEmpty()) {
                all = all.subList(1, all.size()); // the first line is probably cut
            }
            return List.copyOf(all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return List.of("(could not read " + file + ": " + e.getMessage() + ")");
        }
    }

    private static Optional<Path> findOnPath(String program) {
        if (File.separatorChar != '/') {
            return Optional.empty();
        }
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        return Arrays.stream(path.split(File.pathSeparator))
                .filter(dir -> !dir.isBlank())
                .map(dir -> Path.of(dir, program))
                .filter(Files::isExecutable)
                .findFirst();
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ")";
    }
}
