package uk.transferofcare.processor.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static uk.transferofcare.processor.domain.Fixtures.ED;
import static uk.transferofcare.processor.domain.Fixtures.OFFICER;
import static uk.transferofcare.processor.domain.Fixtures.SITE;
import static uk.transferofcare.processor.domain.Fixtures.arrive;
import static uk.transferofcare.processor.domain.Fixtures.correct;
import static uk.transferofcare.processor.domain.Fixtures.min;
import static uk.transferofcare.processor.domain.Fixtures.submit;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import uk.transferofcare.vocabulary.AssessmentMode;
import uk.transferofcare.vocabulary.CaseState;
import uk.transferofcare.vocabulary.EventType;
import uk.transferofcare.vocabulary.Role;
import uk.transferofcare.vocabulary.RuleCode;
import uk.transferofcare.vocabulary.TimePoint;

/**
 * ACTION_UNDONE: ED staff withdraw their own ACKNOWLEDGED, HANDOVER_STARTED, HANDED_OVER or ASSESSMENT_STARTED within
 * the undo window (5 minutes), while nothing on the main path followed it. Points are received 10 s after they
 * happened (Fixtures.DELIVERY).
 */
class UndoRuleTest {

    private static final Actor OTHER_NURSE = new Actor("RN0046", Role.ED_STAFF, SITE);

    private static Fixtures.Builder undo(String eventId, String undone, Instant at) {
        return submit(eventId, EventType.ACTION_UNDONE, at).details(Details.EMPTY.withUndoneEventId(undone));
    }

    /** Arrived at minute 0 (police), acknowledged by RN0045 at minute 5 (received 10:05:10). */
    private static Fixtures.Run acknowledged() {
        return Fixtures.Run.of(arrive("e1", min(0)), submit("e2", EventType.ACKNOWLEDGED, min(5)));
    }

    @Test
    void givenMyAcknowledgement_whenIUndoItWithinTheWindow_thenThePointIsGoneAndAWithdrawalIsRecorded() {
        Fixtures.Run run = acknowledged();

        Decision decision = run.decide(undo("u1", "e2", min(7)));

        assertThat(decision.verdict()).isEqualTo(new Verdict.Applied(3));
        CaseFile after = decision.caseFile();
        assertThat(after.state()).isEqualTo(CaseState.ARRIVED);
        assertThat(after.timeline().has(TimePoint.ACKNOWLEDGED)).isFalse();
        assertThat(after.intervals().arrivalToAcknowledgedSeconds()).isNull();
        assertThat(after.corrections())
                .containsExactly(new Correction(
                        "u1",
                        TimePoint.ACKNOWLEDGED,
                        min(5),
                        min(5),
                        Correction.WITHDRAWN_REASON,
                        ED,
                        min(7).plusSeconds(10),
                        "e2"));
        assertThat(after.corrections().get(0).withdrawn()).isTrue();
        assertThat(decision.events()).singleElement().satisfies(event -> {
            assertThat(event.type()).isEqualTo(EventType.ACTION_UNDONE);
            assertThat(event.state()).isEqualTo(CaseState.ARRIVED);
            assertThat(event.correctedFrom()).isEqualTo(min(5));
            assertThat(event.withdrawnPoint()).isEqualTo(TimePoint.ACKNOWLEDGED);
            assertThat(event.details().undoneEventId()).isEqualTo("e2");
        });
        // A re-send of the undo, or of the withdrawn ACKNOWLEDGED, is attributed to its author.
        assertThat(after.submitterOf("u1")).contains(ED.userId());
        assertThat(after.submitterOf("e2")).contains(ED.userId());
    }

    @Test
    void givenAnUndoneAcknowledgement_whenAcknowledgedAgainUnderANewEventId_thenItIsRecorded() {
        Fixtures.Run run = acknowledged().then(undo("u1", "e2", min(7)));

        Decision decision = run.decide(submit("e3", EventType.ACKNOWLEDGED, min(8)));

        assertThat(decision.verdict()).isEqualTo(new Verdict.Applied(4));
        assertThat(decision.caseFile().timeline().acknowledgedAt()).isEqualTo(min(8));
    }

    @Test
    void givenAnotherNursesAcknowledgement_whenIUndoIt_thenRejectedUndoNotOwn() {
        Fixtures.Run run = acknowledged();

        Decision decision = run.decide(undo("u1", "e2", min(6)).by(OTHER_NURSE));

        assertThat(decision.verdict().rule()).isEqualTo(RuleCode.UNDO_NOT_OWN);
        assertThat(decision.verdict().rule().kind()).isEqualTo(RuleCode.Kind.PERMISSION);
        assertThat(decision.verdict().field()).isEqualTo("undoneEventId");
        assertThat(decision.verdict().message())
                .isEqualTo("UNDO_NOT_OWN: ACTION_UNDONE of event e2 on case case-1: another user recorded that"
                        + " ACKNOWLEDGED; only its author may undo it (a supervisor corrects it with CORRECTED)");
        assertThat(decision.caseFile().timeline().has(TimePoint.ACKNOWLEDGED)).isTrue();
    }

    @Test
    void givenMyAcknowledgement_whenTheUndoArrivesAtTheEndOfTheWindowOrJustAfter_thenAppliedOrUndoTooLate() {
        Fixtures.Run run = acknowledged();
        Instant recorded = min(5).plusSeconds(10);

        Decision atTheEnd = run.decide(undo("u1", "e2", min(10)).received(recorded.plus(Duration.ofMinutes(5))));
        Decision tooLate = run.decide(undo("u2", "e2", min(10))
                .received(recorded.plus(Duration.ofMinutes(5)).plusMillis(1)));

        assertThat(atTheEnd.verdict()).isEqualTo(new Verdict.Applied(3));
        assertThat(tooLate.verdict().rule()).isEqualTo(RuleCode.UNDO_TOO_LATE);
        assertThat(tooLate.verdict().message())
                .isEqualTo("UNDO_TOO_LATE: ACTION_UNDONE of event e2 on case case-1: ACKNOWLEDGED was recorded at"
                        + " 2025-03-01T10:05:10Z and could be undone until 2025-03-01T10:10:10Z (5 minutes); the undo"
                        + " was received at 2025-03-01T10:10:10.001Z. A supervisor corrects it now");
        assertThat(tooLate.caseFile().timeline().has(TimePoint.ACKNOWLEDGED)).isTrue();
    }

    @Test
    void givenAShorterConfiguredWindow_whenUndoneAfterIt_thenRejectedUndoTooLate() {
        HandoverPolicy policy = new HandoverPolicy(
                Duration.ofMinutes(2),
                TimerPolicy.DEFAULT,
                HandoverPolicy.DEFAULT_HOLDING_HORIZON,
                Duration.ofMinutes(1));
        Fixtures.Run run = new Fixtures.Run(new HandoverStateMachine(policy))
                .then(arrive("e1", min(0)), submit("e2", EventType.ACKNOWLEDGED, min(5)));

        Decision decision = run.decide(undo("u1", "e2", min(7)));

        assertThat(decision.verdict().rule()).isEqualTo(RuleCode.UNDO_TOO_LATE);
    }

    @Test
    void givenAHandoverStartedAfterMyAcknowledgement_whenIUndoTheAcknowledgement_thenRejectedUndoNotLatest() {
        Fixtures.Run run = acknowledged().then(submit("e3", EventType.HANDOVER_STARTED, min(6)));

        Decision acknowledgement = run.decide(undo("u1", "e2", min(7)));
        Decision handoverStarted = run.decide(undo("u2", "e3", min(7)));

        assertThat(acknowledgement.verdict().rule()).isEqualTo(RuleCode.UNDO_NOT_LATEST);
        assertThat(acknowledgement.verdict().conflictingPoint()).isEqualTo(TimePoint.HANDOVER_STARTED);
        assertThat(acknowledgement.verdict().message())
                .isEqualTo("UNDO_NOT_LATEST: ACTION_UNDONE of event e2 on case case-1: HANDOVER_STARTED is recorded"
                        + " since (at 2025-03-01T10:06:00Z by event e3), so ACKNOWLEDGED is no longer the case's"
                        + " latest step");
        assertThat(handoverStarted.verdict()).isEqualTo(new Verdict.Applied(4));
        assertThat(handoverStarted.caseFile().state()).isEqualTo(CaseState.ACKNOWLEDGED);
    }

    @Test
    void givenAClearedCase_whenIUndoMyHandover_thenRejectedUndoNotLatest() {
        Fixtures.Run run = Fixtures.Run.of(
                arrive("e1", min(0)),
                submit("e2", EventType.HANDED_OVER, min(5)),
                submit("e3", EventType.CLEARED, min(6)));

        Decision decision = run.decide(undo("u1", "e2", min(7)));

        assertThat(decision.verdict().rule()).isEqualTo(RuleCode.UNDO_NOT_LATEST);
        assertThat(decision.verdict().message())
                .isEqualTo("UNDO_NOT_LATEST: ACTION_UNDONE of event e2 on case case-1: the case ended (CLEARED), so"
                        + " its HANDED_OVER can no longer be undone");
    }

    @Test
    void givenAVoidCase_whenIUndoMyAcknowledgement_thenRejectedCaseVoid() {
        Fixtures.Run run = acknowledged()
                .then(submit("v1", EventType.ENTERED_IN_ERROR, min(6)).details(Details.EMPTY.withReason("test case")));

        Decision decision = run.decide(undo("u1", "e2", min(7)));

        assertThat(decision.verdict().rule()).isEqualTo(RuleCode.CASE_VOID);
    }

    @Test
    void givenASupervisorsCorrectionOfMyAcknowledgement_whenIUndoIt_thenRejectedUndoNotLatest() {
        Fixtures.Run run = acknowledged().then(correct("c1", TimePoint.ACKNOWLEDGED, min(4), min(6)));

        Decision decision = run.decide(undo("u1", "e2", min(7)));

        assertThat(decision.verdict().rule()).isEqualTo(RuleCode.UNDO_NOT_LATEST);
        assertThat(decision.verdict().message()).contains("a supervisor corrected that ACKNOWLEDGED since");
    }

    @Test
    void givenAnAppliedUndo_whenTheSameUndoIsSentAgain_thenTheStandingVerdictAndNothingChanges() {
        Fixtures.Run run = acknowledged().then(undo("u1", "e2", min(7)));
        CaseFile before = run.caseFile;

        Decision resent = run.decide(undo("u1", "e2", min(7)));
        Decision underAnotherId = run.decide(undo("u2", "e2", min(8)));

        assertThat(resent.verdict()).isEqualTo(new Verdict.Applied(3));
        assertThat(resent.events()).isEmpty();
        assertThat(resent.caseFile().corrections()).isEqualTo(before.corrections());
        assertThat(resent.caseFile().duplicateSubmissions()).isEqualTo(before.duplicateSubmissions() + 1);
        assertThat(underAnotherId.verdict()).isInstanceOf(Verdict.Duplicate.class);
        assertThat(underAnotherId.verdict().rule()).isEqualTo(RuleCode.R1_DUPLICATE);
        assertThat(((Verdict.Duplicate) underAnotherId.verdict()).originalEventId())
                .isEqualTo("u1");
        assertThat(underAnotherId.caseFile().corrections()).hasSize(1);
    }

    @Test
    void givenAnAppliedUndo_whenAnotherNurseUndoesTheSamePoint_thenRejectedUndoNotOwn() {
        Fixtures.Run run = acknowledged().then(undo("u1", "e2", min(7)));

        Decision decision = run.decide(undo("u2", "e2", min(8)).by(OTHER_NURSE));

        assertThat(decision.verdict().rule()).isEqualTo(RuleCode.UNDO_NOT_OWN);
    }

    @Test
    void givenAHandoverThatImpliedTheAcknowledgement_whenIUndoIt_thenBothAreGone() {
        Fixtures.Run run = Fixtures.Run.of(arrive("e1", min(0)), submit("e2", EventType.HANDED_OVER, min(20)));
        assertThat(run.caseFile.timeline().acknowledgedImplied()).isTrue();

        Decision decision = run.decide(undo("u1", "e2", min(21)));

        CaseFile after = decision.caseFile();
        assertThat(after.state()).isEqualTo(CaseState.ARRIVED);
        assertThat(after.timeline().has(TimePoint.HANDED_OVER)).isFalse();
        assertThat(after.timeline().has(TimePoint.ACKNOWLEDGED)).isFalse();
        assertThat(after.dataQuality().acknowledgedImplied()).isFalse();
        assertThat(after.corrections())
                .singleElement()
                .satisfies(c -> assertThat(c.point()).isEqualTo(TimePoint.HANDED_OVER));
    }

    @Test
    void givenARecordedAcknowledgementAndMyHandover_whenIUndoTheHandover_thenTheAcknowledgementStands() {
        Fixtures.Run run = acknowledged().then(submit("e3", EventType.HANDED_OVER, min(20)));

        Decision decision = run.decide(undo("u1", "e3", min(21)));

        assertThat(decision.caseFile().state()).isEqualTo(CaseState.ACKNOWLEDGED);
        assertThat(decision.caseFile().timeline().acknowledgedAt()).isEqualTo(min(5));
        assertThat(decision.caseFile().intervals().handoverSeconds()).isNull();
        // the event names what was withdrawn, so the division that heard "officers can be released" hears it was undone
        assertThat(decision.events()).singleElement().satisfies(event -> {
            assertThat(event.withdrawnPoint()).isEqualTo(TimePoint.HANDED_OVER);
            assertThat(event.correctedFrom()).isEqualTo(min(20));
        });
    }

    @Test
    void givenAHandoverBeforeTheFirstEscalation_whenUndoneAfterTheMarkWasDue_thenTheEscalationFires() {
        Fixtures.Run run = Fixtures.Run.of(arrive("e1", min(0)), submit("e2", EventType.HANDED_OVER, min(29)));
        HandoverStateMachine machine = run.machine;
        assertThat(machine.nextDueAt(run.caseFile)).isEmpty();

        CaseFile undone = run.decide(undo("u1", "e2", min(31))).caseFile();

        assertThat(machine.nextDueAt(undone)).contains(min(30));
        TickResult tick = machine.tick(undone, min(31).plusSeconds(11));
        assertThat(tick.events()).singleElement().satisfies(event -> {
            assertThat(event.type()).isEqualTo(EventType.ESCALATED);
            assertThat(event.escalationLevel()).isEqualTo(1);
            assertThat(event.notifyRecipients()).isTrue();
        });
    }

    @Test
    void givenMyAssessmentStart_whenIUndoIt_thenThePointAndItsModeAreGone() {
        Fixtures.Run run = Fixtures.Run.of(
                arrive("e1", min(0)),
                submit("e2", EventType.ASSESSMENT_STARTED, min(10))
                        .details(Details.EMPTY.withAssessmentMode(AssessmentMode.REMOTE)));

        Decision decision = run.decide(undo("u1", "e2", min(11)));

        assertThat(decision.verdict()).isEqualTo(new Verdict.Applied(3));
        assertThat(decision.caseFile().timeline().has(TimePoint.ASSESSMENT_STARTED))
                .isFalse();
        assertThat(decision.caseFile().assessmentMode()).isNull();
    }

    @Test
    void givenEventsThatRecordNoUndoablePoint_whenUndone_thenRejectedUndoNotFound() {
        Fixtures.Run run = acknowledged().then(submit("r1", EventType.HANDOVER_STARTED, min(4)));
        assertThat(run.last().verdict().rule()).isEqualTo(RuleCode.R3_ORDER);

        Decision unknown = run.decide(undo("u1", "nope", min(6)));
        Decision arrival = run.decide(undo("u2", "e1", min(6)));
        Decision rejected = run.decide(undo("u3", "r1", min(6)));

        assertThat(unknown.verdict().rule()).isEqualTo(RuleCode.UNDO_NOT_FOUND);
        assertThat(unknown.verdict().message())
                .isEqualTo("UNDO_NOT_FOUND: ACTION_UNDONE of event nope on case case-1: no such event was received on"
                        + " this case; only those board actions can be undone");
        assertThat(arrival.verdict().rule()).isEqualTo(RuleCode.UNDO_NOT_FOUND);
        assertThat(rejected.verdict().rule()).isEqualTo(RuleCode.UNDO_NOT_FOUND);
        assertThat(rejected.verdict().message()).contains("(first verdict REJECTED by R3_ORDER)");
        assertThat(rejected.verdict().field()).isEqualTo("undoneEventId");
    }

    @Test
    void givenBadDetailsOrSender_whenSubmitted_thenRejectedBeforeTheCaseIsJudged() {
        Fixtures.Run run = acknowledged();

        Decision missing = run.decide(submit("u1", EventType.ACTION_UNDONE, min(6)));
        Decision onAnotherType = run.decide(
                submit("u2", EventType.HANDOVER_STARTED, min(6)).details(Details.EMPTY.withUndoneEventId("e2")));
        Decision officer = run.decide(undo("u3", "e2", min(6)).by(OFFICER));

        assertThat(missing.verdict().rule()).isEqualTo(RuleCode.MISSING_DETAIL);
        assertThat(missing.verdict().field()).isEqualTo("undoneEventId");
        assertThat(onAnotherType.verdict().rule()).isEqualTo(RuleCode.INVALID_DETAIL);
        assertThat(onAnotherType.verdict().field()).isEqualTo("undoneEventId");
        assertThat(officer.verdict().rule()).isEqualTo(RuleCode.NOT_PERMITTED);
        assertThat(officer.caseFile().submitterOf("u3")).isEqualTo(Optional.empty());
    }
}
