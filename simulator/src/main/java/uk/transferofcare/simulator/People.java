package uk.transferofcare.simulator;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Random;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The people the simulated cases are about, for repeat attendance: a stable pseudonymous key per person, computed as
 * the officers' and ED staff's clients do (HMAC-SHA256 of the normalised CHI number under a key only those clients
 * hold; here a test key), so the platform sees only the key.
 *
 * <p>The population: most cases are a person seen once; {@link #FREQUENT} of them are one of {@link #FREQUENT_PEOPLE}
 * frequent attenders (several visits in a run, as a few people in life attend many times in 90 days); for {@link
 * #NO_KEY} of them the device sends no key (no CHI and no force identifier at hand). Decided by the run's seed and the
 * case's index alone, with a generator of its own, so the rest of every story stays as it was.
 */
final class People {

    /** The simulator's HMAC key: a test key, never a real one. */
    static final String TEST_HMAC_KEY = "transfer-of-care-simulator-test-key";

    static final double NO_KEY = 0.10;
    static final double FREQUENT = 0.15;
    static final int FREQUENT_PEOPLE = 40;

    private final long seed;

    People(long seed) {
        this.seed = seed;
    }

    /** The person key the devices send for the index-th case, or null when they send none. */
    String keyOf(int index) {
        Random r = new Random(seed * 0x2545F4914F6CDD1DL + index * 0x9E3779B97F4A7C15L + 0x5EED);
        if (r.nextDouble() < NO_KEY) {
            return null;
        }
        long person = r.nextDouble() < FREQUENT ? r.nextInt(FREQUENT_PEOPLE) : FREQUENT_PEOPLE + (long) index;
        return hmac(normalise(chi(person)));
    }

    /** A CHI-shaped number (ten digits, with the spaces a form shows) of a simulated person. */
    String chi(long person) {
        long digits = Math.floorMod(seed * 1_000_003L + person * 7_919L, 9_000_000_000L) + 1_000_000_000L;
        String text = Long.toString(digits);
        return text.substring(0, 6) + " " + text.substring(6);
    }

    /** The normalised CHI number: digits only. */
    static String normalise(String chi) {
        return chi.replaceAll("[^0-9]", "").toLowerCase(Locale.ROOT);
    }

    /** HMAC-SHA256 of the normalised identifier under the test key, as 64 lowercase hex characters. */
    static String hmac(String normalised) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(TEST_HMAC_KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(normalised.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JVM", e);
        }
    }
}
