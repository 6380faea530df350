package uk.transferofcare.api.problem;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;
import java.util.Map;

/**
 * The JSON of every error answer (RFC 9457 {@code application/problem+json}) with the {@code errors} extension, and
 * for a processor's rejection its own extension members ({@code rule}, {@code eventId}, {@code caseId}, {@code
 * statusUrl}, {@code conflictingPoint}).
 *
 * @param type {@code /problems/<slug>}: a page describing the kind of problem
 * @param title short summary of the kind of problem
 * @param status the HTTP status
 * @param detail what went wrong with this request
 * @param instance the request path
 * @param errors each field, rule and message
 * @param extensions further members, written at the top level
 */
public record ProblemBody(
        String type,
        String title,
        int status,
        String detail,
        String instance,
        List<FieldError> errors,
        @JsonIgnore Map<String, Object> extensions) {

    public static ProblemBody of(ApiProblem problem, String instance) {
        ProblemType type = problem.type();
        return new ProblemBody(
                type.uri(),
                type.title(),
                type.status().value(),
                problem.getMessage(),
                instance,
                problem.errors(),
                problem.extensions());
    }

    @JsonAnyGetter
    Map<String, Object> members() {
        return extensions == null ? Map.of() : extensions;
    }
}
