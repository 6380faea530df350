package uk.transferofcare.api.handover;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The submission body as documented in OpenAPI. The controller reads the JSON itself (see
 * {@link SubmissionValidator}) so that every field error, unknown field and wrong JSON type is reported by name.
 */
@Schema(name = "SubmissionRequest", description = "One event for a case. Which details a type takes: see each field.")
record SubmissionRequest(
        @Schema(
                description = "UUID chosen by the client: the idempotency key",
                requiredMode = Schema.RequiredMode.REQUIRED)
        String eventId,

        @Schema(
                requiredMode = Schema.RequiredMode.REQUIRED,
                allowableValues = {
                    "PRE_ALERTED",
                    "ARRIVED",
                    "ACKNOWLEDGED",
                    "HANDOVER_STARTED",
                    "HANDED_OVER",
                    "CLEARED",
                    "CANCELLED",
                    "DIVERTED",
                    "ABSCONDED",
                    "ENDED_WITHOUT_HANDOVER",
                    "ENTERED_IN_ERROR",
                    "OFFICER_RETAINED",
                    "OFFICER_RELEASED",
                    "CORRECTED",
                    "DIVISION_TRANSFERRED",
                    "LEGAL_CLOCK_EXTENDED",
                    "DISPOSITION_RECORDED",
                    "REFERRED_AT_SCENE",
                    "ASSESSMENT_STARTED",
                    "DELAY_REASON_RECORDED",
                    "CLOSED_NOT_RECORDED",
                    "ACTION_UNDONE"
                })
        String type,

        @Schema(
                description = "ISO-8601 instant by the device's clock, at most 2 minutes ahead of the server",
                example = "2026-11-25T03:12:00Z",
                requiredMode = Schema.RequiredMode.REQUIRED)
        String occurredAt,

        @Schema(
                description = "PRE_ALERTED (required), ARRIVED (required when it opens the case; an ARRIVED that"
                        + " cannot open it is held until a case opens), REFERRED_AT_SCENE (optional: the intended"
                        + " site; without one a case it opens has the site NONE): a known site code")
        String siteCode,

        @Schema(
                description = "PRE_ALERTED, ARRIVED",
                allowableValues = {"S297", "S136", "VOLUNTARY", "ARREST", "OTHER"})
        String legalBasis,

        @Schema(description = "PRE_ALERTED, ARRIVED: when the person was removed (s297 clock start)")
        String removedAt,

        @Schema(
                description = "PRE_ALERTED, DIVERTED: expected arrival. The processor chooses the id of the case a"
                        + " diversion opens and answers it as linkedCaseId")
        String eta,

        @Schema(
                description = "PRE_ALERTED, ARRIVED: officers present at arrival. OFFICER_RETAINED,"
                        + " OFFICER_RELEASED: the new total of officers at the site from occurredAt on (not the number"
                        + " retained or released; at least 1: the last officers leave with CLEARED). 1 to 20",
                minimum = "1",
                maximum = "20")
        Integer officerCount,

        @Schema(description = "DIVERTED (required): the site the person is taken to instead")
        String destinationSiteCode,

        @Schema(
                description = "ARRIVED by ED staff that opens a case (required then): the police division that"
                        + " brought the person. Police act for their own division (their token's org)."
                        + " DIVISION_TRANSFERRED (required): the receiving division (a supervisor of the case's"
                        + " division hands an open case over, e.g. at shift change)")
        String policeDivision,

        @Schema(
                description = "CORRECTED: the time point corrected (with correctedTo). A CORRECTED changes one thing:"
                        + " this, or correctedDivision, correctedLegalBasis or correctedSiteCode",
                allowableValues = {
                    "REMOVED",
                    "PRE_ALERTED",
                    "ARRIVED",
                    "ACKNOWLEDGED",
                    "HANDOVER_STARTED",
                    "HANDED_OVER",
                    "CLEARED",
                    "OUTCOME",
                    "ASSESSMENT_STARTED"
                })
        String correctedPoint,

        @Schema(
                description = "CORRECTED with correctedPoint (required then): the corrected instant. A removal time"
                        + " that was never recorded may be recorded this way (it starts the s297 clock)")
        String correctedTo,

        @Schema(
                description = "CORRECTED by a supervisor of the case's police division: the division the case"
                        + " belongs to (a known division code)")
        String correctedDivision,

        @Schema(
                description = "CORRECTED by a supervisor of the case's police division: the legal basis",
                allowableValues = {"S297", "S136", "VOLUNTARY", "ARREST", "OTHER"})
        String correctedLegalBasis,

        @Schema(
                description = "CORRECTED by a supervisor of the case's police division: the site the person was"
                        + " taken to (a known site code)")
        String correctedSiteCode,

        @Schema(
                description =
                        "CORRECTED, ENTERED_IN_ERROR, DIVISION_TRANSFERRED and CLOSED_NOT_RECORDED (required), DISPOSITION_RECORDED"
                                + " (required from a SUPERVISOR), CANCELLED, DIVERTED, ABSCONDED, ENDED_WITHOUT_HANDOVER,"
                                + " OFFICER_RETAINED, LEGAL_CLOCK_EXTENDED, REFERRED_AT_SCENE: at most 200 characters, no"
                                + " personal data",
                maxLength = 200)
        String reason,

        @Schema(description = "PRE_ALERTED, ARRIVED: incident or local reference", pattern = "^[A-Za-z0-9/-]{1,32}$")
        String localReference,

        @Schema(description = "Optional short note: at most 200 characters, no personal data", maxLength = 200)
        String note,

        @Schema(
                description = "DISPOSITION_RECORDED (required), CLEARED (optional, the clearance form): what happened"
                        + " to the person. The latest recorded (by occurredAt) stands; a SUPERVISOR corrects it with a"
                        + " DISPOSITION_RECORDED that gives a reason",
                allowableValues = {
                    "ADMITTED_INFORMAL",
                    "ADMITTED_DETAINED",
                    "DISCHARGED",
                    "REFERRED_COMMUNITY_MENTAL_HEALTH",
                    "REFERRED_DBI",
                    "OTHER"
                })
        String disposition,

        @Schema(
                description = "REFERRED_AT_SCENE (required): where the officer referred the person at the point of"
                        + " contact instead of conveying them",
                allowableValues = {"NHS24_MENTAL_HEALTH_HUB", "DBI", "OTHER"})
        String referralPathway,

        @Schema(
                description = "ASSESSMENT_STARTED: how the assessment began (absent: not said)",
                allowableValues = {"IN_PERSON", "REMOTE"})
        String assessmentMode,

        @Schema(
                description = "DELAY_REASON_RECORDED (required): why the wait is long; add a short note if needed",
                allowableValues = {
                    "AWAITING_MENTAL_HEALTH_ASSESSMENT",
                    "AWAITING_MEDICAL_ASSESSMENT",
                    "AWAITING_MENTAL_HEALTH_OFFICER",
                    "AWAITING_BED",
                    "INTOXICATION",
                    "STAFFING",
                    "OTHER"
                })
        String delayReason,

        @Schema(
                description = "ACTION_UNDONE (required): the eventId (a UUID) of the sender's own ACKNOWLEDGED,"
                        + " HANDOVER_STARTED, HANDED_OVER or ASSESSMENT_STARTED to withdraw. The processor applies the"
                        + " undo only within 5 minutes of that event's receipt and while nothing on the main path"
                        + " followed it (else UNDO_NOT_FOUND, UNDO_NOT_OWN, UNDO_TOO_LATE or UNDO_NOT_LATEST)")
        String undoneEventId,

        @Schema(description = "How it reached the platform; channel defaults to API")
        Source source,

        @Schema(
                description = "PRE_ALERTED, ARRIVED: optional pseudonymous person key for repeat attendance, the"
                        + " HMAC-SHA256 of the normalised CHI number (or the force's person identifier) under the key"
                        + " only officers' and ED staff's clients hold; never the identifier itself. Kept by the"
                        + " processor only, 90 days; the case shows only repeatWithin30d and repeatWithin90d",
                pattern = "^[0-9a-f]{64}$")
        String personKey) {

    record Source(
            @Schema(allowableValues = {"OFFICER_APP", "ED_BOARD", "API", "SIMULATOR"})
            String channel,

            @Schema(description = "Random id of the device", pattern = "^[A-Za-z0-9._-]{1,64}$")
            String deviceId,

            @Schema(description = "True when queued offline and replayed later")
            Boolean queuedOffline) {}
}
