package uk.transferofcare.api.problem;

import java.util.List;

/**
 * Thrown anywhere a request must be answered with an {@code application/problem+json} body. Carries everything the
 * answer needs, so handlers and filters render it the same way.
 */
public class ApiProblem extends RuntimeException {

    private final ProblemType type;
    private final List<FieldError> errors;
    private final Long retryAfterSeconds;

    public ApiProblem(ProblemType type, String detail, List<FieldError> errors, Long retryAfterSeconds) {
        super(detail);
        this.type = type;
        this.errors = List.copyOf(errors);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public ApiProblem(ProblemType type, String detail, List<FieldError> errors) {
        this(type, detail, errors, null);
    }

    public static ApiProblem validation(List<FieldError> errors) {
        String detail = errors.size() == 1
                ? errors.get(0).field() + ": " + errors.get(0).message()
                : errors.size() + " fields are not valid: "
                        + String.join(
                                ", ",
                                errors.stream()
                                        .map(FieldError::field)
                                        .distinct()
                                        .toList());
        return new ApiProblem(ProblemType.VALIDATION, detail, errors);
    }

    public static ApiProblem invalid(String field, String rule, String message) {
        return validation(List.of(new FieldError(field, rule, message)));
    }

    public static ApiProblem forbidden(String field, String rule, String message) {
        return new ApiProblem(ProblemType.FORBIDDEN, message, List.of(new FieldError(field, rule, message)));
    }

    public static ApiProblem notFound(String field, String message) {
        return new ApiProblem(ProblemType.NOT_FOUND, message, List.of(new FieldError(field, "unknown", message)));
    }

    public static ApiProblem conflict(String field, String rule, String message) {
        return new ApiProblem(ProblemType.CONFLICT, message, List.of(new FieldError(field, rule, message)));
    }

    public static ApiProblem unavailable(String message, long retryAfterSeconds) {
        return new ApiProblem(
                ProblemType.UNAVAILABLE,
                message,
                List.of(new FieldError("request", "unavailable", message)),
                retryAfterSeconds);
    }

    public ProblemType type() {
        return type;
    }

    public List<FieldError> errors() {
        return errors;
    }

    public Long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
