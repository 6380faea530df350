-- Who read which case, verdict or report (issue 12): kept apart from the projection. The projection is a copy of the
-- topics and is truncated by a rebuild; this schema is the system of record of reads and nothing rebuilds it. No
-- personal data: the user is their id (a staff or shoulder number, never a name), cases are UUIDs, report parameters
-- are the validated codes and dates only; no free text, no IP address, no token.

CREATE SCHEMA audit;

CREATE TABLE audit.reads (
    id          bigserial   PRIMARY KEY,
    read_at     timestamptz NOT NULL,
    user_id     text        NOT NULL,
    role        text        NOT NULL,
    org         text        NOT NULL,
    kind        text        NOT NULL, -- CASE, VERDICT, REPORT, AUDIT
    case_id     uuid,                 -- CASE and VERDICT, when the path held a UUID
    event_id    uuid,                 -- VERDICT
    resource    text        NOT NULL, -- the endpoint's path pattern, e.g. /api/v1/handovers/{caseId}
    format      text        NOT NULL, -- json or csv
    parameters  jsonb       NOT NULL DEFAULT '{}'::jsonb,
    status      integer     NOT NULL  -- the HTTP status answered: refused and unknown reads are recorded too
);
CREATE INDEX reads_at ON audit.reads (read_at);
CREATE INDEX reads_case ON audit.reads (case_id, read_at) WHERE case_id IS NOT NULL;
CREATE INDEX reads_user ON audit.reads (user_id, read_at);

COMMENT ON TABLE audit.reads IS
    'Who read which case, verdict or report, and the status answered. Readable by ADMIN through GET /api/v1/audit/reads; never truncated by a projection rebuild.';
