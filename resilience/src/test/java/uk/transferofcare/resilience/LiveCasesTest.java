package uk.transferofcare.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import uk.transferofcare.resilience.EventLedger.Event;
import uk.transferofcare.resilience.LiveCases.Kind;
import uk.transferofcare.resilience.LiveCases.LiveCase;

/** The suite's live cases: marks due on the processor's clock during a row, and the judgement of what fired. */
class LiveCasesTest {

    private static final Instant NOW = Instant.parse("2026-12-07T03:00:00.750Z");

    @Test
    void givenAPlan_thenEachMarkFallsDueInTheRowAndTheClosedEarlyCasesFirstMarkLongAfterTheirHandover() {
        List<LiveCase> plan = LiveCases.plan(2, 1, 1, NOW, Duration.ofSeconds(20), Duration.ofSeconds(12));

        Instant start = Instant.parse("2026-12-07T03:00:00Z");
        assertThat(plan)
                .extracting(LiveCase::kind)
                .containsExactly(Kind.ESCALATION, Kind.ESCALATION, Kind.LEGAL_CLOCK, Kind.CLOSED_EARLY);
        assertThat(plan)
                .extracting(LiveCase::dueAt)
                .containsExactly(
                        start.plusSeconds(20), start.plusSeconds(32), start.plusSeconds(44), start.plusSeconds(1500));
        // The first escalation threshold (30 min) after arrival; the S136 warning 240 min before a 24 h clock.
        assertThat(plan.get(0).arrivedAt()).isEqualTo(start.plusSeconds(20).minus(Duration.ofMinutes(30)));
        assertThat(plan.get(2).arrivedAt()).isEqualTo(start.plusSeconds(44).minus(Duration.ofHours(20)));
        assertThat(plan.get(3).arrivedAt()).isEqualTo(start.minus(Duration.ofMinutes(5)));
        assertThat(plan).extracting(LiveCase::caseId).doesNotHaveDuplicates();
    }

    @Test
    void givenEveryMarkDueOnceWithItsNotifyFlag_thenClean() {
        List<LiveCase> plan = LiveCases.plan(1, 1, 1, NOW, Duration.ofSeconds(20), Duration.ofSeconds(12));

        LiveCases.Result result = LiveCases.judge(plan, dueMarks(plan), List.of());

        assertThat(result).isEqualTo(new LiveCases.Result(3, 5, 5, 0, List.of()));
        assertThat(result.clean()).isTrue();
    }

    @Test
    void givenAMarkTwiceMissingNotDueOrWithTheWrongFlag_thenEachIsWrongAndNamed() {
        List<LiveCase> plan = LiveCases.plan(1, 1, 1, NOW, Duration.ofSeconds(20), Duration.ofSeconds(12));
        String escalation = plan.get(0).caseId();
        String clock = plan.get(1).caseId();
        String closed = plan.get(2).caseId();
        List<Event> events = new ArrayList<>(dueMarks(plan));
        events.add(escalated(escalation, 1, true)); // fired again after a crash
        events.removeIf(e -> e.caseId().equals(clock) && "LEGAL_CLOCK_WARNING".equals(e.type())); // never fired
        events.add(escalated(closed, 1, false)); // the handover came first on the timeline
        events.replaceAll(e -> e.caseId().equals(clock) && Integer.valueOf(2).equals(e.escalationLevel())
                ? escalated(clock, 2, true) // notified though 19 h past
                : e);

        LiveCases.Result result =
                LiveCases.judge(plan, events, List.of("CLEARED of live case x without a final answer"));

        assertThat(result.clean()).isFalse();
        assertThat(result.wrong()).isEqualTo(5);
        assertThat(result.examples())
                .containsExactly(
                        "CLEARED of live case x without a final answer",
                        "escalation case " + escalation + ": ESCALATED level 1 2 times",
                        "legal_clock case " + clock + ": ESCALATED level 2 notified though past the horizon",
                        "legal_clock case " + clock + ": LEGAL_CLOCK_WARNING 240 min before "
                                + plan.get(1)
                                        .arrivedAt()
                                        .plus(Duration.ofHours(24))
                                        .toEpochMilli() + " missing",
                        "closed_early case " + closed + ": ESCALATED level 1 not due");
    }

    /** What the processor must record for the plan: each mark once, notifying only inside the horizon. */
    private static List<Event> dueMarks(List<LiveCase> plan) {
        List<Event> events = new ArrayList<>();
        for (LiveCase c : plan) {
            events.add(new Event(c.caseId(), c.caseId() + "-arrived", 1, "ARRIVED", null, null, null, true));
            if (c.kind() == Kind.ESCALATION) {
                events.add(escalated(c.caseId(), 1, true));
            } else if (c.kind() == Kind.LEGAL_CLOCK) {
                for (int level = 1; level <= 3; level++) {
                    events.add(escalated(c.caseId(), level, false));
                }
                events.add(new Event(
                        c.caseId(),
                        c.caseId() + "-warning",
                        5,
                        "LEGAL_CLOCK_WARNING",
                        null,
                        240,
                        c.arrivedAt().plus(Duration.ofHours(24)).toEpochMilli(),
                        true));
            }
        }
        return events;
    }

    private static Event escalated(String caseId, int level, boolean notify) {
        return new Event(caseId, caseId + "-esc-" + level, 1 + level, "ESCALATED", level, 30 * level, null, notify);
    }
}
