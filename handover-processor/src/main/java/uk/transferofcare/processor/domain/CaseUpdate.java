package uk.transferofcare.processor.domain;

import java.util.List;

/**
 * What the Kafka layer must do after {@link HandoverStateMachine#decide} or {@link
 * HandoverStateMachine#tick}: store {@link #caseFile()} (when not null), publish {@link #events()}
 * in order, publish a snapshot when {@link #changed()}, and (re)publish the completed-case record
 * when {@link #emitCompletedCase()}.
 */
public sealed interface CaseUpdate permits Decision, TickResult {

    /** The case after the update; null only for a rejected submission to an unknown case. */
    CaseFile caseFile();

    /** The applied events, in sequence order. */
    List<AppliedEvent> events();

    /** True when a completed-case record must be (re)emitted: an applied change to a closed case. */
    boolean emitCompletedCase();

    /** True when at least one event was applied (the case's version moved). */
    default boolean changed() {
        return !events().isEmpty();
    }
}
