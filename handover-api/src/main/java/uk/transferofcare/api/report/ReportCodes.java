package uk.transferofcare.api.report;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import uk.transferofcare.vocabulary.DelayReason;
import uk.transferofcare.vocabulary.Disposition;
import uk.transferofcare.vocabulary.ReferralPathway;

/**
 * What every handover-times report lists, in its order and even when zero: the outcomes, dispositions, referral
 * pathways, delay reasons, escalation levels and time thresholds of a {@link GroupReport}, and how sums of seconds
 * become its hours. The JSON members and CSV columns follow these lists; {@link ReportSql#COUNTED} counts them.
 */
final class ReportCodes {

    /** The terminal outcomes every report lists, in this order, even when zero. */
    static final List<String> OUTCOMES =
            List.of("CLEARED", "CANCELLED", "DIVERTED", "ABSCONDED", "ENDED_WITHOUT_HANDOVER");

    /** Handover within these many minutes: {@link GroupReport#handoverWithin}. */
    static final int[] WITHIN_MINUTES = {15, 30, 45, 60};

    /** The disposition codes every report lists, in this order, even when zero. */
    static final List<String> DISPOSITIONS =
            Arrays.stream(Disposition.values()).map(Enum::name).toList();

    /** The referral pathways every report lists, in this order, even when zero. */
    static final List<String> REFERRAL_PATHWAYS =
            Arrays.stream(ReferralPathway.values()).map(Enum::name).toList();

    /** The outcome of a case the officer referred at the point of contact: an ED visit avoided. */
    static final String REFERRED_AT_SCENE = "REFERRED_AT_SCENE";

    /**
     * The outcome of a stale case a supervisor closed because its end was never recorded: a data-quality gap. The
     * processor gives such a case no intervals (and no legal-clock breach), so it is in no time figure.
     */
    static final String NOT_RECORDED = "NOT_RECORDED";

    /** Time at the site over these many hours: the 4-hour ED standard and Public Health Scotland's 8 and 12. */
    static final int[] OVER_HOURS = {4, 8, 12};

    /**
     * The escalation levels reports count: the processor's three marks (handover.timers.escalation-minutes, 30, 60
     * and 120 minutes by default). A processor configured with more marks would have its higher levels left out as
     * levels of their own (a case that reached level 4 still counts in 1, 2 and 3).
     */
    static final int ESCALATION_LEVELS = 3;

    /** The delay reason codes every report counts, in this order, even when zero. */
    static final List<String> DELAY_REASONS =
            Arrays.stream(DelayReason.values()).map(Enum::name).toList();

    private static final BigDecimal SECONDS_PER_HOUR = BigDecimal.valueOf(3600);

    private ReportCodes() {}

    /** Every code with a count of zero, in order. */
    static Map<String, Long> zeros(List<String> codes) {
        Map<String, Long> map = new LinkedHashMap<>();
        codes.forEach(code -> map.put(code, 0L));
        return map;
    }

    /** Every delay reason code with a count of zero. */
    static Map<String, Long> noDelayReasons() {
        return zeros(DELAY_REASONS);
    }

    /** Seconds as hours to 2 decimals, half up. */
    static BigDecimal hours(long seconds) {
        return hours(BigDecimal.valueOf(seconds));
    }

    /** Seconds as hours to 2 decimals, half up. */
    static BigDecimal hours(BigDecimal seconds) {
        return seconds.divide(SECONDS_PER_HOUR, 2, RoundingMode.HALF_UP);
    }
}
