-- Issue 13 ("why it took long", "officer time that is true"): the interval from arrival to the start of the
-- assessment, how the assessment began, and the distinct delay reasons of every closed case (handover-completed).
-- officer_seconds keeps its column: the processor now integrates the officer count over arrival -> clearance, so the
-- column carries the integrated value for every record written from now on (a rebuild rewrites older rows).

ALTER TABLE projection.report_cases ADD COLUMN arrival_to_assessment_seconds bigint;
ALTER TABLE projection.report_cases ADD COLUMN assessment_started_at timestamptz;
ALTER TABLE projection.report_cases ADD COLUMN assessment_mode text;
ALTER TABLE projection.report_cases ADD COLUMN delay_reasons text[] NOT NULL DEFAULT '{}';

COMMENT ON COLUMN projection.report_cases.arrival_to_assessment_seconds IS
    'arrivedAt to assessmentStartedAt (ASSESSMENT_STARTED), whole seconds; null unless both are known';
COMMENT ON COLUMN projection.report_cases.delay_reasons IS
    'The distinct delay reason codes recorded on the case (DELAY_REASON_RECORDED), in code order; empty for open cases';

-- The analysts' view of closed cases gains the new columns, appended after V8's repeat flags and V9's outcome columns
-- (CREATE OR REPLACE keeps the existing columns and grants; columns may only be appended).
CREATE OR REPLACE VIEW analytics.completed_cases AS
SELECT case_id, version, report_day, site_code, police_division, outcome, complete,
       arrival_to_acknowledged_seconds, handover_seconds, handover_to_clear_seconds, time_at_ed_seconds,
       officer_seconds, retained_seconds, officer_count, legal_basis, linked_from_case_id, diverted_to_case_id,
       first_event_at, removed_at, pre_alerted_at, arrived_at, acknowledged_at, handover_started_at, handed_over_at,
       cleared_at, outcome_at, max_escalation_level, legal_clock_deadline, legal_clock_breached, incomplete,
       acknowledged_implied, corrected, late_events, missing_clearance, recorded_at, repeat_within_30d, repeat_within_90d,
       disposition, referral_pathway, assessment_started_at, assessment_mode, arrival_to_assessment_seconds, delay_reasons
FROM projection.report_cases
WHERE status = 'CLOSED';

COMMENT ON VIEW analytics.completed_cases IS
    'One row per closed case (latest handover-completed record; ENTERED_IN_ERROR excluded). Intervals in seconds (officer_seconds: the officer count integrated over arrival to clearance); delay_reasons: distinct codes; disposition = the standing one; referral_pathway for REFERRED_AT_SCENE (ED visit avoided); repeat_within_30d / repeat_within_90d = the same person (pseudonymous key) arrived at another case within 30 / 90 days before; report_day = Europe/London day of arrival, else of the first event. Definitions: docs/analysts.md';
