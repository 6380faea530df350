package uk.transferofcare.api.handover;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import uk.transferofcare.api.access.Caller;
import uk.transferofcare.api.problem.ApiProblem;
import uk.transferofcare.api.problem.FieldError;
import uk.transferofcare.api.problem.ProblemType;
import uk.transferofcare.api.projection.ApiInstances;

/**
 * Submission rate limits (Resilience4j {@link RateLimiter}s, never waiting): one per user id (default 20 per second)
 * and, beside it, one per organisation (the token's org: a division, a site, ADMIN; default 200 per second) shared by
 * all its users. Over either answers 429 with Retry-After, naming which ({@code user} or {@code organisation}, rule
 * {@code rate-limit}). The user's limit is taken first, so one user over their own limit does not use up their
 * organisation's permits. The offline queue of the officer app replays a backlog well within the user limit.
 *
 * <p>The organisation's limit is for the whole API: each instance takes its share, the limit divided by the running
 * instances ({@link ApiInstances}, rounded up), and re-shares when instances come or go. A load balancer that spreads
 * requests evenly keeps an organisation within its limit wherever its users' requests land. The user's limit is per
 * instance: a phone's requests travel on one kept-alive connection, so they reach one instance.
 */
@Component
class SubmissionRateLimiter {

    private static final Logger log = LoggerFactory.getLogger(SubmissionRateLimiter.class);

    private final RateLimiterRegistry users;
    private final RateLimiterRegistry organisations;
    private final SubmissionProperties.RateLimit limit;
    private volatile int share;
    private volatile int instances = 1;

    @Autowired
    SubmissionRateLimiter(SubmissionProperties properties, ApiInstances apiInstances) {
        this(properties);
        shareOrganisationLimit(apiInstances.count());
        apiInstances.onChange(this::shareOrganisationLimit);
    }

    /** One instance: it takes the whole organisation limit. */
    SubmissionRateLimiter(SubmissionProperties properties) {
        this.limit = properties.rateLimit();
        this.users = registry(limit.limitForPeriod(), limit.period());
        this.share = limit.perOrganisationLimitForPeriod();
        this.organisations = registry(share, limit.period());
    }

    /** This instance's share of each organisation's limit once {@code count} instances run (at least 1 permit). */
    synchronized void shareOrganisationLimit(int count) {
        int running = Math.max(1, count);
        int next = Math.max(1, (limit.perOrganisationLimitForPeriod() + running - 1) / running);
        instances = running;
        if (next == share) {
            return;
        }
        share = next;
        organisations.getAllRateLimiters().forEach(l -> l.changeLimitForPeriod(next));
        log.info(
                "Each organisation may submit {} per {} on this instance: its limit of {} shared by {} instance{}",
                next,
                limit.period(),
                limit.perOrganisationLimitForPeriod(),
                running,
                running == 1 ? "" : "s");
        if (next < limit.limitForPeriod()) {
            log.warn(
                    "handover.submissions.rate-limit.per-organisation-limit-for-period ({}) shared by {} instances is"
                            + " below one user's limit ({}): raise it to at least {}",
                    limit.perOrganisationLimitForPeriod(),
                    running,
                    limit.limitForPeriod(),
                    limit.limitForPeriod() * running);
        }
    }

    /** The permits one organisation has per period on this instance. */
    int organisationShare() {
        return share;
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
        int permits = share;
        RateLimiter organisation = organisations.rateLimiter(
                "org:" + caller.org(),
                () -> RateLimiterConfig.from(organisations.getDefaultConfig())
                        .limitForPeriod(permits)
                        .build());
        if (organisation.getRateLimiterConfig().getLimitForPeriod() != share) {
            organisation.changeLimitForPeriod(share); // created while the share changed: from the next period
        }
        take(organisation, "organisation", "your organisation");
    }

    private void take(RateLimiter limiter, String field, String who) {
        if (!limiter.acquirePermission()) {
            long nanos = limiter.getMetrics() instanceof AtomicRateLimiter.AtomicRateLimiterMetrics atomic
                    ? Math.max(0, atomic.getNanosToWait())
                    : limiter.getRateLimiterConfig().getLimitRefreshPeriod().toNanos();
            long seconds = Math.max(1, (long) Math.ceil(nanos / (double) TimeUnit.SECONDS.toNanos(1)));
            String shared = field.equals("organisation") && instances > 1
                    ? " (its limit of " + limit.perOrganisationLimitForPeriod() + " shared by " + instances
                            + " API instances)"
                    : "";
            String message = "more than " + limiter.getRateLimiterConfig().getLimitForPeriod() + " submissions per "
                    + limiter.getRateLimiterConfig().getLimitRefreshPeriod().toMillis()
                    + " ms from " + who + shared + "; send again after " + seconds + " s (same eventId)";
            throw new ApiProblem(
                    ProblemType.RATE_LIMITED, message, List.of(new FieldError(field, "rate-limit", message)), seconds);
        }
    }
}
