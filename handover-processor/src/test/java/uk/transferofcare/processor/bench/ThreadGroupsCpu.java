package uk.transferofcare.processor.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The CPU time of every thread of this process as Linux counts it ({@code /proc/self/task/<tid>/stat}), native threads
 * included (the garbage collector's, the JIT compilers', RocksDB's), summed by the thread's name with its digits
 * dropped ("GC Thread#0" and "GC Thread#1" are one group). Clock ticks of 10 ms: read it over seconds, not
 * milliseconds. Empty where there is no {@code /proc}.
 */
record ThreadGroupsCpu(Map<String, Long> ticks) {

    static ThreadGroupsCpu now() {
        Map<String, Long> ticks = new HashMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    ticks.merge(group(name(stat)), ticks(stat), Long::sum);
                } catch (IOException | RuntimeException e) {
                    // a thread that ended while being read
                }
            }
        } catch (IOException e) {
            return new ThreadGroupsCpu(Map.of());
        }
        return new ThreadGroupsCpu(ticks);
    }

    /** The thread's name in a {@code stat} line: "tid (name) state ...", where the name may hold spaces and ')'. */
    static String name(String stat) {
        return stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    }

    /** The clock ticks a {@code stat} line counts in user and system mode (utime + stime, fields 14 and 15). */
    static long ticks(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    static String group(String comm) {
        return comm.replaceAll("[0-9]+", "#").replaceAll("#+", "#");
    }

    ThreadGroupsCpu since(ThreadGroupsCpu start) {
        Map<String, Long> delta = new HashMap<>();
        ticks.forEach((name, used) -> {
            long d = used - start.ticks.getOrDefault(name, 0L);
            if (d > 0) {
                delta.put(name, d);
            }
        });
        return new ThreadGroupsCpu(delta);
    }

    /** The {@code top} groups by CPU, in µs per unit (a clock tick being 10 ms). */
    String top(int top, long count, String unit) {
        if (ticks.isEmpty()) {
            return "(no /proc: no breakdown by thread)";
        }
        return ticks.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(top)
                .map(e -> String.format(Locale.ROOT, "%s %.0f", e.getKey(), e.getValue() * 10_000.0 / count))
                .collect(Collectors.joining(", ", "µs of CPU per " + unit + " by thread (Linux's count): ", ""));
    }
}
