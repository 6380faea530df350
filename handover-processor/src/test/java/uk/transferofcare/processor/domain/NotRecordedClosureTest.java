package uk.transferofcare.processor.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static uk.transferofcare.processor.domain.Fixtures.ADMIN;
import static uk.transferofcare.processor.domain.Fixtures.ED_SUPERVISOR;
import static uk.transferofcare.processor.domain.Fixtures.OFFICER;
import static uk.transferofcare.processor.domain.Fixtures.OTHER_DIVISION;
import static uk.transferofcare.processor.domain.Fixtures.OTHER_SITE;
import static uk.transferofcare.processor.domain.Fixtures.POLICE_SUPERVISOR;
import static uk.transferofcare.processor.domain.Fixtures.arrive;
import static uk.transferofcare.processor.domain.Fixtures.min;
import static uk.transferofcare.processor.domain.Fixtures.preAlert;
import static uk.transferofcare.processor.domain.Fixtures.submit;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import uk.transferofcare.vocabulary.CaseState;
import uk.transferofcare.vocabulary.EventType;
import uk.transferofcare.vocabulary.LegalBasis;
import uk.transferofcare.vocabulary.Role;
import uk.transferofcare.vocabulary.RuleCode;
import uk.transferofcare.vocabulary.TimePoint;

/**
 * CLOSED_NOT_RECORDED: a supervisor of the case's site or police division closes a stale open case whose end was never
 * recorded, with a reason; the terminal outcome NOT_RECORDED.
 */
class NotRecordedClosureTest {

    private static final String REASON = "stale: no clearance recorded";

    private static Fixtures.Builder close(String eventId, long minute) {
        return submit(eventId, EventType.CLOSED_NOT_RECORDED, min(minute)).details(Details.EMPTY.withReason(REASON));
    }

    @Test
    void givenAnAcknowledgedCase_whenTheSitesSupervisorClosesItAsNotRecorded_thenItIsClosedNotRecorded() {
        Fixtures.Run run = Fixtures.Run.of(arrive("e1", min(0)), submit("e2", EventType.ACKNOWLEDGED, min(5)));

        Decision decision = run.decide(close("n1", 60 * 26));

        assertThat(decision.verdict()).isEqualTo(new Verdict.Applied(3));
        assertThat(decision.caseFile().state()).isEqualTo(CaseState.NOT_RECORDED);
        assertThat(decision.caseFile().isOpen()).isFalse();
        assertThat(decision.caseFile().timeline().outcomeAt()).isEqualTo(min(60 * 26));
        assertThat(decision.emitCompletedCase()).isTrue();
        assertThat(decision.events()).singleElement().satisfies(event -> {
            assertThat(event.type()).isEqualTo(EventType.CLOSED_NOT_RECORDED);
            assertThat(event.state()).isEqualTo(CaseState.NOT_RECORDED);
            assertThat(event.details().reason()).isEqualTo(REASON);
        });
    }

    @Test
    void givenAnS136CaseKeptOpenPastItsDeadline_whenClosedAsNotRecorded_thenItHasNoTimeFiguresAndNoBreach() {
        Fixtures.Run run = Fixtures.Run.of(
                arrive("e1", min(0)).details(Details.site(Fixtures.SITE).withLegalBasis(LegalBasis.S136)),
                submit("e2", EventType.ACKNOWLEDGED, min(5)),
                submit("e3", EventType.HANDED_OVER, min(40)));
        assertThat(run.caseFile.intervals().handoverSeconds()).isEqualTo(40 * 60L);

        Decision decision = run.decide(close("n1", 60 * 30));

        assertThat(decision.caseFile().intervals()).isEqualTo(new Intervals(null, null, null, null, null, null, null));
        assertThat(decision.caseFile().legalClockBreached()).isFalse();
        assertThat(decision.caseFile().dataQuality().missingClearance()).isTrue();
    }

    @Test
    void givenACaseHandedOverButNeverCleared_whenThePoliceSupervisorClosesIt_thenItIsClosedNotRecorded() {
        Fixtures.Run run = Fixtures.Run.of(arrive("e1", min(0)), submit("e2", EventType.HANDED_OVER, min(40)));

        Decision decision = run.decide(close("n1", 60 * 25).by(POLICE_SUPERVISOR));

        assertThat(decision.verdict()).isEqualTo(new Verdict.Applied(3));
        assertThat(decision.caseFile().state()).isEqualTo(CaseState.NOT_RECORDED);
    }

    @Test
    void givenAPreAlertedCase_whenClosedAsNotRecorded_thenItIsClosedNotRecorded() {
        Fixtures.Run run = Fixtures.Run.of(preAlert("e1", min(0)));

        Decision decision = run.decide(close("n1", 60 * 25));

        assertThat(decision.caseFile().state()).isEqualTo(CaseState.NOT_RECORDED);
    }

    @Test
    void givenAnOpenCase_whenSomeoneElseClosesIt_thenRejectedNotPermitted() {
        Fixtures.Run run = Fixtures.Run.of(arrive("e1", min(0)));

        Decision officer = run.decide(close("n1", 60).by(OFFICER));
        Decision admin = run.decide(close("n2", 60).by(ADMIN));
        Decision otherSite = run.decide(close("n3", 60).by(new Actor("CN0002", Role.SUPERVISOR, OTHER_SITE)));
        Decision otherDivision = run.decide(close("n4", 60).by(new Actor("SGT78", Role.SUPERVISOR, OTHER_DIVISION)));

        assertThat(officer.verdict().rule()).isEqualTo(RuleCode.NOT_PERMITTED);
        assertThat(officer.verdict().message())
                .isEqualTo("NOT_PERMITTED: CLOSED_NOT_RECORDED may only be submitted by a SUPERVISOR of the case's"
                        + " site or police division");
        assertThat(admin.verdict().rule()).isEqualTo(RuleCode.NOT_PERMITTED);
        assertThat(otherSite.verdict().rule()).isEqualTo(RuleCode.NOT_PERMITTED);
        assertThat(otherDivision.verdict().rule()).isEqualTo(RuleCode.NOT_PERMITTED);
        assertThat(otherDivision.caseFile().state()).isEqualTo(CaseState.ARRIVED);
    }

    @Test
    void givenNoReason_whenClosedAsNotRecorded_thenRejectedMissingDetail() {
        Fixtures.Run run = Fixtures.Run.of(arrive("e1", min(0)));

        Decision decision = run.decide(submit("n1", EventType.CLOSED_NOT_RECORDED, min(60)));

        assertThat(decision.verdict())
                .isEqualTo(new Verdict.Rejected(
                        RuleCode.MISSING_DETAIL,
                        "MISSING_DETAIL: CLOSED_NOT_RECORDED on case case-1 needs details.reason",
                        null,
                        "reason"));
    }

    @Test
    void givenACaseThatEnded_whenClosedAsNotRecorded_thenRejectedInvalidTransition() {
        Fixtures.Run cleared = Fixtures.Run.of(arrive("e1", min(0)), submit("e2", EventType.CLEARED, min(50)));
        Fixtures.Run absconded = Fixtures.Run.of(arrive("e1", min(0)), submit("e2", EventType.ABSCONDED, min(20)));

        Decision afterClearance = cleared.decide(close("n1", 60));
        Decision afterAbsconding = absconded.decide(close("n1", 60));

        assertThat(afterClearance.verdict())
                .isEqualTo(new Verdict.Rejected(
                        RuleCode.INVALID_TRANSITION,
                        "INVALID_TRANSITION: CLOSED_NOT_RECORDED closes an open case, but the case ended: CLEARED is"
                                + " recorded at 2025-03-01T10:50:00Z by event e2",
                        TimePoint.CLEARED,
                        "type"));
        assertThat(afterClearance.caseFile().state()).isEqualTo(CaseState.CLEARED);
        assertThat(afterAbsconding.verdict().rule()).isEqualTo(RuleCode.INVALID_TRANSITION);
        assertThat(afterAbsconding.verdict().message())
                .startsWith("INVALID_TRANSITION: NOT_RECORDED cannot follow ABSCONDED");
    }

    @Test
    void givenAVoidCase_whenClosedAsNotRecorded_thenRejectedCaseVoid() {
        Fixtures.Run run = Fixtures.Run.of(
                arrive("e1", min(0)),
                submit("v1", EventType.ENTERED_IN_ERROR, min(10)).details(Details.EMPTY.withReason("opened twice")));

        Decision decision = run.decide(close("n1", 60));

        assertThat(decision.verdict().rule()).isEqualTo(RuleCode.CASE_VOID);
    }

    @Test
    void givenAClosureBeforeTheArrival_whenSubmitted_thenRejectedOrder() {
        Fixtures.Run run = Fixtures.Run.of(arrive("e1", min(30)));

        Decision decision = run.decide(close("n1", 10));

        assertThat(decision.verdict().rule()).isEqualTo(RuleCode.R3_ORDER);
        assertThat(decision.verdict().conflictingPoint()).isEqualTo(TimePoint.ARRIVED);
    }

    @Test
    void givenACaseClosedAsNotRecorded_whenMainPathEventsOrAnotherOutcomeFollow_thenRejectedInvalidTransition() {
        Fixtures.Run run = Fixtures.Run.of(arrive("e1", min(0)), close("n1", 60 * 26));

        Decision clearance = run.decide(submit("e2", EventType.CLEARED, min(90)));
        Decision lateAcknowledgement = run.decide(submit("e3", EventType.ACKNOWLEDGED, min(5)));
        Decision absconded = run.decide(submit("e4", EventType.ABSCONDED, min(20)));

        assertThat(clearance.verdict())
                .isEqualTo(new Verdict.Rejected(
                        RuleCode.INVALID_TRANSITION,
                        "INVALID_TRANSITION: CLEARED cannot follow NOT_RECORDED: a supervisor closed the case as not"
                                + " recorded (recorded at 2025-03-02T12:00:00Z by event n1)",
                        TimePoint.OUTCOME,
                        "type"));
        assertThat(lateAcknowledgement.verdict().rule()).isEqualTo(RuleCode.INVALID_TRANSITION);
        assertThat(absconded.verdict().rule()).isEqualTo(RuleCode.INVALID_TRANSITION);
        assertThat(clearance.caseFile().state()).isEqualTo(CaseState.NOT_RECORDED);
    }

    @Test
    void givenACaseClosedAsNotRecorded_whenTheSameClosureComesUnderAnotherId_thenDuplicate() {
        Fixtures.Run run = Fixtures.Run.of(arrive("e1", min(0)), close("n1", 60 * 26));

        Decision again = run.decide(close("n2", 60 * 26).by(ED_SUPERVISOR));

        assertThat(again.verdict()).isInstanceOfSatisfying(Verdict.Duplicate.class, duplicate -> {
            assertThat(duplicate.rule()).isEqualTo(RuleCode.R1_DUPLICATE);
            assertThat(duplicate.originalEventId()).isEqualTo("n1");
        });
    }

    @Test
    void givenACaseClosedAsNotRecordedBeforeItsEscalation_whenTimeGoesOn_thenNoTimerIsPending() {
        Fixtures.Run run = Fixtures.Run.of(arrive("e1", min(0)), close("n1", 5));

        TickResult tick = run.machine.tick(run.caseFile, min(60 * 48));

        assertThat(tick.events()).isEmpty();
        assertThat(run.machine.nextDueAt(run.caseFile)).isEqualTo(Optional.empty());
    }
}
