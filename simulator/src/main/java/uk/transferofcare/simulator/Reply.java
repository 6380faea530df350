package uk.transferofcare.simulator;

import java.util.Map;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * The API's answer to a submission, read as issue 9's contract says: 201 APPLIED (a DIVERTED names the case it
 * opened in {@code linkedCaseId}), 200 DUPLICATE with its rule, 202 HELD or PENDING (not final: send it again), and
 * refusals as problem+json with the processor's rule code in {@code rule} (403 permission, 409 conflict, 422 content,
 * 404 unknown case). A 400 is the API's own check of the body; its field and rule are kept for the truth file.
 *
 * @param status APPLIED, DUPLICATE, HELD, PENDING, REJECTED, or {@code HTTP_<code>} for an answer outside the contract
 */
record Reply(int httpStatus, String status, String rule, String linkedCaseId, String body) {

    /** The HTTP status the contract gives each rule's refusal (the simulator's own copy of the table). */
    private static final Map<String, Integer> REFUSAL_STATUS = Map.ofEntries(
            Map.entry("NOT_PERMITTED", 403),
            Map.entry("WRONG_SITE", 403),
            Map.entry("R3_ORDER", 409),
            Map.entry("R5_ALREADY_RECORDED", 409),
            Map.entry("NOT_RECORDED", 409),
            Map.entry("INVALID_TRANSITION", 409),
            Map.entry("CASE_VOID", 409),
            Map.entry("CASE_MISMATCH", 409),
            Map.entry("EVENT_ID_REUSED", 409),
            Map.entry("R2_FUTURE", 422),
            Map.entry("MISSING_DETAIL", 422),
            Map.entry("INVALID_DETAIL", 422),
            Map.entry("UNKNOWN_CASE", 404),
            // ED staff's undo (ACTION_UNDONE): another user's point is forbidden, the rest conflict with the case.
            Map.entry("UNDO_NOT_OWN", 403),
            Map.entry("UNDO_NOT_FOUND", 409),
            Map.entry("UNDO_TOO_LATE", 409),
            Map.entry("UNDO_NOT_LATEST", 409));

    static Reply of(ApiClient.Answer answer) {
        int code = answer.status();
        JsonNode body = json(answer.body());
        String rule = text(body.path("rule"));
        if (code == 200 || code == 201 || code == 202) {
            String status = text(body.path("status"));
            return new Reply(
                    code,
                    status == null ? "HTTP_" + code : status,
                    rule,
                    text(body.path("linkedCaseId")),
                    answer.body());
        }
        if (code >= 400 && code < 500) {
            JsonNode error = body.path("errors").path(0);
            if (code == 400) {
                rule = "HTTP_400 " + text(error.path("field")) + "/" + text(error.path("rule"));
            } else if (rule == null) {
                rule = text(error.path("rule"));
            }
            return new Reply(code, ExpectedCase.Verdict.REJECTED.name(), rule, null, answer.body());
        }
        return new Reply(code, "HTTP_" + code, rule, null, answer.body());
    }

    boolean pending() {
        return httpStatus == 202 && "PENDING".equals(status);
    }

    boolean held() {
        return httpStatus == 202 && "HELD".equals(status);
    }

    /** Null when this answer is what the oracle expects, in status, rule and HTTP code; else the difference. */
    String mismatch(ExpectedCase.Judgement expected) {
        int expectedCode = switch (expected.verdict()) {
            case APPLIED -> 201;
            case DUPLICATE -> 200;
            case HELD -> 202;
            case REJECTED -> REFUSAL_STATUS.getOrDefault(expected.rule(), 0);
        };
        boolean ruleMatters = expected.verdict() == ExpectedCase.Verdict.REJECTED
                || expected.verdict() == ExpectedCase.Verdict.DUPLICATE;
        boolean same = expected.verdict().name().equals(status)
                && (!ruleMatters || Objects.equals(expected.rule(), rule))
                && expectedCode == httpStatus;
        return same ? null : "expected " + expected + " (" + expectedCode + ") but was " + this;
    }

    @Override
    public String toString() {
        return httpStatus + " " + status + (rule == null ? "" : " " + rule);
    }

    private static JsonNode json(String text) {
        try {
            return text == null || text.isBlank() ? ApiClient.JSON.missingNode() : ApiClient.JSON.readTree(text);
        } catch (RuntimeException e) {
            return ApiClient.JSON.missingNode();
        }
    }

    private static String text(JsonNode node) {
        return node.isMissingNode() || node.isNull() ? null : node.asString();
    }
}
