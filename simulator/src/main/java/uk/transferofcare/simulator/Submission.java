package uk.transferofcare.simulator;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One submission as the simulator sends it to {@code POST /api/v1/handovers/{caseId}/events} (the case is the step's:
 * the id of a case a diversion opens is known only once the platform answered the DIVERTED).
 *
 * @param details the type's details, JSON-ready (instants already as the platform will see them)
 * @param queuedOffline sent from an offline queue, later than it happened
 */
record Submission(
        String eventId,
        String type,
        Instant occurredAt,
        User user,
        Map<String, Object> details,
        boolean queuedOffline) {

    Submission {
        details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    Instant instant(String detail) {
        Object value = details.get(detail);
        return value == null ? null : (Instant) value;
    }

    Integer officerCount() {
        return (Integer) details.get("officerCount");
    }

    /** The JSON body. */
    Map<String, Object> body() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("eventId", eventId);
        body.put("type", type);
        body.put("occurredAt", occurredAt.toString());
        details.forEach((k, v) -> body.put(k, v instanceof Instant i ? i.toString() : v));
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("channel", "SIMULATOR");
        source.put("deviceId", user.deviceId());
        source.put("queuedOffline", queuedOffline);
        body.put("source", source);
        return body;
    }

    Submission asQueuedOffline() {
        return new Submission(eventId, type, occurredAt, user, details, true);
    }
}
