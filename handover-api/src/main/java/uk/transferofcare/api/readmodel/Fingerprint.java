package uk.transferofcare.api.readmodel;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import uk.transferofcare.events.HandoverSubmission;

/**
 * What makes a re-sent submission "the same": case, type, occurredAt, the submitting user and every detail. Not the
 * receipt time, the device's channel flags or the role/org claims (a refreshed token may differ in those). The same
 * eventId with another fingerprint is a client bug and is refused.
 */
public final class Fingerprint {

    private Fingerprint() {}

    public static String of(HandoverSubmission s) {
        String canonical = s.getCaseId() + "|" + s.getType() + "|"
                + s.getOccurredAt().toEpochMilli() + "|" + s.getActor().getUserId() + "|" + s.getDetails();
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }
}
