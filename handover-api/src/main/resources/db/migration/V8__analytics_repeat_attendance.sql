-- Issue 13, repeat attendance: analysts see the two flags V7 added, as the last columns of analytics.completed_cases
-- (CREATE OR REPLACE keeps the view's grants; columns may only be appended).
CREATE OR REPLACE VIEW analytics.completed_cases AS
SELECT case_id, version, report_day, site_code, police_division, outcome, complete,
       arrival_to_acknowledged_seconds, handover_seconds, handover_to_clear_seconds, time_at_ed_seconds,
       officer_seconds, retained_seconds, officer_count, legal_basis, linked_from_case_id, diverted_to_case_id,
       first_event_at, removed_at, pre_alerted_at, arrived_at, acknowledged_at, handover_started_at, handed_over_at,
       cleared_at, outcome_at, max_escalation_level, legal_clock_deadline, legal_clock_breached, incomplete,
       acknowledged_implied, corrected, late_events, missing_clearance, recorded_at,
       repeat_within_30d, repeat_within_90d
FROM projection.report_cases
WHERE status = 'CLOSED';
