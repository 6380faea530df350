package uk.transferofcare.api.fhir;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;
import org.hl7.fhir.r4.model.Task.TaskStatus;
import uk.transferofcare.api.cases.CaseView;
import uk.transferofcare.vocabulary.CaseState;
import uk.transferofcare.vocabulary.Role;

/**
 * A case as FHIR R4: a {@code Bundle} of type {@code collection} holding the case's {@code Task} first and then one
 * {@code Provenance} per change of its history, oldest recorded first (the Task lists them in {@code relevantHistory}):
 * time-point corrections, division transfers (relief at shift change), corrections of the division, legal basis or
 * site, and a supervisor's correction of the disposition. The mapping is
 * documented in handover-api/README.md ("FHIR R4"); in short:
 *
 * <ul>
 *   <li>{@code Task.status} from the case state ({@link #status}), {@code businessStatus} the state itself;
 *   <li>{@code executionPeriod} = [arrivedAt, handedOverAt], or [arrivedAt, outcomeAt] when the case ended after
 *       arrival without a handover; left out before arrival;
 *   <li>{@code requester} the police division and {@code owner} the receiving site, as Organization references by
 *       identifier: the current ones, after any transfer or correction (the Provenances say what they were);
 *   <li>the time points as {@code input} (what the police told the site: removedAt, preAlertedAt, eta) and
 *       {@code output} (what happened: arrivedAt .. clearedAt, outcomeAt), each a dateTime.
 * </ul>
 *
 * Users appear only by their platform user id, never a name.
 */
final class HandoverTask {

    /** Identifier systems and code systems of this platform (namespaces, not resolvable). */
    static final String BASE = "https://transferofcare.uk/fhir/";

    static final String SITE_SYSTEM = BASE + "sid/site-code";
    static final String DIVISION_SYSTEM = BASE + "sid/police-division";
    static final String ORG_SYSTEM = BASE + "sid/organisation";
    static final String USER_SYSTEM = BASE + "sid/user-id";
    static final String CASE_STATE_SYSTEM = BASE + "CodeSystem/case-state";
    static final String TIME_POINT_SYSTEM = BASE + "CodeSystem/time-point";
    static final String ROLE_SYSTEM = BASE + "CodeSystem/role";
    static final String URI_SYSTEM = "urn:ietf:rfc:3986";
    static final String DATA_OPERATION = "http://terminology.hl7.org/CodeSystem/v3-DataOperation";
    static final String PARTICIPANT_TYPE = "http://terminology.hl7.org/CodeSystem/provenance-participant-type";

    private static final String SUPERVISOR = Role.SUPERVISOR.name();

    private static final Pattern UUID_SHAPE =
            Pattern.compile("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");

    /** What the mapping needs to know of the reference data: names and which codes are sites or divisions. */
    record Names(Function<String, String> siteName, Function<String, String> divisionName) {}

    private HandoverTask() {}

    /**
     * The Task status of a case state. Every state maps (a new state does not compile until it is mapped here):
     * PRE_ALERTED and ARRIVED are {@code requested} (the site has been asked to take over), ACKNOWLEDGED
     * {@code received}, HANDOVER_STARTED {@code in-progress}, HANDED_OVER and CLEARED {@code completed}; CANCELLED,
     * DIVERTED, ENDED_WITHOUT_HANDOVER and REFERRED_AT_SCENE {@code cancelled} (no handover will happen; nothing records that a site
     * declined, so {@code rejected} is never used), ABSCONDED {@code failed}, ENTERED_IN_ERROR
     * {@code entered-in-error}, NOT_RECORDED {@code cancelled} (a supervisor closed a stale case whose end was never
     * recorded: nothing more will be recorded; {@code businessStatus} says NOT_RECORDED).
     */
    static TaskStatus status(CaseState state) {
        return switch (state) {
            case PRE_ALERTED, ARRIVED -> TaskStatus.REQUESTED;
            case ACKNOWLEDGED -> TaskStatus.RECEIVED;
            case HANDOVER_STARTED -> TaskStatus.INPROGRESS;
            case HANDED_OVER, CLEARED -> TaskStatus.COMPLETED;
            case CANCELLED, DIVERTED, ENDED_WITHOUT_HANDOVER, REFERRED_AT_SCENE, NOT_RECORDED -> TaskStatus.CANCELLED;
            case ABSCONDED -> TaskStatus.FAILED;
            case ENTERED_IN_ERROR -> TaskStatus.ENTEREDINERROR;
        };
    }

    /**
     * The case, its Task and a Provenance per change of its history, as a collection Bundle: each time-point
     * correction, division transfer, field correction (division, legal basis, site) and supervisor's disposition
     * correction, ordered by the time the platform recorded it (stable: equal times keep that order of kinds).
     */
    static Bundle bundle(CaseView view, Names names) {
        Bundle bundle = new Bundle();
        bundle.setType(Bundle.BundleType.COLLECTION);
        bundle.setTimestampElement(instant(view.updatedAt()));
        Task task = task(view, names);
        bundle.addEntry().setFullUrl(taskUrl(view)).setResource(task);
        for (Provenance provenance : history(view, names)) {
            String url = "urn:uuid:" + provenance.getIdPart();
            task.addRelevantHistory(new Reference(url));
            bundle.addEntry().setFullUrl(url).setResource(provenance);
        }
        return bundle;
    }

    /** A Provenance per change of the case's history (see {@link #bundle}), oldest recorded first. */
    static List<Provenance> history(CaseView view, Names names) {
        List<Provenance> history = new ArrayList<>();
        for (CaseView.CorrectionEntry correction : view.corrections()) {
            history.add(provenance(
                    view,
                    correction.eventId(),
                    null,
                    correction.recordedAt(),
                    correction.withdrawn()
                            ? correction.point() + " at " + correction.from() + " withdrawn by its author (undo)"
                            : correction.point() + " corrected from " + correction.from() + " to " + correction.to(),
                    correction.reason(),
                    correction.recordedBy(),
                    names));
        }
        for (CaseView.TransferEntry transfer : view.divisionTransfers()) {
            history.add(provenance(
                    view,
                    transfer.eventId(),
                    transfer.at(),
                    transfer.recordedAt(),
                    "police division transferred from " + transfer.fromDivision() + " to " + transfer.toDivision(),
                    transfer.reason(),
                    transfer.recordedBy(),
                    names));
        }
        for (CaseView.FieldCorrectionEntry correction : view.fieldCorrections()) {
            history.add(provenance(
                    view,
                    correction.eventId(),
                    null,
                    correction.recordedAt(),
                    correction.field() + " corrected from " + correction.from() + " to " + correction.to(),
                    correction.reason(),
                    correction.recordedBy(),
                    names));
        }
        for (CaseView.DispositionEntry entry : view.dispositions()) {
            if (!SUPERVISOR.equals(entry.recordedBy().role())) {
                continue; // an officer's or the ED's disposition is a record, not a correction
            }
            history.add(provenance(
                    view,
                    entry.eventId(),
                    entry.occurredAt(),
                    entry.recordedAt(),
                    "disposition corrected from " + standingBefore(view.dispositions(), entry) + " to "
                            + entry.disposition(),
                    entry.reason(),
                    entry.recordedBy(),
                    names));
        }
        history.sort(Comparator.comparing(p -> p.getRecorded().toInstant()));
        return history;
    }

    /**
     * The disposition that stood when {@code correction} was recorded: of the entries recorded before it (lower
     * sequence), the latest by occurredAt, then sequence; "(none)" when none was.
     */
    private static String standingBefore(
            List<CaseView.DispositionEntry> entries, CaseView.DispositionEntry correction) {
        return entries.stream()
                .filter(e -> e.sequence() < correction.sequence())
                .max(Comparator.comparing(CaseView.DispositionEntry::occurredAt)
                        .thenComparingLong(CaseView.DispositionEntry::sequence))
                .map(CaseView.DispositionEntry::disposition)
                .orElse("(none)");
    }

    static Task task(CaseView view, Names names) {
        CaseState state = CaseState.valueOf(view.state());
        Task task = new Task();
        task.setId(view.caseId().toLowerCase());
        task.getMeta().setVersionId(Long.toString(view.version())).setLastUpdatedElement(instant(view.updatedAt()));
        task.addIdentifier(new Identifier().setSystem(URI_SYSTEM).setValue(taskUrl(view)));
        task.setStatus(status(state));
        task.setBusinessStatus(new CodeableConcept(new Coding(CASE_STATE_SYSTEM, state.name(), display(state)))
                .setText(display(state)));
        task.setIntent(Task.TaskIntent.ORDER);
        task.setCode(new CodeableConcept().setText("Transfer of care from police to a place of safety"));
        task.setAuthoredOnElement(dateTime(view.openedAt()));
        task.setLastModifiedElement(dateTime(view.updatedAt()));
        task.setRequester(organisation(DIVISION_SYSTEM, view.policeDivision(), names.divisionName()));
        if (!uk.transferofcare.vocabulary.EventType.NO_SITE.equals(view.siteCode())) {
            // A case referred at scene without an intended site has no receiving site to own it.
            task.setOwner(organisation(SITE_SYSTEM, view.siteCode(), names.siteName()));
        }
        if (state == CaseState.DIVERTED && view.destinationSiteCode() != null) {
            String to = names.siteName().apply(view.destinationSiteCode());
            task.setStatusReason(
                    new CodeableConcept().setText("diverted to " + (to != null ? to : view.destinationSiteCode())));
        }
        Period period = executionPeriod(view, state);
        if (period != null) {
            task.setExecutionPeriod(period);
        }
        CaseView.Points p = view.points();
        input(task, "removedAt", "person removed from a public place", p.removedAt());
        input(task, "preAlertedAt", "site pre-alerted", p.preAlertedAt());
        input(task, "eta", "expected arrival", p.eta());
        output(task, "arrivedAt", "arrived at the site (the handover clock starts)", p.arrivedAt());
        output(task, "acknowledgedAt", "acknowledged by site staff", p.acknowledgedAt());
        output(task, "handoverStartedAt", "handover started", p.handoverStartedAt());
        output(task, "handedOverAt", "handed over (the handover clock stops)", p.handedOverAt());
        output(task, "clearedAt", "last officer left", p.clearedAt());
        output(task, "outcomeAt", "terminal outcome recorded (" + state.name() + ")", p.outcomeAt());
        return task;
    }

    /**
     * [arrivedAt, handedOverAt]; when the case ended after arrival without a handover (ABSCONDED,
     * ENDED_WITHOUT_HANDOVER, DIVERTED) the end is the outcome's time; null before arrival (the handover has not
     * started, or never did: CANCELLED).
     */
    static Period executionPeriod(CaseView view, CaseState state) {
        Instant start = view.points().arrivedAt();
        if (start == null) {
            return null;
        }
        Instant end = view.points().handedOverAt();
        if (end == null
                && (state == CaseState.ABSCONDED
                        || state == CaseState.ENDED_WITHOUT_HANDOVER
                        || state == CaseState.DIVERTED)) {
            end = view.points().outcomeAt();
        }
        Period period = new Period().setStartElement(dateTime(start));
        if (end != null && !end.isBefore(start)) {
            period.setEndElement(dateTime(end));
        }
        return period;
    }

    /**
     * One change of the case's history: {@code target} the Task, {@code occurredDateTime} when the change took effect
     * (a transfer's time, a disposition's occurredAt; left out where the case does not know it), {@code recorded} when
     * the platform received it, {@code activity} UPDATE with what changed, the reason, and one author agent.
     */
    private static Provenance provenance(
            CaseView view,
            String eventId,
            Instant occurredAt,
            Instant recordedAt,
            String what,
            String reason,
            CaseView.RecordedBy by,
            Names names) {
        Provenance provenance = new Provenance();
        provenance.setId(uuidOf(eventId));
        provenance.addTarget(new Reference(taskUrl(view)));
        if (occurredAt != null) {
            provenance.setOccurred(dateTime(occurredAt));
        }
        provenance.setRecordedElement(instant(recordedAt));
        provenance.setActivity(new CodeableConcept(new Coding(DATA_OPERATION, "UPDATE", "revise")).setText(what));
        if (reason != null && !reason.isBlank()) {
            provenance.addReason().setText(reason);
        }
        provenance.addAgent(author(by, names));
        return provenance;
    }

    /**
     * The author of a change: {@code who} the platform user id ({@code Reference(Practitioner)} by identifier, never a
     * name), {@code role} the platform role, {@code onBehalfOf} their site or division as an Organization.
     */
    private static Provenance.ProvenanceAgentComponent author(CaseView.RecordedBy by, Names names) {
        Provenance.ProvenanceAgentComponent agent = new Provenance.ProvenanceAgentComponent();
        agent.setType(new CodeableConcept(new Coding(PARTICIPANT_TYPE, "author", "Author")));
        agent.addRole(new CodeableConcept(new Coding(ROLE_SYSTEM, by.role(), null)).setText(by.role()));
        agent.setWho(new Reference()
                .setType("Practitioner")
                .setIdentifier(new Identifier().setSystem(USER_SYSTEM).setValue(by.userId())));
        String org = by.org();
        if (names.siteName().apply(org) != null) {
            agent.setOnBehalfOf(organisation(SITE_SYSTEM, org, names.siteName()));
        } else if (names.divisionName().apply(org) != null) {
            agent.setOnBehalfOf(organisation(DIVISION_SYSTEM, org, names.divisionName()));
        } else {
            agent.setOnBehalfOf(organisation(ORG_SYSTEM, org, code -> null));
        }
        return agent;
    }

    private static Reference organisation(String system, String code, Function<String, String> name) {
        Reference reference = new Reference()
                .setType("Organization")
                .setIdentifier(new Identifier().setSystem(system).setValue(code));
        String display = name.apply(code);
        if (display != null) {
            reference.setDisplay(display);
        }
        return reference;
    }

    private static void input(Task task, String code, String text, Instant at) {
        if (at != null) {
            task.addInput().setType(timePoint(code, text)).setValue(dateTime(at));
        }
    }

    private static void output(Task task, String code, String text, Instant at) {
        if (at != null) {
            task.addOutput().setType(timePoint(code, text)).setValue(dateTime(at));
        }
    }

    private static CodeableConcept timePoint(String code, String text) {
        return new CodeableConcept(new Coding(TIME_POINT_SYSTEM, code, null)).setText(text);
    }

    /** An instant as a FHIR dateTime in UTC, to the second or the millisecond as it was recorded. */
    static DateTimeType dateTime(Instant at) {
        TemporalPrecisionEnum precision =
                at.getNano() == 0 ? TemporalPrecisionEnum.SECOND : TemporalPrecisionEnum.MILLI;
        DateTimeType value = new DateTimeType(Date.from(at), precision);
        value.setTimeZoneZulu(true);
        return value;
    }

    /** An instant as a FHIR instant in UTC ("Z"), to the millisecond. */
    static InstantType instant(Instant at) {
        InstantType value = new InstantType(Date.from(at), TemporalPrecisionEnum.MILLI);
        value.setTimeZoneZulu(true);
        return value;
    }

    private static String taskUrl(CaseView view) {
        return "urn:uuid:" + view.caseId().toLowerCase();
    }

    /** The event id when it is a UUID (every submitted one is), else a UUID derived from it. */
    static String uuidOf(String eventId) {
        return UUID_SHAPE.matcher(eventId).matches()
                ? eventId.toLowerCase()
                : UUID.nameUUIDFromBytes(eventId.getBytes(StandardCharsets.UTF_8))
                        .toString();
    }

    private static String display(CaseState state) {
        String words = state.name().toLowerCase().replace('_', ' ');
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }
}
