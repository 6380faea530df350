package uk.transferofcare.api.readmodel;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;
import uk.transferofcare.api.handover.SubmissionVerdict;
import uk.transferofcare.events.SubmissionOutcome;
import uk.transferofcare.events.SubmissionRejected;

/**
 * The standing verdict of every submission, from {@code handover-outcomes}, and the rejections of every case, from
 * {@code handover-rejections}: what the status URL and the case page show. A submission's standing verdict is its
 * latest outcome that is not a re-send's (HELD, then the verdict given when its case opened); re-sends only raise a
 * count. Keyed by (caseId, eventId), as the processor is. It decides nothing: it shows what the processor decided.
 */
@Component
public class SubmissionTracker {

    /**
     * @param verdict the standing verdict
     * @param resends how many later deliveries of the same eventId were answered since
     */
    public record Standing(SubmissionVerdict verdict, int resends) {}

    private final Map<String, Standing> verdicts = new HashMap<>();
    private final Map<String, Map<String, SubmissionRejected>> rejections = new HashMap<>();

    /** Records an outcome. */
    public synchronized void outcome(SubmissionOutcome outcome) {
        String key = key(outcome.getCaseId(), outcome.getEventId());
        Standing current = verdicts.get(key);
        if (outcome.getResend()) {
            if (current != null) {
                verdicts.put(key, new Standing(current.verdict(), current.resends() + 1));
            }
            return;
        }
        verdicts.put(key, new Standing(SubmissionVerdict.of(outcome), current == null ? 0 : current.resends()));
    }

    /** Records a rejection for the case page (one per eventId). */
    public synchronized void rejected(SubmissionRejected rejected) {
        rejections
                .computeIfAbsent(rejected.getSubmission().getCaseId(), k -> new LinkedHashMap<>())
                .putIfAbsent(rejected.getSubmission().getEventId(), rejected);
    }

    public synchronized Optional<Standing> verdict(String caseId, String eventId) {
        return Optional.ofNullable(verdicts.get(key(caseId, eventId)));
    }

    public synchronized List<SubmissionRejected> rejections(String caseId) {
        Map<String, SubmissionRejected> forCase = rejections.get(caseId);
        return forCase == null ? List.of() : new ArrayList<>(forCase.values());
    }

    private static String key(String caseId, String eventId) {
        return caseId + '/' + eventId;
    }
}
