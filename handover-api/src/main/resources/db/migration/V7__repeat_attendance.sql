-- Issue 13, repeat attendance without identity: the processor's repeatWithin30d / repeatWithin90d flags of each closed
-- case (handover-completed), counted by the reports as repeatAttendances30d / repeatAttendances90d. The person key never
-- reaches the API's database: only these two flags do. Rows written before this migration hold false (no case carried a
-- key then); open rows hold false (the reports count closed cases only).

ALTER TABLE projection.report_cases
    ADD COLUMN repeat_within_30d boolean NOT NULL DEFAULT false,
    ADD COLUMN repeat_within_90d boolean NOT NULL DEFAULT false;

COMMENT ON COLUMN projection.report_cases.repeat_within_30d IS
    'The same person (pseudonymous key) arrived at another case, not entered in error, within the 30 days (30 x 24 h) before this case''s arrival. docs/analysts.md, Repeat attendance';
COMMENT ON COLUMN projection.report_cases.repeat_within_90d IS
    'As repeat_within_30d, within 90 days';
