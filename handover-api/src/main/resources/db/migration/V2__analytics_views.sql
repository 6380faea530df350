-- The analysts' views (docs/analysts.md): read-only, no free text, no user ids. They read the projection with their
-- owner's rights, so the analysts' role needs nothing but these views.

-- One row per closed case (ENTERED_IN_ERROR left out, as in every report), with the intervals of docs/analysts.md in
-- whole seconds (null unless both ends are known) and the time points. report_day is the Europe/London day of
-- arrived_at, or of first_event_at when the case never arrived: the day reports count a case on.
CREATE VIEW analytics.completed_cases AS
SELECT case_id, version, report_day, site_code, police_division, outcome, complete,
       arrival_to_acknowledged_seconds, handover_seconds, handover_to_clear_seconds, time_at_ed_seconds,
       officer_seconds, retained_seconds, officer_count, legal_basis, linked_from_case_id, diverted_to_case_id,
       first_event_at, removed_at, pre_alerted_at, arrived_at, acknowledged_at, handover_started_at, handed_over_at,
       cleared_at, outcome_at, max_escalation_level, legal_clock_deadline, legal_clock_breached, incomplete,
       acknowledged_implied, corrected, late_events, missing_clearance, recorded_at
FROM projection.report_cases
WHERE status = 'CLOSED';

COMMENT ON VIEW analytics.completed_cases IS
    'One row per closed case (latest handover-completed record; ENTERED_IN_ERROR excluded). Intervals in seconds; report_day = Europe/London day of arrival, else of the first event. Definitions: docs/analysts.md';

-- One row per open case: counted in the cases and open of a report, in no metric.
CREATE VIEW analytics.open_cases AS
SELECT r.case_id, r.version, r.report_day, r.site_code, r.police_division, c.state,
       (c.view -> 'points' ->> 'preAlertedAt')::timestamptz AS pre_alerted_at,
       (c.view -> 'points' ->> 'arrivedAt')::timestamptz AS arrived_at,
       (c.view -> 'points' ->> 'acknowledgedAt')::timestamptz AS acknowledged_at,
       (c.view -> 'points' ->> 'handoverStartedAt')::timestamptz AS handover_started_at,
       (c.view -> 'points' ->> 'handedOverAt')::timestamptz AS handed_over_at,
       (c.view ->> 'escalationLevel')::integer AS escalation_level,
       c.updated_at
FROM projection.report_cases r
LEFT JOIN projection.cases c ON c.case_id = r.case_id
WHERE r.status = 'OPEN';

COMMENT ON VIEW analytics.open_cases IS
    'One row per open case (latest handover-state snapshot): counted in cases and open of a report, in no metric';

-- The processor's verdict on every submission (the standing one: a re-send only raises resends), without free text
-- and without user ids: the submitter's role and organisation only.
CREATE VIEW analytics.submissions AS
SELECT case_id, event_id, type, status, rule, field, sequence, conflicting_point, original_event_id, linked_case_id,
       held_until, site_code, police_division, submitter_role, submitter_org, received_at, processed_at, resends
FROM projection.submissions;

COMMENT ON VIEW analytics.submissions IS
    'The standing verdict of every submission (APPLIED, DUPLICATE, HELD, REJECTED with its rule), no free text, no user ids';

DO $$
BEGIN
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'handover_analyst') THEN
        GRANT USAGE ON SCHEMA analytics TO handover_analyst;
        GRANT SELECT ON ALL TABLES IN SCHEMA analytics TO handover_analyst;
    END IF;
END
$$;
