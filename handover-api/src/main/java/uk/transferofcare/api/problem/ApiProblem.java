package uk.transferofcare.api.problem;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Thrown anywhere a request must be answered with an {@code application/problem+json} body. Carries everything the
 * answer needs, so handlers and filters render it the same way.
 */
public class ApiProblem extends RuntimeException {

    private final ProblemType type;
    private final List<FieldError> errors;
    private final Long retryAfterSeconds;
    private final Map<String, Object> extensions;

    public ApiProblem(ProblemType type, String detail, List<FieldError> errors, Long retryAfterSeconds) {
        this(type, detail, errors, retryAfterSeconds, Map.of());
    }

    /**
     * @param extensions members written at the top level of the problem (null values are left out)
     */
    public ApiProblem(
            ProblemType type,
            String detail,
            List<FieldError> errors,
            Long retryAfterSeconds,
            Map<String, Object> extensions) {
        super(detail);
        this.type = type;
        this.errors = List.copyOf(errors);
        this.retryAfterSeconds = retryAfterSeconds;
        Map<String, Object> members = new LinkedHashMap<>();
        extensions.forEach((key, value) -> {
            if (value != null) {
                members.put(key, value);
            }
        });
        this.extensions = Collections.unmodifiableMap(members);
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

    public Map<String, Object> extensions() {
        return extensions;
    }
}
