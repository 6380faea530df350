/**
 * The vocabulary handover-api and handover-processor share, and nothing else: the event types a case records, its
 * states and time points, the legal bases, the roles of the people who submit, which role may record which event type
 * ({@link uk.transferofcare.vocabulary.Permissions}) and the rule codes a verdict names ({@link
 * uk.transferofcare.vocabulary.RuleCode}).
 *
 * <p>Plain Java with no dependencies. It holds no rule that needs a case: whether this organisation may act on this
 * case, and every rule about the timeline, live in the processor alone. The Avro enums of {@code
 * uk.transferofcare.events} have the same symbol names, so the edges map by name. The simulator keeps its own copy on
 * purpose: its ground truth must not share code with what it checks.
 */
package uk.transferofcare.vocabulary;
