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
            Map.entry(CaseState.REFERRED_AT_SCENE, "cancelled"),
            Map.entry(CaseState.NOT_RECORDED, "cancelled")));

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

    /**
     * A case of division G at QEUH, relieved by division E, its site corrected to RIE, its arrival corrected, and its
     * disposition recorded by the officer and the ED and then corrected by E's supervisor: four changes, recorded (by
     * the platform) in the order transfer, correction of site, correction of disposition and, last, E's correction of
     * the arrival, while the case view lists them by kind (the time-point corrections first). Each becomes a Provenance, valid R4, in the Task's relevantHistory oldest
     * recorded first; the Task names the current division and site.
     */
    @Test
    void
            givenTransfersFieldCorrectionsAndADispositionCorrection_whenMapped_thenEachIsAValidProvenanceInOrderOfRecording()
                    throws Exception {
        CaseView.RecordedBy sergeantG = new CaseView.RecordedBy("sgt-g", "SUPERVISOR", "G");
        CaseView.RecordedBy sergeantE = new CaseView.RecordedBy("sgt-e", "SUPERVISOR", "E");
        String transferId = "0a6f6c1e-5b7d-4e39-8c2a-3b4c5d6e7f80";
        String siteId = "1b7a7d2f-6c8e-4f4a-9d3b-4c5d6e7f8091";
        String dispositionId = "2c8b8e3a-7d9f-4a5b-8e4c-5d6e7f8091a2";
        String pointId = "3d9c9f4b-8eaa-4b6c-9f5d-6e7f8091a2b3";
        CaseView.CorrectionEntry arrival = new CaseView.CorrectionEntry(
                pointId, "ARRIVED", T0.plusSeconds(60), T0, "arrival tapped late", sergeantE, T0.plusSeconds(10000));
        CaseView.TransferEntry transfer = new CaseView.TransferEntry(
                transferId, "G", "E", T0.plusSeconds(1800), "shift change", sergeantG, T0.plusSeconds(1805));
        CaseView.FieldCorrectionEntry site = new CaseView.FieldCorrectionEntry(
                siteId, "SITE_CODE", "QEUH", "RIE", "wrong site chosen", sergeantE, T0.plusSeconds(7200));
        List<CaseView.DispositionEntry> dispositions = List.of(
                new CaseView.DispositionEntry(
                        "e-officer",
                        5,
                        "DISCHARGED",
                        T0.plusSeconds(4800),
                        new CaseView.RecordedBy("pc-e", "OFFICER", "E"),
                        null,
                        T0.plusSeconds(4801)),
                new CaseView.DispositionEntry(
                        "e-ed",
                        6,
                        "ADMITTED_INFORMAL",
                        T0.plusSeconds(5400),
                        new CaseView.RecordedBy("nurse-1", "ED_STAFF", "RIE"),
                        null,
                        T0.plusSeconds(5401)),
                new CaseView.DispositionEntry(
                        dispositionId,
                        8,
                        "REFERRED_DBI",
                        T0.plusSeconds(9000),
                        sergeantE,
                        "entered on the wrong form",
                        T0.plusSeconds(9005)));
        CaseView view = history(
                view(CaseState.CLEARED, points(CaseState.CLEARED), List.of(arrival)),
                "RIE",
                "E",
                List.of(transfer),
                List.of(site),
                dispositions);

        String answer = fhir.json(HandoverTask.bundle(view, FOUR_NAMES));

        assertThat(validation.errors(answer)).as(answer).isEmpty();
        JsonNode entries = json.readTree(answer).get("entry");
        List<String> ids = List.of(transferId, siteId, dispositionId, pointId);
        assertThat(entries).hasSize(5);
        JsonNode task = entries.get(0).get("resource");
        assertThat(task.get("relevantHistory").findValuesAsString("reference"))
                .containsExactlyElementsOf(
                        ids.stream().map(id -> "urn:uuid:" + id).toList());
        assertThat(List.of(
                        task.at("/requester/identifier/system").asString(),
                        task.at("/requester/identifier/value").asString(),
                        task.at("/requester/display").asString(),
                        task.at("/owner/identifier/system").asString(),
                        task.at("/owner/identifier/value").asString(),
                        task.at("/owner/display").asString()))
                .as("the current division and site")
                .containsExactly(
                        HandoverTask.DIVISION_SYSTEM,
                        "E",
                        "Edinburgh",
                        HandoverTask.SITE_SYSTEM,
                        "RIE",
                        "Royal Infirmary of Edinburgh");
        List<List<String>> provenances = new java.util.ArrayList<>();
        for (int i = 1; i < entries.size(); i++) {
            assertThat(entries.get(i).get("fullUrl").asString()).isEqualTo("urn:uuid:" + ids.get(i - 1));
            provenances.add(fields(entries.get(i).get("resource")));
        }
        assertThat(provenances)
                .containsExactly(
                        List.of(
                                "Provenance",
                                transferId,
                                "urn:uuid:" + CASE_ID,
                                "2026-03-29T01:00:00Z",
                                "2026-03-29T01:00:05.000Z",
                                HandoverTask.DATA_OPERATION + "|UPDATE",
                                "police division transferred from G to E",
                                "shift change",
                                HandoverTask.PARTICIPANT_TYPE + "|author",
                                "SUPERVISOR",
                                "Practitioner",
                                HandoverTask.USER_SYSTEM + "|sgt-g",
                                "Organization",
                                HandoverTask.DIVISION_SYSTEM + "|G",
                                "Greater Glasgow"),
                        List.of(
                                "Provenance",
                                siteId,
                                "urn:uuid:" + CASE_ID,
                                "",
                                "2026-03-29T02:30:00.000Z",
                                HandoverTask.DATA_OPERATION + "|UPDATE",
                                "SITE_CODE corrected from QEUH to RIE",
                                "wrong site chosen",
                                HandoverTask.PARTICIPANT_TYPE + "|author",
                                "SUPERVISOR",
                                "Practitioner",
                                HandoverTask.USER_SYSTEM + "|sgt-e",
                                "Organization",
                                HandoverTask.DIVISION_SYSTEM + "|E",
                                "Edinburgh"),
                        List.of(
                                "Provenance",
                                dispositionId,
                                "urn:uuid:" + CASE_ID,
                                "2026-03-29T03:00:00Z",
                                "2026-03-29T03:00:05.000Z",
                                HandoverTask.DATA_OPERATION + "|UPDATE",
                                "disposition corrected from ADMITTED_INFORMAL to REFERRED_DBI",
                                "entered on the wrong form",
                                HandoverTask.PARTICIPANT_TYPE + "|author",
                                "SUPERVISOR",
                                "Practitioner",
                                HandoverTask.USER_SYSTEM + "|sgt-e",
                                "Organization",
                                HandoverTask.DIVISION_SYSTEM + "|E",
                                "Edinburgh"),
                        List.of(
                                "Provenance",
                                pointId,
                                "urn:uuid:" + CASE_ID,
                                "",
                                "2026-03-29T03:16:40.000Z",
                                HandoverTask.DATA_OPERATION + "|UPDATE",
                                "ARRIVED corrected from 2026-03-29T00:31:00Z to 2026-03-29T00:30:00Z",
                                "arrival tapped late",
                                HandoverTask.PARTICIPANT_TYPE + "|author",
                                "SUPERVISOR",
                                "Practitioner",
                                HandoverTask.USER_SYSTEM + "|sgt-e",
                                "Organization",
                                HandoverTask.DIVISION_SYSTEM + "|E",
                                "Edinburgh"));
        assertThat(answer)
                .as("the officer's and the ED's dispositions are records, not corrections")
                .doesNotContain("e-officer")
                .doesNotContain("e-ed")
                .doesNotContain("nurse-1");
    }

    @Test
    void givenASupervisorsDispositionRecordedEarlierThanTheStandingOne_thenItsFromIsWhatStoodWhenItWasRecorded() {
        CaseView.RecordedBy sergeant = new CaseView.RecordedBy("sgt-g", "SUPERVISOR", "G");
        CaseView view = history(
                view(CaseState.CLEARED, points(CaseState.CLEARED), List.of()),
                "QEUH",
                "G",
                List.of(),
                List.of(),
                List.of(
                        new CaseView.DispositionEntry(
                                "3f2c7a8e-0d4b-4c55-9a51-000000000001",
                                4,
                                "ADMITTED_DETAINED",
                                T0.plusSeconds(3000),
                                sergeant,
                                "the first record",
                                T0.plusSeconds(3001)),
                        new CaseView.DispositionEntry(
                                "e-2",
                                5,
                                "DISCHARGED",
                                T0.plusSeconds(6000),
                                new CaseView.RecordedBy("pc-g", "OFFICER", "G"),
                                null,
                                T0.plusSeconds(6001)),
                        new CaseView.DispositionEntry(
                                "3f2c7a8e-0d4b-4c55-9a51-000000000003",
                                6,
                                "OTHER",
                                T0.plusSeconds(5000),
                                sergeant,
                                "backdated",
                                T0.plusSeconds(7000))));

        List<Provenance> history = HandoverTask.history(view, NAMES);

        assertThat(history)
                .extracting(p -> p.getActivity().getText())
                .containsExactly(
                        "disposition corrected from (none) to ADMITTED_DETAINED",
                        "disposition corrected from DISCHARGED to OTHER");
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

    static final HandoverTask.Names FOUR_NAMES = new HandoverTask.Names(
            code -> Map.of("QEUH", "Queen Elizabeth University Hospital", "RIE", "Royal Infirmary of Edinburgh")
                    .get(code),
            code -> Map.of("G", "Greater Glasgow", "E", "Edinburgh").get(code));

    /**
     * A Provenance as a row: resourceType, id, target, occurred, recorded, activity system|code, activity text,
     * reason, agent type system|code, role, who type, who identifier system|value, onBehalfOf type, identifier
     * system|value, display ("" for a member left out). Asserts the single agent, target and reason.
     */
    static List<String> fields(JsonNode provenance) {
        assertThat(provenance.get("target")).hasSize(1);
        assertThat(provenance.get("agent")).hasSize(1);
        assertThat(provenance.get("reason")).hasSize(1);
        JsonNode agent = provenance.get("agent").get(0);
        return List.of(
                provenance.path("resourceType").asString(""),
                provenance.path("id").asString(""),
                provenance.at("/target/0/reference").asString(""),
                provenance.path("occurredDateTime").asString(""),
                provenance.path("recorded").asString(""),
                provenance.at("/activity/coding/0/system").asString("") + "|"
                        + provenance.at("/activity/coding/0/code").asString(""),
                provenance.at("/activity/text").asString(""),
                provenance.at("/reason/0/text").asString(""),
                agent.at("/type/coding/0/system").asString("") + "|"
                        + agent.at("/type/coding/0/code").asString(""),
                agent.at("/role/0/coding/0/code").asString(""),
                agent.at("/who/type").asString(""),
                agent.at("/who/identifier/system").asString("") + "|"
                        + agent.at("/who/identifier/value").asString(""),
                agent.at("/onBehalfOf/type").asString(""),
                agent.at("/onBehalfOf/identifier/system").asString("") + "|"
                        + agent.at("/onBehalfOf/identifier/value").asString(""),
                agent.at("/onBehalfOf/display").asString(""));
    }

    /** The view at another site and division, with these transfers, field corrections and dispositions. */
    static CaseView history(
            CaseView v,
            String site,
            String division,
            List<CaseView.TransferEntry> transfers,
            List<CaseView.FieldCorrectionEntry> fieldCorrections,
            List<CaseView.DispositionEntry> dispositions) {
        return new CaseView(
                v.caseId(),
                v.version(),
                v.state(),
                v.open(),
                site,
                division,
                v.legalBasis(),
                v.officerCount(),
                v.localReference(),
                v.linkedFromCaseId(),
                v.divertedToCaseId(),
                v.destinationSiteCode(),
                v.points(),
                v.timeline(),
                v.intervals(),
                v.escalationLevel(),
                v.escalations(),
                v.legalClock(),
                v.retained(),
                v.corrections(),
                v.dataQuality(),
                v.rejections(),
                v.openedAt(),
                v.updatedAt(),
                v.lastEventId(),
                v.repeatWithin30d(),
                v.repeatWithin90d(),
                transfers,
                fieldCorrections,
                dispositions.isEmpty()
                        ? null
                        : dispositions.get(dispositions.size() - 1).disposition(),
                dispositions,
                v.referralPathway(),
                v.assessmentMode(),
                v.delayReasons(),
                v.officerChanges(),
                v.currentOfficerCount());
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
