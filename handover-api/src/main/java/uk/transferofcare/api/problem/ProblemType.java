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
            "Your role and organisation may not do this for this case or site."),
    NOT_FOUND("not-found", HttpStatus.NOT_FOUND, "Not found", "No such case, submission or page."),
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
            "The case's current state already shows this cannot be applied, or the eventId was used for another"
                    + " submission."),
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
