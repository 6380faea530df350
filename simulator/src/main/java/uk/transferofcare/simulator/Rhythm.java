package uk.transferofcare.simulator;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * When people in mental-health crisis arrive with police: a daily rhythm (quiet in the early morning, busiest in the
 * evening and around midnight) and a weekly one (Friday and Saturday nights busiest), by Europe/London local time, so
 * the clock changes shift the pattern in UTC as they should.
 */
final class Rhythm {

    static final ZoneId LONDON = ZoneId.of("Europe/London");

    /** Relative arrival rate by local hour 0..23; the mean is 1. */
    private static final double[] HOURLY = {
        1.30, 1.20, 1.00, 0.80, 0.60, 0.45, 0.40, 0.45, 0.55, 0.70, 0.80, 0.90,
        1.00, 1.00, 1.05, 1.10, 1.20, 1.30, 1.45, 1.55, 1.60, 1.60, 1.50, 1.40
    };

    private static final double HOURLY_MEAN;

    static {
        double sum = 0;
        for (double h : HOURLY) {
            sum += h;
        }
        HOURLY_MEAN = sum / HOURLY.length;
    }

    private Rhythm() {}

    /** Relative arrival rate at an instant (mean about 1 over a week). */
    static double rate(Instant at) {
        ZonedDateTime local = at.atZone(LONDON);
        return HOURLY[local.getHour()] / HOURLY_MEAN * weekly(local.getDayOfWeek(), local.getHour());
    }

    /** Friday and Saturday evenings and the early hours after them are busier; Tuesday and Wednesday quieter. */
    private static double weekly(DayOfWeek day, int hour) {
        boolean night = hour >= 18 || hour < 4;
        return switch (day) {
            case FRIDAY -> night ? 1.25 : 1.0;
            case SATURDAY -> night ? 1.30 : 1.10;
            case SUNDAY -> hour < 4 ? 1.25 : 1.0;
            case TUESDAY, WEDNESDAY -> 0.92;
            default -> 0.96;
        };
    }

    /** True in the hours when EDs are most stretched (handovers take longer). */
    static boolean busyHours(Instant at) {
        int hour = at.atZone(LONDON).getHour();
        return hour >= 22 || hour < 6;
    }

    static boolean weekend(Instant at) {
        DayOfWeek day = at.atZone(LONDON).getDayOfWeek();
        return day == DayOfWeek.SATURDAY || day == DayOfWeek.SUNDAY;
    }

    /**
     * Exactly {@code count} arrival instants in [from, to), distributed by the rhythm, sorted, with millisecond
     * precision.
     */
    static List<Instant> sample(Instant from, Instant to, int count, Random random) {
        long minutes = Duration.between(from, to).toMinutes();
        if (minutes <= 0) {
            throw new IllegalArgumentException("empty period " + from + " to " + to);
        }
        double[] cumulative = new double[(int) minutes];
        double total = 0;
        for (int m = 0; m < minutes; m++) {
            total += rate(from.plusSeconds(60L * m));
            cumulative[m] = total;
        }
        List<Instant> arrivals = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            double u = random.nextDouble() * total;
            int lo = 0;
            int hi = cumulative.length - 1;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (cumulative[mid] > u) {
                    hi = mid;
                } else {
                    lo = mid + 1;
                }
            }
            arrivals.add(from.plusSeconds(60L * lo).plusMillis(random.nextInt(60_000)));
        }
        arrivals.sort(null);
        return arrivals;
    }

    /**
     * The next arrival after {@code after} of a Poisson process with {@code perDay} arrivals a day on average,
     * modulated by the rhythm (by thinning: candidates at the peak rate, kept with probability rate/peak).
     */
    static Instant next(Instant after, double perDay, Random random) {
        double peak = 1.60 / HOURLY_MEAN * 1.30;
        double peakPerMilli = perDay * peak / 86_400_000.0;
        Instant t = after;
        while (true) {
            double gap = -Math.log(1 - random.nextDouble()) / peakPerMilli;
            t = t.plusMillis(Math.max(1, (long) gap));
            if (random.nextDouble() * peak <= rate(t)) {
                return t;
            }
        }
    }
}
