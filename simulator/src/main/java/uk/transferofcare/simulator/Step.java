package uk.transferofcare.simulator;

import java.time.Instant;

/**
 * One thing a chain does next: send a submission, or wait until the platform shows a case (the case a diversion
 * opened, before officers record their arrival there).
 */
final class Step {

    enum Kind {
        SUBMIT,
        AWAIT_CASE
    }

    final Kind kind;
    /** When the device sends it, on the simulation's clock. */
    final Instant sendAt;
    /** When it is due on the wall clock (epoch ms); 0 = as soon as possible (a backfill). */
    final long dueMillis;

    final Submission submission;
    final String awaitCaseId;
    /** The same eventId sent again (a client retry): must change nothing. */
    final boolean resend;
    /** Why the simulator sends something it expects the platform to refuse or ignore; null for ordinary steps. */
    final String intent;

    ExpectedCase.Judgement expected;

    Step(
            Kind kind,
            Instant sendAt,
            long dueMillis,
            Submission submission,
            String awaitCaseId,
            boolean resend,
            String intent) {
        this.kind = kind;
        this.sendAt = sendAt;
        this.dueMillis = dueMillis;
        this.submission = submission;
        this.awaitCaseId = awaitCaseId;
        this.resend = resend;
        this.intent = intent;
    }
}
