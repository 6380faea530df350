package uk.transferofcare.api.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class CaughtUpTrackerTest {

    private static final TopicPartition A = new TopicPartition("handover-cases", 0);
    private static final TopicPartition B = new TopicPartition("handover-outcomes", 0);
    private static final Instant T0 = Instant.parse("2026-12-05T03:00:00Z");

    private static Instant at(int checks) {
        return T0.plusMillis(200L * checks);
    }

    @Test
    void committedOffsetsEqualToTheEndsReadJustBeforeAreCaughtUpAtThatCheck() {
        CaughtUpTracker tracker = new CaughtUpTracker(8);
        tracker.ends(at(0), Map.of(A, 10L, B, 4L));

        assertThat(tracker.behindNewest(Map.of(A, 10L, B, 4L))).isZero();
        assertThat(tracker.caughtUp(Map.of(A, 10L, B, 4L))).contains(at(0));
    }

    @Test
    void underSteadyTrafficTheCaughtUpTimeIsTheLatestCheckWhoseEndsTheGroupHasPassed() {
        CaughtUpTracker tracker = new CaughtUpTracker(8);
        // Ten records arrive on A between every two checks; the group commits what it read up to a moment after the
        // previous check, so it never equals the ends just read but always passes the previous check's.
        for (int check = 0; check < 20; check++) {
            long end = 10L * (check + 1);
            tracker.ends(at(check), Map.of(A, end, B, 0L));
            Map<TopicPartition, Long> committed = Map.of(A, end - 3, B, 0L);
            assertThat(tracker.behindNewest(committed)).isEqualTo(3);
            if (check == 0) {
                assertThat(tracker.caughtUp(committed)).isEmpty();
            } else {
                assertThat(tracker.caughtUp(committed)).contains(at(check - 1));
            }
        }
    }

    @Test
    void aPartitionWithoutACommittedOffsetIsAtZero() {
        CaughtUpTracker tracker = new CaughtUpTracker(8);
        tracker.ends(at(0), Map.of(A, 5L, B, 2L));

        assertThat(tracker.caughtUp(Map.of(A, 5L))).isEmpty();
        assertThat(tracker.behindNewest(Map.of(A, 5L))).isEqualTo(2);
        assertThat(tracker.caughtUp(Map.of(A, 5L, B, 2L))).contains(at(0));
    }

    @Test
    void aProjectionThatFallsBehindStopsTheClockUntilItReachesAnEarlierCheck() {
        CaughtUpTracker tracker = new CaughtUpTracker(8);
        tracker.ends(at(0), Map.of(A, 10L));
        assertThat(tracker.caughtUp(Map.of(A, 10L))).contains(at(0));

        // The consumer stalls at 10 while the topic grows.
        tracker.ends(at(1), Map.of(A, 100L));
        assertThat(tracker.caughtUp(Map.of(A, 10L))).isEmpty();
        tracker.ends(at(2), Map.of(A, 200L));
        assertThat(tracker.caughtUp(Map.of(A, 90L))).isEmpty();
        tracker.ends(at(3), Map.of(A, 300L));
        // It has passed check 1's ends but not check 2's: caught up as of check 1, and check 1 is then forgotten.
        assertThat(tracker.caughtUp(Map.of(A, 199L))).contains(at(1));
        assertThat(tracker.caughtUp(Map.of(A, 199L))).isEmpty();
        assertThat(tracker.caughtUp(Map.of(A, 300L))).contains(at(3));
    }

    @Test
    void onlyTheNewestChecksAreKept() {
        CaughtUpTracker tracker = new CaughtUpTracker(2);
        tracker.ends(at(0), Map.of(A, 1L));
        tracker.ends(at(1), Map.of(A, 2L));
        tracker.ends(at(2), Map.of(A, 3L));

        // Check 0 was dropped; check 1 is the oldest kept.
        assertThat(tracker.caughtUp(Map.of(A, 2L))).contains(at(1));
        tracker.clear();
        assertThat(tracker.caughtUp(Map.of(A, 3L))).isEmpty();
        assertThat(tracker.behindNewest(Map.of(A, 0L))).isZero();
        assertThatThrownBy(() -> new CaughtUpTracker(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
