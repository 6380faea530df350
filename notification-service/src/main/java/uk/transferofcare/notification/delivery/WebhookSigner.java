package uk.transferofcare.notification.delivery;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The webhook signature: {@code X-Signature-SHA256: sha256=<hex>} where {@code <hex>} is the lower-case hex
 * HMAC-SHA256, keyed with the shared secret (UTF-8 bytes), of {@code <timestamp> + "." + <body>}; {@code <timestamp>}
 * is the {@code X-Signature-Timestamp} header (Unix seconds) and {@code <body>} the exact request body bytes (UTF-8
 * JSON). Receivers recompute it, compare in constant time, and reject timestamps older than a few minutes.
 */
final class WebhookSigner {

    static final String SIGNATURE_HEADER = "X-Signature-SHA256";
    static final String TIMESTAMP_HEADER = "X-Signature-Timestamp";
    static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;

    WebhookSigner(String secret) {
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
    }

    /** The header value for this timestamp and body. */
    String sign(long timestampSeconds, String body) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            mac.update((timestampSeconds + ".").getBytes(StandardCharsets.UTF_8));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }
}
