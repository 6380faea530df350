package uk.transferofcare.api.handover;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import uk.transferofcare.api.problem.ApiProblem;
import uk.transferofcare.api.problem.FieldError;
import uk.transferofcare.api.sites.SiteCatalogue;
import uk.transferofcare.vocabulary.AssessmentMode;
import uk.transferofcare.vocabulary.DelayReason;
import uk.transferofcare.vocabulary.Disposition;
import uk.transferofcare.vocabulary.EventType;
import uk.transferofcare.vocabulary.LegalBasis;
import uk.transferofcare.vocabulary.ReferralPathway;
import uk.transferofcare.vocabulary.TimePoint;

/**
 * Checks a submission body field by field and reports every problem at once. The rules here need nothing but the
 * request and the reference data (its shape, its size, known site and division codes, no personal data). Every rule
 * that needs the case (does it exist, may this organisation act on it, does the time fit the timeline) is the
 * processor's alone: the API answers with its verdict.
 *
 * <p>Unknown fields are rejected rather than ignored: a misspelt {@code officercount} silently dropped would be a
 * number lost.
 */
@Component
public class SubmissionValidator {

    /** Free text ({@code reason}, {@code note}) limit in characters. */
    public static final int FREE_TEXT_MAX = 200;

    static final Pattern UUID_PATTERN =
            Pattern.compile("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");
    static final Pattern LOCAL_REFERENCE = Pattern.compile("^[A-Za-z0-9/-]{1,32}$");
    static final Pattern DEVICE_ID = Pattern.compile("^[A-Za-z0-9._-]{1,64}$");
    static final Set<String> LEGAL_BASES =
            Arrays.stream(LegalBasis.values()).map(Enum::name).collect(Collectors.toUnmodifiableSet());
    static final Set<String> DISPOSITIONS =
            Arrays.stream(Disposition.values()).map(Enum::name).collect(Collectors.toUnmodifiableSet());
    static final Set<String> REFERRAL_PATHWAYS =
            Arrays.stream(ReferralPathway.values()).map(Enum::name).collect(Collectors.toUnmodifiableSet());
    static final Set<String> CHANNELS = Set.of("OFFICER_APP", "ED_BOARD", "API", "SIMULATOR");
    /** The event types a user may submit: every type but the processor's own. */
    static final List<EventType> SUBMITTABLE = Arrays.stream(EventType.values())
            .filter(type -> !type.isProcessorOnly())
            .toList();

    private static final Set<String> COMMON = Set.of("eventId", "type", "occurredAt", "source");
    private static final Set<String> SOURCE_FIELDS = Set.of("channel", "deviceId", "queuedOffline");
    private static final Map<EventType, Set<String>> ALLOWED = new EnumMap<>(EventType.class);
    private static final Map<EventType, Set<String>> REQUIRED = new EnumMap<>(EventType.class);

    static {
        allow(
                EventType.PRE_ALERTED,
                Set.of("siteCode"),
                "siteCode",
                "legalBasis",
                "removedAt",
                "eta",
                "officerCount",
                "localReference",
                "note");
        // siteCode (and, from ED staff, policeDivision) are needed on ARRIVED only when it opens the case: the
        // processor judges that, since only it knows whether the case is open.
        allow(
                EventType.ARRIVED,
                Set.of(),
                "siteCode",
                "legalBasis",
                "removedAt",
                "officerCount",
                "localReference",
                "policeDivision",
                "note");
        allow(EventType.ACKNOWLEDGED, Set.of(), "note");
        allow(EventType.HANDOVER_STARTED, Set.of(), "note");
        allow(EventType.HANDED_OVER, Set.of(), "note");
        allow(EventType.CLEARED, Set.of(), "disposition", "note");
        allow(EventType.CANCELLED, Set.of(), "reason", "note");
        allow(EventType.DIVERTED, Set.of("destinationSiteCode"), "destinationSiteCode", "eta", "reason", "note");
        allow(EventType.ABSCONDED, Set.of(), "reason", "note");
        allow(EventType.ENDED_WITHOUT_HANDOVER, Set.of(), "reason", "note");
        allow(EventType.ENTERED_IN_ERROR, Set.of("reason"), "reason");
        allow(EventType.CLOSED_NOT_RECORDED, Set.of("reason"), "reason", "note");
        allow(EventType.OFFICER_RETAINED, Set.of(), "officerCount", "reason", "note");
        allow(EventType.OFFICER_RELEASED, Set.of(), "officerCount", "note");
        // CORRECTED changes one thing: a time point (correctedPoint with correctedTo) or one of the case's division,
        // legal basis and site; which one is checked below.
        allow(EventType.ASSESSMENT_STARTED, Set.of(), "assessmentMode", "note");
        allow(EventType.DELAY_REASON_RECORDED, Set.of("delayReason"), "delayReason", "note");
        // Whose point it is, how recent, and whether the case moved on since: the processor's to judge.
        allow(EventType.ACTION_UNDONE, Set.of("undoneEventId"), "undoneEventId");
        allow(
                EventType.CORRECTED,
                Set.of("reason"),
                "correctedPoint",
                "correctedTo",
                "correctedDivision",
                "correctedLegalBasis",
                "correctedSiteCode",
                "reason");
        allow(EventType.DIVISION_TRANSFERRED, Set.of("policeDivision", "reason"), "policeDivision", "reason", "note");
        allow(EventType.LEGAL_CLOCK_EXTENDED, Set.of(), "reason", "note");
        // reason is required from a SUPERVISOR (a correction of the disposition): the processor judges who submits.
        allow(EventType.DISPOSITION_RECORDED, Set.of("disposition"), "disposition", "reason", "note");
        // siteCode is the intended site, optional: the officer may refer at scene before choosing one.
        allow(
                EventType.REFERRED_AT_SCENE,
                Set.of("referralPathway"),
                "referralPathway",
                "siteCode",
                "legalBasis",
                "removedAt",
                "officerCount",
                "localReference",
                "reason",
                "note");
    }

    /**
     * Repeat attendance: the person key only where a case opens (docs/analysts.md, "Repeat attendance"). Never echoed
     * in a problem (a client that sent a raw CHI number by mistake must not see it logged or returned), never checked
     * by the {@link PersonalDataDetector} (hex is not free text; a key may hold ten digits in a row).
     */
    static final String PERSON_KEY = "personKey";

    static final Pattern PERSON_KEY_PATTERN = Pattern.compile("^[0-9a-f]{64}$");

    static {
        for (EventType type : List.of(EventType.PRE_ALERTED, EventType.ARRIVED)) {
            Set<String> allowed = new java.util.HashSet<>(ALLOWED.get(type));
            allowed.add(PERSON_KEY);
            ALLOWED.put(type, Set.copyOf(allowed));
        }
    }

    /** What a CORRECTED may change, one per submission. */
    private static final List<String> CORRECTION_TARGETS =
            List.of("correctedPoint", "correctedDivision", "correctedLegalBasis", "correctedSiteCode");

    private static final Set<String> ALL_DETAILS =
            ALLOWED.values().stream().flatMap(Set::stream).collect(Collectors.toUnmodifiableSet());

    private final SiteCatalogue sites;

    public SubmissionValidator(SiteCatalogue sites) {
        this.sites = sites;
    }

    private static void allow(EventType type, Set<String> required, String... allowed) {
        ALLOWED.put(type, Set.of(allowed));
        REQUIRED.put(type, required);
    }

    /** The details fields a type accepts (documentation and the officer form use the same table). */
    public static Set<String> allowedDetails(EventType type) {
        return ALLOWED.get(type);
    }

    /** Validates the path's case id and the body, or throws a 400 problem listing every error. */
    public ValidatedSubmission validate(String caseIdPath, JsonNode body) {
        List<FieldError> errors = new ArrayList<>();
        String caseId = uuid(caseIdPath, "caseId", errors);
        if (body == null || !body.isObject()) {
            errors.add(new FieldError("body", "json-object", "the body must be a JSON object"));
            throw ApiProblem.validation(errors);
        }
        Fields f = new Fields(body, errors);
        String eventId = f.requiredString("eventId") == null ? null : uuid(f.string("eventId"), "eventId", errors);
        EventType type = type(f);
        Instant occurredAt = f.instant("occurredAt", true);

        for (String name : body.propertyNames()) {
            if (name.equals("linkedCaseId")) {
                errors.add(new FieldError(
                        name,
                        "chosen-by-processor",
                        "the processor chooses the id of the case a diversion opens and returns it as linkedCaseId"
                                + " in the DIVERTED's answer"));
            } else if (!COMMON.contains(name) && !ALL_DETAILS.contains(name)) {
                errors.add(new FieldError(name, "unknown-field", "not a field of a submission"));
            } else if (type != null
                    && ALL_DETAILS.contains(name)
                    && !ALLOWED.get(type).contains(name)) {
                errors.add(new FieldError(
                        name,
                        "not-allowed-for-type",
                        "not used by " + type + " (it takes " + String.join(", ", sorted(ALLOWED.get(type))) + ")"));
            }
        }
        if (type != null) {
            for (String name : REQUIRED.get(type)) {
                if (f.absent(name)) {
                    errors.add(new FieldError(name, "required", "required for " + type));
                }
            }
        }

        String siteCode = f.string("siteCode");
        if (siteCode != null && !sites.isSite(siteCode)) {
            errors.add(new FieldError("siteCode", "known-site", "'" + siteCode + "' is not a known site code"));
        }
        String destination = f.string("destinationSiteCode");
        if (destination != null && !sites.isSite(destination)) {
            errors.add(new FieldError(
                    "destinationSiteCode", "known-site", "'" + destination + "' is not a known site code"));
        }
        String legalBasis = f.string("legalBasis");
        if (legalBasis != null && !LEGAL_BASES.contains(legalBasis)) {
            errors.add(new FieldError("legalBasis", "enum", "must be one of " + sorted(LEGAL_BASES)));
        }
        Instant removedAt = f.instant("removedAt", false);
        String disposition = f.string("disposition");
        if (disposition != null && !DISPOSITIONS.contains(disposition)) {
            errors.add(new FieldError("disposition", "enum", "must be one of " + sorted(DISPOSITIONS)));
        }
        String referralPathway = f.string("referralPathway");
        if (referralPathway != null && !REFERRAL_PATHWAYS.contains(referralPathway)) {
            errors.add(new FieldError("referralPathway", "enum", "must be one of " + sorted(REFERRAL_PATHWAYS)));
        }
        String division = f.string("policeDivision");
        if (division != null && !sites.isDivision(division)) {
            errors.add(new FieldError(
                    "policeDivision", "known-division", "'" + division + "' is not a known police division code"));
        }
        Instant eta = f.instant("eta", false);
        Integer officerCount = f.integer("officerCount", 1, 20);
        TimePoint correctedPoint = null;
        String point = f.string("correctedPoint");
        if (point != null) {
            try {
                correctedPoint = TimePoint.valueOf(point);
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError(
                        "correctedPoint", "enum", "must be one of " + Arrays.toString(TimePoint.values())));
            }
        }
        Instant correctedTo = f.instant("correctedTo", false);
        String correctedDivision = f.string("correctedDivision");
        if (correctedDivision != null && !sites.isDivision(correctedDivision)) {
            errors.add(new FieldError(
                    "correctedDivision",
                    "known-division",
                    "'" + correctedDivision + "' is not a known police division code"));
        }
        String correctedSiteCode = f.string("correctedSiteCode");
        if (correctedSiteCode != null && !sites.isSite(correctedSiteCode)) {
            errors.add(new FieldError(
                    "correctedSiteCode", "known-site", "'" + correctedSiteCode + "' is not a known site code"));
        }
        String correctedLegalBasis = f.string("correctedLegalBasis");
        if (correctedLegalBasis != null && !LEGAL_BASES.contains(correctedLegalBasis)) {
            errors.add(new FieldError("correctedLegalBasis", "enum", "must be one of " + sorted(LEGAL_BASES)));
        }
        if (type == EventType.CORRECTED) {
            correctionShape(f, errors);
        }
        String undoneEventId = f.string("undoneEventId");
        if (undoneEventId != null) {
            undoneEventId = uuid(undoneEventId, "undoneEventId", errors);
        }
        AssessmentMode assessmentMode = enumValue(f, "assessmentMode", AssessmentMode.class, errors);
        DelayReason delayReason = enumValue(f, "delayReason", DelayReason.class, errors);
        String reason = f.freeText("reason");
        String note = f.freeText("note");
        String localReference = f.string("localReference");
        if (localReference != null) {
            if (!LOCAL_REFERENCE.matcher(localReference).matches()) {
                errors.add(new FieldError(
                        "localReference",
                        "pattern",
                        "1 to 32 letters, digits, '/' or '-' (an incident or local reference number)"));
            } else {
                PersonalDataDetector.detect(localReference)
                        .ifPresent(kind -> errors.add(personalData("localReference", kind)));
            }
        }
        ValidatedSubmission.SourceInfo source = source(body.get("source"), errors);
        String personKey = personKey(body.get(PERSON_KEY), errors);

        if (!errors.isEmpty()) {
            throw ApiProblem.validation(errors);
        }
        return new ValidatedSubmission(
                eventId.toLowerCase(Locale.ROOT),
                caseId.toLowerCase(Locale.ROOT),
                type,
                occurredAt,
                new ValidatedSubmission.Details(
                        siteCode,
                        legalBasis,
                        removedAt,
                        eta,
                        officerCount,
                        destination,
                        division,
                        correctedPoint,
                        correctedTo,
                        reason,
                        localReference,
                        note,
                        correctedDivision,
                        correctedLegalBasis,
                        correctedSiteCode,
                        disposition,
                        referralPathway,
                        assessmentMode,
                        delayReason,
                        undoneEventId == null ? null : undoneEventId.toLowerCase(Locale.ROOT)),
                source,
                personKey);
    }

    /** The person key as given (no strip, no case folding: the client computes it exactly), or null when absent. */
    private static String personKey(JsonNode node, List<FieldError> errors) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isString() || !PERSON_KEY_PATTERN.matcher(node.stringValue()).matches()) {
            errors.add(new FieldError(
                    PERSON_KEY,
                    "person-key",
                    "must be an HMAC-SHA256 as 64 lowercase hexadecimal characters (never a CHI number or other"
                            + " identifier itself)"));
            return null;
        }
        return node.stringValue();
    }

    /**
     * CORRECTED changes exactly one thing: a time point (correctedPoint with correctedTo), or the case's division,
     * legal basis or site. A shape rule, so it is checked here too; the processor judges the same and everything that
     * needs the case.
     */
    private static void correctionShape(Fields f, List<FieldError> errors) {
        List<String> given =
                CORRECTION_TARGETS.stream().filter(name -> !f.absent(name)).toList();
        if (given.isEmpty()) {
            errors.add(new FieldError(
                    "correctedPoint",
                    "required",
                    "required for CORRECTED, unless it corrects correctedDivision, correctedLegalBasis or"
                            + " correctedSiteCode"));
        } else if (given.size() > 1) {
            errors.add(new FieldError(
                    given.get(1),
                    "one-correction",
                    "a CORRECTED changes one of " + String.join(", ", CORRECTION_TARGETS) + "; this one also gives "
                            + given.get(0)));
        }
        boolean point = !f.absent("correctedPoint");
        boolean to = !f.absent("correctedTo");
        if (point && !to) {
            errors.add(new FieldError("correctedTo", "required", "required with correctedPoint"));
        } else if (!point && to) {
            errors.add(new FieldError("correctedTo", "not-allowed-for-type", "given only with correctedPoint"));
        }
    }

    /** A vocabulary enum by its name, or null when absent; an unknown name is an {@code enum} field error. */
    private static <E extends Enum<E>> E enumValue(Fields f, String field, Class<E> type, List<FieldError> errors) {
        String value = f.string(field);
        if (value == null) {
            return null;
        }
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equals(value)) {
                return constant;
            }
        }
        errors.add(new FieldError(
                field,
                "enum",
                "must be one of "
                        + Arrays.stream(type.getEnumConstants()).map(Enum::name).toList()));
        return null;
    }

    /** Validates a path variable that must be a UUID (404 is for well-formed unknown ids only). */
    public static String requireUuid(String value, String field) {
        List<FieldError> errors = new ArrayList<>();
        String id = uuid(value, field, errors);
        if (!errors.isEmpty()) {
            throw ApiProblem.validation(errors);
        }
        return id.toLowerCase(Locale.ROOT);
    }

    private static String uuid(String value, String field, List<FieldError> errors) {
        if (value == null || !UUID_PATTERN.matcher(value).matches()) {
            errors.add(new FieldError(field, "uuid", "must be a UUID such as 3f1c2a9e-8b4d-4c6f-9a2e-1d5b7c9e0f12"));
            return null;
        }
        return value;
    }

    private static EventType type(Fields f) {
        String type = f.requiredString("type");
        if (type == null) {
            return null;
        }
        EventType parsed;
        try {
            parsed = EventType.valueOf(type);
        } catch (IllegalArgumentException e) {
            f.errors.add(new FieldError("type", "enum", "must be one of " + SUBMITTABLE));
            return null;
        }
        if (parsed.isProcessorOnly()) {
            f.errors.add(new FieldError(
                    "type", "processor-only", type + " is recorded by the processor's timers, not submitted"));
            return null;
        }
        return parsed;
    }

    private static ValidatedSubmission.SourceInfo source(JsonNode node, List<FieldError> errors) {
        if (node == null || node.isNull()) {
            return new ValidatedSubmission.SourceInfo("API", null, false);
        }
        if (!node.isObject()) {
            errors.add(new FieldError("source", "type", "must be an object {channel, deviceId, queuedOffline}"));
            return null;
        }
        for (String name : node.propertyNames()) {
            if (!SOURCE_FIELDS.contains(name)) {
                errors.add(new FieldError("source." + name, "unknown-field", "not a field of source"));
            }
        }
        String channel = "API";
        JsonNode c = node.get("channel");
        if (c != null && !c.isNull()) {
            if (!c.isString() || !CHANNELS.contains(c.stringValue())) {
                errors.add(new FieldError("source.channel", "enum", "must be one of " + sorted(CHANNELS)));
            } else {
                channel = c.stringValue();
            }
        }
        String deviceId = null;
        JsonNode d = node.get("deviceId");
        if (d != null && !d.isNull()) {
            if (!d.isString() || !DEVICE_ID.matcher(d.stringValue()).matches()) {
                errors.add(new FieldError("source.deviceId", "pattern", "1 to 64 letters, digits, '.', '_' or '-'"));
            } else {
                deviceId = d.stringValue();
            }
        }
        boolean queued = false;
        JsonNode q = node.get("queuedOffline");
        if (q != null && !q.isNull()) {
            if (!q.isBoolean()) {
                errors.add(new FieldError("source.queuedOffline", "type", "must be true or false"));
            } else {
                queued = q.booleanValue();
            }
        }
        return new ValidatedSubmission.SourceInfo(channel, deviceId, queued);
    }

    private static FieldError personalData(String field, String kind) {
        return new FieldError(
                field,
                "no-personal-data",
                "looks like " + kind + "; free text must not hold personal data (names, addresses, dates of birth,"
                        + " phone, CHI or NHS numbers, email addresses)");
    }

    private static List<String> sorted(Set<String> values) {
        return values.stream().sorted().toList();
    }

    /** Typed access to the body's fields, recording type errors. */
    private static final class Fields {
        private final JsonNode body;
        private final List<FieldError> errors;

        Fields(JsonNode body, List<FieldError> errors) {
            this.body = body;
            this.errors = errors;
        }

        boolean absent(String name) {
            JsonNode node = body.get(name);
            return node == null
                    || node.isNull()
                    || (node.isString() && node.stringValue().isBlank());
        }

        String requiredString(String name) {
            if (absent(name)) {
                errors.add(new FieldError(name, "required", "is required"));
                return null;
            }
            return string(name);
        }

        /** The string value, or null when absent or of another JSON type (recorded as an error once). */
        String string(String name) {
            JsonNode node = body.get(name);
            if (node == null || node.isNull()) {
                return null;
            }
            if (!node.isString()) {
                addOnce(new FieldError(name, "type", "must be a JSON string"));
                return null;
            }
            String value = node.stringValue().strip();
            return value.isEmpty() ? null : value;
        }

        Instant instant(String name, boolean required) {
            String value = required ? requiredString(name) : string(name);
            if (value == null) {
                return null;
            }
            try {
                return OffsetDateTime.parse(value).toInstant().truncatedTo(ChronoUnit.MILLIS);
            } catch (DateTimeParseException e) {
                errors.add(new FieldError(
                        name, "instant", "must be an ISO-8601 instant with an offset, e.g. 2026-11-25T03:12:00Z"));
                return null;
            }
        }

        Integer integer(String name, int min, int max) {
            JsonNode node = body.get(name);
            if (node == null || node.isNull()) {
                return null;
            }
            if (!node.isIntegralNumber() || !node.canConvertToInt()) {
                errors.add(new FieldError(name, "type", "must be a whole number"));
                return null;
            }
            int value = node.intValue();
            if (value < min || value > max) {
                errors.add(new FieldError(name, "range", "must be between " + min + " and " + max));
                return null;
            }
            return value;
        }

        String freeText(String name) {
            String value = string(name);
            if (value == null) {
                return null;
            }
            if (value.codePointCount(0, value.length()) > FREE_TEXT_MAX) {
                errors.add(new FieldError(name, "max-length", "at most " + FREE_TEXT_MAX + " characters"));
                return null;
            }
            if (value.codePoints().anyMatch(cp -> Character.isISOControl(cp))) {
                errors.add(new FieldError(name, "no-control-characters", "must be one line of plain text"));
                return null;
            }
            var kind = PersonalDataDetector.detect(value);
            if (kind.isPresent()) {
                errors.add(personalData(name, kind.get()));
                return null;
            }
            return value;
        }

        private void addOnce(FieldError error) {
            if (!errors.contains(error)) {
                errors.add(error);
            }
        }
    }
}
