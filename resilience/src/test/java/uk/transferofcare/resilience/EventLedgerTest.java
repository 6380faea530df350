package uk.transferofcare.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import uk.transferofcare.resilience.EventLedger.Event;

class EventLedgerTest {

    private static Event event(String caseId, long sequence, String eventId) {
        return new Event(caseId, eventId, sequence, "ARRIVED", null, null, null, true);
    }

    private static Event escalated(String caseId, long sequence, int level) {
        return new Event(
                caseId,
                "esc-" + caseId + "-" + level + "-" + sequence,
                sequence,
                "ESCALATED",
                level,
                30 * level,
                null,
                true);
    }

    private static Event warning(String caseId, long sequence, int minutes, long deadline) {
        return new Event(
                caseId,
                "warn-" + caseId + "-" + sequence,
                sequence,
                "LEGAL_CLOCK_WARNING",
                null,
                minutes,
                deadline,
                true);
    }

    @Test
    void givenEachCaseNumberedOneToNOnceWithEachMarkOnce_thenClean_andTheMarksAreCounted() {
        EventLedger.Result result = EventLedger.judge(List.of(
                event("a", 1, "e1"),
                event("b", 1, "e2"),
                escalated("a", 2, 1),
                escalated("a", 3, 2),
                warning("a", 4, 60, 1_000L),
                // The clock extended: the same threshold before a new deadline is another mark.
                warning("a", 5, 60, 2_000L),
                event("b", 2, "e3")));

        assertThat(result.clean()).isTrue();
        assertThat(result.cases()).isEqualTo(2);
        assertThat(result.events()).isEqualTo(7);
        assertThat(result.escalations()).isEqualTo(2);
        assertThat(result.warnings()).isEqualTo(2);
        assertThat(result.examples()).isEmpty();
    }

    @Test
    void givenAnEventWrittenTwice_thenItIsAppliedTwice() {
        EventLedger.Result result =
                EventLedger.judge(List.of(event("a", 1, "e1"), event("a", 2, "e2"), event("a", 2, "e2")));

        assertThat(result.twice()).isEqualTo(1);
        assertThat(result.gaps()).isZero();
        assertThat(result.clean()).isFalse();
        assertThat(result.examples()).containsExactly("a: sequence 2 twice");
    }

    @Test
    void givenOneSubmissionAppliedAgainUnderTheNextSequence_thenItsEventIdGivesItAway() {
        EventLedger.Result result =
                EventLedger.judge(List.of(event("a", 1, "e1"), event("a", 2, "e2"), event("a", 3, "e2")));

        assertThat(result.twice()).isEqualTo(1);
        assertThat(result.examples()).containsExactly("a: event e2 twice");
    }

    @Test
    void givenAMarkFiredAgainUnderANewIdAndSequence_thenItIsAMarkTwice() {
        EventLedger.Result result = EventLedger.judge(List.of(
                event("a", 1, "e1"),
                escalated("a", 2, 1),
                escalated("a", 3, 1),
                warning("a", 4, 60, 1_000L),
                warning("a", 5, 60, 1_000L)));

        assertThat(result.twice()).isZero();
        assertThat(result.marksTwice()).isEqualTo(2);
        assertThat(result.clean()).isFalse();
        assertThat(result.examples())
                .containsExactly("a: ESCALATED level 1 twice, LEGAL_CLOCK_WARNING 60 min before 1000 twice");
    }

    @Test
    void givenSequencesMissingBelowTheHighest_thenEachCountsAsAGap() {
        EventLedger.Result result =
                EventLedger.judge(List.of(event("a", 1, "e1"), event("a", 4, "e4"), event("b", 2, "e5")));

        assertThat(result.gaps()).isEqualTo(3);
        assertThat(result.clean()).isFalse();
        assertThat(result.examples())
                .containsExactly("a: 2 of sequences 1..4 missing", "b: 1 of sequences 1..2 missing");
    }

    @Test
    void givenARowWhoseEventsHoldAMarkTwice_thenTheRowFailsAndTheTableSaysSo_andARowWithoutTheLedgerFailsToo() {
        Fault none = Fault.parse("none").get(0);
        FaultSuite.Row unread = new FaultSuite.Row(
                none,
                SimulatorResultTest.cleanResult(),
                Duration.ZERO,
                Optional.empty(),
                Optional.of(new Reports(13, 0, 100)),
                "",
                List.of());
        EventLedger.Result clean = EventLedger.judge(List.of(event("a", 1, "e1"), escalated("a", 2, 1)));
        EventLedger.Result markTwice =
                EventLedger.judge(List.of(event("a", 1, "e1"), escalated("a", 2, 1), escalated("a", 3, 1)));
        FaultSuite.Options options = FaultSuite.Options.parse(new String[0], Path.of("."));

        assertThat(unread.withLedger(clean).clean()).isTrue();
        assertThat(unread.clean()).as("a row whose events were not read").isFalse();
        assertThat(ResultTable.markdown(List.of(unread), options)).contains("(events not read)");
        assertThat(unread.withLedger(markTwice).clean()).isFalse();
        assertThat(ResultTable.markdown(List.of(unread.withLedger(markTwice)), options))
                .contains("(of 3 events 0 twice, 0 missing; 2 escalations and warnings, 1 twice)");
    }
}
