package uk.transferofcare.vocabulary;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import uk.transferofcare.events.ActorRole;

class VocabularyTest {

    static Stream<Arguments> wireEnums() {
        return Stream.of(
                Arguments.of(EventType.class, uk.transferofcare.events.EventType.class),
                Arguments.of(CaseState.class, uk.transferofcare.events.CaseState.class),
                Arguments.of(TimePoint.class, uk.transferofcare.events.TimePoint.class),
                Arguments.of(LegalBasis.class, uk.transferofcare.events.LegalBasis.class),
                Arguments.of(Disposition.class, uk.transferofcare.events.Disposition.class),
                Arguments.of(ReferralPathway.class, uk.transferofcare.events.ReferralPathway.class),
                Arguments.of(DelayReason.class, uk.transferofcare.events.DelayReason.class),
                Arguments.of(AssessmentMode.class, uk.transferofcare.events.AssessmentMode.class),
                Arguments.of(Role.class, ActorRole.class));
    }

    /** The wire's UNKNOWN is what a reader makes of a symbol added after its schema; nobody writes it. */
    @ParameterizedTest(name = "{0} has the symbols of the wire's {1}")
    @MethodSource("wireEnums")
    void givenAWireEnum_whenComparedByName_thenTheVocabularyHasExactlyItsSymbolsInItsOrder(
            Class<? extends Enum<?>> vocabulary, Class<? extends Enum<?>> wire) {
        assertThat(names(vocabulary))
                .containsExactly(Arrays.stream(names(wire))
                        .filter(name -> !name.equals("UNKNOWN"))
                        .toArray(String[]::new));
    }

    @Test
    void givenEachRole_whenAskedWhatItMayRecord_thenTheTableIsTheDomainReferencesMatrix() {
        Map<Role, Set<EventType>> expected = Map.of(
                Role.OFFICER,
                EnumSet.of(
                        EventType.PRE_ALERTED,
                        EventType.ARRIVED,
                        EventType.CLEARED,
                        EventType.CANCELLED,
                        EventType.DIVERTED,
                        EventType.ABSCONDED,
                        EventType.ENDED_WITHOUT_HANDOVER,
                        EventType.DISPOSITION_RECORDED,
                        EventType.REFERRED_AT_SCENE,
                        EventType.OFFICER_RETAINED,
                        EventType.OFFICER_RELEASED,
                        EventType.DELAY_REASON_RECORDED),
                Role.ED_STAFF,
                EnumSet.of(
                        EventType.ARRIVED,
                        EventType.ACKNOWLEDGED,
                        EventType.HANDOVER_STARTED,
                        EventType.HANDED_OVER,
                        EventType.OFFICER_RETAINED,
                        EventType.OFFICER_RELEASED,
                        EventType.ABSCONDED,
                        EventType.ENDED_WITHOUT_HANDOVER,
                        EventType.LEGAL_CLOCK_EXTENDED,
                        EventType.DISPOSITION_RECORDED,
                        EventType.ASSESSMENT_STARTED,
                        EventType.DELAY_REASON_RECORDED,
                        EventType.ACTION_UNDONE),
                Role.SUPERVISOR,
                EnumSet.of(
                        EventType.CORRECTED,
                        EventType.ENTERED_IN_ERROR,
                        EventType.DIVISION_TRANSFERRED,
                        EventType.CLOSED_NOT_RECORDED,
                        EventType.LEGAL_CLOCK_EXTENDED,
                        EventType.DISPOSITION_RECORDED),
                Role.ANALYST,
                EnumSet.noneOf(EventType.class),
                Role.ADMIN,
                EnumSet.noneOf(EventType.class),
                Role.SYSTEM,
                EnumSet.of(EventType.PRE_ALERTED));

        for (Role role : Role.values()) {
            assertThat(Permissions.recordableBy(role)).as("%s", role).isEqualTo(expected.get(role));
            for (EventType type : EventType.values()) {
                boolean may = expected.get(role).contains(type);
                assertThat(Permissions.mayRecord(role, type))
                        .as("%s %s", role, type)
                        .isEqualTo(may);
                assertThat(Permissions.whyNot(role, type).isEmpty())
                        .as("%s %s", role, type)
                        .isEqualTo(may);
                Permissions.whyNot(role, type)
                        .ifPresent(reason -> assertThat(reason).contains(type.name()));
            }
        }
    }

    @Test
    void givenTheTimersTypes_whenAnyRoleAsks_thenNobodyMaySubmitThem() {
        for (Role role : Role.values()) {
            assertThat(Permissions.whyNot(role, EventType.ESCALATED))
                    .contains("ESCALATED is recorded only by the processor's timers");
            assertThat(Permissions.mayRecord(role, EventType.LEGAL_CLOCK_WARNING))
                    .isFalse();
        }
    }

    @Test
    void givenEachEventType_whenAskedForItsPoint_thenMainPathTypesNameTheirPointAndOutcomesNameOutcome() {
        assertThat(EventType.HANDED_OVER.point()).isEqualTo(TimePoint.HANDED_OVER);
        assertThat(EventType.HANDED_OVER.mainPathPoint().mainPathState()).isEqualTo(CaseState.HANDED_OVER);
        assertThat(EventType.ABSCONDED.point()).isEqualTo(TimePoint.OUTCOME);
        assertThat(EventType.ABSCONDED.terminalOutcome()).isEqualTo(CaseState.ABSCONDED);
        assertThat(EventType.CORRECTED.point()).isNull();
        assertThat(EventType.ASSESSMENT_STARTED.point()).isEqualTo(TimePoint.ASSESSMENT_STARTED);
        assertThat(EventType.ASSESSMENT_STARTED.mainPathPoint()).isNull();
        assertThat(TimePoint.ASSESSMENT_STARTED.isMainPath()).isFalse();
        assertThat(EventType.DELAY_REASON_RECORDED.point()).isNull();
        assertThat(Arrays.stream(EventType.values()).filter(EventType::opensCase))
                .containsExactly(EventType.PRE_ALERTED, EventType.ARRIVED, EventType.REFERRED_AT_SCENE);
        assertThat(EventType.REFERRED_AT_SCENE.point()).isEqualTo(TimePoint.OUTCOME);
        assertThat(EventType.REFERRED_AT_SCENE.terminalOutcome()).isEqualTo(CaseState.REFERRED_AT_SCENE);
        assertThat(CaseState.REFERRED_AT_SCENE.isTerminal()).isTrue();
        assertThat(Arrays.stream(CaseState.values()).filter(CaseState::endsBeforeArrival))
                .containsExactly(CaseState.CANCELLED, CaseState.REFERRED_AT_SCENE);
        assertThat(EventType.DISPOSITION_RECORDED.point()).isNull();
        assertThat(EventType.CLOSED_NOT_RECORDED.point()).isEqualTo(TimePoint.OUTCOME);
        assertThat(EventType.CLOSED_NOT_RECORDED.terminalOutcome()).isEqualTo(CaseState.NOT_RECORDED);
        assertThat(CaseState.NOT_RECORDED.isTerminal()).isTrue();
        assertThat(CaseState.NOT_RECORDED.endsBeforeArrival()).isFalse();
        assertThat(Permissions.SUPERVISOR_ONLY).contains(EventType.CLOSED_NOT_RECORDED);
        assertThat(Permissions.whyNot(Role.OFFICER, EventType.CLOSED_NOT_RECORDED))
                .contains("CLOSED_NOT_RECORDED may only be submitted by a SUPERVISOR of the case's site or police"
                        + " division");
        assertThat(EventType.ACTION_UNDONE.point()).isNull();
        assertThat(EventType.ACTION_UNDONE.terminalOutcome()).isNull();
        assertThat(Arrays.stream(EventType.values()).filter(EventType::isUndoable))
                .containsExactly(
                        EventType.ACKNOWLEDGED,
                        EventType.HANDOVER_STARTED,
                        EventType.HANDED_OVER,
                        EventType.ASSESSMENT_STARTED);
        assertThat(Permissions.whyNot(Role.OFFICER, EventType.ACTION_UNDONE))
                .contains("ACTION_UNDONE is recorded by the ED, not by police");
        assertThat(RuleCode.UNDO_NOT_OWN.kind()).isEqualTo(RuleCode.Kind.PERMISSION);
        assertThat(RuleCode.UNDO_TOO_LATE.kind()).isEqualTo(RuleCode.Kind.CONFLICT);
    }

    @Test
    void givenEveryRuleCode_whenLookedUpByName_thenFoundAndAnUnknownNameIsNull() {
        for (RuleCode code : RuleCode.values()) {
            assertThat(RuleCode.byName(code.name())).isSameAs(code);
        }
        assertThat(RuleCode.byName("NOT_A_RULE")).isNull();
        assertThat(RuleCode.R1_DUPLICATE.kind()).isEqualTo(RuleCode.Kind.DUPLICATE);
        assertThat(RuleCode.NOT_PERMITTED.kind()).isEqualTo(RuleCode.Kind.PERMISSION);
        assertThat(RuleCode.R2_FUTURE.kind()).isEqualTo(RuleCode.Kind.CONTENT);
        assertThat(RuleCode.R3_ORDER.kind()).isEqualTo(RuleCode.Kind.CONFLICT);
    }

    private static String[] names(Class<? extends Enum<?>> type) {
        return Arrays.stream(type.getEnumConstants()).map(Enum::name).toArray(String[]::new);
    }
}
