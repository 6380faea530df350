package uk.transferofcare.support.security;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

/** An RSA key pair that signs real RS256 tokens with any claims, for the decoder tests. */
final class SigningKey {

    private final RSAPublicKey publicKey;
    private final NimbusJwtEncoder encoder;

    SigningKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            publicKey = (RSAPublicKey) pair.getPublic();
            RSAKey jwk = new RSAKey.Builder(publicKey)
                    .privateKey((RSAPrivateKey) pair.getPrivate())
                    .keyID("test")
                    .build();
            encoder = new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(jwk)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    RSAPublicKey publicKey() {
        return publicKey;
    }

    /** A token with these claims, issued now and valid until {@code expiresAt}. */
    String sign(Map<String, Object> claims, Instant expiresAt) {
        Instant now = Instant.now();
        JwtClaimsSet.Builder set =
                JwtClaimsSet.builder().issuedAt(now.isBefore(expiresAt) ? now : expiresAt.minusSeconds(60));
        set.expiresAt(expiresAt);
        claims.forEach(set::claim);
        return encoder.encode(JwtEncoderParameters.from(
                        JwsHeader.with(SignatureAlgorithm.RS256).keyId("test").build(), set.build()))
                .getTokenValue();
    }

    /** The public key as a PEM file in {@code dir}. */
    Path pem(Path dir) throws IOException {
        Path pem = dir.resolve("public.pem");
        Files.writeString(
                pem,
                "-----BEGIN PUBLIC KEY-----\n"
                        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                                .encodeToString(publicKey.getEncoded())
                        + "\n-----END PUBLIC KEY-----\n");
        return pem;
    }
}
