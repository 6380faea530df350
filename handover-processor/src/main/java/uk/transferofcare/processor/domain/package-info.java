/**
 * The transfer-of-care state machine in plain Java: no Kafka, Spring, Avro or wire types (an
 * ArchUnit test enforces it), no I/O, no wall clock.
 *
 * <p>Entry point: {@link uk.transferofcare.processor.domain.HandoverStateMachine}, a pure function
 * the Kafka Streams layer calls with the stored case:
 *
 * <pre>{@code
 * HandoverStateMachine machine = new HandoverStateMachine(HandoverPolicy.DEFAULT);
 * Decision decision = machine.decide(storedCaseOrNull, submission, processedAt);
 * // store decision.caseFile() (null: nothing to store), publish decision.verdict() as the outcome,
 * // a rejection when REJECTED, decision.events(), a snapshot, the completed case when
 * // decision.emitCompletedCase(), and decision.linkedCaseSubmissions() on the submissions topic.
 * TickResult timers = machine.tick(decision.caseFile(), processedAt); // after every decision
 * Optional<Instant> next = machine.nextDueAt(timers.caseFile());       // index the case by it
 * }</pre>
 *
 * <p>Domain types are distinct from the Avro wire types of {@code uk.transferofcare.events} but
 * carry everything needed to fill them: {@link uk.transferofcare.processor.domain.Submission} ↔
 * HandoverSubmission, {@link uk.transferofcare.processor.domain.AppliedEvent} → HandoverEvent,
 * {@link uk.transferofcare.processor.domain.Verdict} → SubmissionOutcome / SubmissionRejected,
 * {@link uk.transferofcare.processor.domain.CaseFile} → CaseSnapshot and CompletedCase. Enums share
 * the wire enums' symbol names, so they map by name.
 */
package uk.transferofcare.processor.domain;
