package uk.transferofcare.simulator;

import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;

/**
 * The run's cases in arrival order: first the arrivals sampled for a period (a backfill, or a historic run), then, in
 * live mode, a Poisson stream of arrivals after them that never ends (the runner stops it).
 */
final class ChainSource {

    private final BiFunction<Integer, Instant, Chain> chains;
    private final List<Instant> sampled;
    private final double livePerDay;
    private final long maxCases;
    private final Random liveRandom;
    private int index;
    private Instant last;
    private Instant peeked;

    /**
     * @param sampled arrival instants of the period part, sorted
     * @param liveStart when live arrivals start (ignored when livePerDay is 0)
     * @param livePerDay live arrivals a day on the simulation clock; 0 = no live part
     * @param maxCases stop after this many cases in all; 0 = no limit
     */
    ChainSource(
            CaseGenerator generator,
            List<Instant> sampled,
            Instant liveStart,
            double livePerDay,
            long maxCases,
            long seed) {
        this(generator::generate, sampled, liveStart, livePerDay, maxCases, seed);
    }

    /** The chains {@code chains} makes for the index-th case arriving at an instant (hand-written ones in tests). */
    ChainSource(
            BiFunction<Integer, Instant, Chain> chains,
            List<Instant> sampled,
            Instant liveStart,
            double livePerDay,
            long maxCases,
            long seed) {
        this.chains = chains;
        this.sampled = List.copyOf(sampled);
        this.livePerDay = livePerDay;
        this.maxCases = maxCases;
        this.liveRandom = new Random(seed ^ 0x1CE4E5B9BF58476DL);
        this.last = liveStart;
    }

    /** The arrival of the next case, or null when there is none. */
    Instant peekArrival() {
        if (peeked != null) {
            return peeked;
        }
        if (maxCases > 0 && index >= maxCases) {
            return null;
        }
        if (index < sampled.size()) {
            peeked = sampled.get(index);
        } else if (livePerDay > 0) {
            Instant from = sampled.isEmpty() || last.isAfter(sampled.get(sampled.size() - 1))
                    ? last
                    : sampled.get(sampled.size() - 1);
            peeked = Rhythm.next(from, livePerDay, liveRandom);
        }
        return peeked;
    }

    Chain next() {
        Instant arrival = peekArrival();
        if (arrival == null) {
            return null;
        }
        peeked = null;
        last = arrival;
        return chains.apply(index++, arrival);
    }

    int generated() {
        return index;
    }

    boolean bounded() {
        return livePerDay <= 0 || maxCases > 0;
    }
}
