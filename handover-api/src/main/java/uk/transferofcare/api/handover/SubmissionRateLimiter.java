package uk.transferofcare.api.handover;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;
import uk.transferofcare.api.problem.ApiProblem;
import uk.transferofcare.api.problem.FieldError;
import uk.transferofcare.api.problem.ProblemType;

/**
 * Per-user submission rate limit (Resilience4j {@link RateLimiter}, one per user id, never waiting): over the limit
 * answers 429 with Retry-After. The offline queue of the officer app replays a backlog well within the default of
 * 20 per second.
 */
@Component
class SubmissionRateLimiter {

    private final RateLimiterRegistry registry;

    SubmissionRateLimiter(SubmissionProperties properties) {
        SubmissionProperties.RateLimit limit = properties.rateLimit();
        this.registry = RateLimiterRegistry.of(RateLimiterConfig.custom()
                .limitForPeriod(limit.limitForPeriod())
                .limitRefreshPeriod(limit.period())
                .timeoutDuration(Duration.ZERO)
                .build());
    }

    /** Takes one permit for the user or throws the 429 problem. */
    void acquire(String userId) {
        RateLimiter limiter = registry.rateLimiter("user:" + userId);
        if (!limiter.acquirePermission()) {
            long nanos = limiter.getMetrics() instanceof AtomicRateLimiter.AtomicRateLimiterMetrics atomic
                    ? Math.max(0, atomic.getNanosToWait())
                    : limiter.getRateLimiterConfig().getLimitRefreshPeriod().toNanos();
            long seconds = Math.max(1, (long) Math.ceil(nanos / (double) TimeUnit.SECONDS.toNanos(1)));
            String message = "more than " + limiter.getRateLimiterConfig().getLimitForPeriod() + " submissions per "
                    + limiter.getRateLimiterConfig().getLimitRefreshPeriod().toMillis()
                    + " ms from this user; send again after " + seconds + " s (same eventId)";
            throw new ApiProblem(
                    ProblemType.RATE_LIMITED, message, List.of(new FieldError("user", "rate-limit", message)), seconds);
        }
    }
}
