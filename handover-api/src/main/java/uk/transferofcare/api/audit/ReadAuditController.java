package uk.transferofcare.api.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;
import uk.transferofcare.api.problem.ApiProblem;
import uk.transferofcare.api.problem.FieldError;

/**
 * {@code GET /api/v1/audit/reads}: the read audit, newest first, for ADMIN only (security configuration). Reading it is
 * itself recorded.
 */
@RestController
@Tag(name = "Audit", description = "Who read which case, verdict or report (ADMIN)")
class ReadAuditController {

    private static final Pattern USER_ID = Pattern.compile("^[A-Za-z0-9._@-]{1,64}$");

    private final JdbcTemplate jdbc;
    private final JsonMapper json;

    ReadAuditController(JdbcTemplate jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @GetMapping(path = "/api/v1/audit/reads", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            summary = "Who read which case, verdict or report, newest first (ADMIN)",
            description = "Filters: caseId (UUID), userId, from (inclusive) and to (exclusive) as ISO-8601 instants;"
                    + " limit 1 to 1000 (default 100). Refused and unknown reads are listed with their status.")
    @AuditedRead(
            value = AuditedRead.Kind.AUDIT,
            parameters = {"caseId", "userId", "limit"})
    ReadList reads(
            @RequestParam(required = false) String caseId,
            @RequestParam(required = false) String userId,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(required = false) String limit) {
        List<FieldError> errors = new ArrayList<>();
        UUID caseUuid = null;
        if (caseId != null) {
            try {
                caseUuid = UUID.fromString(caseId);
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError("caseId", "uuid", "must be a UUID"));
            }
        }
        if (userId != null && !USER_ID.matcher(userId).matches()) {
            errors.add(new FieldError("userId", "pattern", "1 to 64 letters, digits, '.', '_', '@' or '-'"));
        }
        Instant fromInstant = instant(from, "from", errors);
        Instant toInstant = instant(to, "to", errors);
        int max = 100;
        if (limit != null) {
            try {
                max = Integer.parseInt(limit);
            } catch (NumberFormatException e) {
                max = -1;
            }
            if (max < 1 || max > 1000) {
                errors.add(new FieldError("limit", "range", "must be a whole number from 1 to 1000"));
            }
        }
        if (fromInstant != null && toInstant != null && !fromInstant.isBefore(toInstant)) {
            errors.add(new FieldError("to", "after-from", "must be after from"));
        }
        if (!errors.isEmpty()) {
            throw ApiProblem.validation(errors);
        }
        StringBuilder sql = new StringBuilder(
                "SELECT read_at, user_id, role, org, kind, case_id, event_id, resource, format, parameters::text,"
                        + " status FROM audit.reads WHERE true");
        List<Object> arguments = new ArrayList<>();
        if (caseUuid != null) {
            sql.append(" AND case_id = ?");
            arguments.add(caseUuid);
        }
        if (userId != null) {
            sql.append(" AND user_id = ?");
            arguments.add(userId);
        }
        if (fromInstant != null) {
            sql.append(" AND read_at >= ?");
            arguments.add(Timestamp.from(fromInstant));
        }
        if (toInstant != null) {
            sql.append(" AND read_at < ?");
            arguments.add(Timestamp.from(toInstant));
        }
        sql.append(" ORDER BY read_at DESC, id DESC LIMIT ?");
        arguments.add(max);
        List<Read> reads = jdbc.query(
                sql.toString(),
                (rs, row) -> new Read(
                        rs.getTimestamp(1).toInstant(),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getString(6),
                        rs.getString(7),
                        rs.getString(8),
                        rs.getString(9),
                        json.readValue(rs.getString(10), new TypeReference<Map<String, String>>() {}),
                        rs.getInt(11)),
                arguments.toArray());
        return new ReadList(reads.size(), reads);
    }

    private static Instant instant(String value, String name, List<FieldError> errors) {
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(name, "instant", "must be an ISO-8601 instant, e.g. 2026-12-04T10:00:00Z"));
            return null;
        }
    }

    record ReadList(int count, List<Read> reads) {}

    /**
     * One recorded read.
     *
     * @param kind CASE, VERDICT, REPORT, AUDIT, BOARD (the board's list), STREAM (a board stream opened) or REJECTIONS (a supervisor's queue)
     * @param resource the endpoint's path pattern
     * @param status the HTTP status answered
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Read(
            Instant readAt,
            String userId,
            String role,
            String org,
            String kind,
            String caseId,
            String eventId,
            String resource,
            String format,
            Map<String, String> parameters,
            int status) {}
}
