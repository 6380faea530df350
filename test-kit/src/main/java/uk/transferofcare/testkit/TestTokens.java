package uk.transferofcare.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Real RS256 bearer tokens for the services that trust a public key: one key pair per JVM, its public key written to a
 * temporary PEM file, every token issued by {@link #ISSUER} for {@link #AUDIENCE}. A service trusts them with
 * {@link #properties()} ({@code platform.security.jwt.public-key-location}, {@code issuer}, {@code audience}) or
 * {@link #environment()} (the same as environment variables). Signed with the JDK alone, so the test kit needs no JOSE
 * library.
 */
public final class TestTokens {

    /** The {@code iss} of every token. */
    public static final String ISSUER = "https://idp.test-kit.invalid";

    /** The {@code aud} of every token (one audience for the platform's services, as docker-compose configures them). */
    public static final String AUDIENCE = "transfer-of-care";

    private static final KeyPair KEYS = generate();
    private static final Path PUBLIC_KEY = writePublicKey();

    private TestTokens() {}

    /** The value of {@code platform.security.jwt.public-key-location} that trusts these tokens. */
    public static String publicKeyLocation() {
        return PUBLIC_KEY.toUri().toString();
    }

    /** The Spring properties with which a service trusts these tokens. */
    public static Map<String, String> properties() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("platform.security.jwt.public-key-location", publicKeyLocation());
        properties.put("platform.security.jwt.issuer", ISSUER);
        properties.put("platform.security.jwt.audience", AUDIENCE);
        return properties;
    }

    /** The environment variables with which a service trusts these tokens (as docker-compose and ./run set them). */
    public static Map<String, String> environment() {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("JWT_PUBLIC_KEY_LOCATION", publicKeyLocation());
        environment.put("JWT_ISSUER", ISSUER);
        environment.put("JWT_AUDIENCE", AUDIENCE);
        return environment;
    }

    /** A token valid for an hour for this user, role and organisation. */
    public static String token(String subject, String role, String org) {
        return token(subject, role, org, ISSUER, AUDIENCE, Instant.now().plus(Duration.ofHours(1)));
    }

    /** A token signed by the same key with any issuer, audience and expiry: for the tests of what is refused. */
    public static String token(
            String subject, String role, String org, String issuer, String audience, Instant expiresAt) {
        Instant now = Instant.now();
        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\"}";
        String claims = "{\"iss\":\"" + issuer + "\",\"aud\":[\"" + audience + "\"],\"sub\":\"" + subject
                + "\",\"role\":\"" + role + "\",\"org\":\"" + org + "\",\"iat\":"
                + Math.min(now.getEpochSecond(), expiresAt.getEpochSecond() - 60) + ",\"exp\":"
                + expiresAt.getEpochSecond() + ",\"jti\":\"" + UUID.randomUUID() + "\"}";
        String signingInput =
                b64(header.getBytes(StandardCharsets.UTF_8)) + "." + b64(claims.getBytes(StandardCharsets.UTF_8));
        try {
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initSign(KEYS.getPrivate());
            rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + b64(rsa.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code Bearer <token>} for an ADMIN. */
    public static String adminBearer() {
        return "Bearer " + token("admin-1", "ADMIN", "ADMIN");
    }

    private static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path writePublicKey() {
        try {
            Path file = Files.createTempFile("test-tokens-", ".pem");
            file.toFile().deleteOnExit();
            String pem = "-----BEGIN PUBLIC KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                            .encodeToString(KEYS.getPublic().getEncoded())
                    + "\n-----END PUBLIC KEY-----\n";
            Files.writeString(file, pem);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
