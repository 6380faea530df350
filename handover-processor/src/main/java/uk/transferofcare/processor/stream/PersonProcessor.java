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

/**
 * The person side of repeat attendance, partitioned by person key: keeps every attendance of a key (store {@value
 * HandoverTopology#PERSONS_STORE}), recomputes the flags of all of them when one changes ({@link RepeatAttendance}),
 * and sends each case whose flags changed its new flags (topic {@code handover-processor-repeat-flags}, key = case
 * id). A wall-clock punctuator forgets attendances {@link RepeatAttendance#RETENTION} old, and a key with none left.
 * Never logs a key.
 */
final class PersonProcessor implements Processor<String, byte[], String, Object> {

    private final Duration punctuationInterval;
    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, byte[]> persons;

    PersonProcessor(Duration punctuationInterval) {
        this.punctuationInterval = punctuationInterval;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.persons = context.getStateStore(HandoverTopology.PERSONS_STORE);
        context.schedule(punctuationInterval, PunctuationType.WALL_CLOCK_TIME, this::forgetExpired);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        if (record.key() == null || record.value() == null) {
            return; // nothing the case side writes; not worth a dead letter of a key
        }
        RepeatAttendance.Change change = RepeatCodec.decode(record.value(), RepeatAttendance.Change.class);
        List<RepeatAttendance.Attendance> before = RepeatCodec.attendances(persons.get(record.key()));
        List<RepeatAttendance.Attendance> applied = RepeatAttendance.apply(before, change);
        List<RepeatAttendance.Attendance> after = new ArrayList<>();
        for (RepeatAttendance.Attendance attendance : applied) {
            RepeatAttendance.Flags flags = RepeatAttendance.flags(attendance, applied);
            if (!flags.equals(attendance.flags())) {
                context.forward(new Record<>(attendance.caseId(), flags, record.timestamp()));
            }
            after.add(new RepeatAttendance.Attendance(
                    attendance.caseId(),
                    attendance.arrivedAt(),
                    attendance.voided(),
                    attendance.changedAt(),
                    flags,
                    attendance.linkedFrom()));
        }
        if (after.isEmpty()) {
            persons.delete(record.key());
        } else {
            persons.put(record.key(), RepeatCodec.encode(after));
        }
    }

    private void forgetExpired(long now) {
        List<KeyValue<String, List<RepeatAttendance.Attendance>>> changed = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> all = persons.all()) {
            while (all.hasNext()) {
                KeyValue<String, byte[]> entry = all.next();
                List<RepeatAttendance.Attendance> attendances = RepeatCodec.attendances(entry.value);
                List<RepeatAttendance.Attendance> kept =
                        attendances.stream().filter(a -> a.forgetAt() > now).toList();
                if (kept.size() != attendances.size()) {
                    changed.add(KeyValue.pair(entry.key, kept));
                }
            }
        }
        for (KeyValue<String, List<RepeatAttendance.Attendance>> entry : changed) {
            if (entry.value.isEmpty()) {
                persons.delete(entry.key);
            } else {
                persons.put(entry.key, RepeatCodec.encode(entry.value));
            }
        }
    }
}
