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
                    "ASSESSMENT_STARTED",
                    "DELAY_REASON_RECORDED"
                })
        String type,

        @Schema(
                description = "ISO-8601 instant by the device's clock, at most 2 minutes ahead of the server",
                example = "2026-11-25T03:12:00Z",
                requiredMode = Schema.RequiredMode.REQUIRED)
        String occurredAt,

        @Schema(
                description = "PRE_ALERTED (required), ARRIVED (required when it opens the case; an ARRIVED that"
                        + " cannot open it is held until a case opens): a known site code")
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
                        + " brought the person. Police act for their own division (their token's org).")
        String policeDivision,

        @Schema(
                description = "CORRECTED (required): the time point corrected",
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

        @Schema(description = "CORRECTED (required): the corrected instant")
        String correctedTo,

        @Schema(
                description = "CORRECTED and ENTERED_IN_ERROR (required), CANCELLED, DIVERTED, ABSCONDED,"
                        + " ENDED_WITHOUT_HANDOVER, OFFICER_RETAINED: at most 200 characters, no personal data",
                maxLength = 200)
        String reason,

        @Schema(description = "PRE_ALERTED, ARRIVED: incident or local reference", pattern = "^[A-Za-z0-9/-]{1,32}$")
        String localReference,

        @Schema(description = "Optional short note: at most 200 characters, no personal data", maxLength = 200)
        String note,

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

        @Schema(description = "How it reached the platform; channel defaults to API")
        Source source) {

    record Source(
            @Schema(allowableValues = {"OFFICER_APP", "ED_BOARD", "API", "SIMULATOR"})
            String channel,

            @Schema(description = "Random id of the device", pattern = "^[A-Za-z0-9._-]{1,64}$")
            String deviceId,

            @Schema(description = "True when queued offline and replayed later")
            Boolean queuedOffline) {}
}
