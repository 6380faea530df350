package uk.transferofcare.api.report;

/**
 * One thing wrong with a report request.
 *
 * @param parameter the query parameter
 * @param rule a stable code: {@code required}, {@code date}, {@code after-from}, {@code max-range}, {@code enum},
 *     {@code pattern}, {@code range}, {@code multiple}
 * @param message what to change
 */
record ParameterError(String parameter, String rule, String message) {}
