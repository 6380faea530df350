package uk.transferofcare.api.problem;

/**
 * One thing wrong with a request, as it appears in a problem's {@code errors} array.
 *
 * @param field the JSON field, path or query parameter (e.g. {@code occurredAt}, {@code caseId}, {@code body})
 * @param rule a stable machine-readable rule code (e.g. {@code required}, {@code uuid}, {@code no-personal-data})
 * @param message what a person should do about it
 */
public record FieldError(String field, String rule, String message) {}
