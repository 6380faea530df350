package uk.transferofcare.processor.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static uk.transferofcare.processor.domain.Fixtures.ADMIN;
import static uk.transferofcare.processor.domain.Fixtures.ANALYST;
import static uk.transferofcare.processor.domain.Fixtures.ED;
import static uk.transferofcare.processor.domain.Fixtures.ED_SUPERVISOR;
import static uk.transferofcare.processor.domain.Fixtures.OFFICER;
import static uk.transferofcare.processor.domain.Fixtures.OTHER_DIVISION;
import static uk.transferofcare.processor.domain.Fixtures.OTHER_SITE;
import static uk.transferofcare.processor.domain.Fixtures.POLICE_SUPERVISOR;
import static uk.transferofcare.processor.domain.Fixtures.arrive;
import static uk.transferofcare.processor.domain.Fixtures.min;
import static uk.transferofcare.processor.domain.Fixtures.preAlert;
import static uk.transferofcare.processor.domain.Fixtures.submit;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import uk.transferofcare.vocabulary.EventType;
import uk.transferofcare.vocabulary.Role;
import uk.transferofcare.vocabulary.RuleCode;
import uk.transferofcare.vocabulary.TimePoint;

/** The processor is the authority on who may submit what (NOT_PERMITTED, WRONG_SITE). */
class AuthorityTest {

    private static final Actor OFFICER_OF_OTHER_DIVISION = new Actor("PC9", Role.OFFICER, OTHER_DIVISION);
    private static final Actor ED_OF_OTHER_SITE = new Actor("RN9", Role.ED_STAFF, OTHER_SITE);
    private static final Actor SUPERVISOR_OF_OTHER_SITE = new Actor("CN9", Role.SUPERVISOR, OTHER_SITE);
    private static final Actor SYSTEM = new Actor("handover-processor", Role.SYSTEM, "G");

    /** A case at QEUH brought by division G, arrived at T0, acknowledged at T0 + 5 min. */
    private static Fixtures.Run arrivedCase() {
        return Fixtures.Run.of(
                preAlert("e1", min(-10)), arrive("e2", min(0)), submit("e3", EventType.ACKNOWLEDGED, min(5)));
    }

    static Stream<Arguments> verdicts() {
        return Stream.of(
                Arguments.of(ANALYST, EventType.HANDED_OVER, RuleCode.NOT_PERMITTED),
                Arguments.of(OFFICER, EventType.HANDED_OVER, RuleCode.NOT_PERMITTED),
                Arguments.of(OFFICER, EventType.CLEARED, null),
                Arguments.of(OFFICER, EventType.ABSCONDED, null),
                Arguments.of(OFFICER_OF_OTHER_DIVISION, EventType.CLEARED, RuleCode.NOT_PERMITTED),
                Arguments.of(ED, EventType.HANDED_OVER, null),
                Arguments.of(ED, EventType.ABSCONDED, null),
                Arguments.of(ED, EventType.CLEARED, RuleCode.NOT_PERMITTED),
                Arguments.of(ED_OF_OTHER_SITE, EventType.HANDED_OVER, RuleCode.WRONG_SITE),
                Arguments.of(ED_OF_OTHER_SITE, EventType.ENDED_WITHOUT_HANDOVER, RuleCode.WRONG_SITE),
                Arguments.of(POLICE_SUPERVISOR, EventType.CLEARED, RuleCode.NOT_PERMITTED),
                Arguments.of(POLICE_SUPERVISOR, EventType.HANDED_OVER, RuleCode.NOT_PERMITTED),
                Arguments.of(ED_SUPERVISOR, EventType.HANDED_OVER, RuleCode.NOT_PERMITTED),
                Arguments.of(ED_SUPERVISOR, EventType.CLEARED, RuleCode.NOT_PERMITTED),
                Arguments.of(SUPERVISOR_OF_OTHER_SITE, EventType.HANDED_OVER, RuleCode.NOT_PERMITTED),
                Arguments.of(ADMIN, EventType.HANDED_OVER, RuleCode.NOT_PERMITTED),
                Arguments.of(SYSTEM, EventType.CLEARED, RuleCode.NOT_PERMITTED),
                Arguments.of(SYSTEM, EventType.ESCALATED, RuleCode.NOT_PERMITTED),
                Arguments.of(ED_SUPERVISOR, EventType.LEGAL_CLOCK_WARNING, RuleCode.NOT_PERMITTED));
    }

    @ParameterizedTest(name = "{0} submits {1} → {2}")
    @MethodSource("verdicts")
    void givenACaseAtQeuhOfDivisionG_whenAnActorSubmits_thenTheAuthorityRulesDecide(
            Actor actor, EventType type, RuleCode expected) {
        Decision decision = arrivedCase().decide(submit("x1", type, min(30)).by(actor));

        assertThat(decision.verdict().rule()).isEqualTo(expected);
        assertThat(decision.status())
                .isEqualTo(expected == null ? SubmissionStatus.APPLIED : SubmissionStatus.REJECTED);
    }

    static Stream<Arguments> supervisorCorrections() {
        return Stream.of(
                Arguments.of(ED_SUPERVISOR, null),
                Arguments.of(POLICE_SUPERVISOR, null),
                Arguments.of(ADMIN, RuleCode.NOT_PERMITTED),
                Arguments.of(SUPERVISOR_OF_OTHER_SITE, RuleCode.NOT_PERMITTED),
                Arguments.of(ED, RuleCode.NOT_PERMITTED),
                Arguments.of(ANALYST, RuleCode.NOT_PERMITTED));
    }

    @ParameterizedTest(name = "{0} corrects arrivedAt → {1}")
    @MethodSource("supervisorCorrections")
    void givenACase_whenAnActorSubmitsACorrection_thenOnlySupervisorsOfTheCaseMay(Actor actor, RuleCode expected) {
        Decision decision = arrivedCase()
                .decide(Fixtures.correct("c1", TimePoint.ARRIVED, min(1), min(30))
                        .by(actor));

        assertThat(decision.verdict().rule()).isEqualTo(expected);
    }

    @Test
    void givenAnEdEventFromAnotherSite_whenSubmitted_thenWrongSiteWithoutNamingTheCasesSite() {
        Decision decision = arrivedCase()
                .decide(submit("x1", EventType.HANDED_OVER, min(30)).by(ED_OF_OTHER_SITE));

        assertThat(decision.verdict())
                .isEqualTo(new Verdict.Rejected(
                        RuleCode.WRONG_SITE,
                        "WRONG_SITE: ED_STAFF of site RIE may not submit HANDED_OVER for this case: it is at another"
                                + " site",
                        null,
                        "caseId"));
    }

    @Test
    void givenAnOfficerOfAnotherDivision_whenTheyClear_thenNotPermittedWithoutNamingTheCasesDivision() {
        Decision decision =
                arrivedCase().decide(submit("x1", EventType.CLEARED, min(30)).by(OFFICER_OF_OTHER_DIVISION));

        assertThat(decision.verdict())
                .isEqualTo(new Verdict.Rejected(
                        RuleCode.NOT_PERMITTED,
                        "NOT_PERMITTED: an OFFICER of police division E may not submit CLEARED for this case: it"
                                + " belongs to another police division",
                        null,
                        "caseId"));
    }

    @Test
    void givenAnAnalyst_whenTheySubmitAnything_thenNotPermittedByTheSharedTable() {
        Decision decision =
                arrivedCase().decide(submit("x1", EventType.CLEARED, min(30)).by(ANALYST));

        assertThat(decision.verdict())
                .isEqualTo(new Verdict.Rejected(
                        RuleCode.NOT_PERMITTED,
                        "NOT_PERMITTED: an ANALYST reads reports and submits nothing (CLEARED)",
                        null,
                        "type"));
    }

    @Test
    void givenTheSystem_whenItPreAlertsWithoutALinkedCase_thenNotPermitted() {
        Decision decision = new HandoverStateMachine()
                .decide(null, preAlert("e1", min(0)).by(SYSTEM).build(), min(1));

        assertThat(decision.verdict().message())
                .isEqualTo("NOT_PERMITTED: SYSTEM only pre-alerts the case a diversion opens");
    }

    @Test
    void givenAnOfficerOfAnotherDivision_whenTheyPreAlertACaseEdStaffOpenedForDivisionG_thenNotPermitted() {
        Fixtures.Run run = Fixtures.Run.of(Fixtures.edArrive("e1", min(0)));

        Decision decision = run.decide(preAlert("x1", min(-10)).by(OFFICER_OF_OTHER_DIVISION));

        assertThat(decision.verdict().rule()).isEqualTo(RuleCode.NOT_PERMITTED);
        assertThat(decision.events()).isEmpty();
        assertThat(decision.caseFile().policeDivision()).isEqualTo("G");
        assertThat(decision.caseFile().timeline()).isEqualTo(run.caseFile.timeline());
    }

    @Test
    void givenEdStaff_whenTheyPreAlert_thenNotPermitted() {
        Decision decision = new HandoverStateMachine()
                .decide(null, preAlert("e1", min(0)).by(ED).build(), min(1));

        assertThat(decision.verdict().rule()).isEqualTo(RuleCode.NOT_PERMITTED);
    }
}
