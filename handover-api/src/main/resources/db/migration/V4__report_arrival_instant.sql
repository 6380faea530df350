-- Issue 13: reports by hour and weekday of arrival (Europe/London) need the instant a case is reported at, not only its
-- London day; reports by legal basis need it for open cases too. report_at is arrivedAt, else the earliest recorded
-- point (the instant report_day is the London day of), for open and closed rows alike.

ALTER TABLE projection.report_cases ADD COLUMN report_at timestamptz;

UPDATE projection.report_cases
SET report_at = coalesce(arrived_at, first_event_at)
WHERE status <> 'OPEN';

UPDATE projection.report_cases r
SET report_at = coalesce(
        (c.view -> 'points' ->> 'arrivedAt')::timestamptz,
        least((c.view -> 'points' ->> 'removedAt')::timestamptz,
              (c.view -> 'points' ->> 'preAlertedAt')::timestamptz,
              (c.view -> 'points' ->> 'acknowledgedAt')::timestamptz,
              (c.view -> 'points' ->> 'handoverStartedAt')::timestamptz,
              (c.view -> 'points' ->> 'handedOverAt')::timestamptz,
              (c.view -> 'points' ->> 'clearedAt')::timestamptz,
              (c.view -> 'points' ->> 'outcomeAt')::timestamptz)),
    legal_basis = c.view ->> 'legalBasis'
FROM projection.cases c
WHERE c.case_id = r.case_id AND r.status = 'OPEN';

-- A row whose instant cannot be recovered (none should be left) counts at the start of its London day until the next
-- record of its case or a projection rebuild (handover-api/README.md) writes it again.
UPDATE projection.report_cases
SET report_at = report_day::timestamp AT TIME ZONE 'Europe/London'
WHERE report_at IS NULL;

ALTER TABLE projection.report_cases ALTER COLUMN report_at SET NOT NULL;

COMMENT ON COLUMN projection.report_cases.report_at IS
    'arrivedAt, else the earliest recorded point: report_day is its Europe/London day; hour and weekday groupings use its London time';
