package uk.transferofcare.processor.stream;

import java.time.Instant;
import java.util.Optional;
import uk.transferofcare.processor.domain.CaseFile;
import uk.transferofcare.processor.domain.Decision;
import uk.transferofcare.processor.domain.HandoverStateMachine;
import uk.transferofcare.processor.domain.Submission;
import uk.transferofcare.processor.domain.TickResult;
import uk.transferofcare.processor.domain.Verdict;

/**
 * The calls the topology makes into the state machine. Production passes {@link #of(HandoverStateMachine)};
 * the interface exists so that a test can inject a fault (a state machine that throws) and prove that the topology
 * dead-letters the submission and carries on.
 */
public interface CaseLogic {

    Decision decide(CaseFile current, Submission submission, Instant processedAt);

    Verdict.Rejected unknownCase(Submission held);

    TickResult tick(CaseFile current, Instant now);

    Optional<Instant> nextDueAt(CaseFile current);

    static CaseLogic of(HandoverStateMachine machine) {
        return new CaseLogic() {
            @Override
            public Decision decide(CaseFile current, Submission submission, Instant processedAt) {
                return machine.decide(current, submission, processedAt);
            }

            @Override
            public Verdict.Rejected unknownCase(Submission held) {
                return machine.unknownCase(held);
            }

            @Override
            public TickResult tick(CaseFile current, Instant now) {
                return machine.tick(current, now);
            }

            @Override
            public Optional<Instant> nextDueAt(CaseFile current) {
                return machine.nextDueAt(current);
            }
        };
    }
}
