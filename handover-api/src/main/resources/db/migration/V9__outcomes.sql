-- Issue 13, what happened to the person: the standing disposition of a closed case (the latest recorded, by occurredAt
-- then sequence, as handover-completed carries it) and the referral pathway of a case the officer referred at the
-- point of contact (outcome REFERRED_AT_SCENE). Both are null for open cases (reports count them over closed cases)
-- and for rows written before this migration until the next record of their case or a projection rebuild
-- (handover-api/README.md) writes them again.

ALTER TABLE projection.report_cases ADD COLUMN disposition text;
ALTER TABLE projection.report_cases ADD COLUMN referral_pathway text;

COMMENT ON COLUMN projection.report_cases.disposition IS
    'Closed cases: the standing disposition (ADMITTED_INFORMAL, ADMITTED_DETAINED, DISCHARGED, REFERRED_COMMUNITY_MENTAL_HEALTH, REFERRED_DBI, OTHER), null when none recorded';
COMMENT ON COLUMN projection.report_cases.referral_pathway IS
    'Outcome REFERRED_AT_SCENE: NHS24_MENTAL_HEALTH_HUB, DBI or OTHER (an ED visit avoided); site_code is NONE when no intended site was named';

-- The analysts' view gains the two columns at its end, after V8's repeat-attendance flags (CREATE OR REPLACE keeps the
-- existing columns and grants; columns may only be appended).
CREATE OR REPLACE VIEW analytics.completed_cases AS
SELECT case_id, version, report_day, site_code, police_division, outcome, complete,
       arrival_to_acknowledged_seconds, handover_seconds, handover_to_clear_seconds, time_at_ed_seconds,
       officer_seconds, retained_seconds, officer_count, legal_basis, linked_from_case_id, diverted_to_case_id,
       first_event_at, removed_at, pre_alerted_at, arrived_at, acknowledged_at, handover_started_at, handed_over_at,
       cleared_at, outcome_at, max_escalation_level, legal_clock_deadline, legal_clock_breached, incomplete,
       acknowledged_implied, corrected, late_events, missing_clearance, recorded_at, repeat_within_30d, repeat_within_90d,
       disposition, referral_pathway
FROM projection.report_cases
WHERE status = 'CLOSED';

COMMENT ON VIEW analytics.completed_cases IS
    'One row per closed case (latest handover-completed record; ENTERED_IN_ERROR excluded). Intervals in seconds; report_day = Europe/London day of arrival, else of the first event; disposition = the standing one; referral_pathway for REFERRED_AT_SCENE (ED visit avoided); repeat_within_30d / repeat_within_90d = the same person (pseudonymous key) arrived at another case within 30 / 90 days before. Definitions: docs/analysts.md';
