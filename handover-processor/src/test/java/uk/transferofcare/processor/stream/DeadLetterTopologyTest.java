package uk.transferofcare.processor.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;
import static uk.transferofcare.processor.stream.WireFixtures.SITE;
import static uk.transferofcare.processor.stream.WireFixtures.T0;
import static uk.transferofcare.processor.stream.WireFixtures.arrive;
import static uk.transferofcare.processor.stream.WireFixtures.min;
import static uk.transferofcare.processor.stream.WireFixtures.submit;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.support.KafkaHeaders;
import uk.transferofcare.events.EventType;
import uk.transferofcare.events.HandoverEvent;
import uk.transferofcare.events.HandoverSubmission;
import uk.transferofcare.events.SubmissionOutcome;
import uk.transferofcare.events.SubmissionRejected;
import uk.transferofcare.events.SubmissionStatus;
import uk.transferofcare.processor.domain.CaseFile;
import uk.transferofcare.processor.domain.Decision;
import uk.transferofcare.processor.domain.HandoverStateMachine;
import uk.transferofcare.processor.domain.Submission;
import uk.transferofcare.processor.domain.TickResult;
import uk.transferofcare.processor.domain.Verdict;
import uk.transferofcare.support.registry.SchemaRegistryUnavailableException;
import uk.transferofcare.support.serde.AvroSerializer;

/** Nothing is silently dropped and no record blocks its partition: undecodable and unprocessable submissions. */
class DeadLetterTopologyTest {

    private static final String CASE = "case-d";
    private static final Instant NOW = min(1);

    private TopologyHarness harness;

    @AfterEach
    void close() {
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void givenBytesThatAreNotAvro_whenTheyArrive_thenTheyGoToTheDeadLetterTopicAndTheNextRecordIsProcessed() {
        harness = new TopologyHarness(NOW);
        byte[] garbage = "{\"not\":\"avro\"}".getBytes(StandardCharsets.UTF_8);
        Headers original = TopologyHarness.traceHeaders("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");

        harness.raw.pipeInput(new TestRecord<>(CASE.getBytes(StandardCharsets.UTF_8), garbage, original, NOW));
        harness.send(arrive(CASE, "e1", T0).build());

        List<TestRecord<byte[], byte[]>> dead = harness.deadLetters.readRecordsToList();
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0).key()).isEqualTo(CASE.getBytes(StandardCharsets.UTF_8));
        assertThat(dead.get(0).value()).isEqualTo(garbage);
        assertThat(headers(dead.get(0).headers()))
                .containsEntry("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
                .containsEntry(KafkaHeaders.DLT_EXCEPTION_FQCN, "org.apache.kafka.common.errors.SerializationException")
                .containsEntry(
                        KafkaHeaders.DLT_EXCEPTION_MESSAGE,
                        "Unknown magic byte 0x7b in record of topic handover-submissions: expected 0x00 (Confluent"
                                + " Avro wire format)")
                .containsEntry(KafkaHeaders.DLT_ORIGINAL_TOPIC, "handover-submissions")
                .containsEntry(KafkaHeaders.DLT_ORIGINAL_CONSUMER_GROUP, "handover-processor-test");
        assertThat(dead.get(0)
                        .headers()
                        .lastHeader(KafkaHeaders.DLT_ORIGINAL_PARTITION)
                        .value())
                .isEqualTo(ByteBuffer.allocate(4).putInt(0).array());
        assertThat(dead.get(0)
                        .headers()
                        .lastHeader(KafkaHeaders.DLT_ORIGINAL_OFFSET)
                        .value())
                .isEqualTo(ByteBuffer.allocate(8).putLong(0).array());
        assertThat(headers(dead.get(0).headers())).containsKey(KafkaHeaders.DLT_EXCEPTION_STACKTRACE);
        assertThat(harness.outcomes.readValuesToList())
                .extracting(SubmissionOutcome::getEventId, SubmissionOutcome::getStatus)
                .containsExactly(tuple("e1", SubmissionStatus.APPLIED));
        assertThat(harness.meterIds())
                .contains("MeterId{name='handover.dead.letters', tags=[tag(reason=deserialization)]}");
    }

    @Test
    void givenATombstoneAnUnknownSchemaIdAndAnotherRecordType_whenTheyArrive_thenEachIsDeadLetteredWithItsReason() {
        harness = new TopologyHarness(NOW);
        byte[] unknownId = ByteBuffer.allocate(7)
                .put((byte) 0)
                .putInt(424242)
                .put((byte) 2)
                .put((byte) 4)
                .array();
        AvroSerializer<HandoverEvent> events = new AvroSerializer<>();
        events.configure(harness.serdeConfig, false);
        byte[] anEvent = events.serialize(
                "handover-submissions",
                HandoverEvent.newBuilder()
                        .setEventId("x")
                        .setCaseId(CASE)
                        .setSequence(1)
                        .setType(EventType.ARRIVED)
                        .setOccurredAt(T0)
                        .setRecordedAt(T0)
                        .setActor(WireFixtures.OFFICER)
                        .setSource(WireFixtures.OFFICER_DEVICE)
                        .setDetails(WireFixtures.noDetails().build())
                        .setState(uk.transferofcare.events.CaseState.ARRIVED)
                        .setSiteCode(SITE)
                        .build());

        harness.raw.pipeInput(CASE.getBytes(StandardCharsets.UTF_8), (byte[]) null);
        harness.raw.pipeInput(CASE.getBytes(StandardCharsets.UTF_8), unknownId);
        harness.raw.pipeInput(CASE.getBytes(StandardCharsets.UTF_8), anEvent);

        assertThat(harness.deadLetters.readRecordsToList())
                .extracting(r -> headers(r.headers()).get(KafkaHeaders.DLT_EXCEPTION_MESSAGE))
                .containsExactly(
                        "Record of topic handover-submissions has no value (a tombstone); every record must be a"
                                + " HandoverSubmission",
                        "Unknown schema id 424242 in record of topic handover-submissions: the registry has no such"
                                + " id; caused by SchemaRegistryException: Schema not found",
                        "Record of topic handover-submissions is a uk.transferofcare.events.HandoverEvent (schema id "
                                + harnessSchemaId(anEvent) + "), expected uk.transferofcare.events.HandoverSubmission");
        assertThat(harness.drain())
                .isEqualTo(new TopologyHarness.Produced(
                        List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), 0));
    }

    @Test
    void givenAnUnreachableRegistry_whenASubmissionArrives_thenProcessingFailsForARetryAndNothingIsDeadLettered() {
        harness = new TopologyHarness(NOW, CaseLogic.of(new HandoverStateMachine()), "http://127.0.0.1:1");
        byte[] framed = ByteBuffer.allocate(7)
                .put((byte) 0)
                .putInt(1)
                .put((byte) 2)
                .put((byte) 4)
                .array();

        assertThatThrownBy(() -> harness.raw.pipeInput(CASE.getBytes(StandardCharsets.UTF_8), framed))
                .isInstanceOf(org.apache.kafka.streams.errors.StreamsException.class)
                .satisfies(e -> assertThat(causes(e)).contains(SchemaRegistryUnavailableException.class));

        assertThat(harness.deadLetters.readRecordsToList()).isEmpty();
    }

    @Test
    void givenAStateMachineThatThrowsForOneSubmission_whenItArrives_thenItIsDeadLetteredRejectedAndTheCaseUnchanged() {
        Faulty logic = new Faulty();
        logic.failDecide.set(s -> s.eventId().equals("e2"));
        harness = new TopologyHarness(NOW, logic);
        harness.send(arrive(CASE, "e1", T0).build());
        harness.drain();
        HandoverSubmission poison =
                submit(CASE, "e2", EventType.ACKNOWLEDGED, min(5)).build();

        harness.send(poison, TopologyHarness.traceHeaders("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"));
        harness.send(submit(CASE, "e3", EventType.HANDED_OVER, min(10)).build());

        String message = "PROCESSING_FAILED: the processor could not judge this submission (IllegalStateException);"
                + " it is kept in handover-submissions-dlt to be replayed once the fault is fixed";
        List<TestRecord<byte[], byte[]>> dead = harness.deadLetters.readRecordsToList();
        assertThat(dead).hasSize(1);
        assertThat(headers(dead.get(0).headers()))
                .containsEntry(KafkaHeaders.DLT_EXCEPTION_FQCN, "java.lang.IllegalStateException")
                .containsEntry(KafkaHeaders.DLT_EXCEPTION_MESSAGE, "injected fault deciding e2")
                .containsEntry("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
        assertThat(harness.rejections.readValuesToList())
                .containsExactly(new SubmissionRejected(poison, "PROCESSING_FAILED", message, null, null, NOW));
        List<SubmissionOutcome> outcomes = harness.outcomes.readValuesToList();
        assertThat(outcomes.get(0))
                .isEqualTo(SubmissionOutcome.newBuilder()
                        .setEventId("e2")
                        .setCaseId(CASE)
                        .setType(EventType.ACKNOWLEDGED)
                        .setStatus(SubmissionStatus.REJECTED)
                        .setRule("PROCESSING_FAILED")
                        .setMessage(message)
                        .setSiteCode(SITE)
                        .setPoliceDivision(WireFixtures.DIVISION)
                        .setActor(WireFixtures.ED)
                        .setReceivedAt(min(5).plus(WireFixtures.DELIVERY))
                        .setProcessedAt(NOW)
                        .build());
        assertThat(outcomes.get(1))
                .extracting(SubmissionOutcome::getEventId, SubmissionOutcome::getStatus, SubmissionOutcome::getSequence)
                .containsExactly("e3", SubmissionStatus.APPLIED, 2L);
        assertThat(harness.meterIds())
                .contains(
                        "MeterId{name='handover.submissions', tags=[tag(rule=PROCESSING_FAILED),tag(status=REJECTED)]}",
                        "MeterId{name='handover.dead.letters', tags=[tag(reason=processing)]}");
    }

    @Test
    void givenARecordKeyedByAnotherCase_whenItArrives_thenItIsDeadLetteredAndNoCaseIsOpenedUnderTheWrongKey() {
        harness = new TopologyHarness(NOW);
        HandoverSubmission misKeyed = arrive(CASE, "e1", T0).build();

        harness.submissions.pipeInput("some-other-key", misKeyed);

        assertThat(harness.deadLetters.readRecordsToList())
                .extracting(r -> headers(r.headers()).get(KafkaHeaders.DLT_EXCEPTION_MESSAGE))
                .containsExactly("Record key some-other-key is not the submission's caseId case-d; submissions are"
                        + " keyed by case id");
        assertThat(harness.outcomes.readValuesToList())
                .extracting(SubmissionOutcome::getStatus, SubmissionOutcome::getRule)
                .containsExactly(tuple(SubmissionStatus.REJECTED, "PROCESSING_FAILED"));
        KeyValueStore<String, byte[]> cases = harness.driver.getKeyValueStore(HandoverTopology.CASES_STORE);
        assertThat(cases.approximateNumEntries()).isZero();
    }

    @Test
    void givenAStoredCaseThatCannotBeRead_whenItsNextSubmissionArrives_thenOnlyThatSubmissionIsDeadLettered() {
        harness = new TopologyHarness(NOW);
        harness.send(arrive(CASE, "e1", T0).build(), arrive("case-ok", "k1", T0).build());
        harness.drain();
        KeyValueStore<String, byte[]> cases = harness.driver.getKeyValueStore(HandoverTopology.CASES_STORE);
        cases.put(CASE, "{\"format\":7}".getBytes(StandardCharsets.UTF_8));

        harness.send(
                submit(CASE, "e2", EventType.ACKNOWLEDGED, min(5)).build(),
                submit("case-ok", "k2", EventType.ACKNOWLEDGED, min(5)).build());

        assertThat(harness.deadLetters.readRecordsToList())
                .extracting(r -> headers(r.headers()).get(KafkaHeaders.DLT_EXCEPTION_FQCN))
                .containsExactly("uk.transferofcare.processor.stream.CaseStoreFormat$CorruptCaseException");
        assertThat(harness.outcomes.readValuesToList())
                .extracting(SubmissionOutcome::getEventId, SubmissionOutcome::getStatus, SubmissionOutcome::getRule)
                .containsExactly(
                        tuple("e2", SubmissionStatus.REJECTED, "PROCESSING_FAILED"),
                        tuple("k2", SubmissionStatus.APPLIED, null));
    }

    @Test
    void givenTimersThatFailForOneCase_whenTheyAreDue_thenTheyAreRetriedLaterAndFireOnceTheFaultIsGone() {
        Faulty logic = new Faulty();
        harness = new TopologyHarness(min(1), logic);
        harness.send(arrive(CASE, "e1", T0).build());
        harness.drain();
        logic.failTick.set(true);

        harness.advance(Duration.ofMinutes(29));
        KeyValueStore<String, String> timers = harness.driver.getKeyValueStore(HandoverTopology.TIMERS_STORE);
        assertThat(timers.get(TimerIndex.key(min(31), CASE))).isEqualTo(CASE);
        logic.failTick.set(false);
        harness.advance(Duration.ofMinutes(1));

        assertThat(harness.events.readValuesToList())
                .extracting(HandoverEvent::getType, HandoverEvent::getEscalationLevel, HandoverEvent::getRecordedAt)
                .containsExactly(tuple(EventType.ESCALATED, 1, min(31)));
        assertThat(harness.meterIds()).contains("MeterId{name='handover.timer.failures', tags=[]}");
    }

    private static List<Class<?>> causes(Throwable error) {
        List<Class<?>> types = new java.util.ArrayList<>();
        for (Throwable cause = error; cause != null && !types.contains(cause.getClass()); cause = cause.getCause()) {
            types.add(cause.getClass());
        }
        return types;
    }

    private static int harnessSchemaId(byte[] framed) {
        return ByteBuffer.wrap(framed, 1, 4).getInt();
    }

    static Map<String, String> headers(Headers headers) {
        Map<String, String> values = new LinkedHashMap<>();
        for (Header header : headers) {
            values.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
        }
        return values;
    }

    /** The real state machine with faults that a test switches on: the bugs the topology must survive. */
    static final class Faulty implements CaseLogic {
        private final CaseLogic real = CaseLogic.of(new HandoverStateMachine());
        final AtomicReference<Predicate<Submission>> failDecide = new AtomicReference<>(s -> false);
        final AtomicReference<Boolean> failTick = new AtomicReference<>(false);

        @Override
        public Decision decide(CaseFile current, Submission submission, Instant processedAt) {
            if (failDecide.get().test(submission)) {
                throw new IllegalStateException("injected fault deciding " + submission.eventId());
            }
            return real.decide(current, submission, processedAt);
        }

        @Override
        public Verdict.Rejected unknownCase(Submission held) {
            return real.unknownCase(held);
        }

        @Override
        public TickResult tick(CaseFile current, Instant now) {
            if (failTick.get()
                    && real.nextDueAt(current).filter(due -> !due.isAfter(now)).isPresent()) {
                throw new IllegalStateException("injected fault ticking " + current.caseId());
            }
            return real.tick(current, now);
        }

        @Override
        public Optional<Instant> nextDueAt(CaseFile current) {
            return real.nextDueAt(current);
        }
    }
}
