package uk.transferofcare.processor.stream;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
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
import uk.transferofcare.vocabulary.EventType;
import uk.transferofcare.vocabulary.RuleCode;
import uk.transferofcare.vocabulary.VerdictProtocol;

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
    private final RecentCases recent;
    private ProcessorContext<Object, Object> context;
    private KeyValueStore<String, byte[]> cases;
    private KeyValueStore<String, String> timers;
    private KeyValueStore<String, byte[]> held;
    private KeyValueStore<String, byte[]> links;

    HandoverProcessor(HandoverTopology.Settings settings, ProcessorMetrics metrics) {
        this.settings = settings;
        this.metrics = metrics;
        this.recent = new RecentCases(settings.recentCases());
        this.deserializer = new AvroDeserializer<>(HandoverSubmission.class);
        this.deserializer.configure(settings.serdeConfig(), false);
    }

    @Override
    public void init(ProcessorContext<Object, Object> context) {
        this.context = context;
        this.cases = context.getStateStore(HandoverTopology.CASES_STORE);
        this.timers = context.getStateStore(HandoverTopology.TIMERS_STORE);
        this.held = context.getStateStore(HandoverTopology.HELD_STORE);
        this.links = context.getStateStore(HandoverTopology.LINKS_STORE);
        context.schedule(settings.punctuationInterval(), PunctuationType.WALL_CLOCK_TIME, this::fireDueTimers);
    }

    // ---------------------------------------------------------------------------------------------
    // Submissions

    @Override
    public void process(Record<byte[], byte[]> record) {
        RecordMetadata origin = context.recordMetadata().orElseThrow();
        HandoverSubmission wire;
        try {
            wire = decode(origin.topic(), record.headers(), record.value());
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
            outcome = judge(key, wire, record, stored, now);
        } catch (RuntimeException e) {
            if (registryUnavailable(e)) {
                throw e; // a held submission could not be decoded: not the record's fault, retry
            }
            fail(record, origin, wire, key, stored, e, now);
            return;
        }
        outcome.store(this);
        for (Output output : outcome.outputs()) {
            forward(output);
        }
        outcome.verdicts().forEach(metrics::outcome);
        outcome.timerEvents().forEach(event -> metrics.timerEvent(event.type(), event.notifyRecipients()));
    }

    private HandoverSubmission decode(String topic, Headers headers, byte[] value) {
        HandoverSubmission wire = deserializer.deserialize(topic, headers, value);
        if (wire == null) {
            throw new SerializationException("Record of topic " + topic + " has no value (a tombstone);"
                    + " every record must be a HandoverSubmission");
        }
        return wire;
    }

    /** Everything one submission causes, computed before anything is written. */
    private Outcome judge(
            String key, HandoverSubmission wire, Record<byte[], byte[]> record, byte[] storedBytes, Instant now) {
        if (!Objects.equals(key, wire.getCaseId())) {
            throw new IllegalArgumentException("Record key " + key + " is not the submission's caseId "
                    + wire.getCaseId() + "; submissions are keyed by case id");
        }
        String caseId = wire.getCaseId();
        StoredCase before = recent.decode(caseId, storedBytes);
        Submission submission = WireMapping.submission(wire);
        Incoming incoming = new Incoming(wire, submission, record.headers(), record.timestamp());
        if (before != null) {
            Outcome.Builder out = new Outcome.Builder(caseId, before);
            CaseFile after = apply(out, before.caseFile(), incoming, now);
            return out.finish(this, after, now);
        }
        HeldSubmissions held = HeldSubmissions.decode(caseId, this.held.get(caseId));
        HeldSubmissions.Entry already = held == null ? null : held.find(submission.eventId());
        if (already != null) {
            return resendOfHeld(caseId, held, already, incoming, now);
        }
        Decision decision = settings.logic().decide(null, submission, now);
        Outcome.Builder out = new Outcome.Builder(caseId, null);
        out.heldBefore = held;
        out.decided(incoming, decision, now);
        if (decision.verdict() instanceof Verdict.Held hold) {
            HeldSubmissions.Entry entry = new HeldSubmissions.Entry(
                    submission.eventId(), submission.fingerprint(), hold.until(), record.value(), record.headers());
            out.heldAfter = held == null ? HeldSubmissions.of(List.of(entry)) : held.plus(entry);
            return out.finish(this, null, now);
        }
        if (decision.caseFile() == null) {
            out.heldAfter = held;
            return out.finish(this, null, now);
        }
        // The case opened: judge what was held for it, in the order it arrived (rule 8).
        CaseFile after = decision.caseFile();
        if (held != null) {
            for (HeldSubmissions.Entry entry : held.entries()) {
                after = apply(out, after, released(entry), now);
            }
        }
        out.heldAfter = null;
        return out.finish(this, after, now);
    }

    /** Decides one submission for a known case and adds its outputs; returns the case after it. */
    private CaseFile apply(Outcome.Builder out, CaseFile current, Incoming incoming, Instant now) {
        Decision decision = settings.logic().decide(current, incoming.submission(), now);
        out.decided(incoming, decision, now);
        return decision.caseFile() == null ? current : decision.caseFile();
    }

    /** A re-send of an eventId held for a case that is not open yet: HELD again, or EVENT_ID_REUSED. */
    private Outcome resendOfHeld(
            String caseId, HeldSubmissions held, HeldSubmissions.Entry entry, Incoming incoming, Instant now) {
        Submission submission = incoming.submission();
        Verdict verdict = entry.fingerprint().equals(submission.fingerprint())
                ? new Verdict.Held(
                        "HELD: case " + caseId + " is not open yet; event " + submission.eventId()
                                + " is held until a PRE_ALERTED or ARRIVED opens it, or until " + entry.until(),
                        entry.until())
                : new Verdict.Rejected(
                        RuleCode.EVENT_ID_REUSED,
                        "EVENT_ID_REUSED: event " + submission.eventId() + " is already held for case " + caseId
                                + " with another type, time or details; every new event needs a new eventId",
                        null,
                        "eventId");
        Outcome.Builder out = new Outcome.Builder(caseId, null);
        out.heldBefore = held;
        out.heldAfter = held;
        out.decided(incoming, new Decision(submission, verdict, null, List.of(), false, List.of(), now, true), now);
        return out.finish(this, null, now);
    }

    /** A held submission, read back to be judged: its own value and headers, as they arrived. */
    private Incoming released(HeldSubmissions.Entry entry) {
        HandoverSubmission wire = decode(settings.topics().submissions(), entry.headers(), entry.value());
        return new Incoming(wire, WireMapping.submission(wire), entry.headers(), context.currentSystemTimeMs());
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
        CaseFile known = knownCase(key, stored);
        Headers headers = record.headers();
        forward(new Output(
                HandoverTopology.REJECTIONS_SINK,
                wire.getCaseId(),
                WireMapping.failedRejection(wire, message, now),
                headers,
                record.timestamp()));
        forward(new Output(
                HandoverTopology.OUTCOMES_SINK,
                wire.getCaseId(),
                WireMapping.failedOutcome(
                        wire,
                        known == null ? null : known.siteCode(),
                        known == null ? null : known.policeDivision(),
                        message,
                        now),
                headers,
                record.timestamp()));
        metrics.failed();
    }

    private static CaseFile knownCase(String key, byte[] stored) {
        try {
            StoredCase known = CaseStoreFormat.decode(key, stored);
            return known == null ? null : known.caseFile();
        } catch (RuntimeException e) {
            return null; // the stored case is what failed
        }
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

    /**
     * Ticks one case filed under {@code key} (an index entry is a hint: the stored case decides what is due), or, for
     * a case that is not open, rejects the held submissions whose holding horizon has passed.
     */
    private void fire(String key, Instant now) {
        String caseId = TimerIndex.caseIdOf(key);
        StoredCase stored;
        TickResult tick;
        Instant due;
        List<Output> outputs = new ArrayList<>();
        StoredCase next;
        byte[] encoded;
        try {
            stored = recent.decode(caseId, cases.get(caseId));
            if (stored == null) {
                expireHeld(key, caseId, now);
                return;
            }
            tick = settings.logic().tick(stored.caseFile(), now);
            due = nextDue(tick.caseFile(), now);
            addChanges(outputs, tick, link(caseId).flags(), null, now.toEpochMilli());
            next = tick.changed() || !Objects.equals(due, stored.timerDueAt())
                    ? new StoredCase(tick.caseFile(), due)
                    : null;
            encoded = next == null ? null : CaseStoreFormat.encode(next);
        } catch (RuntimeException e) {
            retryTimersLater(key, caseId, now, e);
            return;
        }
        if (encoded != null) {
            cases.put(caseId, encoded);
            recent.written(caseId, encoded, next);
        }
        timers.delete(key);
        refile(caseId, stored.timerDueAt(), due);
        outputs.forEach(this::forward);
        tick.events().forEach(event -> metrics.timerEvent(event.type(), event.notifyRecipients()));
    }

    /** Rule 8: held submissions of a case that has not opened within the horizon are rejected UNKNOWN_CASE. */
    private void expireHeld(String key, String caseId, Instant now) {
        HeldSubmissions held;
        List<HeldSubmissions.Entry> remaining = new ArrayList<>();
        List<Output> outputs = new ArrayList<>();
        List<Verdict> verdicts = new ArrayList<>();
        try {
            held = HeldSubmissions.decode(caseId, this.held.get(caseId));
            if (held == null) {
                timers.delete(key);
                return;
            }
            for (HeldSubmissions.Entry entry : held.entries()) {
                if (entry.until().isAfter(now)) {
                    remaining.add(entry);
                    continue;
                }
                Incoming incoming = released(entry);
                Verdict.Rejected unknown = settings.logic().unknownCase(incoming.submission());
                outputs.add(new Output(
                        HandoverTopology.REJECTIONS_SINK,
                        caseId,
                        WireMapping.rejection(incoming.wire(), unknown, now),
                        entry.headers(),
                        now.toEpochMilli()));
                outputs.add(new Output(
                        HandoverTopology.OUTCOMES_SINK,
                        caseId,
                        WireMapping.outcome(incoming.wire(), unknown, null, now, false),
                        entry.headers(),
                        now.toEpochMilli()));
                verdicts.add(unknown);
            }
        } catch (RuntimeException e) {
            retryTimersLater(key, caseId, now, e);
            return;
        }
        timers.delete(key);
        timers.delete(TimerIndex.key(held.timerDueAt(), caseId));
        if (remaining.isEmpty()) {
            this.held.delete(caseId);
        } else {
            HeldSubmissions rest = HeldSubmissions.of(remaining);
            this.held.put(caseId, HeldSubmissions.encode(rest));
            timers.put(TimerIndex.key(rest.timerDueAt(), caseId), caseId);
        }
        outputs.forEach(this::forward);
        verdicts.forEach(metrics::outcome);
    }

    private void retryTimersLater(String key, String caseId, Instant now, RuntimeException error) {
        Instant retry = now.plus(settings.timerRetryDelay());
        log.error("Timers of case {} failed at {}; trying again at {}", caseId, now, retry, error);
        metrics.timerFailure();
        timers.delete(key);
        timers.put(TimerIndex.key(retry, caseId), caseId);
    }

    private Instant nextDue(CaseFile file, Instant now) {
        Instant due = settings.logic().nextDueAt(file).orElse(null);
        if (due != null && !due.isAfter(now)) {
            throw new IllegalStateException("Case " + file.caseId() + " still has a mark due at " + due
                    + " after a tick at " + now + "; the state machine's tick and nextDueAt disagree");
        }
        return due;
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

    /**
     * The events of a tick, then the snapshot when it changed the case and the completed case when the machine says
     * (timer outputs carry no headers: they have no parent trace).
     */
    /**
     * A copy of a submission's headers without the API's request id ({@link VerdictProtocol#REQUEST_ID_HEADER}), for a
     * record the processor writes to {@code handover-submissions} itself: its outcome must not answer the request that
     * caused it (measured: a DIVERTED was answered with its linked pre-alert's verdict when that came first).
     */
    static Headers withoutRequestId(Headers headers) {
        RecordHeaders copy = new RecordHeaders();
        if (headers != null) {
            headers.forEach(header -> {
                if (!VerdictProtocol.REQUEST_ID_HEADER.equals(header.key())) {
                    copy.add(header);
                }
            });
        }
        return copy;
    }

    /** The case's repeat-attendance link as stored, as an update that changes nothing. */
    private RepeatLinks.Update link(String caseId) {
        RepeatAttendance.Link link = RepeatCodec.decode(links.get(caseId), RepeatAttendance.Link.class);
        return new RepeatLinks.Update(link, false, List.of());
    }

    private static void addChanges(
            List<Output> outputs, CaseUpdate update, RepeatAttendance.Flags flags, Headers headers, long timestamp) {
        for (AppliedEvent event : update.events()) {
            outputs.add(new Output(
                    HandoverTopology.EVENTS_SINK, event.caseId(), WireMapping.event(event), headers, timestamp));
        }
        if (update.changed()) {
            CaseFile file = update.caseFile();
            outputs.add(new Output(
                    HandoverTopology.STATE_SINK, file.caseId(), RepeatLinks.snapshot(file, flags), headers, timestamp));
            if (update.emitCompletedCase()) {
                outputs.add(new Output(
                        HandoverTopology.COMPLETED_SINK,
                        file.caseId(),
                        RepeatLinks.completed(file, flags),
                        headers,
                        timestamp));
            }
        }
    }

    private void forward(Output output) {
        Headers headers = output.headers() == null
                ? new RecordHeaders()
                : new RecordHeaders(output.headers().toArray());
        context.forward(
                new Record<Object, Object>(output.key(), output.value(), output.timestamp(), headers), output.sink());
    }

    /** One record to write; {@code headers} are copied when it is forwarded (null: none). */
    private record Output(String sink, String key, Object value, Headers headers, long timestamp) {}

    /** A submission to judge, with the headers and timestamp its outputs carry. */
    private record Incoming(HandoverSubmission wire, Submission submission, Headers headers, long timestamp) {}

    /**
     * Everything one submission record causes: the case before and after, the held list before and after, and the
     * outputs in the order they are written.
     *
     * @param after the case to store, or null when there is none (held, or rejected for an unknown case)
     */
    private record Outcome(
            String caseId,
            StoredCase before,
            StoredCase after,
            byte[] encoded,
            HeldSubmissions heldBefore,
            HeldSubmissions heldAfter,
            List<Output> outputs,
            List<Verdict> verdicts,
            List<AppliedEvent> timerEvents,
            RepeatLinks.Update link) {

        void store(HandoverProcessor processor) {
            if (heldBefore != heldAfter) {
                if (heldBefore != null) {
                    processor.timers.delete(TimerIndex.key(heldBefore.timerDueAt(), caseId));
                }
                if (heldAfter == null) {
                    processor.held.delete(caseId);
                } else {
                    processor.held.put(caseId, HeldSubmissions.encode(heldAfter));
                    processor.timers.put(TimerIndex.key(heldAfter.timerDueAt(), caseId), caseId);
                }
            }
            if (link != null && link.changed()) {
                processor.links.put(caseId, RepeatCodec.encode(link.link()));
            }
            if (after != null) {
                processor.cases.put(caseId, encoded);
                processor.recent.written(caseId, encoded, after);
                processor.refile(caseId, before == null ? null : before.timerDueAt(), after.timerDueAt());
            }
        }

        /**
         * Collects the decisions of one record (the submission, and the held ones a case's opening releases), then
         * ticks the case once and adds one snapshot (and completed case) for all of it.
         */
        static final class Builder {
            private final String caseId;
            private final StoredCase before;
            private final List<Output> outputs = new ArrayList<>();
            private final List<Verdict> verdicts = new ArrayList<>();
            private HeldSubmissions heldBefore;
            private HeldSubmissions heldAfter;
            private boolean changed;
            private boolean completed;
            private Headers firstHeaders;
            private long firstTimestamp;
            private String offeredPersonKey;

            Builder(String caseId, StoredCase before) {
                this.caseId = caseId;
                this.before = before;
            }

            void decided(Incoming incoming, Decision decision, Instant now) {
                if (firstHeaders == null) {
                    firstHeaders = incoming.headers();
                    firstTimestamp = incoming.timestamp();
                }
                Headers headers = incoming.headers();
                long timestamp = incoming.timestamp();
                for (AppliedEvent event : decision.events()) {
                    outputs.add(new Output(
                            HandoverTopology.EVENTS_SINK,
                            event.caseId(),
                            WireMapping.event(event),
                            headers,
                            timestamp));
                }
                for (Submission linked : decision.linkedCaseSubmissions()) {
                    // The trace goes on; the request id does not: the linked case's outcome answers no request.
                    outputs.add(new Output(
                            HandoverTopology.LINKED_SINK,
                            linked.caseId(),
                            WireMapping.submission(linked),
                            withoutRequestId(headers),
                            timestamp));
                }
                if (decision.verdict() instanceof Verdict.Rejected rejected) {
                    outputs.add(new Output(
                            HandoverTopology.REJECTIONS_SINK,
                            caseId,
                            WireMapping.rejection(incoming.wire(), rejected, now),
                            headers,
                            timestamp));
                }
                outputs.add(new Output(
                        HandoverTopology.OUTCOMES_SINK,
                        caseId,
                        WireMapping.outcome(
                                incoming.wire(), decision.verdict(), decision.caseFile(), now, decision.resend()),
                        headers,
                        timestamp));
                verdicts.add(decision.verdict());
                String personKey = incoming.wire().getPersonKey();
                if (personKey != null
                        && decision.verdict() instanceof Verdict.Applied
                        && (incoming.submission().type() == EventType.PRE_ALERTED
                                || incoming.submission().type() == EventType.ARRIVED)) {
                    offeredPersonKey = personKey;
                }
                changed |= decision.changed();
                completed |= decision.emitCompletedCase();
            }

            Outcome finish(HandoverProcessor processor, CaseFile after, Instant now) {
                if (after == null) {
                    return new Outcome(
                            caseId, before, null, null, heldBefore, heldAfter, outputs, verdicts, List.of(), null);
                }
                TickResult tick = processor.settings.logic().tick(after, now);
                for (AppliedEvent event : tick.events()) {
                    outputs.add(new Output(
                            HandoverTopology.EVENTS_SINK, caseId, WireMapping.event(event), null, now.toEpochMilli()));
                }
                CaseFile last = tick.caseFile();
                RepeatLinks.Update link =
                        RepeatLinks.update(processor.link(caseId).link(), offeredPersonKey, last, now.toEpochMilli());
                for (RepeatLinks.KeyedChange change : link.changes()) {
                    outputs.add(new Output(
                            HandoverTopology.PERSON_KEYS_SINK,
                            change.personKey(),
                            change.change(),
                            null,
                            now.toEpochMilli()));
                }
                if (changed || tick.changed()) {
                    outputs.add(new Output(
                            HandoverTopology.STATE_SINK,
                            caseId,
                            RepeatLinks.snapshot(last, link.flags()),
                            firstHeaders,
                            firstTimestamp));
                    if (completed || tick.emitCompletedCase()) {
                        outputs.add(new Output(
                                HandoverTopology.COMPLETED_SINK,
                                caseId,
                                RepeatLinks.completed(last, link.flags()),
                                firstHeaders,
                                firstTimestamp));
                    }
                }
                StoredCase next = new StoredCase(last, processor.nextDue(last, now));
                return new Outcome(
                        caseId,
                        before,
                        next,
                        CaseStoreFormat.encode(next),
                        heldBefore,
                        heldAfter,
                        outputs,
                        verdicts,
                        tick.events(),
                        link);
            }
        }
    }
}
