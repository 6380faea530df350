package uk.transferofcare.support.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

class VerifiedTokenCacheTest {

    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

    private final MutableClock clock = new MutableClock(T0);
    private final List<String> verifications = new ArrayList<>();
    private Duration tokenLife = Duration.ofHours(1);

    /** Accepts tokens starting with "good", rejects the rest; counts every verification. */
    private final JwtDecoder delegate = token -> {
        verifications.add(token);
        if (!token.startsWith("good")) {
            throw new BadJwtException("bad signature");
        }
        Instant issued = clock.instant();
        return Jwt.withTokenValue(token)
                .header("alg", "RS256")
                .subject("pc-1234")
                .issuedAt(issued)
                .expiresAt(issued.plus(tokenLife))
                .build();
    };

    @Test
    void givenTheSameTokenTwice_whenDecoded_thenItIsVerifiedOnceAndTheSameJwtComesBack() {
        VerifiedTokenCache cache = new VerifiedTokenCache(delegate, 10, Duration.ofMinutes(5), clock);

        Jwt first = cache.decode("good-a");
        Jwt second = cache.decode("good-a");

        assertThat(second).isSameAs(first);
        assertThat(verifications).containsExactly("good-a");
    }

    @Test
    void givenABadToken_whenDecodedTwice_thenBothAreRefusedAndNothingIsRemembered() {
        VerifiedTokenCache cache = new VerifiedTokenCache(delegate, 10, Duration.ofMinutes(5), clock);

        assertThatThrownBy(() -> cache.decode("forged")).isInstanceOf(BadJwtException.class);
        assertThatThrownBy(() -> cache.decode("forged")).isInstanceOf(BadJwtException.class);

        assertThat(verifications).containsExactly("forged", "forged");
        assertThat(cache.size()).isZero();
    }

    @Test
    void givenARememberedToken_whenMaxAgePasses_thenTheDelegateVerifiesItAgain() {
        VerifiedTokenCache cache = new VerifiedTokenCache(delegate, 10, Duration.ofMinutes(5), clock);
        cache.decode("good-a");

        clock.set(T0.plus(Duration.ofMinutes(4)).plusSeconds(59));
        cache.decode("good-a");
        clock.set(T0.plus(Duration.ofMinutes(5)));
        cache.decode("good-a");

        assertThat(verifications).containsExactly("good-a", "good-a");
    }

    @Test
    void givenATokenExpiringBeforeMaxAge_whenItExpires_thenItIsNoLongerAnsweredFromMemory() {
        tokenLife = Duration.ofMinutes(2);
        VerifiedTokenCache cache = new VerifiedTokenCache(delegate, 10, Duration.ofMinutes(5), clock);
        cache.decode("good-a");

        clock.set(T0.plus(Duration.ofMinutes(1)));
        cache.decode("good-a");
        clock.set(T0.plus(Duration.ofMinutes(2)));
        cache.decode("good-a");

        assertThat(verifications).containsExactly("good-a", "good-a");
    }

    @Test
    void givenAFullCache_whenANewTokenArrives_thenTheCacheStartsAfreshAndStaysWithinCapacity() {
        VerifiedTokenCache cache = new VerifiedTokenCache(delegate, 2, Duration.ofMinutes(5), clock);
        cache.decode("good-a");
        cache.decode("good-b");

        cache.decode("good-c");
        cache.decode("good-a");

        assertThat(cache.size()).isLessThanOrEqualTo(2);
        assertThat(verifications).containsExactly("good-a", "good-b", "good-c", "good-a");
    }

    @Test
    void givenNoCapacity_whenCreated_thenRefused() {
        assertThatThrownBy(() -> new VerifiedTokenCache(delegate, 0, Duration.ofMinutes(5), clock))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("capacity");
    }

    private static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void set(Instant instant) {
            now = instant;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
