package uk.transferofcare.api.cases;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;
import uk.transferofcare.api.projection.ProjectedRecord;
import uk.transferofcare.api.projection.ProjectionTable;
import uk.transferofcare.events.CaseSnapshot;
import uk.transferofcare.events.SubmissionOutcome;
import uk.transferofcare.events.SubmissionRejected;
import uk.transferofcare.events.TimePoints;
import uk.transferofcare.events.Topics;

/**
 * The case, verdict and rejection tables of the projection ({@code projection.cases}, {@code .submissions}, {@code
 * .rejections}). A case row holds the case as the API shows it ({@link CaseView} as JSON, without rejections), newer
 * versions only, or the same version with another view: the processor writes a case again at the same version when
 * only its repeat-attendance flags changed (the person side computes them after the case; records of one case come in
 * order, one partition); each change draws a new change id, and a batch that changed a case notifies channel {@value
 * #CHANNEL} at commit (the board streams of every instance listen).
 */
@Component
class CaseTables implements ProjectionTable {

    /** The PostgreSQL notification channel told at commit when cases changed. */
    static final String CHANNEL = "handover_case_changes";

    private static final String UPSERT_CASE = """
            INSERT INTO projection.cases AS c
                (case_id, version, site_code, police_division, state, open, clock_start, updated_at, view, change_id)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, nextval('projection.case_changes'))
            ON CONFLICT (case_id) DO UPDATE SET
                version = EXCLUDED.version, site_code = EXCLUDED.site_code,
                police_division = EXCLUDED.police_division, state = EXCLUDED.state, open = EXCLUDED.open,
                clock_start = EXCLUDED.clock_start, updated_at = EXCLUDED.updated_at, view = EXCLUDED.view,
                change_id = EXCLUDED.change_id
            WHERE c.version < EXCLUDED.version
                OR (c.version = EXCLUDED.version AND c.view IS DISTINCT FROM EXCLUDED.view)
            """;

    private static final String UPSERT_VERDICT = """
            INSERT INTO projection.submissions AS s
                (case_id, event_id, type, status, rule, field, message, sequence, conflicting_point,
                 original_event_id, linked_case_id, held_until, site_code, police_division, submitted_by,
                 submitter_role, submitter_org, received_at, processed_at, kafka_offset)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (case_id, event_id) DO UPDATE SET
                type = EXCLUDED.type, status = EXCLUDED.status, rule = EXCLUDED.rule, field = EXCLUDED.field,
                message = EXCLUDED.message, sequence = EXCLUDED.sequence,
                conflicting_point = EXCLUDED.conflicting_point, original_event_id = EXCLUDED.original_event_id,
                linked_case_id = EXCLUDED.linked_case_id, held_until = EXCLUDED.held_until,
                site_code = EXCLUDED.site_code, police_division = EXCLUDED.police_division,
                submitted_by = EXCLUDED.submitted_by, submitter_role = EXCLUDED.submitter_role,
                submitter_org = EXCLUDED.submitter_org, received_at = EXCLUDED.received_at,
                processed_at = EXCLUDED.processed_at, kafka_offset = EXCLUDED.kafka_offset
            WHERE s.kafka_offset < EXCLUDED.kafka_offset
            """;

    private static final String RESEND = """
            UPDATE projection.submissions SET resends = resends + 1, kafka_offset = ?
            WHERE case_id = ? AND event_id = ? AND kafka_offset < ?
            """;

    private static final String INSERT_REJECTION = """
            INSERT INTO projection.rejections
                (case_id, event_id, type, rule, field, message, conflicting_point, occurred_at, rejected_at,
                 submitted_by, submitter_role, submitter_org, kafka_offset)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (case_id, event_id) DO NOTHING
            """;

    private final JdbcTemplate jdbc;
    private final JsonMapper json;

    CaseTables(JdbcTemplate jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @Override
    public void apply(List<ProjectedRecord> records) {
        List<Object[]> cases = new ArrayList<>();
        List<Object[]> verdicts = new ArrayList<>();
        List<Object[]> resends = new ArrayList<>();
        List<Object[]> rejections = new ArrayList<>();
        boolean casesChanged = false;
        for (ProjectedRecord record : records) {
            if (record.topic().equals(Topics.STATE.name())) {
                if (record.value() instanceof CaseSnapshot snapshot) {
                    cases.add(caseRow(snapshot));
                } else {
                    // A tombstone: the case is forgotten (after the upserts before it).
                    flush(UPSERT_CASE, cases);
                    jdbc.update("DELETE FROM projection.cases WHERE case_id = ?", record.key());
                }
                casesChanged = true;
            } else if (record.topic().equals(Topics.OUTCOMES.name())) {
                SubmissionOutcome outcome = (SubmissionOutcome) record.value();
                if (outcome.getResend()) {
                    flush(UPSERT_VERDICT, verdicts);
                    resends.add(
                            new Object[] {record.offset(), outcome.getCaseId(), outcome.getEventId(), record.offset()});
                    flush(RESEND, resends);
                } else {
                    verdicts.add(verdictRow(outcome, record.offset()));
                }
            } else if (record.topic().equals(Topics.REJECTIONS.name())) {
                rejections.add(rejectionRow((SubmissionRejected) record.value(), record.offset()));
            }
        }
        flush(UPSERT_CASE, cases);
        flush(UPSERT_VERDICT, verdicts);
        flush(INSERT_REJECTION, rejections);
        if (casesChanged) {
            jdbc.query("SELECT pg_notify(?, '')", rs -> {}, CHANNEL);
        }
    }

    private void flush(String sql, List<Object[]> rows) {
        if (!rows.isEmpty()) {
            jdbc.batchUpdate(sql, rows);
            rows.clear();
        }
    }

    private Object[] caseRow(CaseSnapshot s) {
        return new Object[] {
            s.getCaseId(),
            s.getVersion(),
            s.getSiteCode(),
            s.getPoliceDivision(),
            s.getState().name(),
            s.getOpen(),
            ts(clockStart(s)),
            ts(s.getUpdatedAt()),
            json.writeValueAsString(CaseView.of(s, List.<CaseView.RejectionEntry>of())),
        };
    }

    /** When the board's clock starts: arrival, else pre-alert, else opening. */
    static Instant clockStart(CaseSnapshot s) {
        TimePoints points = s.getPoints();
        if (points.getArrivedAt() != null) {
            return points.getArrivedAt();
        }
        if (points.getPreAlertedAt() != null) {
            return points.getPreAlertedAt();
        }
        return s.getOpenedAt();
    }

    private static Object[] verdictRow(SubmissionOutcome o, long offset) {
        return new Object[] {
            o.getCaseId(),
            o.getEventId(),
            o.getType().name(),
            o.getStatus().name(),
            o.getRule(),
            o.getField(),
            o.getMessage(),
            o.getSequence(),
            o.getConflictingPoint() == null ? null : o.getConflictingPoint().name(),
            o.getOriginalEventId(),
            o.getLinkedCaseId(),
            ts(o.getHeldUntil()),
            o.getSiteCode(),
            o.getPoliceDivision(),
            o.getActor().getUserId(),
            o.getActor().getRole().name(),
            o.getActor().getOrg(),
            ts(o.getReceivedAt()),
            ts(o.getProcessedAt()),
            offset
        };
    }

    private static Object[] rejectionRow(SubmissionRejected r, long offset) {
        var submission = r.getSubmission();
        return new Object[] {
            submission.getCaseId(),
            submission.getEventId(),
            submission.getType().name(),
            r.getRule(),
            r.getField(),
            r.getMessage(),
            r.getConflictingPoint() == null ? null : r.getConflictingPoint().name(),
            ts(submission.getOccurredAt()),
            ts(r.getRejectedAt()),
            submission.getActor().getUserId(),
            submission.getActor().getRole().name(),
            submission.getActor().getOrg(),
            offset
        };
    }

    static Timestamp ts(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }
}
