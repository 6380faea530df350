package uk.transferofcare.processor.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static uk.transferofcare.processor.stream.WireFixtures.DIVISION;
import static uk.transferofcare.processor.stream.WireFixtures.ED;
import static uk.transferofcare.processor.stream.WireFixtures.OFFICER;
import static uk.transferofcare.processor.stream.WireFixtures.OFFICER_DEVICE;
import static uk.transferofcare.processor.stream.WireFixtures.OTHER_SITE;
import static uk.transferofcare.processor.stream.WireFixtures.SITE;
import static uk.transferofcare.processor.stream.WireFixtures.T0;
import static uk.transferofcare.processor.stream.WireFixtures.arrive;
import static uk.transferofcare.processor.stream.WireFixtures.min;
import static uk.transferofcare.processor.stream.WireFixtures.preAlert;
import static uk.transferofcare.processor.stream.WireFixtures.submit;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import uk.transferofcare.events.Actor;
import uk.transferofcare.events.ActorRole;
import uk.transferofcare.events.CaseSnapshot;
import uk.transferofcare.events.CaseState;
import uk.transferofcare.events.CompletedCase;
import uk.transferofcare.events.DataQuality;
import uk.transferofcare.events.EventType;
import uk.transferofcare.events.HandoverEvent;
import uk.transferofcare.events.HandoverSubmission;
import uk.transferofcare.events.Intervals;
import uk.transferofcare.events.LegalBasis;
import uk.transferofcare.events.PointRecord;
import uk.transferofcare.events.Source;
import uk.transferofcare.events.SourceChannel;
import uk.transferofcare.events.SubmissionDetails;
import uk.transferofcare.events.SubmissionOutcome;
import uk.transferofcare.events.SubmissionRejected;
import uk.transferofcare.events.SubmissionStatus;
import uk.transferofcare.events.TimePoint;
import uk.transferofcare.events.TimePoints;
import uk.transferofcare.processor.domain.HandoverStateMachine;

/** Every output topic of the topology for submissions, with TopologyTestDriver and an in-memory registry. */
class SubmissionTopologyTest {

    private static final String CASE = "case-1";
    /** The processor's wall clock: a minute after T0, before any escalation mark. */
    private static final Instant NOW = min(1);

    private final TopologyHarness harness = new TopologyHarness(NOW);

    @AfterEach
    void close() {
        harness.close();
    }

    @Test
    void givenNoCase_whenAnArrivalIsSubmitted_thenAnAppliedEventASnapshotAndAnAppliedOutcomeAreProduced() {
        HandoverSubmission arrival = arrive(CASE, "e1", T0)
                .legalBasis(LegalBasis.VOLUNTARY)
                .officerCount(2)
                .build();

        harness.send(arrival);

        TopologyHarness.Produced produced = harness.drain();
        Instant received = T0.plus(WireFixtures.DELIVERY);
        assertThat(produced.events())
                .containsExactly(HandoverEvent.newBuilder()
                        .setEventId("e1")
                        .setCaseId(CASE)
                        .setSequence(1)
                        .setType(EventType.ARRIVED)
                        .setOccurredAt(T0)
                        .setRecordedAt(received)
                        .setActor(OFFICER)
                        .setSource(OFFICER_DEVICE)
                        .setDetails(SubmissionDetails.newBuilder()
                                .setSiteCode(SITE)
                                .setLegalBasis(LegalBasis.VOLUNTARY)
                                .setOfficerCount(2)
                                .build())
                        .setState(CaseState.ARRIVED)
                        .setSiteCode(SITE)
                        .setPoliceDivision(DIVISION)
                        .setLegalBasis(LegalBasis.VOLUNTARY)
                        .setLate(false)
                        .setCorrectedFrom(null)
                        .setEscalationLevel(null)
                        .setThresholdMinutes(null)
                        .setLegalClockDeadline(null)
                        .setNotifyRecipients(true)
                        .build());
        assertThat(produced.snapshots())
                .containsExactly(CaseSnapshot.newBuilder()
                        .setCaseId(CASE)
                        .setVersion(1)
                        .setState(CaseState.ARRIVED)
                        .setOpen(true)
                        .setSiteCode(SITE)
                        .setPoliceDivision(DIVISION)
                        .setLegalBasis(LegalBasis.VOLUNTARY)
                        .setOfficerCount(2)
                        .setLocalReference(null)
                        .setLinkedFromCaseId(null)
                        .setDivertedToCaseId(null)
                        .setDestinationSiteCode(null)
                        .setPoints(TimePoints.newBuilder().setArrivedAt(T0).build())
                        .setPointRecords(List.of(
                                new PointRecord(TimePoint.ARRIVED, T0, "e1", received, OFFICER, false, false, false)))
                        .setIntervals(Intervals.newBuilder().build())
                        .setEscalationLevel(0)
                        .setEscalations(List.of())
                        .setLegalClock(null)
                        .setRetained(List.of())
                        .setCorrections(List.of())
                        .setDataQuality(new DataQuality(false, false, 0, 0, 0, 0))
                        .setOpenedAt(received)
                        .setUpdatedAt(received)
                        .setLastEventId("e1")
                        .build());
        assertThat(produced.outcomes())
                .containsExactly(SubmissionOutcome.newBuilder()
                        .setEventId("e1")
                        .setCaseId(CASE)
                        .setType(EventType.ARRIVED)
                        .setStatus(SubmissionStatus.APPLIED)
                        .setSequence(1L)
                        .setSiteCode(SITE)
                        .setPoliceDivision(DIVISION)
                        .setActor(OFFICER)
                        .setReceivedAt(received)
                        .setProcessedAt(NOW)
                        .build());
        assertThat(produced.rejections()).isEmpty();
        assertThat(produced.completed()).isEmpty();
        assertThat(produced.linked()).isEmpty();
        assertThat(produced.deadLetters()).isZero();
        assertThat(harness.meterIds())
                .contains("MeterId{name='handover.submissions', tags=[tag(rule=none),tag(status=APPLIED)]}");
    }

    @Test
    void
            givenAnArrivedCase_whenAHandoverBeforeTheArrivalIsSubmitted_thenOnlyARejectionAndARejectedOutcomeAreProduced() {
        harness.send(arrive(CASE, "e1", T0).build());
        harness.drain();
        HandoverSubmission early =
                submit(CASE, "e2", EventType.HANDED_OVER, min(-5)).build();

        harness.send(early);

        TopologyHarness.Produced produced = harness.drain();
        String message = "R3_ORDER: HANDED_OVER at 2025-03-01T09:55:00Z is before ARRIVED recorded at"
                + " 2025-03-01T10:00:00Z by event e1";
        assertThat(produced.rejections())
                .containsExactly(
                        new SubmissionRejected(early, "R3_ORDER", message, TimePoint.ARRIVED, "occurredAt", NOW));
        assertThat(produced.outcomes())
                .containsExactly(SubmissionOutcome.newBuilder()
                        .setEventId("e2")
                        .setCaseId(CASE)
                        .setType(EventType.HANDED_OVER)
                        .setStatus(SubmissionStatus.REJECTED)
                        .setRule("R3_ORDER")
                        .setMessage(message)
                        .setSiteCode(SITE)
                        .setPoliceDivision(DIVISION)
                        .setActor(ED)
                        .setReceivedAt(min(-5).plus(WireFixtures.DELIVERY))
                        .setProcessedAt(NOW)
                        .setField("occurredAt")
                        .setConflictingPoint(TimePoint.ARRIVED)
                        .build());
        assertThat(produced.events()).isEmpty();
        assertThat(produced.snapshots()).isEmpty();
        assertThat(produced.completed()).isEmpty();
        assertThat(produced.linked()).isEmpty();
        assertThat(produced.deadLetters()).isZero();
    }

    @Test
    void givenNoCase_whenAHandoverIsSubmitted_thenItIsHeldAndJudgedWhenTheCaseOpensWithItsOwnHeaders() {
        HandoverSubmission orphan =
                submit("case-x", "e9", EventType.HANDED_OVER, min(30)).build();

        harness.send(orphan, "request-9");
        TopologyHarness.Produced held = harness.drain();
        harness.send(arrive("case-x", "e10", T0).build(), "request-10");
        TopologyHarness.Produced opened = harness.drain();

        assertThat(held.outcomes())
                .extracting(
                        SubmissionOutcome::getEventId,
                        SubmissionOutcome::getStatus,
                        SubmissionOutcome::getResend,
                        SubmissionOutcome::getHeldUntil)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(
                        "e9",
                        SubmissionStatus.HELD,
                        false,
                        orphan.getReceivedAt().plus(java.time.Duration.ofHours(24))));
        // (received after NOW: the horizon runs from the later of receipt and processing)
        assertThat(held.events()).isEmpty();
        assertThat(held.snapshots()).isEmpty();
        assertThat(held.rejections()).isEmpty();
        assertThat(opened.outcomes())
                .extracting(SubmissionOutcome::getEventId, SubmissionOutcome::getStatus, SubmissionOutcome::getSequence)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("e10", SubmissionStatus.APPLIED, 1L),
                        org.assertj.core.groups.Tuple.tuple("e9", SubmissionStatus.APPLIED, 2L));
        assertThat(harness.requestIdsOfOutcomes()).containsExactly("request-9", "request-10", "request-9");
        assertThat(opened.snapshots())
                .extracting(CaseSnapshot::getVersion, CaseSnapshot::getState)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(2L, CaseState.HANDED_OVER));
        assertThat(harness.heldStore().get("case-x")).isNull();
    }

    @Test
    void givenAHeldSubmission_whenTheHorizonPassesWithoutACase_thenItIsRejectedUnknownCaseOnce() {
        HandoverSubmission orphan =
                submit("case-y", "e9", EventType.HANDED_OVER, T0).build();
        harness.send(orphan);
        harness.drain();

        harness.advance(java.time.Duration.ofHours(25));

        TopologyHarness.Produced produced = harness.drain();
        String message = "UNKNOWN_CASE: no case case-y was opened (by PRE_ALERTED or ARRIVED naming its site) within"
                + " 1440 minutes of receiving this HANDED_OVER";
        assertThat(produced.rejections())
                .containsExactly(new SubmissionRejected(
                        orphan,
                        "UNKNOWN_CASE",
                        message,
                        null,
                        "caseId",
                        produced.rejections().get(0).getRejectedAt()));
        assertThat(produced.outcomes())
                .extracting(SubmissionOutcome::getEventId, SubmissionOutcome::getStatus, SubmissionOutcome::getRule)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("e9", SubmissionStatus.REJECTED, "UNKNOWN_CASE"));
        assertThat(harness.heldStore().get("case-y")).isNull();
        harness.advance(java.time.Duration.ofHours(25));
        assertThat(harness.drain().outcomes()).isEmpty();
    }

    @Test
    void givenAHeldSubmission_whenItsEventIdIsSentAgain_thenHeldAgainAndWithAnotherBodyEventIdReused() {
        HandoverSubmission orphan =
                submit("case-z", "e9", EventType.HANDED_OVER, T0).build();
        harness.send(orphan);
        harness.drain();

        harness.send(orphan);
        harness.send(submit("case-z", "e9", EventType.HANDED_OVER, min(1)).build());

        assertThat(harness.drain().outcomes())
                .extracting(
                        SubmissionOutcome::getStatus,
                        SubmissionOutcome::getRule,
                        SubmissionOutcome::getResend,
                        SubmissionOutcome::getField)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(SubmissionStatus.HELD, null, true, null),
                        org.assertj.core.groups.Tuple.tuple(
                                SubmissionStatus.REJECTED, "EVENT_ID_REUSED", true, "eventId"));
    }

    @Test
    void givenAnAppliedArrival_whenTheSameEventIdIsSentAgain_thenOnlyARepeatOfItsVerdictIsProduced() {
        HandoverSubmission arrival = arrive(CASE, "e1", T0).build();
        harness.send(arrival);
        harness.drain();

        harness.send(arrival);

        TopologyHarness.Produced produced = harness.drain();
        assertThat(produced.outcomes())
                .containsExactly(SubmissionOutcome.newBuilder()
                        .setEventId("e1")
                        .setCaseId(CASE)
                        .setType(EventType.ARRIVED)
                        .setStatus(SubmissionStatus.APPLIED)
                        .setSequence(1L)
                        .setSiteCode(SITE)
                        .setPoliceDivision(DIVISION)
                        .setActor(OFFICER)
                        .setReceivedAt(T0.plus(WireFixtures.DELIVERY))
                        .setProcessedAt(NOW)
                        .setResend(true)
                        .setResentByFirstSubmitter(true)
                        .build());
        assertThat(produced)
                .isEqualTo(new TopologyHarness.Produced(
                        List.of(), List.of(), produced.outcomes(), List.of(), List.of(), List.of(), 0));
    }

    @Test
    void
            givenACaseTransferredToAnotherDivision_whenTheTransferIsSentAgain_thenTheOutcomeSaysWhetherItsFirstSenderSendsIt() {
        Actor sergeant = new Actor("SGT0007", ActorRole.SUPERVISOR, DIVISION);
        HandoverSubmission transfer = submit(CASE, "e2", EventType.DIVISION_TRANSFERRED, min(10))
                .by(sergeant)
                .policeDivision("Q")
                .reason("shift change")
                .build();
        harness.send(arrive(CASE, "e1", T0).build(), transfer);
        harness.drain();

        harness.send(transfer);
        HandoverSubmission sameBodyOtherUser = HandoverSubmission.newBuilder(transfer)
                .setActor(new Actor("SGT0008", ActorRole.SUPERVISOR, DIVISION))
                .build();
        harness.send(sameBodyOtherUser);
        HandoverSubmission handoverSentAgain =
                HandoverSubmission.newBuilder(arrive(CASE, "e1", T0).build()).build();
        harness.send(handoverSentAgain);

        // The case now belongs to division Q: the outcome names it, and whether the case records the re-sender's
        // user as the one who sent the eventId first (true, false), so the API can answer the sergeant's re-send
        // with their 201 without reading a projection that may trail; the officer's arrival is recorded with its
        // sender too.
        assertThat(harness.drain().outcomes())
                .extracting(
                        SubmissionOutcome::getEventId,
                        SubmissionOutcome::getStatus,
                        SubmissionOutcome::getResend,
                        SubmissionOutcome::getPoliceDivision,
                        SubmissionOutcome::getResentByFirstSubmitter)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("e2", SubmissionStatus.APPLIED, true, "Q", true),
                        org.assertj.core.groups.Tuple.tuple("e2", SubmissionStatus.APPLIED, true, "Q", false),
                        org.assertj.core.groups.Tuple.tuple("e1", SubmissionStatus.APPLIED, true, "Q", true));
    }

    @Test
    void givenARejectedSubmission_whenItIsSentAgain_thenTheOutcomeDoesNotKnowItsFirstSender() {
        harness.send(
                arrive(CASE, "e1", T0).build(),
                submit(CASE, "e2", EventType.HANDED_OVER, min(-5)).build());
        harness.drain();

        harness.send(submit(CASE, "e2", EventType.HANDED_OVER, min(-5)).build());

        assertThat(harness.drain().outcomes())
                .extracting(
                        SubmissionOutcome::getStatus,
                        SubmissionOutcome::getRule,
                        SubmissionOutcome::getResend,
                        SubmissionOutcome::getResentByFirstSubmitter)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(SubmissionStatus.REJECTED, "R3_ORDER", true, null));
    }

    @Test
    void givenAnAppliedArrival_whenItsEventIdComesWithAnotherTime_thenEventIdReusedAndTheCaseIsUnchanged() {
        harness.send(arrive(CASE, "e1", T0).build());
        harness.drain();

        harness.send(arrive(CASE, "e1", min(1)).build());

        TopologyHarness.Produced produced = harness.drain();
        assertThat(produced.outcomes())
                .extracting(SubmissionOutcome::getStatus, SubmissionOutcome::getRule, SubmissionOutcome::getResend)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(SubmissionStatus.REJECTED, "EVENT_ID_REUSED", true));
        assertThat(produced.events()).isEmpty();
        assertThat(produced.snapshots()).isEmpty();
    }

    @Test
    void givenACaseThatWasClearedAfterHandover_whenTheHandoverIsCorrected_thenTheCompletedCaseIsEmittedAgain() {
        harness.send(
                arrive(CASE, "e1", T0).officerCount(2).build(),
                submit(CASE, "e2", EventType.HANDED_OVER, min(20)).build(),
                submit(CASE, "e3", EventType.CLEARED, min(40)).build());
        CompletedCase cleared = CompletedCase.newBuilder()
                .setCaseId(CASE)
                .setVersion(3)
                .setOutcome(CaseState.CLEARED)
                .setSiteCode(SITE)
                .setPoliceDivision(DIVISION)
                .setLegalBasis(null)
                .setOfficerCount(2)
                .setLinkedFromCaseId(null)
                .setDivertedToCaseId(null)
                .setFirstEventAt(T0)
                .setRemovedAt(null)
                .setPreAlertedAt(null)
                .setArrivedAt(T0)
                .setAcknowledgedAt(min(20))
                .setHandoverStartedAt(null)
                .setHandedOverAt(min(20))
                .setClearedAt(min(40))
                .setOutcomeAt(null)
                .setArrivalToAcknowledgedSeconds(1200L)
                .setHandoverSeconds(1200L)
                .setHandoverToClearSeconds(1200L)
                .setTimeAtEdSeconds(2400L)
                .setOfficerSeconds(4800L)
                .setRetainedSeconds(null)
                .setMaxEscalationLevel(0)
                .setLegalClockDeadline(null)
                .setLegalClockBreached(false)
                .setIncomplete(false)
                .setAcknowledgedImplied(true)
                .setCorrected(false)
                .setLateEvents(0)
                .setMissingClearance(false)
                .setComplete(true)
                .setRecordedAt(min(40).plus(WireFixtures.DELIVERY))
                .build();
        assertThat(harness.drain().completed()).containsExactly(cleared);

        harness.send(submit(CASE, "e4", EventType.CORRECTED, min(50))
                .correction(TimePoint.HANDED_OVER, min(25), "entered at the wrong time")
                .build());

        TopologyHarness.Produced produced = harness.drain();
        assertThat(produced.completed())
                .containsExactly(CompletedCase.newBuilder(cleared)
                        .setVersion(4)
                        .setAcknowledgedAt(min(25))
                        .setHandedOverAt(min(25))
                        .setArrivalToAcknowledgedSeconds(1500L)
                        .setHandoverSeconds(1500L)
                        .setHandoverToClearSeconds(900L)
                        .setCorrected(true)
                        .setRecordedAt(min(50).plus(WireFixtures.DELIVERY))
                        .build());
        assertThat(produced.events())
                .extracting(HandoverEvent::getSequence, HandoverEvent::getType, HandoverEvent::getCorrectedFrom)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(4L, EventType.CORRECTED, min(20)));
    }

    @Test
    void givenAHandoverUndoneByItsNurse_whenApplied_thenTheEventNamesTheWithdrawnPointAndItsTime() {
        harness.send(arrive(CASE, "e1", T0).build());
        harness.send(submit(CASE, "e2", EventType.HANDED_OVER, min(20)).build());
        harness.drain();

        harness.send(submit(CASE, "u1", EventType.ACTION_UNDONE, min(22))
                .undoneEventId("e2")
                .build());

        assertThat(harness.drain().events())
                .extracting(
                        HandoverEvent::getType,
                        HandoverEvent::getState,
                        HandoverEvent::getWithdrawnPoint,
                        HandoverEvent::getCorrectedFrom)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(
                        EventType.ACTION_UNDONE, CaseState.ARRIVED, TimePoint.HANDED_OVER, min(20)));
    }

    @Test
    void givenAnOpenCase_whenItIsEnteredInError_thenTheCompletedCaseHasOutcomeEnteredInError() {
        harness.send(arrive(CASE, "e1", T0).build());
        harness.drain();

        harness.send(submit(CASE, "e2", EventType.ENTERED_IN_ERROR, min(1))
                .reason("test case")
                .build());

        assertThat(harness.completed.readValuesToList())
                .extracting(CompletedCase::getOutcome, CompletedCase::getVersion, CompletedCase::getArrivedAt)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(CaseState.ENTERED_IN_ERROR, 2L, T0));
    }

    @Test
    void givenAPreAlertedCase_whenItIsDiverted_thenALinkedPreAlertOpensTheCaseAtTheDestination() {
        harness.send(preAlert(CASE, "e1", T0).build());
        harness.drain();
        HandoverSubmission diverted = submit(CASE, "e2", EventType.DIVERTED, min(5))
                .destination(OTHER_SITE)
                .build();

        harness.send(diverted);

        String linkedCase = HandoverStateMachine.linkedCaseIdFor(CASE, "e2");
        TopologyHarness.Produced produced = harness.drain();
        Actor system = new Actor("handover-processor", ActorRole.SYSTEM, DIVISION);
        assertThat(produced.linked())
                .containsExactly(HandoverSubmission.newBuilder()
                        .setEventId(produced.linked().get(0).getEventId())
                        .setCaseId(linkedCase)
                        .setType(EventType.PRE_ALERTED)
                        .setOccurredAt(min(5))
                        .setReceivedAt(min(5).plus(WireFixtures.DELIVERY))
                        .setActor(system)
                        .setSource(new Source(SourceChannel.PROCESSOR, null, false))
                        .setDetails(SubmissionDetails.newBuilder()
                                .setSiteCode(OTHER_SITE)
                                .setLinkedCaseId(CASE)
                                .build())
                        .build());
        assertThat(produced.snapshots())
                .extracting(
                        CaseSnapshot::getCaseId,
                        CaseSnapshot::getState,
                        CaseSnapshot::getSiteCode,
                        CaseSnapshot::getLinkedFromCaseId,
                        CaseSnapshot::getDivertedToCaseId,
                        CaseSnapshot::getPoliceDivision)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(CASE, CaseState.DIVERTED, SITE, null, linkedCase, DIVISION),
                        org.assertj.core.groups.Tuple.tuple(
                                linkedCase, CaseState.PRE_ALERTED, OTHER_SITE, CASE, null, DIVISION));
        assertThat(produced.outcomes())
                .extracting(SubmissionOutcome::getCaseId, SubmissionOutcome::getStatus)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(CASE, SubmissionStatus.APPLIED),
                        org.assertj.core.groups.Tuple.tuple(linkedCase, SubmissionStatus.APPLIED));
        assertThat(produced.completed())
                .extracting(CompletedCase::getCaseId, CompletedCase::getOutcome, CompletedCase::getDivertedToCaseId)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(CASE, CaseState.DIVERTED, linkedCase));
    }

    @Test
    void givenADiversionWithARequestId_whenItIsProcessed_thenOnlyItsOwnOutcomeCarriesTheRequestId() {
        harness.send(preAlert(CASE, "e1", T0).build(), "request-1");
        harness.drain();

        harness.send(
                submit(CASE, "e2", EventType.DIVERTED, min(5))
                        .destination(OTHER_SITE)
                        .build(),
                "request-2");
        TopologyHarness.Produced produced = harness.drain();

        // The linked pre-alert (written to handover-submissions by the processor) must not carry the diversion's
        // request id: its outcome would otherwise answer the request waiting for the DIVERTED's verdict (GroundTruthIT
        // on a clean clone: a DIVERTED answered 201 with the linked case's PRE_ALERTED verdict, no linkedCaseId).
        String linkedCase = HandoverStateMachine.linkedCaseIdFor(CASE, "e2");
        assertThat(produced.outcomes())
                .extracting(SubmissionOutcome::getCaseId, SubmissionOutcome::getType)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(CASE, EventType.DIVERTED),
                        org.assertj.core.groups.Tuple.tuple(linkedCase, EventType.PRE_ALERTED));
        assertThat(harness.requestIdsOfOutcomes()).containsExactly("request-1", "request-2", null);
        assertThat(produced.outcomes().get(0).getLinkedCaseId()).isEqualTo(linkedCase);
    }

    @Test
    void givenASubmissionWithATraceparent_whenItIsProcessed_thenEveryOutputCarriesTheSameTraceparent() {
        String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        harness.send(preAlert(CASE, "e1", T0).build(), TopologyHarness.traceHeaders(traceparent));

        harness.send(
                submit(CASE, "e2", EventType.DIVERTED, min(5))
                        .destination(OTHER_SITE)
                        .build(),
                TopologyHarness.traceHeaders(traceparent));

        List<TestRecord<String, ?>> outputs = new java.util.ArrayList<>();
        outputs.addAll(harness.events.readRecordsToList());
        outputs.addAll(harness.state.readRecordsToList());
        outputs.addAll(harness.outcomes.readRecordsToList());
        outputs.addAll(harness.completed.readRecordsToList());
        outputs.addAll(harness.linked.readRecordsToList());
        assertThat(outputs).hasSize(3 + 3 + 3 + 1 + 1);
        assertThat(outputs)
                .allSatisfy(record -> assertThat(traceparents(record)).containsExactly(traceparent));
    }

    static List<String> traceparents(TestRecord<?, ?> record) {
        List<String> values = new java.util.ArrayList<>();
        for (Header header : record.headers().headers("traceparent")) {
            values.add(new String(header.value(), StandardCharsets.UTF_8));
        }
        return values;
    }

    @Test
    void givenTheWallClock_whenASubmissionIsProcessed_thenProcessedAtIsTheProcessorsClockNotTheSubmissions() {
        harness.advance(Duration.ofSeconds(7));

        harness.send(arrive(CASE, "e1", T0).build());

        assertThat(harness.outcomes.readValue().getProcessedAt()).isEqualTo(NOW.plusSeconds(7));
    }
}
