package uk.transferofcare.api.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReportQueryTest {

    @Test
    void givenValidParameters_whenParsed_thenTheQueryHoldsThem() {
        assertThat(ReportQuery.parse("2026-03-01", "2026-04-01", "week", "QEUH", "G"))
                .isEqualTo(new ReportQuery(
                        LocalDate.parse("2026-03-01"), LocalDate.parse("2026-04-01"), GroupBy.WEEK, "QEUH", "G"));
    }

    @Test
    void givenBlankFilters_whenParsed_thenThereIsNoFilter() {
        assertThat(ReportQuery.parse("2026-03-01", "2026-03-02", "site", "", " "))
                .isEqualTo(new ReportQuery(
                        LocalDate.parse("2026-03-01"), LocalDate.parse("2026-03-02"), GroupBy.SITE, null, null));
    }

    @Test
    void givenNothing_whenParsed_thenEveryRequiredParameterIsNamed() {
        assertThat(errorsOf(null, null, null, null, null))
                .containsExactly(
                        new ParameterError(
                                "from", "required", "from is required, as a date YYYY-MM-DD (Europe/London)"),
                        new ParameterError("to", "required", "to is required, as a date YYYY-MM-DD (Europe/London)"),
                        new ParameterError(
                                "groupBy",
                                "required",
                                "groupBy is required: one or two of site, division, board, siteType, legalBasis, day, week, month, hour, weekday, separated by a comma"));
    }

    @Test
    void givenBadDatesAndAnUnknownGrouping_whenParsed_thenEachIsNamedWithItsRule() {
        assertThat(errorsOf("2026-02-30", "26-03-01", "quarter", "QE UH", "G;drop"))
                .containsExactly(
                        new ParameterError(
                                "from", "date", "from must be a date YYYY-MM-DD, e.g. 2026-03-29 (not '2026-02-30')"),
                        new ParameterError(
                                "to", "date", "to must be a date YYYY-MM-DD, e.g. 2026-03-29 (not '26-03-01')"),
                        new ParameterError(
                                "groupBy",
                                "enum",
                                "groupBy must be one or two of site, division, board, siteType, legalBasis, day, week, month, hour, weekday, separated by a comma"
                                        + " (not 'quarter')"),
                        new ParameterError(
                                "siteCode",
                                "pattern",
                                "siteCode must be a code such as QEUH or G: a capital letter, then up to 7 capitals or digits"),
                        new ParameterError(
                                "division",
                                "pattern",
                                "division must be a code such as QEUH or G: a capital letter, then up to 7 capitals or digits"));
    }

    @Test
    void givenTwoDimensions_whenParsed_thenBothAreKeptInTheirOrder() {
        assertThat(ReportQuery.parse("2026-03-01", "2026-03-02", "weekday,hour", null, null)
                        .groupBy())
                .containsExactly(GroupBy.WEEKDAY, GroupBy.HOUR);
        assertThat(ReportQuery.parse("2026-03-01", "2026-03-02", "siteType, board", null, null)
                        .groupBy())
                .containsExactly(GroupBy.SITE_TYPE, GroupBy.BOARD);
        assertThat(ReportQuery.parse("2026-03-01", "2026-03-02", "legalBasis", null, null)
                        .groupByParameter())
                .isEqualTo("legalBasis");
    }

    @ParameterizedTest(name = "groupBy={0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "hour,hour           | repeated  | groupBy names hour twice: two dimensions must differ (not 'hour,hour')",
                "site,division,day   | max-items | groupBy takes at most 2 dimensions separated by a comma, e.g."
                        + " weekday,hour (not 'site,division,day')",
                "weekday,            | enum      | groupBy must be one or two of site, division, board, siteType, legalBasis, day, week, month, hour, weekday, separated by a comma"
                        + " (not 'weekday,')",
                "Site                | enum      | groupBy must be one or two of site, division, board, siteType, legalBasis, day, week, month, hour, weekday, separated by a comma"
                        + " (not 'Site')",
                "site_type           | enum      | groupBy must be one or two of site, division, board, siteType, legalBasis, day, week, month, hour, weekday, separated by a comma"
                        + " (not 'site_type')"
            })
    void givenARepeatedUnknownOrThirdGrouping_whenParsed_thenGroupByIsNamedWithItsRule(
            String groupBy, String rule, String message) {
        assertThat(errorsOf("2026-03-01", "2026-03-02", groupBy, null, null))
                .containsExactly(new ParameterError("groupBy", rule, message));
    }

    @Test
    void givenToNotAfterFrom_whenParsed_thenToIsNamed() {
        assertThat(errorsOf("2026-03-10", "2026-03-10", "day", null, null))
                .containsExactly(new ParameterError(
                        "to",
                        "after-from",
                        "to (exclusive) must be after from (inclusive): 2026-03-10 to 2026-03-10 covers no day"));
    }

    @Test
    void givenMoreThanThreeYears_whenParsed_thenToIsNamedWithTheLatestAllowed() {
        assertThat(ReportQuery.parse("2024-02-29", "2027-02-28", "month", null, null)
                        .to())
                .isEqualTo(LocalDate.parse("2027-02-28"));
        assertThat(errorsOf("2024-02-29", "2027-03-01", "month", null, null))
                .containsExactly(new ParameterError(
                        "to",
                        "max-range",
                        "a report covers at most 3 years: to may be at most 2027-02-28 for from 2024-02-29"));
    }

    @Test
    void givenDistributionParameters_whenParsed_thenDefaultsApplyAndBadBinsAreNamed() {
        assertThat(DistributionQuery.parse("2026-03-01", "2026-03-08", null, null, null, null))
                .isEqualTo(new DistributionQuery(
                        LocalDate.parse("2026-03-01"), LocalDate.parse("2026-03-08"), null, null, 15, 360));
        ReportParameterException notMultiple = catchThrowableOfType(
                ReportParameterException.class,
                () -> DistributionQuery.parse("2026-03-01", "2026-03-08", "QEUH", null, "25", "360"));
        assertThat(notMultiple.errors())
                .containsExactly(new ParameterError(
                        "maxMinutes", "multiple", "maxMinutes (360) must be a multiple of binMinutes (25)"));
        ReportParameterException tooMany = catchThrowableOfType(
                ReportParameterException.class,
                () -> DistributionQuery.parse("2026-03-01", "2026-03-08", null, null, "1", "1440"));
        assertThat(tooMany.errors())
                .containsExactly(
                        new ParameterError("binMinutes", "range", "at most 500 bins: maxMinutes / binMinutes is 1440"));
        ReportParameterException notANumber = catchThrowableOfType(
                ReportParameterException.class,
                () -> DistributionQuery.parse(null, "2026-03-08", null, null, "ten", "0"));
        assertThat(notANumber.errors())
                .containsExactly(
                        new ParameterError(
                                "from", "required", "from is required, as a date YYYY-MM-DD (Europe/London)"),
                        new ParameterError(
                                "binMinutes",
                                "range",
                                "binMinutes must be a whole number of minutes between 1 and 1440"),
                        new ParameterError("maxMinutes", "range", "maxMinutes must be between 1 and 10080 (minutes)"));
    }

    private static List<ParameterError> errorsOf(
            String from, String to, String groupBy, String siteCode, String division) {
        return catchThrowableOfType(
                        ReportParameterException.class, () -> ReportQuery.parse(from, to, groupBy, siteCode, division))
                .errors();
    }
}
