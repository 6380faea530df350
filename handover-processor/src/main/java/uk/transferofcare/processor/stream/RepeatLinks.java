package uk.transferofcare.processor.stream;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import uk.transferofcare.events.CaseSnapshot;
import uk.transferofcare.events.CompletedCase;
import uk.transferofcare.processor.domain.CaseFile;

/**
 * The case side's part in repeat attendance, for the state machine's processor: what a case's link becomes after a
 * record, which changes go to the person side, and the snapshot and completed case with the case's flags.
 */
final class RepeatLinks {

    private RepeatLinks() {}

    /**
     * The link after a record and the changes to send, each to the partition of its person key.
     *
     * @param link the link to store, null when the case has none
     * @param changed whether {@code link} differs from the stored one
     */
    record Update(RepeatAttendance.Link link, boolean changed, List<KeyedChange> changes) {

        RepeatAttendance.Flags flags() {
            return link == null ? RepeatAttendance.Flags.NONE : link.flags();
        }
    }

    record KeyedChange(String personKey, RepeatAttendance.Change change) {}

    /**
     * @param before the stored link, or null
     * @param offeredKey the person key of the latest applied PRE_ALERTED or ARRIVED of this record that carried one,
     *     or null
     * @param after the case after the record
     * @param now the processor's wall clock, epoch millis
     */
    static Update update(RepeatAttendance.Link before, String offeredKey, CaseFile after, long now) {
        String key = offeredKey != null ? offeredKey : before == null ? null : before.personKey();
        if (key == null) {
            return new Update(before, false, List.of());
        }
        Instant arrived = after.timeline().arrivedAt();
        Long arrivedAt = arrived == null ? null : arrived.toEpochMilli();
        boolean voided = after.isVoid();
        boolean sameKey = before != null && key.equals(before.personKey());
        if (sameKey && Objects.equals(arrivedAt, before.arrivedAt()) && voided == before.voided()) {
            return new Update(before, false, List.of());
        }
        List<KeyedChange> changes = new ArrayList<>();
        if (before != null && before.personKey() != null && !sameKey) {
            changes.add(new KeyedChange(
                    before.personKey(),
                    new RepeatAttendance.Change(after.caseId(), null, false, true, now, after.linkedFromCaseId())));
        }
        changes.add(new KeyedChange(
                key,
                new RepeatAttendance.Change(after.caseId(), arrivedAt, voided, false, now, after.linkedFromCaseId())));
        // Another key is another person's set: its flags come back from there.
        RepeatAttendance.Flags flags = sameKey ? before.flags() : RepeatAttendance.Flags.NONE;
        return new Update(new RepeatAttendance.Link(key, arrivedAt, voided, now, flags), true, List.copyOf(changes));
    }

    static CaseSnapshot snapshot(CaseFile file, RepeatAttendance.Flags flags) {
        CaseSnapshot snapshot = WireMapping.snapshot(file);
        if (!flags.within30d() && !flags.within90d()) {
            return snapshot;
        }
        return CaseSnapshot.newBuilder(snapshot)
                .setRepeatWithin30d(flags.within30d())
                .setRepeatWithin90d(flags.within90d())
                .build();
    }

    static CompletedCase completed(CaseFile file, RepeatAttendance.Flags flags) {
        CompletedCase completed = WireMapping.completed(file);
        if (!flags.within30d() && !flags.within90d()) {
            return completed;
        }
        return CompletedCase.newBuilder(completed)
                .setRepeatWithin30d(flags.within30d())
                .setRepeatWithin90d(flags.within90d())
                .build();
    }
}
