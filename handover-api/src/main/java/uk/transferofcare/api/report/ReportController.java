package uk.transferofcare.api.report;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import uk.transferofcare.api.audit.AuditedRead;
import uk.transferofcare.api.problem.ApiProblem;
import uk.transferofcare.api.problem.FieldError;

/**
 * Waiting-time reports for analysts (roles ANALYST and ADMIN: see the security configuration), as JSON or, with
 * {@code Accept: text/csv}, as CSV, computed by PostgreSQL from the projection ({@link ReportQueries}). Parameters are read as text and validated together, so one answer names every
 * wrong parameter with its rule.
 */
@RestController
@Tag(name = "Reports", description = "Waiting-time reports for analysts (ANALYST, ADMIN)")
class ReportController {

    static final MediaType CSV = new MediaType("text", "csv", StandardCharsets.UTF_8);

    private final ReportQueries store;

    ReportController(ReportQueries store) {
        this.store = store;
    }

    @GetMapping(path = "/api/v1/reports/handover-times", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            summary = "Handover times by one or two of site, division, board, siteType, legalBasis, day, week, month,"
                    + " hour, weekday",
            description = "Cases by the Europe/London day of arrival (of the first event when never arrived), from"
                    + " inclusive, to exclusive, at most 3 years; ENTERED_IN_ERROR excluded; open cases only in cases"
                    + " and open. S = {count, median, p90, mean, max} in seconds, nearest-rank percentiles. hour and"
                    + " weekday are of arrival in Europe/London time. Two dimensions: groupBy=weekday,hour. Definitions:"
                    + " docs/analysts.md.")
    @AuditedRead(
            value = AuditedRead.Kind.REPORT,
            parameters = {"from", "to", "groupBy", "siteCode", "division", "binMinutes", "maxMinutes"})
    HandoverTimesReport handoverTimes(
            @Parameter(description = "first day, YYYY-MM-DD (inclusive)") @RequestParam(required = false) String from,
            @Parameter(description = "day after the last, YYYY-MM-DD (exclusive)") @RequestParam(required = false)
                    String to,
            @Parameter(
                            description = "one or two (comma-separated, distinct) of site, division, board, siteType,"
                                    + " legalBasis, day, week, month, hour, weekday")
                    @RequestParam(required = false)
                    String groupBy,
            @Parameter(description = "only this ED site") @RequestParam(required = false) String siteCode,
            @Parameter(description = "only this police division") @RequestParam(required = false) String division) {
        ReportQuery query = parse(() -> ReportQuery.parse(from, to, groupBy, siteCode, division));
        return store.report(query);
    }

    @GetMapping(path = "/api/v1/reports/handover-times", produces = "text/csv")
    @Operation(summary = "The same report as CSV: one row per group, flat columns (e.g. handoverTime_median)")
    @AuditedRead(
            value = AuditedRead.Kind.REPORT,
            parameters = {"from", "to", "groupBy", "siteCode", "division", "binMinutes", "maxMinutes"})
    ResponseEntity<String> handoverTimesCsv(
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(required = false) String groupBy,
            @RequestParam(required = false) String siteCode,
            @RequestParam(required = false) String division) {
        ReportQuery query = parse(() -> ReportQuery.parse(from, to, groupBy, siteCode, division));
        String name = "handover-times_" + query.from() + "_" + query.to() + "_by-"
                + String.join(
                        "-",
                        query.groupBy().stream().map(GroupBy::parameterValue).toList())
                + (query.siteCode() == null ? "" : "_" + query.siteCode())
                + (query.division() == null ? "" : "_division-" + query.division()) + ".csv";
        return csv(ReportCsv.write(store.report(query)), name);
    }

    @GetMapping(path = "/api/v1/reports/handover-time-distribution", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            summary = "How handover times are distributed, in bins of binMinutes up to maxMinutes",
            description = "Closed cases with a known handover time; bin k holds k·bin < t ≤ (k+1)·bin minutes.")
    @AuditedRead(
            value = AuditedRead.Kind.REPORT,
            parameters = {"from", "to", "groupBy", "siteCode", "division", "binMinutes", "maxMinutes"})
    HandoverTimeDistribution distribution(
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(required = false) String siteCode,
            @RequestParam(required = false) String division,
            @Parameter(description = "bin width in minutes (default 15)") @RequestParam(required = false)
                    String binMinutes,
            @Parameter(description = "upper end of the last bin in minutes (default 360)")
                    @RequestParam(required = false)
                    String maxMinutes) {
        DistributionQuery query =
                parse(() -> DistributionQuery.parse(from, to, siteCode, division, binMinutes, maxMinutes));
        return store.distribution(query);
    }

    @GetMapping(path = "/api/v1/reports/handover-time-distribution", produces = "text/csv")
    @Operation(summary = "The distribution as CSV: fromMinutes,toMinutes,count")
    @AuditedRead(
            value = AuditedRead.Kind.REPORT,
            parameters = {"from", "to", "groupBy", "siteCode", "division", "binMinutes", "maxMinutes"})
    ResponseEntity<String> distributionCsv(
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(required = false) String siteCode,
            @RequestParam(required = false) String division,
            @RequestParam(required = false) String binMinutes,
            @RequestParam(required = false) String maxMinutes) {
        DistributionQuery query =
                parse(() -> DistributionQuery.parse(from, to, siteCode, division, binMinutes, maxMinutes));
        return csv(
                ReportCsv.write(store.distribution(query)),
                "handover-time-distribution_" + query.from() + "_" + query.to() + ".csv");
    }

    private static <T> T parse(Supplier<T> parser) {
        try {
            return parser.get();
        } catch (ReportParameterException e) {
            throw ApiProblem.validation(e.errors().stream()
                    .map(error -> new FieldError(error.parameter(), error.rule(), error.message()))
                    .toList());
        }
    }

    private static ResponseEntity<String> csv(String body, String filename) {
        return ResponseEntity.ok()
                .contentType(CSV)
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment()
                                .filename(filename)
                                .build()
                                .toString())
                .body(body);
    }
}
