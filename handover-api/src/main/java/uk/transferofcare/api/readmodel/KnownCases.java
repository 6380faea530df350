package uk.transferofcare.api.readmodel;

import java.util.Optional;
import org.springframework.stereotype.Component;
import uk.transferofcare.api.access.CaseFacts;
import uk.transferofcare.events.CaseSnapshot;

/** A case as this instance knows it: the processor's snapshot, or else an accepted opening still pending. */
@Component
public class KnownCases {

    /**
     * @param snapshot the processor's snapshot, or null while only accepted openings are known
     */
    public record KnownCase(String caseId, String siteCode, String policeDivision, CaseSnapshot snapshot) {

        public boolean pending() {
            return snapshot == null;
        }

        public CaseFacts facts() {
            return new CaseFacts(siteCode, policeDivision);
        }
    }

    private final CaseStore cases;
    private final SubmissionTracker tracker;
    private final ReadModelStatus status;

    KnownCases(CaseStore cases, SubmissionTracker tracker, ReadModelStatus status) {
        this.cases = cases;
        this.tracker = tracker;
        this.status = status;
    }

    public Optional<KnownCase> find(String caseId) {
        Optional<CaseSnapshot> snapshot = cases.get(caseId);
        if (snapshot.isPresent()) {
            CaseSnapshot s = snapshot.get();
            return Optional.of(new KnownCase(caseId, s.getSiteCode(), s.getPoliceDivision(), s));
        }
        return tracker.pending(caseId).map(p -> new KnownCase(caseId, p.siteCode(), p.policeDivision(), null));
    }

    /**
     * Like {@link #find} but, before concluding a case is unknown, waits until this instance has read every
     * submission acknowledged before the call: another instance may have accepted its opening a moment ago.
     *
     * @throws NotVisibleYetException when that could not be established in time
     */
    public Optional<KnownCase> findAfterBarrier(String caseId) {
        Optional<KnownCase> found = find(caseId);
        if (found.isPresent()) {
            return found;
        }
        if (!status.awaitSubmissionsVisible()) {
            throw new NotVisibleYetException();
        }
        return find(caseId);
    }

    /** This instance could not establish that it has seen every accepted submission. */
    public static class NotVisibleYetException extends RuntimeException {
        NotVisibleYetException() {
            super("this instance has not yet read every accepted submission");
        }
    }
}
