package uk.transferofcare.api.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SummaryTest {

    @Test
    void givenNoValues_whenSummarised_thenOnlyTheCountIsKnown() {
        assertThat(Summary.of(new long[0], 0)).isEqualTo(new Summary(0, null, null, null, null));
    }

    @Test
    void givenOneValue_whenSummarised_thenEveryStatisticIsThatValue() {
        assertThat(Summary.of(new long[] {1234}, 1)).isEqualTo(new Summary(1, 1234L, 1234L, 1234L, 1234L));
    }

    @Test
    void givenTwoValues_whenSummarised_thenTheMedianIsTheLowerByNearestRank() {
        // median rank ⌈0.5 · 2⌉ = 1 → 10; p90 rank ⌈1.8⌉ = 2 → 20; mean 15
        assertThat(Summary.of(new long[] {20, 10}, 2)).isEqualTo(new Summary(2, 10L, 20L, 15L, 20L));
    }

    @Test
    void givenTenValues_whenSummarised_thenP90IsTheNinthAndTheMeanIsRoundedHalfUp() {
        // sorted 1..10 → median rank 5 → 5; p90 rank 9 → 9; mean 55/10 = 5.5 → 6 (half up); max 10
        assertThat(Summary.of(new long[] {10, 9, 8, 7, 6, 5, 4, 3, 2, 1}, 10))
                .isEqualTo(new Summary(10, 5L, 9L, 6L, 10L));
    }

    @Test
    void givenElevenValues_whenSummarised_thenP90IsTheTenth() {
        // sorted 100..1100 step 100; median rank ⌈5.5⌉ = 6 → 600; p90 rank ⌈9.9⌉ = 10 → 1000; mean 6600/11 = 600
        assertThat(Summary.of(new long[] {1100, 100, 200, 300, 400, 500, 600, 700, 800, 900, 1000}, 11))
                .isEqualTo(new Summary(11, 600L, 1000L, 600L, 1100L));
    }

    @Test
    void givenALongerArray_whenSummarisingAPrefix_thenOnlyThePrefixIsRead() {
        // prefix {3, 1, 2}: median rank 2 → 2; p90 rank ⌈2.7⌉ = 3 → 3; mean 2
        assertThat(Summary.of(new long[] {3, 1, 2, 999, 999}, 3)).isEqualTo(new Summary(3, 2L, 3L, 2L, 3L));
    }

    @ParameterizedTest(name = "{0} values: median rank {1}, p90 rank {2}")
    @CsvSource({
        "1, 1, 1",
        "2, 1, 2",
        "3, 2, 3",
        "9, 5, 9",
        "10, 5, 9",
        "11, 6, 10",
        "19, 10, 18",
        "20, 10, 18",
        "21, 11, 19",
        "1000000, 500000, 900000"
    })
    void givenACount_whenRanked_thenTheRankIsTheCeilingOfPTimesNOverAHundred(int n, int median, int p90) {
        assertThat(new int[] {Summary.nearestRank(50, n), Summary.nearestRank(90, n)})
                .containsExactly(median, p90);
    }

    @ParameterizedTest(name = "{0}/{1} → {2}")
    @CsvSource({"3, 2, 2", "5, 2, 3", "7, 4, 2", "6, 4, 2", "5, 4, 1", "2, 3, 1", "1, 3, 0", "0, 5, 0"})
    void givenASumAndCount_whenTheMeanIsRounded_thenHalvesGoUp(long sum, long n, long mean) {
        // 1.5 → 2, 2.5 → 3, 1.75 → 2, 1.5 → 2, 1.25 → 1, 0.67 → 1, 0.33 → 0
        assertThat(Summary.roundHalfUp(sum, n)).isEqualTo(mean);
    }

    @ParameterizedTest(name = "{0} s → {1} h")
    @CsvSource({
        "0, 0.00",
        "17, 0.00",
        "18, 0.01",
        "1800, 0.50",
        "5400, 1.50",
        "12400, 3.44",
        "53100, 14.75",
        "3599982, 1000.00"
    })
    void givenSeconds_whenConvertedToHours_thenTwoDecimalsRoundedHalfUp(long seconds, String hours) {
        // 17 s = 0.00472 h → 0.00; 18 s = 0.005 h → 0.01 (half up); 3599982 s = 999.995 h → 1000.00
        assertThat(ReportCodes.hours(seconds)).isEqualTo(new java.math.BigDecimal(hours));
    }
}
