package uk.transferofcare.api.report;

import static org.assertj.core.api.Assertions.assertThat;
import static uk.transferofcare.api.report.ReportFixtures.id;
import static uk.transferofcare.api.report.ReportFixtures.noon;
import static uk.transferofcare.api.report.ReportFixtures.query;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import uk.transferofcare.testkit.TestDatabase;
import uk.transferofcare.testkit.WithPostgres;
import uk.transferofcare.vocabulary.DelayReason;
import uk.transferofcare.vocabulary.Disposition;
import uk.transferofcare.vocabulary.ReferralPathway;

/**
 * The codes of {@code report_flags} (migration V12, {@link ReportFlags}) against the vocabulary: one closed case per
 * outcome, disposition, referral pathway, delay reason, escalation level and flag, each on a day of its own, and each
 * counted under its own code and nowhere else in its family. A vocabulary value added without a code in the migration
 * fails here (or stops the API at start-up, where {@link ReportQueries} builds its counts). The reports read these
 * counts from the packed counters (migration V14); a count the database does not pack fails the first test.
 */
@WithPostgres
class ReportFlagsIT {

    private static final LocalDate FIRST_DAY = LocalDate.parse("2026-01-01");

    private ReportStore store;
    private int days;

    @BeforeEach
    void anEmptyReportTable(TestDatabase database) {
        store = ReportStore.on(database);
    }

    @Test
    void givenTheMigrations_thenEveryCountOfTheReportsIsPacked_eachInAFieldOfItsOwn() {
        int[] positions = store.queries().counterPositions();

        assertThat(positions).hasSize(ReportSql.COUNTED.size());
        for (int i = 0; i < positions.length; i++) {
            assertThat(positions[i])
                    .as(
                            "the position of %s among report_counters (a new count needs a migration like V14)",
                            ReportSql.COUNTED.get(i))
                    .isNotNegative();
        }
        assertThat(Arrays.stream(positions).distinct().count()).isEqualTo(positions.length);
    }

    @Test
    void givenOneClosedCasePerOutcome_whenReportedByDay_thenEachDayCountsItsOutcomeOnly() {
        List<String> outcomes = new ArrayList<>(ReportCodes.OUTCOMES);
        outcomes.add(ReportCodes.REFERRED_AT_SCENE);
        outcomes.add(ReportCodes.NOT_RECORDED);
        for (String outcome : outcomes) {
            store.closed(aCase(outcome, 0, null, null, List.of()));
        }

        List<GroupReport> groups = byDay();

        for (int i = 0; i < outcomes.size(); i++) {
            String outcome = outcomes.get(i);
            GroupReport day = groups.get(i);
            assertThat(day.cases()).as(outcome).isEqualTo(1);
            assertThat(day.open()).as(outcome).isZero();
            assertThat(day.outcomes()).as(outcome).isEqualTo(oneHot(ReportCodes.OUTCOMES, outcome));
            assertThat(day.avoidedByReferralAtScene())
                    .as(outcome)
                    .isEqualTo(outcome.equals(ReportCodes.REFERRED_AT_SCENE) ? 1 : 0);
            assertThat(day.closedNotRecorded()).as(outcome).isEqualTo(outcome.equals(ReportCodes.NOT_RECORDED) ? 1 : 0);
        }
    }

    @Test
    void givenOneClosedCasePerDisposition_whenReportedByDay_thenEachDayCountsItsDispositionOnly() {
        List<String> dispositions = names(Disposition.values());
        for (String disposition : dispositions) {
            store.closed(aCase("CLEARED", 0, disposition, null, List.of()));
        }

        List<GroupReport> groups = byDay();

        for (int i = 0; i < dispositions.size(); i++) {
            assertThat(groups.get(i).dispositions())
                    .as(dispositions.get(i))
                    .isEqualTo(oneHot(dispositions, dispositions.get(i)));
        }
    }

    @Test
    void givenOneReferralAtSceneCasePerPathway_whenReportedByDay_thenEachDayCountsItsPathwayOnly() {
        List<String> pathways = names(ReferralPathway.values());
        for (String pathway : pathways) {
            store.closed(aCase(ReportCodes.REFERRED_AT_SCENE, 0, null, pathway, List.of()));
        }
        // A pathway on a case that was not referred at the scene is no ED visit avoided.
        store.closed(aCase("CLEARED", 0, null, pathways.get(0), List.of()));

        List<GroupReport> groups = byDay();

        for (int i = 0; i < pathways.size(); i++) {
            assertThat(groups.get(i).avoidedByReferralAtScene()).isEqualTo(1);
            assertThat(groups.get(i).avoidedByReferralPathway())
                    .as(pathways.get(i))
                    .isEqualTo(oneHot(pathways, pathways.get(i)));
        }
        GroupReport cleared = groups.get(pathways.size());
        assertThat(cleared.avoidedByReferralAtScene()).isZero();
        assertThat(cleared.avoidedByReferralPathway()).isEqualTo(oneHot(pathways, null));
    }

    @Test
    void givenOneClosedCasePerDelayReasonAndOneWithAll_whenReportedByDay_thenEachReasonHasABitOfItsOwn() {
        List<String> reasons = names(DelayReason.values());
        for (String reason : reasons) {
            store.closed(aCase("CLEARED", 0, null, null, List.of(reason)));
        }
        store.closed(aCase("CLEARED", 0, null, null, reasons));

        List<GroupReport> groups = byDay();

        for (int i = 0; i < reasons.size(); i++) {
            assertThat(groups.get(i).delayReasons()).as(reasons.get(i)).isEqualTo(oneHot(reasons, reasons.get(i)));
        }
        assertThat(groups.get(reasons.size()).delayReasons().values()).containsOnly(1L);
    }

    @Test
    void givenEscalationLevelsZeroToFive_whenReportedByDay_thenEachLevelCountsInEveryLevelUpToIt() {
        for (int level = 0; level <= 5; level++) {
            store.closed(aCase("CLEARED", level, null, null, List.of()));
        }

        List<GroupReport> groups = byDay();

        for (int level = 0; level <= 5; level++) {
            Map<String, Long> expected = new LinkedHashMap<>();
            for (int mark = 1; mark <= ReportCodes.ESCALATION_LEVELS; mark++) {
                expected.put(Integer.toString(mark), level >= mark ? 1L : 0L);
            }
            assertThat(groups.get(level).escalations()).as("level " + level).isEqualTo(expected);
        }
    }

    @Test
    void givenEachFlagAloneOnAClosedCaseAndOnAnOpenOne_whenReportedByDay_thenOnlyTheClosedCaseCountsIt() {
        String day = nextDay();
        store.closed(flagged("complete", day, true, false, false, false));
        store.closed(flagged("breached", day, false, true, false, false));
        store.closed(flagged("repeat30", day, false, false, true, true));
        store.closed(flagged("repeat90", day, false, false, false, true));
        store.open(new OpenCase(id("open"), 1, "QEUH", "G", noon(day), null));

        GroupReport group = byDay().get(0);

        assertThat(group.cases()).isEqualTo(5);
        assertThat(group.open()).isEqualTo(1);
        assertThat(group.complete()).isEqualTo(1);
        assertThat(group.legalClockBreaches()).isEqualTo(1);
        assertThat(group.repeatAttendances30d()).isEqualTo(1);
        assertThat(group.repeatAttendances90d()).isEqualTo(2);
        assertThat(group.outcomes()).containsEntry("CLEARED", 4L);
    }

    private ClosedCase aCase(
            String outcome, int escalationLevel, String disposition, String pathway, List<String> delayReasons) {
        String day = nextDay();
        return new ClosedCase(
                id(outcome + escalationLevel + disposition + pathway + delayReasons + day),
                3,
                outcome,
                "QEUH",
                "G",
                noon(day),
                false,
                null,
                null,
                null,
                null,
                null,
                null,
                escalationLevel,
                false,
                false,
                false,
                disposition,
                pathway,
                null,
                delayReasons);
    }

    private static ClosedCase flagged(
            String name, String day, boolean complete, boolean breached, boolean repeat30, boolean repeat90) {
        return new ClosedCase(
                id(name), 3, "CLEARED", "QEUH", "G", noon(day), complete, null, null, null, null, null, null, 0,
                breached, repeat30, repeat90, null, null, null, List.of());
    }

    private String nextDay() {
        return FIRST_DAY.plusDays(days++).toString();
    }

    /** The groups of every day written so far, in order. */
    private List<GroupReport> byDay() {
        return store.report(query(FIRST_DAY.toString(), FIRST_DAY.plusDays(days).toString(), GroupBy.DAY))
                .groups();
    }

    private static Map<String, Long> oneHot(List<String> codes, String code) {
        Map<String, Long> expected = new LinkedHashMap<>();
        codes.forEach(c -> expected.put(c, c.equals(code) ? 1L : 0L));
        return expected;
    }

    private static List<String> names(Enum<?>[] values) {
        return Arrays.stream(values).map(Enum::name).toList();
    }
}
