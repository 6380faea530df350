package uk.transferofcare.processor.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Keys of the timer index sort by due time as RocksDB compares them: byte by byte. */
class TimerIndexTest {

    @Test
    void givenDueTimesOfDifferentMagnitude_whenKeysAreSortedAsBytes_thenTheyAreInDueOrder() {
        List<Instant> dues = List.of(
                Instant.parse("2286-11-20T17:46:39Z"),
                Instant.ofEpochMilli(9),
                Instant.parse("2025-03-01T10:00:00Z"),
                Instant.parse("2001-09-09T01:46:40Z"),
                Instant.parse("2025-03-01T10:00:00.001Z"));

        byte[][] keys = dues.stream()
                .map(due -> TimerIndex.key(due, "case-" + due.toEpochMilli()).getBytes(StandardCharsets.UTF_8))
                .toArray(byte[][]::new);
        Arrays.sort(keys, Arrays::compareUnsigned);

        assertThat(Arrays.stream(keys)
                        .map(key -> TimerIndex.dueOf(new String(key, StandardCharsets.UTF_8)))
                        .toList())
                .containsExactly(
                        Instant.ofEpochMilli(9),
                        Instant.parse("2001-09-09T01:46:40Z"),
                        Instant.parse("2025-03-01T10:00:00Z"),
                        Instant.parse("2025-03-01T10:00:00.001Z"),
                        Instant.parse("2286-11-20T17:46:39Z"));
    }

    @Test
    void givenAKey_whenTakenApart_thenItGivesBackTheCaseIdEvenWithTheSeparatorInIt() {
        String key = TimerIndex.key(Instant.parse("2025-03-01T10:00:00Z"), "odd|case");

        assertThat(key).isEqualTo("0000001740823200000|odd|case");
        assertThat(TimerIndex.caseIdOf(key)).isEqualTo("odd|case");
        assertThat(TimerIndex.dueOf(key)).isEqualTo(Instant.parse("2025-03-01T10:00:00Z"));
    }

    @Test
    void givenNow_whenTheScanBoundsAreTaken_thenKeysDueAtNowAreInsideAndKeysAMillisecondLaterOutside() {
        Instant now = Instant.parse("2025-03-01T10:00:00Z");

        String upper = TimerIndex.after(now);

        assertThat(TimerIndex.key(now, "zzzz")).isLessThan(upper);
        assertThat(TimerIndex.key(now.plusMillis(1), "a")).isGreaterThan(upper);
        assertThat(TimerIndex.key(Instant.ofEpochMilli(0), "a")).isGreaterThanOrEqualTo(TimerIndex.first());
    }
}
