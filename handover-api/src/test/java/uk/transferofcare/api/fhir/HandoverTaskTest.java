package uk.transferofcare.api.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import uk.transferofcare.api.cases.CaseView;
import uk.transferofcare.vocabulary.CaseState;

/**
 * The mapping of every case state to FHIR, validated against the base R4 specification ({@link R4Validation}), and
 * proof that the validation can fail. The end-to-end path (submitted, judged, read with permissions) is
 * {@link FhirEndpointIT}.
 */
class HandoverTaskTest {

    static final Instant T0 = Instant.parse("2026-03-29T00:30:00Z");
    static final HandoverTask.Names NAMES = new HandoverTask.Names(
            code -> code.equals("QEUH") ? "Queen Elizabeth University Hospital" : null,
            code -> code.equals("G") ? "Greater Glasgow" : null);

    /** The domain doc's table (docs/domain.md "FHIR R4 Task mapping"), written out independently of the code. */
    static final Map<CaseState, String> EXPECTED_STATUS = new EnumMap<>(Map.ofEntries(
            Map.entry(CaseState.PRE_ALERTED, "requested"),
            Map.entry(CaseState.ARRIVED, "requested"),
            Map.entry(CaseState.ACKNOWLEDGED, "received"),
            Map.entry(CaseState.HANDOVER_STARTED, "in-progress"),
            Map.entry(CaseState.HANDED_OVER, "completed"),
            Map.entry(CaseState.CLEARED, "completed"),
            Map.entry(CaseState.CANCELLED, "cancelled"),
            Map.entry(CaseState.DIVERTED, "cancelled"),
            Map.entry(CaseState.ENDED_WITHOUT_HANDOVER, "cancelled"),
            Map.entry(CaseState.ABSCONDED, "failed"),
            Map.entry(CaseState.ENTERED_IN_ERROR, "entered-in-error"),
            Map.entry(CaseState.REFERRED_AT_SCENE, "cancelled")));

    final R4Validation validation = R4Validation.shared();
    final FhirR4 fhir = new FhirR4();
    final JsonMapper json = JsonMapper.builder().build();

    @ParameterizedTest
    @EnumSource(CaseState.class)
    void givenACaseInEveryState_whenMapped_thenTheBundleIsValidR4AndTheStatusFollowsTheDomainTable(CaseState state)
            throws Exception {
        CaseView view = view(state, points(state), List.of());

        String answer = fhir.json(HandoverTask.bundle(view, NAMES));

        assertThat(validation.errors(answer)).as(answer).isEmpty();
        JsonNode task = json.readTree(answer).get("entry").get(0).get("resource");
        assertThat(task.get("resourceType").asString()).isEqualTo("Task");
        assertThat(task.get("status").asString()).isEqualTo(EXPECTED_STATUS.get(state));
        assertThat(task.at("/businessStatus/coding/0/code").asString()).isEqualTo(state.name());
        assertThat(task.at("/businessStatus/coding/0/system").asString()).isEqualTo(HandoverTask.CASE_STATE_SYSTEM);
        assertThat(task.at("/requester/identifier/value").asString()).isEqualTo("G");
        assertThat(task.at("/requester/display").asString()).isEqualTo("Greater Glasgow");
        assertThat(task.at("/owner/identifier/value").asString()).isEqualTo("QEUH");
        assertThat(task.at("/owner/type").asString()).isEqualTo("Organization");
    }

    @Test
    void givenTheDomainTable_thenEveryVocabularyStateHasAnExpectedStatus() {
        assertThat(EXPECTED_STATUS).containsOnlyKeys(CaseState.values());
        for (CaseState state : CaseState.values()) {
            assertThat(HandoverTask.status(state).toCode()).as(state.name()).isEqualTo(EXPECTED_STATUS.get(state));
        }
    }

    @Test
    void givenTheExecutionPeriod_thenItRunsFromArrivalToHandoverOrToTheOutcomeWithoutOne() {
        Period handedOver = HandoverTask.executionPeriod(
                view(CaseState.CLEARED, points(CaseState.CLEARED), List.of()), CaseState.CLEARED);
        assertThat(handedOver.getStartElement().getValueAsString()).isEqualTo("2026-03-29T00:30:00Z");
        assertThat(handedOver.getEndElement().getValueAsString()).isEqualTo("2026-03-29T01:45:00Z");

        Period absconded = HandoverTask.executionPeriod(
                view(CaseState.ABSCONDED, points(CaseState.ABSCONDED), List.of()), CaseState.ABSCONDED);
        assertThat(absconded.getEndElement().getValueAsString()).isEqualTo("2026-03-29T01:10:00Z");

        Period open = HandoverTask.executionPeriod(
                view(CaseState.ACKNOWLEDGED, points(CaseState.ACKNOWLEDGED), List.of()), CaseState.ACKNOWLEDGED);
        assertThat(open.hasStart()).isTrue();
        assertThat(open.hasEnd()).isFalse();

        assertThat(HandoverTask.executionPeriod(
                        view(CaseState.CANCELLED, points(CaseState.CANCELLED), List.of()), CaseState.CANCELLED))
                .as("never arrived: no execution")
                .isNull();
    }

    @Test
    void givenCorrections_whenMapped_thenEachIsAValidProvenanceOfTheTaskInItsRelevantHistory() throws Exception {
        CaseView.CorrectionEntry correction = new CaseView.CorrectionEntry(
                "3f2c7a8e-0d4b-4c55-9a51-1c2d3e4f5a6b",
                "ARRIVED",
                T0.plusSeconds(60),
                T0,
                "arrival tapped late",
                new CaseView.RecordedBy("sgt-g", "SUPERVISOR", "G"),
                T0.plusSeconds(2000));
        CaseView view = view(CaseState.HANDED_OVER, points(CaseState.HANDED_OVER), List.of(correction));

        Bundle bundle = HandoverTask.bundle(view, NAMES);
        String answer = fhir.json(bundle);

        assertThat(validation.errors(answer)).as(answer).isEmpty();
        assertThat(bundle.getEntry()).hasSize(2);
        Task task = (Task) bundle.getEntry().get(0).getResource();
        Provenance provenance = (Provenance) bundle.getEntry().get(1).getResource();
        assertThat(bundle.getEntry().get(1).getFullUrl()).isEqualTo("urn:uuid:" + correction.eventId());
        assertThat(task.getRelevantHistory())
                .extracting(Reference::getReference)
                .containsExactly("urn:uuid:" + correction.eventId());
        assertThat(provenance.getTargetFirstRep().getReference()).isEqualTo("urn:uuid:" + view.caseId());
        assertThat(provenance.getRecorded().toInstant()).isEqualTo(T0.plusSeconds(2000));
        assertThat(provenance.getReasonFirstRep().getText()).isEqualTo("arrival tapped late");
        assertThat(provenance.getActivity().getText())
                .isEqualTo("ARRIVED corrected from 2026-03-29T00:31:00Z to 2026-03-29T00:30:00Z");
        assertThat(provenance.getAgentFirstRep().getWho().getIdentifier().getValue())
                .isEqualTo("sgt-g");
        assertThat(provenance.getAgentFirstRep().getOnBehalfOf().getIdentifier().getSystem())
                .isEqualTo(HandoverTask.DIVISION_SYSTEM);
    }

    @Test
    void givenResourcesThatBreakTheBaseSpecification_whenValidated_thenTheValidatorReportsThem() {
        Task noIntent = new Task().setStatus(Task.TaskStatus.REQUESTED);
        assertThat(validation.errors(fhir.json(noIntent)))
                .anySatisfy(e -> assertThat(e).contains("Task.intent"));

        Task backwards = new Task().setStatus(Task.TaskStatus.COMPLETED).setIntent(Task.TaskIntent.ORDER);
        backwards.setExecutionPeriod(new Period()
                .setStartElement(HandoverTask.dateTime(T0))
                .setEndElement(HandoverTask.dateTime(T0.minusSeconds(60))));
        assertThat(validation.errors(fhir.json(backwards)))
                .anySatisfy(e -> assertThat(e).contains("per-1"));

        Provenance wrongAgent = new Provenance();
        wrongAgent.addTarget(new Reference("urn:uuid:" + CASE_ID));
        wrongAgent.setRecorded(java.util.Date.from(T0));
        wrongAgent.addAgent().setWho(new Reference().setType("Location").setDisplay("a room"));
        assertThat(validation.errors(fhir.json(wrongAgent)))
                .anySatisfy(e -> assertThat(e).contains("Location"));

        String unknownStatus = fhir.json(
                        new Task().setStatus(Task.TaskStatus.REQUESTED).setIntent(Task.TaskIntent.ORDER))
                .replace("\"requested\"", "\"waiting\"");
        assertThat(validation.errors(unknownStatus))
                .anySatisfy(e -> assertThat(e).contains("waiting"));

        String unknownMember = "{\"resourceType\":\"Task\",\"status\":\"requested\",\"intent\":\"order\","
                + "\"officerName\":\"PC Smith\"}";
        assertThat(validation.errors(unknownMember))
                .anySatisfy(e -> assertThat(e).contains("officerName"));
    }

    @Test
    void givenAFreshService_thenItsFhirContextIsMadeOnTheFirstRequestOnly() {
        FhirR4 fresh = new FhirR4();
        assertThat(fresh.created()).isFalse();
        fresh.json(new Task());
        assertThat(fresh.created()).isTrue();
        assertThat(fresh.context()).isSameAs(fresh.context());
    }

    static final String CASE_ID = "5b1d3c4e-2f6a-4b7c-8d9e-0a1b2c3d4e5f";

    /** Points a case in this state plausibly has (times after T0 in minutes). */
    static CaseView.Points points(CaseState state) {
        boolean arrived = state != CaseState.PRE_ALERTED && !state.endsBeforeArrival();
        int reached = state.isMainPath() ? state.ordinal() : -1;
        boolean outcome = !state.isMainPath() && state != CaseState.ENTERED_IN_ERROR;
        return new CaseView.Points(
                T0.minusSeconds(1800),
                T0.minusSeconds(900),
                T0.minusSeconds(60),
                arrived ? T0 : null,
                reached >= CaseState.ACKNOWLEDGED.ordinal() ? T0.plusSeconds(25 * 60) : null,
                reached >= CaseState.HANDOVER_STARTED.ordinal() ? T0.plusSeconds(60 * 60) : null,
                reached >= CaseState.HANDED_OVER.ordinal() ? T0.plusSeconds(75 * 60) : null,
                reached >= CaseState.CLEARED.ordinal() ? T0.plusSeconds(80 * 60) : null,
                outcome ? (arrived ? T0.plusSeconds(40 * 60) : T0.minusSeconds(30)) : null,
                null);
    }

    static CaseView view(CaseState state, CaseView.Points points, List<CaseView.CorrectionEntry> corrections) {
        return new CaseView(
                CASE_ID,
                7,
                state.name(),
                !state.isTerminal(),
                "QEUH",
                "G",
                "S297",
                2,
                null,
                null,
                null,
                state == CaseState.DIVERTED ? "GRI" : null,
                points,
                List.of(),
                new CaseView.Intervals(null, null, null, null, null, null),
                0,
                List.of(),
                null,
                List.of(),
                corrections,
                new CaseView.DataQualityView(false, false, 0, corrections.size(), 0, 0),
                List.of(),
                T0.minusSeconds(900),
                T0.plusSeconds(3 * 3600),
                "e-last",
                false,
                false,
                List.of(),
                List.of(),
                null,
                List.of(),
                null,
                null,
                List.of(),
                List.of(),
                2);
    }
}
