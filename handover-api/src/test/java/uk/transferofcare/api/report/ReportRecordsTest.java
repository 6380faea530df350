package uk.transferofcare.api.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import org.apache.avro.util.ClassSecurityValidator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import uk.transferofcare.events.CaseSnapshot;
import uk.transferofcare.events.CaseState;
import uk.transferofcare.events.CompletedCase;
import uk.transferofcare.events.DataQuality;
import uk.transferofcare.events.Intervals;
import uk.transferofcare.events.LegalBasis;
import uk.transferofcare.events.TimePoints;

class ReportRecordsTest {

    @BeforeAll
    static void trustTheGeneratedClasses() {
        // Avro 1.12 builds defaults only for trusted classes; in the application the platform's serde trusts the
        // package when it is configured.
        ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(
                ClassSecurityValidator.getGlobal(), type -> type.getName().startsWith("uk.transferofcare.events.")));
    }

    @ParameterizedTest(name = "arrived {0} → London day {1}")
    @CsvSource({
        // BST starts on Sunday 29 March 2026 at 01:00 UTC (01:00 GMT becomes 02:00 BST).
        "2026-03-28T23:30:00Z, 2026-03-28", // 23:30 GMT on the 28th
        "2026-03-29T00:30:00Z, 2026-03-29", // 00:30 GMT on the 29th: still GMT, same day
        "2026-03-29T00:59:59Z, 2026-03-29", // 00:59:59 GMT, the last second of GMT
        "2026-03-29T01:00:00Z, 2026-03-29", // 02:00 BST
        "2026-03-29T22:59:59Z, 2026-03-29", // 23:59:59 BST
        "2026-03-29T23:00:00Z, 2026-03-30", // 00:00 BST on the 30th: a summer 23:xxZ is the next London day
        "2026-07-01T23:30:00Z, 2026-07-02", // 00:30 BST on 2 July
        // BST ends on Sunday 25 October 2026 at 01:00 UTC (02:00 BST becomes 01:00 GMT).
        "2026-10-24T22:59:59Z, 2026-10-24", // 23:59:59 BST on the 24th
        "2026-10-24T23:30:00Z, 2026-10-25", // 00:30 BST on the 25th
        "2026-10-25T00:30:00Z, 2026-10-25", // 01:30 BST (the first 01:30 of that day)
        "2026-10-25T01:30:00Z, 2026-10-25", // 01:30 GMT (the second 01:30)
        "2026-10-25T23:30:00Z, 2026-10-25", // 23:30 GMT: winter UTC and London agree
        "2026-12-31T23:59:59Z, 2026-12-31",
        "2027-01-01T00:00:00Z, 2027-01-01"
    })
    void givenAnArrivalInstant_whenMapped_thenTheReportDayIsTheEuropeLondonCalendarDay(String arrived, String day) {
        CompletedCase record =
                completed(Instant.parse(arrived), Instant.parse(arrived).minusSeconds(3600));

        assertThat(ReportRecords.closed(record).reportDay()).isEqualTo(LocalDate.parse(day));
    }

    @Test
    void givenACaseThatNeverArrived_whenMapped_thenTheReportDayIsThatOfTheFirstEvent() {
        // First event 23:10 UTC on 30 June = 00:10 BST on 1 July.
        CompletedCase cancelled = CompletedCase.newBuilder(completed(null, Instant.parse("2026-06-30T23:10:00Z")))
                .setOutcome(CaseState.CANCELLED)
                .setComplete(false)
                .build();

        assertThat(ReportRecords.closed(cancelled))
                .isEqualTo(new ClosedCase(
                        "7d1f5b8e-3c2a-4f6e-9b1d-2a4c6e8f0a1b",
                        6,
                        "CANCELLED",
                        "QEUH",
                        "G",
                        Instant.parse("2026-06-30T23:10:00Z"),
                        false,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        0,
                        false));
        assertThat(ReportRecords.closed(cancelled).reportDay()).isEqualTo(LocalDate.parse("2026-07-01"));
    }

    @Test
    void givenACompletedCase_whenMapped_thenEveryFieldTheReportsUseIsCarried() {
        Instant arrived = Instant.parse("2026-03-10T10:00:00Z");
        CompletedCase record = CompletedCase.newBuilder(completed(arrived, arrived.minusSeconds(600)))
                .setArrivalToAcknowledgedSeconds(60L)
                .setHandoverSeconds(1800L)
                .setHandoverToClearSeconds(600L)
                .setTimeAtEdSeconds(2400L)
                .setOfficerSeconds(4800L)
                .setLegalBasis(LegalBasis.S297)
                .setMaxEscalationLevel(2)
                .setLegalClockBreached(true)
                .build();

        assertThat(ReportRecords.closed(record))
                .isEqualTo(new ClosedCase(
                        "7d1f5b8e-3c2a-4f6e-9b1d-2a4c6e8f0a1b",
                        6,
                        "CLEARED",
                        "QEUH",
                        "G",
                        arrived,
                        true,
                        60L,
                        1800L,
                        600L,
                        2400L,
                        4800L,
                        "S297",
                        2,
                        true));
    }

    @Test
    void givenAnOpenSnapshotNotYetArrived_whenMapped_thenTheDayIsThatOfTheEarliestPointRemovedAtIncluded() {
        // Removed 22:50 UTC on 29 March = 23:50 BST on the 29th; pre-alerted 23:20 UTC = 00:20 BST on the 30th.
        TimePoints points = TimePoints.newBuilder()
                .setRemovedAt(Instant.parse("2026-03-29T22:50:00Z"))
                .setPreAlertedAt(Instant.parse("2026-03-29T23:20:00Z"))
                .setEta(Instant.parse("2026-03-29T21:00:00Z")) // an expectation, not a point
                .build();

        assertThat(ReportRecords.open(snapshot(true, points)))
                .contains(new OpenCase(
                        "7d1f5b8e-3c2a-4f6e-9b1d-2a4c6e8f0a1b",
                        3,
                        "QEUH",
                        "G",
                        Instant.parse("2026-03-29T22:50:00Z"),
                        null));
        assertThat(ReportRecords.open(snapshot(true, points)).orElseThrow().reportDay())
                .isEqualTo(LocalDate.parse("2026-03-29"));
    }

    @Test
    void givenAnOpenSnapshotThatArrived_whenMapped_thenTheDayIsThatOfArrival() {
        TimePoints points = TimePoints.newBuilder()
                .setRemovedAt(Instant.parse("2026-03-29T22:50:00Z"))
                .setArrivedAt(Instant.parse("2026-03-29T23:20:00Z"))
                .build();

        assertThat(ReportRecords.open(snapshot(true, points)))
                .contains(new OpenCase(
                        "7d1f5b8e-3c2a-4f6e-9b1d-2a4c6e8f0a1b",
                        3,
                        "QEUH",
                        "G",
                        Instant.parse("2026-03-29T23:20:00Z"),
                        null));
        assertThat(ReportRecords.open(snapshot(true, points)).orElseThrow().reportDay())
                .isEqualTo(LocalDate.parse("2026-03-30"));
    }

    @Test
    void givenASnapshotOfAClosedCase_whenMapped_thenNothingIsTakenFromIt() {
        TimePoints points = TimePoints.newBuilder()
                .setArrivedAt(Instant.parse("2026-03-10T10:00:00Z"))
                .build();

        assertThat(ReportRecords.open(snapshot(false, points))).isEmpty();
    }

    private static CompletedCase completed(Instant arrivedAt, Instant firstEventAt) {
        return CompletedCase.newBuilder()
                .setCaseId("7d1f5b8e-3c2a-4f6e-9b1d-2a4c6e8f0a1b")
                .setVersion(6)
                .setOutcome(CaseState.CLEARED)
                .setSiteCode("QEUH")
                .setPoliceDivision("G")
                .setFirstEventAt(firstEventAt)
                .setArrivedAt(arrivedAt)
                .setComplete(true)
                .setRecordedAt(Instant.parse("2026-11-25T12:00:00Z"))
                .build();
    }

    private static CaseSnapshot snapshot(boolean open, TimePoints points) {
        return CaseSnapshot.newBuilder()
                .setCaseId("7d1f5b8e-3c2a-4f6e-9b1d-2a4c6e8f0a1b")
                .setVersion(3)
                .setState(open ? CaseState.PRE_ALERTED : CaseState.CLEARED)
                .setOpen(open)
                .setSiteCode("QEUH")
                .setPoliceDivision("G")
                .setPoints(points)
                .setIntervals(Intervals.newBuilder().build())
                .setDataQuality(DataQuality.newBuilder().build())
                .setOpenedAt(Instant.parse("2026-03-29T23:21:00Z"))
                .setUpdatedAt(Instant.parse("2026-03-29T23:21:00Z"))
                .setLastEventId("0b7f0d1e-0000-4000-8000-000000000001")
                .build();
    }
}
