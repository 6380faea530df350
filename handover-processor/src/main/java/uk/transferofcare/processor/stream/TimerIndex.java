package uk.transferofcare.processor.stream;

import java.time.Instant;

/**
 * Keys of the timer index store: {@code <due epoch millis, 19 digits zero-padded>|<caseId>}. RocksDB orders keys by
 * their bytes, so the index is ordered by due time and a scan from the start up to "now" touches only cases with a
 * mark due; the case id makes keys unique.
 */
final class TimerIndex {

    private static final int DIGITS = 19;
    private static final char SEPARATOR = '|';

    private TimerIndex() {}

    static String key(Instant due, String caseId) {
        return millis(Math.max(0L, due.toEpochMilli())) + SEPARATOR + caseId;
    }

    /** The smallest key of any entry. */
    static String first() {
        return millis(0L);
    }

    /** A key greater than every entry due at or before {@code now} and smaller than every later one. */
    static String after(Instant now) {
        return millis(Math.max(0L, now.toEpochMilli()) + 1);
    }

    static String caseIdOf(String key) {
        return key.substring(DIGITS + 1);
    }

    static Instant dueOf(String key) {
        return Instant.ofEpochMilli(Long.parseLong(key.substring(0, DIGITS)));
    }

    private static String millis(long value) {
        String digits = Long.toString(value);
        return "0".repeat(DIGITS - digits.length()) + digits;
    }
}
