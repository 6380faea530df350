package uk.transferofcare.api.devtoken;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

/**
 * The local profile's token issuer: an RS256 key pair generated at start-up (never stored), so tokens minted by one
 * run are worthless to any other; or, when {@code ./run} starts several API instances behind one port, the key the
 * launcher generated for this run ({@link #fromKey}), so a token minted by one instance is good at every other.
 */
public final class DevTokenIssuer {

    private final RSAPublicKey publicKey;
    private final NimbusJwtEncoder encoder;
    private final String issuer;
    private final String audience;
    private final Duration ttl;
    private final Clock clock;
    private final String keyId;

    /**
     * With a key pair of its own, generated now.
     *
     * @param issuer the {@code iss} of every token
     * @param audience the {@code aud} of every token
     */
    public DevTokenIssuer(String issuer, String audience, Duration ttl, Clock clock) {
        this(generate(), UUID.randomUUID().toString(), issuer, audience, ttl, clock);
    }

    /**
     * With a given key pair, whose {@code kid} is its RFC 7638 thumbprint: every issuer holding the same key names it
     * alike, so one JWKS serves tokens from all of them.
     */
    public static DevTokenIssuer fromKey(KeyPair pair, String issuer, String audience, Duration ttl, Clock clock) {
        try {
            String thumbprint = new RSAKey.Builder((RSAPublicKey) pair.getPublic())
                    .build()
                    .computeThumbprint()
                    .toString();
            return new DevTokenIssuer(pair, thumbprint, issuer, audience, ttl, clock);
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }

    private DevTokenIssuer(KeyPair pair, String keyId, String issuer, String audience, Duration ttl, Clock clock) {
        this.keyId = keyId;
        this.publicKey = (RSAPublicKey) pair.getPublic();
        RSAKey jwk = new RSAKey.Builder(publicKey)
                .privateKey((RSAPrivateKey) pair.getPrivate())
                .keyID(keyId)
                .build();
        this.encoder = new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(jwk)));
        this.issuer = issuer;
        this.audience = audience;
        this.ttl = ttl;
        this.clock = clock;
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("RSA is part of every JVM", e);
        }
    }

    public RSAPublicKey publicKey() {
        return publicKey;
    }

    /** The {@code kid} of the key (in every token's header and in {@code /dev/jwks}). */
    public String keyId() {
        return keyId;
    }

    public String issuer() {
        return issuer;
    }

    public String audience() {
        return audience;
    }

    public Duration ttl() {
        return ttl;
    }

    /** A signed token for the user, role and organisation. */
    public String mint(String subject, String role, String org) {
        Instant now = clock.instant();
        JwtClaimsSet claims = JwtClaimsSet.builder()
                .issuer(issuer)
                .audience(java.util.List.of(audience))
                .subject(subject)
                .issuedAt(now)
                .expiresAt(now.plus(ttl))
                .id(UUID.randomUUID().toString())
                .claim("role", role)
                .claim("org", org)
                .build();
        JwsHeader header = JwsHeader.with(SignatureAlgorithm.RS256).keyId(keyId).build();
        return encoder.encode(JwtEncoderParameters.from(header, claims)).getTokenValue();
    }
}
