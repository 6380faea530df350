package uk.transferofcare.api.problem;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.async.AsyncRequestNotUsableException;
import org.springframework.web.context.request.async.AsyncRequestTimeoutException;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.core.JacksonException;

/**
 * Turns every failure into {@code application/problem+json} naming the field and the rule. Bad input is always a
 * 4xx; only a real server fault is a 500, and its detail never leaks internals.
 */
@RestControllerAdvice
class ProblemHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    @ExceptionHandler(ApiProblem.class)
    ResponseEntity<ProblemBody> problem(ApiProblem problem, HttpServletRequest request) {
        return ProblemResponses.entity(problem, request);
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ProblemBody> unreadable(HttpMessageNotReadableException e, HttpServletRequest request) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof BodyTooLargeException tooLarge) {
                return ProblemResponses.entity(BodyTooLargeException.problem(tooLarge.maxBytes()), request);
            }
        }
        String field = "body";
        String message = "the body must be one well-formed JSON object";
        if (e.getCause() instanceof JacksonException jackson) {
            String path = jackson.getPath().stream()
                    .map(r -> r.getPropertyName() != null ? r.getPropertyName() : "[" + r.getIndex() + "]")
                    .reduce((a, b) -> b.startsWith("[") ? a + b : a + "." + b)
                    .orElse(null);
            if (path != null) {
                field = path;
            }
            if (jackson.getLocation() != null && jackson.getLocation().getLineNr() > 0) {
                message += " (problem at line " + jackson.getLocation().getLineNr() + ", column "
                        + jackson.getLocation().getColumnNr() + ")";
            }
        } else if (e.getMessage() != null && e.getMessage().startsWith("Required request body is missing")) {
            message = "a JSON body is required";
        }
        return ProblemResponses.entity(
                new ApiProblem(ProblemType.MALFORMED, message, List.of(new FieldError(field, "json", message))),
                request);
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ProblemBody> unsupported(HttpMediaTypeNotSupportedException e, HttpServletRequest request) {
        String message = "send the body as application/json (got "
                + (e.getContentType() == null
                        ? "no Content-Type"
                        : e.getContentType().toString()) + ")";
        ResponseEntity<ProblemBody> entity = ProblemResponses.entity(
                new ApiProblem(
                        ProblemType.UNSUPPORTED_MEDIA_TYPE,
                        message,
                        List.of(new FieldError("Content-Type", "media-type", message))),
                request);
        return ResponseEntity.status(entity.getStatusCode())
                .headers(entity.getHeaders())
                .header(HttpHeaders.ACCEPT, "application/json")
                .body(entity.getBody());
    }

    @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
    ResponseEntity<ProblemBody> notAcceptable(HttpMediaTypeNotAcceptableException e, HttpServletRequest request) {
        String message = "this resource is available as " + e.getSupportedMediaTypes();
        return ProblemResponses.entity(
                new ApiProblem(
                        ProblemType.NOT_ACCEPTABLE, message, List.of(new FieldError("Accept", "media-type", message))),
                request);
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<ProblemBody> method(HttpRequestMethodNotSupportedException e, HttpServletRequest request) {
        String message = e.getMethod() + " is not supported here; use " + e.getSupportedHttpMethods();
        return ProblemResponses.entity(
                new ApiProblem(
                        ProblemType.METHOD_NOT_ALLOWED, message, List.of(new FieldError("method", "method", message))),
                request);
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ResponseEntity<ProblemBody> missingParameter(
            MissingServletRequestParameterException e, HttpServletRequest request) {
        return ProblemResponses.entity(
                ApiProblem.invalid(e.getParameterName(), "required", "the query parameter is required"), request);
    }

    @ExceptionHandler(MissingRequestHeaderException.class)
    ResponseEntity<ProblemBody> missingHeader(MissingRequestHeaderException e, HttpServletRequest request) {
        return ProblemResponses.entity(
                ApiProblem.invalid(e.getHeaderName(), "required", "the header is required"), request);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemBody> mismatch(MethodArgumentTypeMismatchException e, HttpServletRequest request) {
        return ProblemResponses.entity(
                ApiProblem.invalid(
                        e.getName(),
                        "type",
                        "'" + e.getValue() + "' is not a valid value"
                                + (e.getRequiredType() == null
                                        ? ""
                                        : " (expected " + e.getRequiredType().getSimpleName() + ")")),
                request);
    }

    @ExceptionHandler(HandlerMethodValidationException.class)
    ResponseEntity<ProblemBody> methodValidation(HandlerMethodValidationException e, HttpServletRequest request) {
        List<FieldError> errors = e.getParameterValidationResults().stream()
                .flatMap(r -> r.getResolvableErrors().stream()
                        .map(err -> new FieldError(
                                r.getMethodParameter().getParameterName(),
                                err.getCodes() == null || err.getCodes().length == 0
                                        ? "invalid"
                                        : err.getCodes()[err.getCodes().length - 1].toLowerCase(),
                                err.getDefaultMessage())))
                .toList();
        return ProblemResponses.entity(ApiProblem.validation(errors), request);
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<ProblemBody> noResource(NoResourceFoundException e, HttpServletRequest request) {
        return ProblemResponses.entity(ApiProblem.notFound("path", "nothing is served at this path"), request);
    }

    @ExceptionHandler(AccessDeniedException.class)
    ResponseEntity<ProblemBody> denied(AccessDeniedException e, HttpServletRequest request) {
        return ProblemResponses.entity(ApiProblem.forbidden("authorization", "role", e.getMessage()), request);
    }

    @ExceptionHandler({AsyncRequestTimeoutException.class, AsyncRequestNotUsableException.class})
    void streamEnded() {
        // A server-sent event stream timed out or its client went away: nothing to answer.
    }

    @ExceptionHandler({DataAccessResourceFailureException.class, TransientDataAccessException.class})
    ResponseEntity<ProblemBody> databaseUnavailable(DataAccessException e, HttpServletRequest request) {
        log.warn("PostgreSQL unavailable on {} {}: {}", request.getMethod(), request.getRequestURI(), e.toString());
        return ProblemResponses.entity(
                ApiProblem.unavailable("the read store (PostgreSQL) cannot be reached; try again shortly", 5), request);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemBody> unexpected(Exception e, HttpServletRequest request) {
        log.error("Unexpected failure on {} {}", request.getMethod(), request.getRequestURI(), e);
        return ProblemResponses.entity(
                new ApiProblem(
                        ProblemType.INTERNAL,
                        "unexpected server error; nothing was recorded unless a 202 was returned",
                        List.of(new FieldError("request", "internal", "unexpected server error"))),
                request);
    }
}
