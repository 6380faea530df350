package uk.transferofcare.stack;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;

/**
 * A webhook the dev inbox received.
 *
 * @param id sequence number in the inbox
 * @param receivedAt ISO-8601 instant
 * @param method HTTP method
 * @param path request path, e.g. {@code /webhooks/ed-coordinator}
 * @param query query string, or empty
 * @param headers every request header (names lower case)
 * @param body the raw body
 * @param json the body parsed as JSON, or null when it is not JSON
 * @param answeredStatus the status the inbox answered (200, or the failure switch's status)
 */
record ReceivedWebhook(
        long id,
        String receivedAt,
        String method,
        String path,
        String query,
        Map<String, List<String>> headers,
        String body,
        JsonNode json,
        int answeredStatus) {

    ReceivedWebhook {
        headers = java.util.Collections.unmodifiableMap(new TreeMap<>(headers));
    }

    /** Headers a webhook receiver checks: signatures, idempotency keys, Standard Webhooks' id and timestamp. */
    Map<String, List<String>> deliveryHeaders() {
        Map<String, List<String>> selected = new TreeMap<>();
        headers.forEach((name, values) -> {
            if (isDeliveryHeader(name)) {
                selected.put(name, values);
            }
        });
        return selected;
    }

    static boolean isDeliveryHeader(String name) {
        String lower = name.toLowerCase(java.util.Locale.ROOT);
        return lower.contains("signature")
                || lower.contains("idempotency")
                || lower.startsWith("webhook-")
                || lower.startsWith("x-webhook-")
                || lower.contains("timestamp");
    }
}
