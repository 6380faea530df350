package uk.transferofcare.api.cases;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;
import uk.transferofcare.api.handover.SubmissionVerdict;

/** Reads of the projection's case, verdict and rejection tables. */
@Component
public class CaseReads {

    /**
     * A standing verdict as the projection holds it.
     *
     * @param resends how many later deliveries of the same eventId were answered since
     */
    record Standing(SubmissionVerdict verdict, int resends) {}

    /** A list of cases and the newest change id they reflect (usable as {@code Last-Event-ID}). */
    public record Listed(long position, List<CaseView> cases) {}

    private final JdbcTemplate jdbc;
    private final JsonMapper json;
    private final TransactionTemplate snapshot;

    CaseReads(JdbcTemplate jdbc, JsonMapper json, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.json = json;
        this.snapshot = new TransactionTemplate(transactions);
        snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
        snapshot.setReadOnly(true);
    }

    /** The case as its latest snapshot has it, without rejections. */
    public Optional<CaseView> find(String caseId) {
        return jdbc.query("SELECT view FROM projection.cases WHERE case_id = ?", (rs, i) -> view(rs), caseId).stream()
                .findFirst();
    }

    List<CaseView.RejectionEntry> rejections(String caseId) {
        return jdbc.query(
                """
                SELECT event_id, type, rule, field, message, conflicting_point, occurred_at, rejected_at,
                       submitted_by, submitter_role, submitter_org
                FROM projection.rejections WHERE case_id = ? ORDER BY kafka_offset
                """,
                (rs, i) -> new CaseView.RejectionEntry(
                        rs.getString("event_id"),
                        rs.getString("type"),
                        rs.getString("rule"),
                        rs.getString("field"),
                        rs.getString("message"),
                        rs.getString("conflicting_point"),
                        instant(rs, "occurred_at"),
                        instant(rs, "rejected_at"),
                        new CaseView.RecordedBy(
                                rs.getString("submitted_by"),
                                rs.getString("submitter_role"),
                                rs.getString("submitter_org"))),
                caseId);
    }

    Optional<Standing> verdict(String caseId, String eventId) {
        return jdbc
                .query(
                        "SELECT * FROM projection.submissions WHERE case_id = ? AND event_id = ?",
                        (rs, i) -> new Standing(
                                new SubmissionVerdict(
                                        rs.getString("event_id"),
                                        rs.getString("case_id"),
                                        rs.getString("type"),
                                        rs.getString("status"),
                                        rs.getString("rule"),
                                        rs.getString("field"),
                                        rs.getString("message"),
                                        (Long) rs.getObject("sequence"),
                                        rs.getString("conflicting_point"),
                                        rs.getString("original_event_id"),
                                        rs.getString("linked_case_id"),
                                        instant(rs, "held_until"),
                                        false,
                                        rs.getString("site_code"),
                                        rs.getString("police_division"),
                                        rs.getString("submitted_by"),
                                        instant(rs, "received_at"),
                                        instant(rs, "processed_at"),
                                        null),
                                rs.getInt("resends")),
                        caseId,
                        eventId)
                .stream()
                .findFirst();
    }

    /**
     * The cases of a site ({@code siteCode}) or division, open ones only if asked, earliest clock start first, the
     * last {@code limit} of them; with the newest change id, read in the same snapshot.
     */
    public Listed list(String siteCode, String division, boolean openOnly, int limit) {
        String column = siteCode != null ? "site_code" : "police_division";
        String value = siteCode != null ? siteCode : division;
        return snapshot.execute(status -> {
            long position = position();
            List<CaseView> views = jdbc.query(
                    "SELECT view FROM (SELECT view, clock_start, case_id FROM projection.cases WHERE " + column
                            + " = ?" + (openOnly ? " AND open" : "")
                            + " ORDER BY clock_start DESC, case_id DESC LIMIT ?) last"
                            + " ORDER BY clock_start, case_id",
                    (rs, i) -> view(rs),
                    value,
                    limit);
            return new Listed(position, views);
        });
    }

    /** The newest change id in the projection (0 when empty). */
    public long position() {
        Long max = jdbc.queryForObject("SELECT max(change_id) FROM projection.cases", Long.class);
        return max == null ? 0 : max;
    }

    /** Reads the view of a {@code projection.cases} row (column {@code view}). */
    public CaseView view(ResultSet rs) throws SQLException {
        return parse(rs.getString("view"));
    }

    /** Reads a case view stored as JSON. */
    public CaseView parse(String view) {
        return json.readValue(view, CaseView.class);
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
