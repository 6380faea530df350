-- Issue 13: the analysts' view gains the repeat-attendance flags (V7 added them to projection.report_cases) at its end,
-- after the outcome columns V5 added (CREATE OR REPLACE only appends columns; it keeps the existing ones and grants).

CREATE OR REPLACE VIEW analytics.completed_cases AS
SELECT case_id, version, report_day, site_code, police_division, outcome, complete,
       arrival_to_acknowledged_seconds, handover_seconds, handover_to_clear_seconds, time_at_ed_seconds,
       officer_seconds, retained_seconds, officer_count, legal_basis, linked_from_case_id, diverted_to_case_id,
       first_event_at, removed_at, pre_alerted_at, arrived_at, acknowledged_at, handover_started_at, handed_over_at,
       cleared_at, outcome_at, max_escalation_level, legal_clock_deadline, legal_clock_breached, incomplete,
       acknowledged_implied, corrected, late_events, missing_clearance, recorded_at, disposition, referral_pathway,
       repeat_within_30d, repeat_within_90d
FROM projection.report_cases
WHERE status = 'CLOSED';

COMMENT ON VIEW analytics.completed_cases IS
    'One row per closed case (latest handover-completed record; ENTERED_IN_ERROR excluded). Intervals in seconds; report_day = Europe/London day of arrival, else of the first event; disposition = the standing one; referral_pathway for REFERRED_AT_SCENE (ED visit avoided); repeat_within_30d / repeat_within_90d = the same person (pseudonymous key) arrived at another case within 30 / 90 days before. Definitions: docs/analysts.md';
