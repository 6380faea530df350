package uk.transferofcare.api.handover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import uk.transferofcare.api.problem.ApiProblem;
import uk.transferofcare.api.problem.ProblemType;

class SubmissionRateLimiterTest {

    private final SubmissionRateLimiter limiter = new SubmissionRateLimiter(new SubmissionProperties(
            Duration.ofSeconds(5),
            Duration.ofSeconds(2),
            100,
            Duration.ofSeconds(5),
            16384,
            new SubmissionProperties.RateLimit(3, Duration.ofSeconds(10))));

    @Test
    void givenALimitOfThreePerTenSeconds_whenAFourthArrives_thenRateLimitedWithRetryAfterAndOthersUnaffected() {
        limiter.acquire("pc-1");
        limiter.acquire("pc-1");
        limiter.acquire("pc-1");

        assertThatThrownBy(() -> limiter.acquire("pc-1")).isInstanceOfSatisfying(ApiProblem.class, p -> {
            assertThat(p.type()).isEqualTo(ProblemType.RATE_LIMITED);
            assertThat(p.retryAfterSeconds()).isBetween(1L, 10L);
            assertThat(p.errors().get(0).rule()).isEqualTo("rate-limit");
        });
        limiter.acquire("pc-2");
    }
}
