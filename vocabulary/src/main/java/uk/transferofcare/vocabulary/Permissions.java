package uk.transferofcare.vocabulary;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which role may record which event type: the one rule that needs no case, so the API applies it before anything
 * reaches Kafka and the processor applies the same table when it judges. Whether this user's organisation may act on
 * this case (their division, their site) needs the case and is judged by the processor alone.
 *
 * <table>
 *   <caption>Role → event types</caption>
 *   <tr><th>role</th><th>may record</th></tr>
 *   <tr><td>OFFICER</td><td>the police side: PRE_ALERTED, ARRIVED, CLEARED, CANCELLED, DIVERTED, ABSCONDED,
 *   ENDED_WITHOUT_HANDOVER, DISPOSITION_RECORDED, REFERRED_AT_SCENE, OFFICER_RETAINED, OFFICER_RELEASED,
 *   DELAY_REASON_RECORDED</td></tr>
 *   <tr><td>ED_STAFF</td><td>the ED side: ARRIVED, ACKNOWLEDGED, HANDOVER_STARTED, HANDED_OVER, OFFICER_RETAINED,
 *   OFFICER_RELEASED, ABSCONDED, ENDED_WITHOUT_HANDOVER, LEGAL_CLOCK_EXTENDED (the registered medical practitioner
 *   authorises the s136 extension), DISPOSITION_RECORDED, ASSESSMENT_STARTED, DELAY_REASON_RECORDED, ACTION_UNDONE
 *   (undoing their own ACKNOWLEDGED, HANDOVER_STARTED, HANDED_OVER or ASSESSMENT_STARTED within a few minutes; the
 *   processor judges whose and how recent)</td></tr>
 *   <tr><td>SUPERVISOR</td><td>CORRECTED, ENTERED_IN_ERROR, DIVISION_TRANSFERRED, CLOSED_NOT_RECORDED (closing a
 *   stale case, with a reason), LEGAL_CLOCK_EXTENDED, DISPOSITION_RECORDED (a correction of the disposition, with a
 *   reason)</td></tr>
 *   <tr><td>ANALYST, ADMIN</td><td>nothing (they read)</td></tr>
 *   <tr><td>SYSTEM</td><td>PRE_ALERTED of the case a diversion opens</td></tr>
 * </table>
 *
 * ESCALATED and LEGAL_CLOCK_WARNING are recorded by the processor's timers and submitted by nobody.
 */
public final class Permissions {

    /**
     * Recorded by police. ARRIVED, ABSCONDED, ENDED_WITHOUT_HANDOVER, OFFICER_RETAINED, OFFICER_RELEASED and
     * DELAY_REASON_RECORDED are on both sides.
     */
    public static final Set<EventType> POLICE_SIDE = unmodifiable(EnumSet.of(
            EventType.PRE_ALERTED,
            EventType.ARRIVED,
            EventType.CLEARED,
            EventType.CANCELLED,
            EventType.DIVERTED,
            EventType.ABSCONDED,
            EventType.ENDED_WITHOUT_HANDOVER,
            EventType.DISPOSITION_RECORDED,
            EventType.REFERRED_AT_SCENE,
            EventType.OFFICER_RETAINED,
            EventType.OFFICER_RELEASED,
            EventType.DELAY_REASON_RECORDED));

    /**
     * Recorded by the ED. ACTION_UNDONE is theirs alone: it withdraws the sender's own ED time point, and supervisors
     * record none of those (they change a point with CORRECTED).
     */
    public static final Set<EventType> ED_SIDE = unmodifiable(EnumSet.of(
            EventType.ARRIVED,
            EventType.ACKNOWLEDGED,
            EventType.HANDOVER_STARTED,
            EventType.HANDED_OVER,
            EventType.OFFICER_RETAINED,
            EventType.OFFICER_RELEASED,
            EventType.ABSCONDED,
            EventType.ENDED_WITHOUT_HANDOVER,
            EventType.LEGAL_CLOCK_EXTENDED,
            EventType.DISPOSITION_RECORDED,
            EventType.ASSESSMENT_STARTED,
            EventType.DELAY_REASON_RECORDED,
            EventType.ACTION_UNDONE));

    /** Recorded by supervisors only: changing, voiding, handing over or closing (as not recorded) the record. */
    public static final Set<EventType> SUPERVISOR_ONLY = unmodifiable(EnumSet.of(
            EventType.CORRECTED,
            EventType.ENTERED_IN_ERROR,
            EventType.DIVISION_TRANSFERRED,
            EventType.CLOSED_NOT_RECORDED));

    /**
     * What a supervisor records: the supervisor-only types, the s136 extension (which ED staff record too) and
     * DISPOSITION_RECORDED as a correction of the disposition (the processor requires a reason from a supervisor).
     */
    public static final Set<EventType> SUPERVISOR = unmodifiable(EnumSet.of(
            EventType.CORRECTED,
            EventType.ENTERED_IN_ERROR,
            EventType.DIVISION_TRANSFERRED,
            EventType.CLOSED_NOT_RECORDED,
            EventType.LEGAL_CLOCK_EXTENDED,
            EventType.DISPOSITION_RECORDED));

    private static final Map<Role, Set<EventType>> BY_ROLE = byRole();

    private Permissions() {}

    /** The event types a role may submit. */
    public static Set<EventType> recordableBy(Role role) {
        return BY_ROLE.get(role);
    }

    /** True when the role may submit the type (for some case). */
    public static boolean mayRecord(Role role, EventType type) {
        return BY_ROLE.get(role).contains(type);
    }

    /** Why the role may never submit the type, or empty when it may (for a case of its organisation). */
    public static Optional<String> whyNot(Role role, EventType type) {
        if (mayRecord(role, type)) {
            return Optional.empty();
        }
        if (type.isProcessorOnly()) {
            return Optional.of(type + " is recorded only by the processor's timers");
        }
        return Optional.of(
                switch (role) {
                    case ANALYST -> "an ANALYST reads reports and submits nothing (" + type + ")";
                    case ADMIN -> "an ADMIN reads every case but submits nothing (" + type + ")";
                    case SYSTEM -> "SYSTEM only pre-alerts the case a diversion opens, not " + type;
                    case SUPERVISOR ->
                        "a SUPERVISOR submits only CORRECTED, ENTERED_IN_ERROR, DIVISION_TRANSFERRED,"
                                + " CLOSED_NOT_RECORDED, LEGAL_CLOCK_EXTENDED or DISPOSITION_RECORDED, not " + type;
                    case OFFICER, ED_STAFF ->
                        SUPERVISOR_ONLY.contains(type)
                                ? type + " may only be submitted by a SUPERVISOR of the case's site or police division"
                                : role == Role.OFFICER
                                        ? type + " is recorded by the ED, not by police"
                                        : type + " is recorded by police, not by the ED";
                });
    }

    private static Map<Role, Set<EventType>> byRole() {
        Map<Role, Set<EventType>> map = new EnumMap<>(Role.class);
        map.put(Role.OFFICER, POLICE_SIDE);
        map.put(Role.ED_STAFF, ED_SIDE);
        map.put(Role.SUPERVISOR, SUPERVISOR);
        map.put(Role.ANALYST, Set.of());
        map.put(Role.ADMIN, Set.of());
        map.put(Role.SYSTEM, unmodifiable(EnumSet.of(EventType.PRE_ALERTED)));
        return Collections.unmodifiableMap(map);
    }

    private static Set<EventType> unmodifiable(EnumSet<EventType> types) {
        return Collections.unmodifiableSet(types);
    }
}
