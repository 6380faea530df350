package uk.transferofcare.api.report;

import java.util.List;

/** A report request that cannot be answered: names every parameter that is missing or wrong. */
final class ReportParameterException extends RuntimeException {

    private final List<ParameterError> errors;

    ReportParameterException(List<ParameterError> errors) {
        super(errors.stream()
                .map(ParameterError::message)
                .reduce((a, b) -> a + "; " + b)
                .orElse("invalid request"));
        this.errors = List.copyOf(errors);
    }

    List<ParameterError> errors() {
        return errors;
    }
}
