package uk.transferofcare.api.problem;

import org.springframework.http.HttpStatus;

/**
 * Every kind of problem the API answers with. The {@code type} member of a problem is {@code /problems/<slug>},
 * which serves a short human description.
 */
public enum ProblemType {
    VALIDATION(
            "validation",
            HttpStatus.BAD_REQUEST,
            "The request is not valid",
            "One or more fields break a rule; each entry of errors names the field, the rule and what to do."),
    MALFORMED(
            "malformed-request",
            HttpStatus.BAD_REQUEST,
            "The request body could not be read",
            "The body is not well-formed JSON, or a value has the wrong JSON type."),
    UNAUTHENTICATED(
            "unauthenticated",
            HttpStatus.UNAUTHORIZED,
            "A valid bearer token is needed",
            "Send Authorization: Bearer <token>; the token may be missing, expired or not signed by a trusted key."),
    FORBIDDEN(
            "forbidden",
            HttpStatus.FORBIDDEN,
            "Not allowed",
            "Your role may not send this type, or your organisation may not act on this case or read this site."),
    NOT_FOUND(
            "not-found",
            HttpStatus.NOT_FOUND,
            "Not found",
            "No such case, verdict or page (a case that never opened within the holding horizon is UNKNOWN_CASE)."),
    METHOD_NOT_ALLOWED(
            "method-not-allowed",
            HttpStatus.METHOD_NOT_ALLOWED,
            "Method not allowed",
            "This path does not support this HTTP method."),
    NOT_ACCEPTABLE(
            "not-acceptable",
            HttpStatus.NOT_ACCEPTABLE,
            "Cannot produce that media type",
            "Ask for application/json (or text/event-stream on the stream)."),
    CONFLICT(
            "conflict",
            HttpStatus.CONFLICT,
            "Conflicts with what is already recorded",
            "The processor judged that this contradicts what the case records (order, a point already recorded, a"
                    + " point never recorded, a transition the case's state does not allow), or the eventId was used"
                    + " for another submission. The rule code names which."),
    UNPROCESSABLE(
            "unprocessable",
            HttpStatus.UNPROCESSABLE_CONTENT,
            "Cannot be recorded as sent",
            "The processor judged that the submission itself cannot be right, whatever the case: a time too far in"
                    + " the future, a detail missing or impossible. The rule code and field say which."),
    PAYLOAD_TOO_LARGE(
            "payload-too-large",
            HttpStatus.CONTENT_TOO_LARGE,
            "Request body too large",
            "Submissions are small JSON documents; the limit is in the detail."),
    UNSUPPORTED_MEDIA_TYPE(
            "unsupported-media-type",
            HttpStatus.UNSUPPORTED_MEDIA_TYPE,
            "Unsupported media type",
            "Send the body as application/json."),
    RATE_LIMITED(
            "rate-limited",
            HttpStatus.TOO_MANY_REQUESTS,
            "Too many submissions",
            "Wait for Retry-After seconds, then send again with the same eventId."),
    UNAVAILABLE(
            "unavailable",
            HttpStatus.SERVICE_UNAVAILABLE,
            "Temporarily unavailable",
            "Nothing was recorded. Send the same submission (same eventId) again after Retry-After seconds."),
    INTERNAL(
            "internal-error",
            HttpStatus.INTERNAL_SERVER_ERROR,
            "Internal error",
            "Something failed on the server; it has been logged. Send the same submission again later.");

    private final String slug;
    private final HttpStatus status;
    private final String title;
    private final String description;

    ProblemType(String slug, HttpStatus status, String title, String description) {
        this.slug = slug;
        this.status = status;
        this.title = title;
        this.description = description;
    }

    public String slug() {
        return slug;
    }

    public HttpStatus status() {
        return status;
    }

    public String title() {
        return title;
    }

    public String description() {
        return description;
    }

    public String uri() {
        return "/problems/" + slug;
    }
}
