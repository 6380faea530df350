package uk.transferofcare.api.report;

import java.util.Arrays;

/**
 * A distribution of whole seconds summarised as analysts read it. {@code median} and {@code p90} are nearest-rank
 * percentiles (the smallest value with at least p% of the values at or below it: the value at rank ⌈p/100 · n⌉ of
 * the sorted values), {@code mean} is rounded half up to a whole second. All but {@code count} are null when there
 * are no values.
 */
record Summary(long count, Long median, Long p90, Long mean, Long max) {

    static final Summary EMPTY = new Summary(0, null, null, null, null);

    /**
     * Summarises the first {@code n} values of the array, sorting them in place.
     *
     * @param values the values; only {@code values[0..n)} are read (and reordered)
     */
    static Summary of(long[] values, int n) {
        if (n == 0) {
            return EMPTY;
        }
        Arrays.sort(values, 0, n);
        long sum = 0;
        for (int i = 0; i < n; i++) {
            sum += values[i];
        }
        return new Summary(
                n, values[nearestRank(50, n) - 1], values[nearestRank(90, n) - 1], roundHalfUp(sum, n), values[n - 1]);
    }

    /** ⌈p/100 · n⌉ in exact integer arithmetic, for 0 &lt; p ≤ 100 and n ≥ 1. */
    static int nearestRank(int percent, int n) {
        return (int) ((percent * (long) n + 99) / 100);
    }

    /** sum / n rounded half up (…​.5 goes up), exactly. */
    static long roundHalfUp(long sum, long n) {
        return Math.floorDiv(2 * sum + n, 2 * n);
    }
}
