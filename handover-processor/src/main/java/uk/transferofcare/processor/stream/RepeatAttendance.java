package uk.transferofcare.processor.stream;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Repeat attendance without identity: the rule, and the values the processor keeps for it. Pure: no Kafka here.
 *
 * <p>A case <em>is an attendance</em> of the person whose key it carries when it has an arrival ({@code arrivedAt},
 * as corrected) and is not ENTERED_IN_ERROR. An attendance A is a <em>repeat within N days</em> ({@code N} = 30 or 90,
 * a day being 24 h) when another attendance B of the same key arrived in {@code [A.arrivedAt - N days, A.arrivedAt]}
 * and before A: {@code B.arrivedAt < A.arrivedAt}, or at the same instant with the smaller case id (so of two
 * attendances at one instant exactly one is the repeat); a case a diversion opened is no repeat of the case it came
 * from, nor that case of it (one episode at two sites). Cases without an arrival (pre-alerted then cancelled,
 * diverted, referred at scene) are neither repeats nor count for others. The flags of every attendance of a key are
 * recomputed from the whole set whenever one of them changes, so an attendance recorded late (a case opened after a
 * later one) or corrected, and a case voided, change the flags of the others: the final flags depend only on the
 * final set, not on the order the cases arrived in.
 *
 * <p>Retention: an attendance is forgotten {@link #RETENTION} after the later of its arrival and its last change (by
 * the processor's wall clock); a flag already computed stays on its case, but a forgotten attendance no longer counts
 * for cases whose flags are computed afterwards.
 */
final class RepeatAttendance {

    /** How long the processor keeps a person key: in its stores and in its two topics. */
    static final Duration RETENTION = Duration.ofDays(90);

    static final Duration WITHIN_30D = Duration.ofDays(30);
    static final Duration WITHIN_90D = Duration.ofDays(90);

    /** The only form of person key accepted: HMAC-SHA256 as 64 lowercase hex characters. */
    static final Pattern KEY = Pattern.compile("^[0-9a-f]{64}$");

    private RepeatAttendance() {}

    /** The flags of one case. */
    record Flags(boolean within30d, boolean within90d) {
        static final Flags NONE = new Flags(false, false);
    }

    /**
     * One case of a person, as the person store keeps it (store {@code handover-person-attendances}, key = person key).
     *
     * @param arrivedAt epoch millis of its arrival, null when it has none
     * @param changedAt processor wall clock (epoch millis) of the change that sent it
     * @param flags the flags last sent back to the case
     */
    record Attendance(String caseId, Long arrivedAt, boolean voided, long changedAt, Flags flags, String linkedFrom) {
        Attendance {
            Objects.requireNonNull(caseId, "caseId");
            flags = flags == null ? Flags.NONE : flags;
        }

        boolean counts() {
            return arrivedAt != null && !voided;
        }

        long forgetAt() {
            return Math.max(arrivedAt == null ? changedAt : arrivedAt, changedAt) + RETENTION.toMillis();
        }
    }

    /**
     * A change of one case sent to the person side (topic {@code handover-processor-person-keys}, key = person key).
     *
     * @param withdrawn the case no longer carries this key (a later PRE_ALERTED or ARRIVED brought another one)
     */
    record Change(
            String caseId, Long arrivedAt, boolean voided, boolean withdrawn, long changedAt, String linkedFrom) {}

    /**
     * The case side's link (store {@code handover-case-persons}, key = case id): the key the case carries, what was
     * last sent for it, and the flags that came back. {@code personKey} is null once forgotten; the flags stay.
     */
    record Link(String personKey, Long arrivedAt, boolean voided, long changedAt, Flags flags) {
        Link {
            flags = flags == null ? Flags.NONE : flags;
        }

        long forgetAt() {
            return Math.max(arrivedAt == null ? changedAt : arrivedAt, changedAt) + RETENTION.toMillis();
        }
    }

    /**
     * Every attendance after {@code change} is applied, with their flags recomputed (their {@code flags} are the old
     * ones; {@link #flags} gives the new ones).
     */
    static List<Attendance> apply(List<Attendance> attendances, Change change) {
        List<Attendance> next = new ArrayList<>();
        Flags previous = Flags.NONE;
        for (Attendance a : attendances) {
            if (a.caseId().equals(change.caseId())) {
                previous = a.flags();
            } else {
                next.add(a);
            }
        }
        if (!change.withdrawn()) {
            next.add(new Attendance(
                    change.caseId(),
                    change.arrivedAt(),
                    change.voided(),
                    change.changedAt(),
                    previous,
                    change.linkedFrom()));
        }
        next.sort(Comparator.comparing(Attendance::caseId));
        return next;
    }

    /** The flags {@code subject} has among {@code attendances} (all of one person key). */
    static Flags flags(Attendance subject, List<Attendance> attendances) {
        if (!subject.counts()) {
            return Flags.NONE;
        }
        boolean within30 = false;
        boolean within90 = false;
        long at = subject.arrivedAt();
        for (Attendance other : attendances) {
            if (other.caseId().equals(subject.caseId())
                    || !other.counts()
                    || other.caseId().equals(subject.linkedFrom())
                    || subject.caseId().equals(other.linkedFrom())) {
                continue;
            }
            long before = other.arrivedAt();
            boolean earlier = before < at || (before == at && other.caseId().compareTo(subject.caseId()) < 0);
            if (!earlier) {
                continue;
            }
            long gap = at - before;
            within30 |= gap <= WITHIN_30D.toMillis();
            within90 |= gap <= WITHIN_90D.toMillis();
        }
        return new Flags(within30, within90);
    }
}
