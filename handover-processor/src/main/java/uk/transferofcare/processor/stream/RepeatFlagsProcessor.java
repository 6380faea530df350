package uk.transferofcare.processor.stream;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import uk.transferofcare.processor.domain.CaseFile;

/**
 * The case side of repeat attendance, partitioned by case id next to the state machine (it shares the case store, so
 * {@code handover-processor-repeat-flags} is co-partitioned with {@code handover-submissions}): takes the flags the
 * person side computed, keeps them on the case's link (store {@value HandoverTopology#LINKS_STORE}) and, when they
 * changed, writes the case's snapshot again (same version: no event was applied) and, for a closed case, its completed
 * case. A wall-clock punctuator forgets the person key of a link {@link RepeatAttendance#RETENTION} old; its flags
 * stay.
 */
final class RepeatFlagsProcessor implements Processor<String, byte[], Object, Object> {

    private final Duration punctuationInterval;
    private ProcessorContext<Object, Object> context;
    private KeyValueStore<String, byte[]> cases;
    private KeyValueStore<String, byte[]> links;

    RepeatFlagsProcessor(Duration punctuationInterval) {
        this.punctuationInterval = punctuationInterval;
    }

    @Override
    public void init(ProcessorContext<Object, Object> context) {
        this.context = context;
        this.cases = context.getStateStore(HandoverTopology.CASES_STORE);
        this.links = context.getStateStore(HandoverTopology.LINKS_STORE);
        context.schedule(punctuationInterval, PunctuationType.WALL_CLOCK_TIME, this::forgetKeys);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        if (record.key() == null || record.value() == null) {
            return;
        }
        String caseId = record.key();
        RepeatAttendance.Flags flags = RepeatCodec.decode(record.value(), RepeatAttendance.Flags.class);
        RepeatAttendance.Link link = RepeatCodec.decode(links.get(caseId), RepeatAttendance.Link.class);
        if (link == null || link.flags().equals(flags)) {
            return;
        }
        StoredCase stored = CaseStoreFormat.decode(caseId, cases.get(caseId));
        links.put(
                caseId,
                RepeatCodec.encode(new RepeatAttendance.Link(
                        link.personKey(), link.arrivedAt(), link.voided(), link.changedAt(), flags)));
        if (stored == null) {
            return;
        }
        CaseFile file = stored.caseFile();
        long timestamp = context.currentSystemTimeMs();
        context.forward(
                new Record<Object, Object>(caseId, RepeatLinks.snapshot(file, flags), timestamp),
                HandoverTopology.STATE_SINK);
        if (file.isClosed()) {
            context.forward(
                    new Record<Object, Object>(caseId, RepeatLinks.completed(file, flags), timestamp),
                    HandoverTopology.COMPLETED_SINK);
        }
    }

    private void forgetKeys(long now) {
        List<KeyValue<String, RepeatAttendance.Link>> forgotten = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> all = links.all()) {
            while (all.hasNext()) {
                KeyValue<String, byte[]> entry = all.next();
                RepeatAttendance.Link link = RepeatCodec.decode(entry.value, RepeatAttendance.Link.class);
                if (link.personKey() != null && link.forgetAt() <= now) {
                    forgotten.add(KeyValue.pair(
                            entry.key,
                            new RepeatAttendance.Link(
                                    null, link.arrivedAt(), link.voided(), link.changedAt(), link.flags())));
                }
            }
        }
        forgotten.forEach(entry -> links.put(entry.key, RepeatCodec.encode(entry.value)));
    }
}
