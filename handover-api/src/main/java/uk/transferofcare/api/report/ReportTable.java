package uk.transferofcare.api.report;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import uk.transferofcare.api.projection.ProjectedRecord;
import uk.transferofcare.api.projection.ProjectionTable;
import uk.transferofcare.events.CaseSnapshot;
import uk.transferofcare.events.CompletedCase;
import uk.transferofcare.events.Topics;

/**
 * {@code projection.report_cases}: one row per case for the reports and the analysts' views. Closed cases from {@code
 * handover-completed} (the latest record by version is the truth, an equal version replaces: the completed record
 * closes the case at the version of its last snapshot), open cases from open {@code handover-state} snapshots, which
 * only replace an open row of a lower or equal version or any row of a lower version, so a late snapshot never
 * reopens a closed case; snapshots of closed cases are ignored (the completed record carries the numbers). A tombstone
 * forgets the case only when the row came from that topic.
 */
@Component
class ReportTable implements ProjectionTable {

    private static final String COLUMNS = """
            case_id, version, status, report_day, site_code, police_division, outcome, complete,
            arrival_to_acknowledged_seconds, handover_seconds, handover_to_clear_seconds, time_at_ed_seconds,
            officer_seconds, legal_basis, officer_count, linked_from_case_id, diverted_to_case_id, first_event_at,
            removed_at, pre_alerted_at, arrived_at, acknowledged_at, handover_started_at, handed_over_at, cleared_at,
            outcome_at, retained_seconds, max_escalation_level, legal_clock_deadline, legal_clock_breached,
            incomplete, acknowledged_implied, corrected, late_events, missing_clearance, recorded_at, report_at,
            repeat_within_30d, repeat_within_90d,
            disposition, referral_pathway,
            arrival_to_assessment_seconds, assessment_started_at, assessment_mode, delay_reasons
            """;

    /** The columns an open row sets from its snapshot; every other column is null (complete false). */
    private static final List<String> OPEN_COLUMNS =
            List.of("case_id", "version", "report_day", "site_code", "police_division", "legal_basis", "report_at");

    private static final List<String> COLUMN_NAMES = COLUMNS.strip()
            .lines()
            .flatMap(line -> java.util.Arrays.stream(line.split(",")))
            .map(String::strip)
            .filter(c -> !c.isEmpty())
            .toList();

    private static final String UPDATE_ALL = String.join(
            ", ",
            COLUMN_NAMES.stream()
                    .filter(c -> !c.equals("case_id"))
                    .map(c -> c + " = EXCLUDED." + c)
                    .toList());

    private static final String UPSERT_CLOSED = "INSERT INTO projection.report_cases AS r (" + COLUMNS + ") VALUES ("
            + String.join(", ", COLUMN_NAMES.stream().map(c -> "?").toList())
            + ") ON CONFLICT (case_id) DO UPDATE SET " + UPDATE_ALL + " WHERE r.version <= EXCLUDED.version";

    private static final String UPSERT_OPEN = "INSERT INTO projection.report_cases AS r (" + COLUMNS + ") VALUES ("
            + String.join(
                    ", ",
                    COLUMN_NAMES.stream()
                            .map(c -> switch (c) {
                                case "status" -> "'OPEN'";
                                case "complete", "repeat_within_30d", "repeat_within_90d" -> "false";
                                case "delay_reasons" -> "'{}'";
                                default -> OPEN_COLUMNS.contains(c) ? "?" : "NULL";
                            })
                            .toList())
            + ") ON CONFLICT (case_id) DO UPDATE SET " + UPDATE_ALL
            + " WHERE r.version < EXCLUDED.version OR (r.version = EXCLUDED.version AND r.status = 'OPEN')";

    private static final String FORGET_OPEN =
            "DELETE FROM projection.report_cases WHERE case_id = ? AND status = 'OPEN'";

    private static final String FORGET_CLOSED =
            "DELETE FROM projection.report_cases WHERE case_id = ? AND status IN ('CLOSED', 'VOID')";

    private final JdbcTemplate jdbc;

    ReportTable(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void apply(List<ProjectedRecord> records) {
        List<Object[]> closed = new ArrayList<>();
        List<Object[]> open = new ArrayList<>();
        for (ProjectedRecord record : records) {
            boolean completedTopic = record.topic().equals(Topics.COMPLETED.name());
            if (!completedTopic && !record.topic().equals(Topics.STATE.name())) {
                continue;
            }
            if (record.value() == null) {
                flush(closed, open);
                jdbc.update(completedTopic ? FORGET_CLOSED : FORGET_OPEN, record.key());
            } else if (record.value() instanceof CompletedCase completed) {
                closed.add(closedRow(ReportRecords.closed(completed), completed));
            } else if (record.value() instanceof CaseSnapshot snapshot) {
                ReportRecords.open(snapshot).ifPresent(o -> open.add(openRow(o)));
            }
        }
        flush(closed, open);
    }

    /**
     * The latest {@code handover-completed} record of a case, as the reports see it (the analysts' extras null: the
     * time points, officer count, links and data-quality flags).
     */
    void closed(ClosedCase record) {
        jdbc.update(UPSERT_CLOSED, closedRow(record, null));
    }

    /** An open case's latest snapshot. */
    void open(OpenCase record) {
        jdbc.update(UPSERT_OPEN, openRow(record));
    }

    /** A tombstone on {@code handover-completed} ({@code closedCase}) or {@code handover-state}. */
    void forget(String caseId, boolean closedCase) {
        jdbc.update(closedCase ? FORGET_CLOSED : FORGET_OPEN, caseId);
    }

    private void flush(List<Object[]> closed, List<Object[]> open) {
        // Closed first: a completed record and the final open snapshot of one batch share a version, and the order
        // between them must not matter.
        if (!closed.isEmpty()) {
            jdbc.batchUpdate(UPSERT_CLOSED, closed);
            closed.clear();
        }
        if (!open.isEmpty()) {
            jdbc.batchUpdate(UPSERT_OPEN, open);
            open.clear();
        }
    }

    private static Object[] openRow(OpenCase o) {
        // In the order of OPEN_COLUMNS, which is their order in COLUMNS.
        return new Object[] {
            o.caseId(),
            o.version(),
            Date.valueOf(o.reportDay()),
            o.siteCode(),
            o.division(),
            o.legalBasis(),
            Timestamp.from(o.reportAt())
        };
    }

    private static Object[] closedRow(ClosedCase c, CompletedCase full) {
        boolean extras = full != null;
        return new Object[] {
            c.caseId(),
            c.version(),
            c.isVoid() ? "VOID" : "CLOSED",
            Date.valueOf(c.reportDay()),
            c.siteCode(),
            c.division(),
            c.outcome(),
            c.complete(),
            c.arrivalToAcknowledgedSeconds(),
            c.handoverSeconds(),
            c.handoverToClearSeconds(),
            c.timeAtEdSeconds(),
            c.officerSeconds(),
            c.legalBasis(),
            extras ? full.getOfficerCount() : null,
            extras ? full.getLinkedFromCaseId() : null,
            extras ? full.getDivertedToCaseId() : null,
            extras ? ts(full.getFirstEventAt()) : null,
            extras ? ts(full.getRemovedAt()) : null,
            extras ? ts(full.getPreAlertedAt()) : null,
            extras ? ts(full.getArrivedAt()) : null,
            extras ? ts(full.getAcknowledgedAt()) : null,
            extras ? ts(full.getHandoverStartedAt()) : null,
            extras ? ts(full.getHandedOverAt()) : null,
            extras ? ts(full.getClearedAt()) : null,
            extras ? ts(full.getOutcomeAt()) : null,
            extras ? full.getRetainedSeconds() : null,
            c.maxEscalationLevel(),
            extras ? ts(full.getLegalClockDeadline()) : null,
            c.legalClockBreached(),
            extras ? full.getIncomplete() : null,
            extras ? full.getAcknowledgedImplied() : null,
            extras ? full.getCorrected() : null,
            extras ? full.getLateEvents() : null,
            extras ? full.getMissingClearance() : null,
            extras ? ts(full.getRecordedAt()) : null,
            Timestamp.from(c.reportAt()),
            c.repeatWithin30d(),
            c.repeatWithin90d(),
            c.disposition(),
            c.referralPathway(),
            c.arrivalToAssessmentSeconds(),
            extras ? ts(full.getAssessmentStartedAt()) : null,
            extras && full.getAssessmentMode() != null
                    ? full.getAssessmentMode().name()
                    : null,
            c.delayReasons().toArray(String[]::new)
        };
    }

    private static Timestamp ts(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }
}
