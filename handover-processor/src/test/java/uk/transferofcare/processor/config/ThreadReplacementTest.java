package uk.transferofcare.processor.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.Test;

class ThreadReplacementTest {

    private static final Instant START = Instant.parse("2025-03-01T10:00:00Z");

    @Test
    void givenThreeReplacementsAllowedPerTenMinutes_whenThreadsKeepDying_thenTheFourthShutsTheClientDown() {
        MutableClock clock = new MutableClock(START);
        ThreadReplacement handler = new ThreadReplacement(3, Duration.ofMinutes(10), clock);
        List<StreamThreadExceptionResponse> responses = new ArrayList<>();

        for (int i = 0; i < 4; i++) {
            responses.add(handler.handle(new IllegalStateException("boom " + i)));
            clock.now = clock.now.plusSeconds(60);
        }

        assertThat(responses)
                .containsExactly(
                        StreamThreadExceptionResponse.REPLACE_THREAD,
                        StreamThreadExceptionResponse.REPLACE_THREAD,
                        StreamThreadExceptionResponse.REPLACE_THREAD,
                        StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
    }

    @Test
    void givenReplacementsSpreadOverTime_whenOldOnesLeaveTheWindow_thenThreadsAreReplacedAgain() {
        MutableClock clock = new MutableClock(START);
        ThreadReplacement handler = new ThreadReplacement(2, Duration.ofMinutes(10), clock);
        handler.handle(new IllegalStateException("one"));
        handler.handle(new IllegalStateException("two"));

        clock.now = START.plus(Duration.ofMinutes(11));

        assertThat(handler.handle(new IllegalStateException("three")))
                .isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
    }

    private static final class MutableClock extends Clock {
        Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
