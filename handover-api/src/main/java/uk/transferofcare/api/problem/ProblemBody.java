package uk.transferofcare.api.problem;

import java.util.List;

/**
 * The JSON of every error answer (RFC 9457 {@code application/problem+json}) with the {@code errors} extension.
 *
 * @param type {@code /problems/<slug>}: a page describing the kind of problem
 * @param title short summary of the kind of problem
 * @param status the HTTP status
 * @param detail what went wrong with this request
 * @param instance the request path
 * @param errors each field, rule and message
 */
public record ProblemBody(
        String type, String title, int status, String detail, String instance, List<FieldError> errors) {

    public static ProblemBody of(ApiProblem problem, String instance) {
        ProblemType type = problem.type();
        return new ProblemBody(
                type.uri(), type.title(), type.status().value(), problem.getMessage(), instance, problem.errors());
    }
}
