package uk.transferofcare.support.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * Remembers tokens whose signature and claims the delegate has already verified, so a phone or a board sending the
 * same bearer token with every request costs one RSA verification per token, not one per request. Profiling the
 * submission endpoint at its maximum showed the signature check at 18% of handover-api's CPU. Every service's decoder ({@link PlatformJwtDecoders})
 * has one.
 *
 * <p>Keyed by the exact token text (the bytes that were signed). A remembered token is answered from memory only
 * while it is unexpired and for at most {@code maxAge} after it was verified; after that it goes through the delegate
 * again, which applies every validator (issuer, expiry with its clock skew, the caller's claims). Failures are never
 * remembered. When the cache is full it is emptied: the next request per token pays one verification again.
 */
final class VerifiedTokenCache implements JwtDecoder {

    private final JwtDecoder delegate;
    private final int capacity;
    private final Duration maxAge;
    private final Clock clock;
    private final Map<String, Entry> verified = new ConcurrentHashMap<>();

    private record Entry(Jwt jwt, Instant validUntil) {}

    VerifiedTokenCache(JwtDecoder delegate, int capacity, Duration maxAge, Clock clock) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1");
        }
        this.delegate = delegate;
        this.capacity = capacity;
        this.maxAge = maxAge;
        this.clock = clock;
    }

    @Override
    public Jwt decode(String token) throws JwtException {
        Instant now = clock.instant();
        Entry entry = verified.get(token);
        if (entry != null) {
            if (now.isBefore(entry.validUntil())) {
                return entry.jwt();
            }
            verified.remove(token, entry);
        }
        Jwt jwt = delegate.decode(token);
        Instant validUntil = now.plus(maxAge);
        if (jwt.getExpiresAt() != null && jwt.getExpiresAt().isBefore(validUntil)) {
            validUntil = jwt.getExpiresAt();
        }
        if (now.isBefore(validUntil)) {
            if (verified.size() >= capacity) {
                verified.clear();
            }
            verified.put(token, new Entry(jwt, validUntil));
        }
        return jwt;
    }

    int size() {
        return verified.size();
    }
}
