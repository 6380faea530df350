package uk.transferofcare.processor.stream;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import uk.transferofcare.events.HandoverSubmission;
import uk.transferofcare.processor.domain.AppliedEvent;
import uk.transferofcare.processor.domain.CaseFile;
import uk.transferofcare.processor.domain.CaseUpdate;
import uk.transferofcare.processor.domain.Decision;
import uk.transferofcare.processor.domain.Submission;
import uk.transferofcare.processor.domain.TickResult;
import uk.transferofcare.processor.domain.Verdict;
import uk.transferofcare.support.registry.SchemaRegistryException;
import uk.transferofcare.support.registry.SchemaRegistryUnavailableException;
import uk.transferofcare.support.serde.AvroDeserializer;

/**
 * Moves data in and out of the state machine; decides nothing itself.
 *
 * <p>For each submission record: decode it, load the case, {@code decide}, then {@code tick} the new case at the
 * same instant (marks that are already due, e.g. of a backfilled case, fire right away), compute the next due time
 * and every output, and only then write the store, the timer index and the outputs. Everything a record causes is
 * part of one exactly-once transaction with its offset.
 *
 * <p>Failures, so that nothing is silently dropped and no record blocks its partition:
 *
 * <ul>
 *   <li>a value that cannot be decoded (not Confluent-framed Avro, unknown schema id, not a submission, a tombstone)
 *       goes to {@code handover-submissions-dlt} with the error in headers, and the next record is processed;
 *   <li>the registry being unreachable is not the record's fault: the exception propagates, the transaction aborts,
 *       and the record is read again when the stream thread is replaced;
 *   <li>a submission the processor cannot judge (its key is not its caseId, its stored case cannot be read, the state
 *       machine throws) goes to the dead-letter topic too, and its submitter gets a REJECTED outcome with rule
 *       {@value #PROCESSING_FAILED} and a rejection record; the case is left as it was, so a replay of the dead
 *       letter after a fix is judged afresh;
 *   <li>errors of the stores or of producing propagate (Kafka Streams aborts the transaction and retries).
 * </ul>
 *
 * <p>Timers: a wall-clock punctuator scans the timer index up to now, ticks each due case, and re-files it under its
 * next due time. Timer events carry no headers (they have no parent trace); outputs of a submission carry a copy of
 * its headers (W3C {@code traceparent}), so one trace id follows a submission through every topic.
 */
final class HandoverProcessor implements Processor<byte[], byte[], Object, Object> {

    /** Rule of the outcome of a submission the processor could not judge. */
    static final String PROCESSING_FAILED = "PROCESSING_FAILED";

    private static final Logger log = LoggerFactory.getLogger(HandoverProcessor.class);

    private final HandoverTopology.Settings settings;
    private final ProcessorMetrics metrics;
    private final AvroDeserializer<HandoverSubmission> deserializer;
    private ProcessorContext<Object, Object> context;
    private KeyValueStore<String, byte[]> cases;
    private KeyValueStore<String, String> timers;

    HandoverProcessor(HandoverTopology.Settings settings, ProcessorMetrics metrics) {
        this.settings = settings;
        this.metrics = metrics;
        this.deserializer = new AvroDeserializer<>(HandoverSubmission.class);
        this.deserializer.configure(settings.serdeConfig(), false);
    }

    @Override
    public void init(ProcessorContext<Object, Object> context) {
        this.context = context;
        this.cases = context.getStateStore(HandoverTopology.CASES_STORE);
        this.timers = context.getStateStore(HandoverTopology.TIMERS_STORE);
        context.schedule(settings.punctuationInterval(), PunctuationType.WALL_CLOCK_TIME, this::fireDueTimers);
    }

    // ---------------------------------------------------------------------------------------------
    // Submissions

    @Override
    public void process(Record<byte[], byte[]> record) {
        RecordMetadata origin = context.recordMetadata().orElseThrow();
        HandoverSubmission wire;
        try {
            wire = deserializer.deserialize(origin.topic(), record.headers(), record.value());
            if (wire == null) {
                throw new SerializationException("Record of topic " + origin.topic() + " has no value (a tombstone);"
                        + " every record must be a HandoverSubmission");
            }
        } catch (SerializationException e) {
            if (registryUnavailable(e)) {
                throw e;
            }
            deadLetter(record, origin, e, "deserialization");
            return;
        }
        Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
        String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        byte[] stored = key == null ? null : cases.get(key);
        Outcome outcome;
        try {
            outcome = judge(key, wire, stored, now);
        } catch (RuntimeException e) {
            fail(record, origin, wire, key, stored, e, now);
            return;
        }
        outcome.store(this);
        Headers headers = record.headers();
        for (Output output : outcome.fromSubmission()) {
            forward(output, new RecordHeaders(headers.toArray()), record.timestamp());
        }
        for (Output output : outcome.fromTimers()) {
            forward(output, new RecordHeaders(), now.toEpochMilli());
        }
        metrics.outcome(outcome.verdict());
        outcome.timerEvents().forEach(event -> metrics.timerEvent(event.type(), event.notifyRecipients()));
    }

    /** Everything one submission causes, computed before anything is written. */
    private Outcome judge(String key, HandoverSubmission wire, byte[] storedBytes, Instant now) {
        if (!Objects.equals(key, wire.getCaseId())) {
            throw new IllegalArgumentException("Record key " + key + " is not the submission's caseId "
                    + wire.getCaseId() + "; submissions are keyed by case id");
        }
        String caseId = wire.getCaseId();
        StoredCase before = CaseStoreFormat.decode(caseId, storedBytes);
        Submission submission = WireMapping.submission(wire);
        Decision decision = settings.logic().decide(before == null ? null : before.caseFile(), submission, now);

        List<Output> fromSubmission = new ArrayList<>();
        List<Output> fromTimers = new ArrayList<>();
        addChanges(fromSubmission, decision);
        for (Submission linked : decision.linkedCaseSubmissions()) {
            fromSubmission.add(
                    new Output(HandoverTopology.LINKED_SINK, linked.caseId(), WireMapping.submission(linked)));
        }
        if (decision.verdict() instanceof Verdict.Rejected rejected) {
            fromSubmission.add(
                    new Output(HandoverTopology.REJECTIONS_SINK, caseId, WireMapping.rejection(wire, rejected, now)));
        }
        fromSubmission.add(new Output(
                HandoverTopology.OUTCOMES_SINK,
                caseId,
                WireMapping.outcome(wire, decision.verdict(), decision.caseFile(), now)));

        if (decision.caseFile() == null) {
            return new Outcome(caseId, before, null, null, fromSubmission, fromTimers, decision.verdict(), List.of());
        }
        TickResult tick = settings.logic().tick(decision.caseFile(), now);
        addChanges(fromTimers, tick);
        CaseFile after = tick.caseFile();
        Instant due = settings.logic().nextDueAt(after).orElse(null);
        if (due != null && !due.isAfter(now)) {
            throw new IllegalStateException("Case " + caseId + " still has a mark due at " + due + " after a tick at "
                    + now + "; the state machine's tick and nextDueAt disagree");
        }
        StoredCase next = new StoredCase(after, due);
        return new Outcome(
                caseId,
                before,
                next,
                CaseStoreFormat.encode(next),
                fromSubmission,
                fromTimers,
                decision.verdict(),
                tick.events());
    }

    /**
     * A submission the processor could not judge: dead-letter it, tell the submitter (REJECTED, {@value
     * #PROCESSING_FAILED}) and leave the case as it was.
     */
    private void fail(
            Record<byte[], byte[]> record,
            RecordMetadata origin,
            HandoverSubmission wire,
            String key,
            byte[] stored,
            RuntimeException error,
            Instant now) {
        log.error(
                "Submission {} of case {} ({}-{}@{}) could not be processed; sent to {}",
                wire.getEventId(),
                wire.getCaseId(),
                origin.topic(),
                origin.partition(),
                origin.offset(),
                settings.topics().submissionsDeadLetter(),
                error);
        deadLetter(record, origin, error, "processing");
        String message = PROCESSING_FAILED + ": the processor could not judge this submission ("
                + error.getClass().getSimpleName() + "); it is kept in "
                + settings.topics().submissionsDeadLetter() + " to be replayed once the fault is fixed";
        String site = siteOf(key, stored, wire);
        Headers headers = record.headers();
        forward(
                new Output(
                        HandoverTopology.REJECTIONS_SINK,
                        wire.getCaseId(),
                        WireMapping.failedRejection(wire, message, now)),
                new RecordHeaders(headers.toArray()),
                record.timestamp());
        forward(
                new Output(
                        HandoverTopology.OUTCOMES_SINK,
                        wire.getCaseId(),
                        WireMapping.failedOutcome(wire, site, message, now)),
                new RecordHeaders(headers.toArray()),
                record.timestamp());
        metrics.failed();
    }

    private static String siteOf(String key, byte[] stored, HandoverSubmission wire) {
        try {
            StoredCase known = CaseStoreFormat.decode(key, stored);
            if (known != null) {
                return known.caseFile().siteCode();
            }
        } catch (RuntimeException e) {
            // The stored case is what failed: fall back to the site the submission names.
        }
        return wire.getDetails() == null ? null : wire.getDetails().getSiteCode();
    }

    private void deadLetter(Record<byte[], byte[]> record, RecordMetadata origin, Exception error, String reason) {
        if ("deserialization".equals(reason)) {
            log.warn(
                    "Record {}-{}@{} cannot be decoded; sent to {}: {}",
                    origin.topic(),
                    origin.partition(),
                    origin.offset(),
                    settings.topics().submissionsDeadLetter(),
                    DeadLetter.messageOf(error));
        }
        Headers headers = DeadLetter.headers(
                record.headers(),
                error,
                origin.topic(),
                origin.partition(),
                origin.offset(),
                record.timestamp(),
                context.applicationId());
        context.forward(
                new Record<Object, Object>(
                        record.key(), new DeadLetter(record.value(), origin.partition()), record.timestamp(), headers),
                HandoverTopology.DEAD_LETTER_SINK);
        metrics.deadLetter(reason);
    }

    /** True when decoding failed because the registry could not answer, which a retry may cure. */
    static boolean registryUnavailable(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof SchemaRegistryUnavailableException) {
                return true;
            }
            if (cause instanceof SchemaRegistryException registry && registry.isServerError()) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }

    // ---------------------------------------------------------------------------------------------
    // Timers

    private void fireDueTimers(long timestamp) {
        Instant now = Instant.ofEpochMilli(timestamp);
        List<String> due = new ArrayList<>();
        try (KeyValueIterator<String, String> entries = timers.range(TimerIndex.first(), TimerIndex.after(now))) {
            while (entries.hasNext() && due.size() < settings.maxTimersPerPunctuation()) {
                due.add(entries.next().key);
            }
        }
        for (String key : due) {
            fire(key, now);
        }
    }

    /** Ticks one case filed under {@code key} (an index entry is a hint: the stored case decides what is due). */
    private void fire(String key, Instant now) {
        String caseId = TimerIndex.caseIdOf(key);
        StoredCase stored;
        TickResult tick;
        Instant due;
        List<Output> outputs = new ArrayList<>();
        byte[] encoded;
        try {
            stored = CaseStoreFormat.decode(caseId, cases.get(caseId));
            if (stored == null) {
                timers.delete(key);
                return;
            }
            tick = settings.logic().tick(stored.caseFile(), now);
            due = settings.logic().nextDueAt(tick.caseFile()).orElse(null);
            if (due != null && !due.isAfter(now)) {
                throw new IllegalStateException("Case " + caseId + " still has a mark due at " + due
                        + " after a tick at " + now + "; the state machine's tick and nextDueAt disagree");
            }
            addChanges(outputs, tick);
            encoded = tick.changed() || !Objects.equals(due, stored.timerDueAt())
                    ? CaseStoreFormat.encode(new StoredCase(tick.caseFile(), due))
                    : null;
        } catch (RuntimeException e) {
            Instant retry = now.plus(settings.timerRetryDelay());
            log.error("Timers of case {} failed at {}; trying again at {}", caseId, now, retry, e);
            metrics.timerFailure();
            timers.delete(key);
            timers.put(TimerIndex.key(retry, caseId), caseId);
            return;
        }
        if (encoded != null) {
            cases.put(caseId, encoded);
        }
        timers.delete(key);
        refile(caseId, stored.timerDueAt(), due);
        for (Output output : outputs) {
            forward(output, new RecordHeaders(), now.toEpochMilli());
        }
        tick.events().forEach(event -> metrics.timerEvent(event.type(), event.notifyRecipients()));
    }

    // ---------------------------------------------------------------------------------------------
    // Writing

    /** Moves the case's timer index entry from {@code previous} to {@code next} (either may be null). */
    private void refile(String caseId, Instant previous, Instant next) {
        if (Objects.equals(previous, next)) {
            return;
        }
        if (previous != null) {
            timers.delete(TimerIndex.key(previous, caseId));
        }
        if (next != null) {
            timers.put(TimerIndex.key(next, caseId), caseId);
        }
    }

    /** The events of an update, a snapshot when it changed the case, the completed case when the machine says. */
    private static void addChanges(List<Output> outputs, CaseUpdate update) {
        for (AppliedEvent event : update.events()) {
            outputs.add(new Output(HandoverTopology.EVENTS_SINK, event.caseId(), WireMapping.event(event)));
        }
        if (update.changed()) {
            CaseFile file = update.caseFile();
            outputs.add(new Output(HandoverTopology.STATE_SINK, file.caseId(), WireMapping.snapshot(file)));
            if (update.emitCompletedCase()) {
                outputs.add(new Output(HandoverTopology.COMPLETED_SINK, file.caseId(), WireMapping.completed(file)));
            }
        }
    }

    private void forward(Output output, Headers headers, long timestamp) {
        context.forward(new Record<Object, Object>(output.key(), output.value(), timestamp, headers), output.sink());
    }

    private record Output(String sink, String key, SpecificRecord value) {}

    /**
     * The result of judging one submission.
     *
     * @param after the case to store, or null when there is none (a rejection for an unknown case)
     */
    private record Outcome(
            String caseId,
            StoredCase before,
            StoredCase after,
            byte[] encoded,
            List<Output> fromSubmission,
            List<Output> fromTimers,
            Verdict verdict,
            List<AppliedEvent> timerEvents) {

        void store(HandoverProcessor processor) {
            if (after == null) {
                return;
            }
            processor.cases.put(caseId, encoded);
            processor.refile(caseId, before == null ? null : before.timerDueAt(), after.timerDueAt());
        }
    }
}
