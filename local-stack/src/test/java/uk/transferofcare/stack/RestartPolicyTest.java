package uk.transferofcare.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RestartPolicyTest {

    private static final long SECOND = Duration.ofSeconds(1).toNanos();

    @Test
    void givenFiveRestartsAllowed_whenAProcessDiesSixTimesInTheWindow_thenTheSixthDeathIsNotRestarted() {
        RestartPolicy.History history = new RestartPolicy(5, Duration.ofSeconds(600)).history();

        var decisions = IntStream.rangeClosed(1, 6)
                .mapToObj(i -> history.recordDeath(i * 10 * SECOND))
                .toList();

        assertThat(decisions)
                .containsExactly(
                        new RestartPolicy.Decision(true, 1, Duration.ofSeconds(1)),
                        new RestartPolicy.Decision(true, 2, Duration.ofSeconds(2)),
                        new RestartPolicy.Decision(true, 3, Duration.ofSeconds(4)),
                        new RestartPolicy.Decision(true, 4, Duration.ofSeconds(8)),
                        new RestartPolicy.Decision(true, 5, Duration.ofSeconds(16)),
                        new RestartPolicy.Decision(false, 6, Duration.ofSeconds(30)));
    }

    @Test
    void givenDeathsLongerAgoThanTheWindow_whenAProcessDiesAgain_thenOnlyTheRecentOnesCountAndTheBackoffShrinks() {
        RestartPolicy.History history = new RestartPolicy(2, Duration.ofSeconds(60)).history();
        history.recordDeath(0);
        history.recordDeath(30 * SECOND);

        // the first death is exactly one window old: it no longer counts
        assertThat(history.recordDeath(60 * SECOND))
                .isEqualTo(new RestartPolicy.Decision(true, 2, Duration.ofSeconds(2)));
        // 30 s and 60 s are within the window of 61 s: the third death in it
        assertThat(history.recordDeath(61 * SECOND))
                .isEqualTo(new RestartPolicy.Decision(false, 3, Duration.ofSeconds(4)));
        // long after, a death counts alone again
        assertThat(history.recordDeath(1_000 * SECOND))
                .isEqualTo(new RestartPolicy.Decision(true, 1, Duration.ofSeconds(1)));
    }

    @Test
    void givenRestartsOff_whenAProcessDies_thenItIsNotRestarted() {
        RestartPolicy.History history = new RestartPolicy(0, Duration.ofSeconds(600)).history();

        assertThat(history.recordDeath(5 * SECOND).restart()).isFalse();
    }

    @Test
    void theBackoffDoublesFromOneSecondUpToThirtySeconds() {
        assertThat(IntStream.of(1, 2, 3, 4, 5, 6, 7, 50, Integer.MAX_VALUE)
                        .mapToObj(RestartPolicy::backoff)
                        .map(Duration::toSeconds)
                        .toList())
                .containsExactly(1L, 2L, 4L, 8L, 16L, 30L, 30L, 30L, 30L);
    }

    @Test
    void theLaunchersFirstLineNamesThePolicy() {
        assertThat(RestartPolicy.defaults().describe()).isEqualTo("restarts: at most 5 per process within 600 s");
        assertThat(new RestartPolicy(0, Duration.ofSeconds(600)).describe()).isEqualTo("restarts: off");
    }

    @Test
    void aPolicyOutsideItsBoundsIsRefused() {
        assertThatThrownBy(() -> new RestartPolicy(-1, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxRestarts must be between 0 and 100");
        assertThatThrownBy(() -> new RestartPolicy(1, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("window must be between 1 s and 86400 s");
    }
}
