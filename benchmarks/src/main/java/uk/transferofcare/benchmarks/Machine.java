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
