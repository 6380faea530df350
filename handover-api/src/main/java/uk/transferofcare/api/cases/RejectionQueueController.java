package uk.transferofcare.api.cases;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import uk.transferofcare.api.access.Caller;
import uk.transferofcare.api.audit.AuditedRead;
import uk.transferofcare.api.problem.ApiProblem;
import uk.transferofcare.vocabulary.Role;

/**
 * The supervisor's queue: submissions the processor rejected that users of the supervisor's organisation (the
 * token's {@code org}: their division or site) sent, newest first, each with its rule and the processor's message,
 * so a supervisor can follow up an officer's refused event or correct the case. ADMIN sees every organisation's.
 * Read from the projection ({@code projection.rejections}, the first rejection of each eventId).
 */
@RestController
@Tag(name = "Cases")
class RejectionQueueController {

    private final JdbcTemplate jdbc;

    RejectionQueueController(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @GetMapping(path = "/api/v1/rejections", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            summary = "Rejected submissions sent by users of your organisation, newest first (SUPERVISOR, ADMIN)",
            description = "limit 1 to 500 (default 100). A SUPERVISOR sees their own organisation's; ADMIN every one.")
    @AuditedRead(
            value = AuditedRead.Kind.REJECTIONS,
            parameters = {"limit"})
    RejectionQueue rejections(@RequestParam(required = false) String limit, @Parameter(hidden = true) Caller caller) {
        int max = 100;
        if (limit != null) {
            try {
                max = Integer.parseInt(limit);
            } catch (NumberFormatException e) {
                max = -1;
            }
            if (max < 1 || max > 500) {
                throw ApiProblem.invalid("limit", "range", "must be a whole number from 1 to 500");
            }
        }
        boolean everyOrganisation = caller.role() == Role.ADMIN;
        String sql = "SELECT case_id, event_id, type, rule, field, message, occurred_at, rejected_at, submitted_by,"
                + " submitter_role, submitter_org FROM projection.rejections"
                + (everyOrganisation ? "" : " WHERE submitter_org = ?")
                + " ORDER BY rejected_at DESC, kafka_offset DESC LIMIT ?";
        Object[] arguments = everyOrganisation ? new Object[] {max} : new Object[] {caller.org(), max};
        List<Rejected> rejected = jdbc.query(sql, RejectionQueueController::row, arguments);
        return new RejectionQueue(everyOrganisation ? null : caller.org(), rejected.size(), rejected);
    }

    private static Rejected row(ResultSet rs, int i) throws SQLException {
        return new Rejected(
                rs.getString("case_id"),
                rs.getString("event_id"),
                rs.getString("type"),
                rs.getString("rule"),
                rs.getString("field"),
                rs.getString("message"),
                instant(rs.getTimestamp("occurred_at")),
                instant(rs.getTimestamp("rejected_at")),
                new CaseView.RecordedBy(
                        rs.getString("submitted_by"), rs.getString("submitter_role"), rs.getString("submitter_org")));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    /** @param org the organisation listed (null for ADMIN: every one) */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record RejectionQueue(String org, int count, List<Rejected> rejections) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Rejected(
            String caseId,
            String eventId,
            String type,
            String rule,
            String field,
            String message,
            Instant occurredAt,
            Instant rejectedAt,
            CaseView.RecordedBy submittedBy) {}
}
