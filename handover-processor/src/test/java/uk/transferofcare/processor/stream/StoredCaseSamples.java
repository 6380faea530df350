package uk.transferofcare.processor.stream;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import uk.transferofcare.events.HandoverSubmission;
import uk.transferofcare.processor.domain.CaseFile;
import uk.transferofcare.processor.domain.Decision;
import uk.transferofcare.processor.domain.HandoverStateMachine;
import uk.transferofcare.processor.domain.Submission;
import uk.transferofcare.processor.domain.Verdict;

/**
 * Values of the case store for tests and the case store benchmark (package {@code bench}): the rich golden case, and
 * every value the processor stores while it judges a list of submissions; with the store's codecs, which are
 * package-private.
 */
public final class StoredCaseSamples {

    private StoredCaseSamples() {}

    /** One stored value: the case and the due time it is filed under in the timer index (null: not filed). */
    public record Sample(CaseFile caseFile, Instant timerDueAt) {

        StoredCase stored() {
            return new StoredCase(caseFile, timerDueAt);
        }
    }

    /** The golden case of {@code CaseStoreFormatTest}: every part of the case file in use. */
    public static Sample richCase() {
        return new Sample(CaseStoreFormatTest.richCase(), CaseStoreFormatTest.GOLDEN_TIMER_DUE_AT);
    }

    /**
     * Every value the processor writes to the case store while it judges {@code input} in order at {@code now}, as
     * {@code HandoverProcessor} does: per record one value, after its decision (for the record that opens a case,
     * also the decisions of the submissions held for it) and one tick at the same instant; the linked cases that
     * diversions open included. A record for a case that is not open yet is held and stores nothing.
     */
    public static List<Sample> storedValues(List<HandoverSubmission> input, Instant now) {
        HandoverStateMachine machine = new HandoverStateMachine();
        Map<String, CaseFile> cases = new HashMap<>();
        Map<String, List<Submission>> held = new HashMap<>();
        List<Sample> values = new ArrayList<>();
        Deque<Submission> records = new ArrayDeque<>();
        for (HandoverSubmission wire : input) {
            records.add(WireMapping.submission(wire));
            while (!records.isEmpty()) {
                Submission submission = records.poll();
                CaseFile before = cases.get(submission.caseId());
                Decision decision = machine.decide(before, submission, now);
                records.addAll(decision.linkedCaseSubmissions());
                if (decision.verdict() instanceof Verdict.Held) {
                    held.computeIfAbsent(submission.caseId(), id -> new ArrayList<>())
                            .add(submission);
                }
                CaseFile after = decision.caseFile();
                if (after == null) {
                    continue;
                }
                if (before == null) {
                    for (Submission released : held.getOrDefault(submission.caseId(), List.of())) {
                        Decision judged = machine.decide(after, released, now);
                        records.addAll(judged.linkedCaseSubmissions());
                        after = judged.caseFile();
                    }
                    held.remove(submission.caseId());
                }
                CaseFile file = machine.tick(after, now).caseFile();
                cases.put(file.caseId(), file);
                values.add(new Sample(file, machine.nextDueAt(file).orElse(null)));
            }
        }
        return values;
    }

    /** The value as the processor writes it now (format {@link CaseStoreFormat#FORMAT}). */
    public static byte[] encode(Sample sample) {
        return CaseStoreFormat.encode(sample.stored());
    }

    /** The value as format 2 (JSON) wrote it. */
    public static byte[] encodeJsonFormat2(Sample sample) {
        return CaseStoreFormat.encodeJsonFormat2(sample.stored());
    }

    /** A stored value of any format the processor reads. */
    public static Sample decode(String caseId, byte[] bytes) {
        StoredCase stored = CaseStoreFormat.decode(caseId, bytes);
        return new Sample(stored.caseFile(), stored.timerDueAt());
    }
}
