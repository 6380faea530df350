package uk.transferofcare.vocabulary;

/**
 * The rule a verdict names: every REJECTED and DUPLICATE outcome carries one, and its message starts with the code.
 * The processor decides which rule applies; the {@link Kind} of each rule tells a client what kind of refusal it is
 * (the API answers 403, 409, 422, 404 or 500 from it) without a second copy of the rules.
 */
public enum RuleCode {
    /** Rule 1: the same fact (type and instant) under another eventId. A no-op, not a refusal. */
    R1_DUPLICATE(Kind.DUPLICATE),
    /** Rule 2: occurredAt, removedAt or correctedTo more than the skew tolerance after it was received. */
    R2_FUTURE(Kind.CONTENT),
    /** Rule 3: the time would break the order of the timeline. */
    R3_ORDER(Kind.CONFLICT),
    /** Rule 5: the time point is already recorded with another instant; change it with CORRECTED. */
    R5_ALREADY_RECORDED(Kind.CONFLICT),
    /** CORRECTED names a time point that was never recorded. */
    NOT_RECORDED(Kind.CONFLICT),
    /** A detail this type needs is absent (the field names it). */
    MISSING_DETAIL(Kind.CONTENT),
    /** A detail has a value that cannot be right (officerCount below 1, a diversion to the same site...). */
    INVALID_DETAIL(Kind.CONTENT),
    /** Rule 8: no case opened within the holding horizon for an event that was held for it. */
    UNKNOWN_CASE(Kind.UNKNOWN),
    /** The case's state does not allow this event (CANCELLED after arrival, a second outcome...). */
    INVALID_TRANSITION(Kind.CONFLICT),
    /** The case was ENTERED_IN_ERROR: it is void and final. */
    CASE_VOID(Kind.CONFLICT),
    /** The submission names a site or police division other than the case's. */
    CASE_MISMATCH(Kind.CONFLICT),
    /** ED staff of another site than the case's. */
    WRONG_SITE(Kind.PERMISSION),
    /** The role may not submit this type, or this organisation may not act on this case. */
    NOT_PERMITTED(Kind.PERMISSION),
    /** The eventId was already used on this case for a different submission (another type, time or details). */
    EVENT_ID_REUSED(Kind.CONFLICT),
    /** The processor could not judge the submission (a fault); it is kept in the dead-letter topic for a replay. */
    PROCESSING_FAILED(Kind.FAULT),
    /**
     * ACTION_UNDONE names an eventId that is no standing ACKNOWLEDGED, HANDOVER_STARTED, HANDED_OVER or
     * ASSESSMENT_STARTED point of this case (never seen, rejected, another type, implied, or already withdrawn).
     */
    UNDO_NOT_FOUND(Kind.CONFLICT),
    /** ACTION_UNDONE by another user than the one who recorded the point: only its author may undo it. */
    UNDO_NOT_OWN(Kind.PERMISSION),
    /** ACTION_UNDONE received after the undo window (5 minutes by default) from when the point was recorded. */
    UNDO_TOO_LATE(Kind.CONFLICT),
    /**
     * ACTION_UNDONE of a point the case has moved on from: a later main-path point is recorded, the case ended, or a
     * supervisor corrected the point since.
     */
    UNDO_NOT_LATEST(Kind.CONFLICT);

    /** What kind of refusal a rule is. */
    public enum Kind {
        /** Not a refusal: the submission changed nothing because its fact is already recorded. */
        DUPLICATE,
        /** Who may do what: the role or the organisation may not (HTTP 403). */
        PERMISSION,
        /** It contradicts what the case already records (HTTP 409). */
        CONFLICT,
        /** The submission itself cannot be right, whatever the case (HTTP 422). */
        CONTENT,
        /** No such case (HTTP 404). */
        UNKNOWN,
        /** Not the submission's fault (HTTP 500): send it again later. */
        FAULT
    }

    private final Kind kind;

    RuleCode(Kind kind) {
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    /** The rule of this name, or null when the name is not one (e.g. from a newer processor). */
    public static RuleCode byName(String name) {
        if (name == null) {
            return null;
        }
        for (RuleCode code : values()) {
            if (code.name().equals(name)) {
                return code;
            }
        }
        return null;
    }
}
