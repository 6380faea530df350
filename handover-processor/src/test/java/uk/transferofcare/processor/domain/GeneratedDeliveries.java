package uk.transferofcare.processor.domain;

import java.util.List;
import java.util.Random;

/**
 * The generated histories of this package's properties ({@link TrueHistory}, {@link Delivery}) for tests of other
 * packages: the case store's property in {@code stream} stores every case file they lead to.
 */
public final class GeneratedDeliveries {

    private GeneratedDeliveries() {}

    /**
     * The submissions of a random true history in one random arrival order (resends, regenerated eventIds, late
     * events), with injected invalid submissions when {@code withInvalid}.
     */
    public static List<Submission> submissions(Random random, boolean withInvalid) {
        return Delivery.of(TrueHistory.generate(random), random, withInvalid).submissions;
    }
}
