package uk.transferofcare.benchmarks;

import java.util.Arrays;
import java.util.Locale;

/** Latencies in microseconds, summarised with nearest-rank percentiles. Thread-safe. */
final class Stats {

    private long[] values = new long[1024];
    private int size;

    synchronized void add(long micros) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = micros;
    }

    synchronized int count() {
        return size;
    }

    /** The p-th percentile in milliseconds (nearest rank), or NaN without values. */
    synchronized double percentileMillis(double p) {
        if (size == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(values, size);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * size);
        return sorted[Math.max(0, rank - 1)] / 1000.0;
    }

    String summary() {
        return String.format(
                Locale.ROOT,
                "p50 %s ms, p95 %s ms, p99 %s ms, max %s ms (n = %,d)",
                ms(percentileMillis(50)),
                ms(percentileMillis(95)),
                ms(percentileMillis(99)),
                ms(percentileMillis(100)),
                count());
    }

    static String ms(double millis) {
        return Double.isNaN(millis) ? "-" : String.format(Locale.ROOT, "%.1f", millis);
    }
}
