package uk.transferofcare.api.handover;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;
import uk.transferofcare.api.access.Caller;
import uk.transferofcare.api.problem.ApiProblem;
import uk.transferofcare.api.problem.FieldError;
import uk.transferofcare.api.problem.ProblemType;

/**
 * Submission rate limits (Resilience4j {@link RateLimiter}s, never waiting): one per user id (default 20 per second)
 * and, beside it, one per organisation (the token's org: a division, a site, ADMIN; default 200 per second) shared by
 * all its users. Over either answers 429 with Retry-After, naming which ({@code user} or {@code organisation}, rule
 * {@code rate-limit}). The user's limit is taken first, so one user over their own limit does not use up their
 * organisation's permits. The offline queue of the officer app replays a backlog well within the user limit.
 */
@Component
class SubmissionRateLimiter {

    private final RateLimiterRegistry users;
    private final RateLimiterRegistry organisations;

    SubmissionRateLimiter(SubmissionProperties properties) {
        SubmissionProperties.RateLimit limit = properties.rateLimit();
        this.users = registry(limit.limitForPeriod(), limit.period());
        this.organisations = registry(limit.perOrganisationLimitForPeriod(), limit.period());
    }

    private static RateLimiterRegistry registry(int limitForPeriod, Duration period) {
        return RateLimiterRegistry.of(RateLimiterConfig.custom()
                .limitForPeriod(limitForPeriod)
                .limitRefreshPeriod(period)
                .timeoutDuration(Duration.ZERO)
                .build());
    }

    /** Takes one permit for the user, then one for their organisation, or throws the 429 problem. */
    void acquire(Caller caller) {
        take(users.rateLimiter("user:" + caller.userId()), "user", "this user");
        take(organisations.rateLimiter("org:" + caller.org()), "organisation", "your organisation");
    }

    private static void take(RateLimiter limiter, String field, String who) {
        if (!limiter.acquirePermission()) {
            long nanos = limiter.getMetrics() instanceof AtomicRateLimiter.AtomicRateLimiterMetrics atomic
                    ? Math.max(0, atomic.getNanosToWait())
                    : limiter.getRateLimiterConfig().getLimitRefreshPeriod().toNanos();
            long seconds = Math.max(1, (long) Math.ceil(nanos / (double) TimeUnit.SECONDS.toNanos(1)));
            String message = "more than " + limiter.getRateLimiterConfig().getLimitForPeriod() + " submissions per "
                    + limiter.getRateLimiterConfig().getLimitRefreshPeriod().toMillis()
                    + " ms from " + who + "; send again after " + seconds + " s (same eventId)";
            throw new ApiProblem(
                    ProblemType.RATE_LIMITED, message, List.of(new FieldError(field, "rate-limit", message)), seconds);
        }
    }
}
