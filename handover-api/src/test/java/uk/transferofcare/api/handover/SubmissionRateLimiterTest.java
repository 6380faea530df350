package uk.transferofcare.api.handover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import uk.transferofcare.api.access.Caller;
import uk.transferofcare.api.problem.ApiProblem;
import uk.transferofcare.api.problem.FieldError;
import uk.transferofcare.api.problem.ProblemType;
import uk.transferofcare.vocabulary.Role;

class SubmissionRateLimiterTest {

    private static SubmissionRateLimiter limiter(int perUser, int perOrganisation) {
        return new SubmissionRateLimiter(new SubmissionProperties(
                Duration.ofSeconds(5),
                Duration.ofSeconds(2),
                100,
                Duration.ofSeconds(5),
                16384,
                new SubmissionProperties.RateLimit(perUser, Duration.ofSeconds(10), perOrganisation)));
    }

    private static Caller officer(String user, String division) {
        return new Caller(user, Role.OFFICER, division);
    }

    @Test
    void givenALimitOfThreePerTenSeconds_whenAFourthArrives_thenRateLimitedWithRetryAfterAndOthersUnaffected() {
        SubmissionRateLimiter limiter = limiter(3, 100);
        limiter.acquire(officer("pc-1", "G"));
        limiter.acquire(officer("pc-1", "G"));
        limiter.acquire(officer("pc-1", "G"));

        assertThatThrownBy(() -> limiter.acquire(officer("pc-1", "G"))).isInstanceOfSatisfying(ApiProblem.class, p -> {
            assertThat(p.type()).isEqualTo(ProblemType.RATE_LIMITED);
            assertThat(p.retryAfterSeconds()).isBetween(1L, 10L);
            assertThat(p.errors())
                    .extracting(FieldError::field, FieldError::rule)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("user", "rate-limit"));
        });
        limiter.acquire(officer("pc-2", "G"));
    }

    @Test
    void givenAnOrganisationLimit_whenManyUsersOfOneDivisionTogetherExceedIt_thenTheirOrganisationIsLimitedOnly() {
        SubmissionRateLimiter limiter = limiter(2, 5);
        for (int user = 1; user <= 5; user++) {
            limiter.acquire(officer("pc-" + user, "G"));
        }

        // a sixth user of G, within their own limit, is over G's
        assertThatThrownBy(() -> limiter.acquire(officer("pc-6", "G"))).isInstanceOfSatisfying(ApiProblem.class, p -> {
            assertThat(p.type()).isEqualTo(ProblemType.RATE_LIMITED);
            assertThat(p.retryAfterSeconds()).isBetween(1L, 10L);
            assertThat(p.errors())
                    .extracting(FieldError::field, FieldError::rule)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("organisation", "rate-limit"));
        });
        // another division is not affected
        limiter.acquire(officer("pc-7", "E"));
    }

    @Test
    void givenOneUserOverTheirOwnLimit_whenTheyKeepSending_thenTheirOrganisationsPermitsAreNotUsedUp() {
        SubmissionRateLimiter limiter = limiter(1, 2);
        limiter.acquire(officer("pc-1", "G"));
        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(() -> limiter.acquire(officer("pc-1", "G")))
                    .isInstanceOfSatisfying(
                            ApiProblem.class,
                            p -> assertThat(p.errors().get(0).field()).isEqualTo("user"));
        }

        limiter.acquire(officer("pc-2", "G"));
    }

    @Test
    void givenAnOrganisationLimitBelowTheUserLimit_whenConfigured_thenRefusedNamingBothProperties() {
        assertThatThrownBy(() -> new SubmissionProperties.RateLimit(20, Duration.ofSeconds(1), 10))
                .hasMessageContaining("handover.submissions.rate-limit.per-organisation-limit-for-period (10)")
                .hasMessageContaining("handover.submissions.rate-limit.limit-for-period (20)");
    }

    @Test
    void givenThreeApiInstances_whenAnOrganisationSends_thenThisInstanceTakesAThirdOfItsLimitRoundedUp() {
        SubmissionRateLimiter limiter = limiter(2, 10);
        limiter.shareOrganisationLimit(3);
        assertThat(limiter.organisationShare()).isEqualTo(4);
        for (int user = 1; user <= 4; user++) {
            limiter.acquire(officer("pc-" + user, "G"));
        }

        assertThatThrownBy(() -> limiter.acquire(officer("pc-5", "G"))).isInstanceOfSatisfying(ApiProblem.class, p -> {
            assertThat(p.errors())
                    .extracting(FieldError::field, FieldError::rule)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("organisation", "rate-limit"));
            assertThat(p.getMessage()).contains("more than 4 submissions", "its limit of 10 shared by 3 API instances");
        });
    }

    @Test
    void givenInstancesComeAndGo_whenShared_thenTheShareFollowsAndNeverFallsBelowOnePermit() {
        SubmissionRateLimiter limiter = limiter(1, 5);
        assertThat(limiter.organisationShare()).isEqualTo(5);
        limiter.shareOrganisationLimit(2);
        assertThat(limiter.organisationShare()).isEqualTo(3);
        limiter.shareOrganisationLimit(8);
        assertThat(limiter.organisationShare()).isEqualTo(1);
        limiter.shareOrganisationLimit(0);
        assertThat(limiter.organisationShare()).isEqualTo(5);
    }
}
