package uk.transferofcare.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** What the numbers were measured on: nproc, free -g, java -version, load and the busiest processes. */
final class Machine {

    private Machine() {}

    static String describe() {
        StringBuilder out = new StringBuilder();
        out.append("nproc: ").append(run(List.of("nproc")).strip()).append('\n');
        out.append("free -g:\n").append(indent(run(List.of("free", "-g"))));
        out.append("java -version:\n")
                .append(indent(run(List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-version"))));
        out.append("load average (1, 5, 15 min): ").append(loadAverage()).append('\n');
        out.append("busiest processes (ps -eo pcpu,rss,comm --sort=-pcpu | head -8):\n")
                .append(indent(run(List.of("sh", "-c", "ps -eo pcpu,rss,comm --sort=-pcpu | head -8"))));
        return out.toString();
    }

    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** CPU time (user + system, clock ticks) of every process now, by pid, with a short name. */
    static java.util.Map<Long, long[]> cpuTicks() {
        java.util.Map<Long, long[]> ticks = new java.util.HashMap<>();
        try (var dirs = Files.list(Path.of("/proc"))) {
            for (Path dir : dirs.toList()) {
                String name = dir.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                try {
                    String stat = Files.readString(dir.resolve("stat"));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    ticks.put(
                            Long.parseLong(name), new long[] {Long.parseLong(fields[11]), Long.parseLong(fields[12])});
                } catch (IOException | RuntimeException e) {
                    // gone, or not ours to read
                }
            }
        } catch (IOException e) {
            return ticks;
        }
        return ticks;
    }

    /**
     * Per process, the share of one core used between two {@link #cpuTicks()} samples taken {@code seconds} apart
     * (100% = one core), busiest first, named by their jar or main class.
     */
    static String cpuBetween(java.util.Map<Long, long[]> before, java.util.Map<Long, long[]> after, double seconds) {
        return cpuBetween(before, after, seconds, 0);
    }

    /** As above, with the CPU milliseconds each process spent per unit of work when {@code work} is positive. */
    static String cpuBetween(
            java.util.Map<Long, long[]> before, java.util.Map<Long, long[]> after, double seconds, long work) {
        long hz = 100; // USER_HZ on Linux
        List<String> rows = new java.util.ArrayList<>();
        java.util.Map<String, Double> byName = new java.util.TreeMap<>();
        after.forEach((pid, t) -> {
            long[] b = before.getOrDefault(pid, new long[] {0, 0});
            double share = 100.0 * ((t[0] + t[1]) - (b[0] + b[1])) / hz / seconds;
            if (share >= 1) {
                byName.merge(nameOf(pid), share, Double::sum);
            }
        });
        byName.entrySet().stream()
                .sorted((x, y) -> Double.compare(y.getValue(), x.getValue()))
                .forEach(e -> rows.add(
                        work > 0
                                ? String.format(
                                        java.util.Locale.ROOT,
                                        "%5.0f%%  %6.2f ms per final answer  %s",
                                        e.getValue(),
                                        e.getValue() * 10 * seconds / work,
                                        e.getKey())
                                : String.format(java.util.Locale.ROOT, "%5.0f%%  %s", e.getValue(), e.getKey())));
        return String.join("\n", rows) + "\n";
    }

    private static String nameOf(long pid) {
        try {
            String[] args = Files.readString(Path.of("/proc", Long.toString(pid), "cmdline"))
                    .split("\u0000");
            for (int i = 0; i < args.length; i++) {
                if (args[i].equals("-jar") && i + 1 < args.length) {
                    return Path.of(args[i + 1]).getFileName().toString().replace("-0.1.0-SNAPSHOT.jar", "");
                }
                if (args[i].equals("kafka.Kafka")) {
                    return "kafka-broker";
                }
                if (args[i].startsWith("-Dloader.main=")) {
                    return args[i].substring("-Dloader.main=".length());
                }
            }
            String exe = args.length == 0 ? "?" : Path.of(args[0]).getFileName().toString();
            return exe.equals("java") && args.length > 1 ? "java " + args[args.length - 1] : exe;
        } catch (IOException | RuntimeException e) {
            return "pid " + pid;
        }
    }

    private static String run(List<String> command) {
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            process.waitFor(10, TimeUnit.SECONDS);
            return output;
        } catch (IOException e) {
            return "(" + e.getMessage() + ")\n";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "(interrupted)\n";
        }
    }

    private static String indent(String text) {
        return text.lines().map(l -> "    " + l).reduce("", (a, b) -> a + b + "\n");
    }
}
