-- The API's read store: a projection of the processor's topics, written by one consumer group across the API
-- instances (handover-api-projection) and rebuilt from the topics on demand (handover-api/README.md). Every row can be
-- rebuilt from Kafka; nothing here is the system of record.

CREATE SCHEMA projection;

-- Every change to projection.cases takes the next value, in commit order (the writers serialise on an advisory lock),
-- so a board stream resumes from a change id (Last-Event-ID) with an index range scan.
CREATE SEQUENCE projection.case_changes;

-- The latest snapshot of every case (handover-state): the case as GET /api/v1/handovers/{id} shows it, without its
-- rejections, plus the columns the board and the stream select on.
CREATE TABLE projection.cases (
    case_id         text        PRIMARY KEY,
    version         bigint      NOT NULL,
    site_code       text        NOT NULL,
    police_division text,
    state           text        NOT NULL,
    open            boolean     NOT NULL,
    clock_start     timestamptz NOT NULL, -- arrivedAt, else preAlertedAt, else openedAt: the board's order
    updated_at      timestamptz NOT NULL,
    view            jsonb       NOT NULL,
    change_id       bigint      NOT NULL
);
CREATE UNIQUE INDEX cases_change_id ON projection.cases (change_id);
CREATE INDEX cases_site ON projection.cases (site_code, clock_start);
CREATE INDEX cases_division ON projection.cases (police_division, clock_start);
CREATE INDEX cases_site_changes ON projection.cases (site_code, change_id);
CREATE INDEX cases_division_changes ON projection.cases (police_division, change_id);

-- The standing verdict of every submission (handover-outcomes): the latest outcome that is not a re-send's; re-sends
-- only raise resends. kafka_offset is the last outcome applied (one partition holds a case: key = case id), so a
-- record delivered twice changes nothing.
CREATE TABLE projection.submissions (
    case_id           text        NOT NULL,
    event_id          text        NOT NULL,
    type              text        NOT NULL,
    status            text        NOT NULL,
    rule              text,
    field             text,
    message           text,
    sequence          bigint,
    conflicting_point text,
    original_event_id text,
    linked_case_id    text,
    held_until        timestamptz,
    site_code         text,
    police_division   text,
    submitted_by      text        NOT NULL,
    submitter_role    text        NOT NULL,
    submitter_org     text        NOT NULL,
    received_at       timestamptz NOT NULL,
    processed_at      timestamptz NOT NULL,
    resends           integer     NOT NULL DEFAULT 0,
    kafka_offset      bigint      NOT NULL,
    PRIMARY KEY (case_id, event_id)
);

-- Rejected submissions per case (handover-rejections), the first rejection of an eventId, for the case page.
CREATE TABLE projection.rejections (
    case_id           text        NOT NULL,
    event_id          text        NOT NULL,
    type              text        NOT NULL,
    rule              text        NOT NULL,
    field             text,
    message           text        NOT NULL,
    conflicting_point text,
    occurred_at       timestamptz NOT NULL,
    rejected_at       timestamptz NOT NULL,
    submitted_by      text        NOT NULL,
    submitter_role    text        NOT NULL,
    submitter_org     text        NOT NULL,
    kafka_offset      bigint      NOT NULL,
    PRIMARY KEY (case_id, event_id)
);

-- One row per case for the reports: OPEN from the latest open snapshot (handover-state), CLOSED or VOID
-- (ENTERED_IN_ERROR) from the latest handover-completed record, which carries every number. A record with a lower
-- version than the row's is stale; an open snapshot never reopens a case closed at the same version.
CREATE TABLE projection.report_cases (
    case_id                         text    PRIMARY KEY,
    version                         bigint  NOT NULL,
    status                          text    NOT NULL CHECK (status IN ('OPEN', 'CLOSED', 'VOID')),
    report_day                      date    NOT NULL, -- Europe/London day of arrivedAt, else of the first event
    site_code                       text    NOT NULL,
    police_division                 text,
    outcome                         text,
    complete                        boolean NOT NULL DEFAULT false,
    arrival_to_acknowledged_seconds bigint,
    handover_seconds                bigint,
    handover_to_clear_seconds       bigint,
    time_at_ed_seconds              bigint,
    officer_seconds                 bigint,
    -- The rest of handover-completed, for analysts (null for open cases).
    legal_basis                     text,
    officer_count                   integer,
    linked_from_case_id             text,
    diverted_to_case_id             text,
    first_event_at                  timestamptz,
    removed_at                      timestamptz,
    pre_alerted_at                  timestamptz,
    arrived_at                      timestamptz,
    acknowledged_at                 timestamptz,
    handover_started_at             timestamptz,
    handed_over_at                  timestamptz,
    cleared_at                      timestamptz,
    outcome_at                      timestamptz,
    retained_seconds                bigint,
    max_escalation_level            integer,
    legal_clock_deadline            timestamptz,
    legal_clock_breached            boolean,
    incomplete                      boolean,
    acknowledged_implied            boolean,
    corrected                       boolean,
    late_events                     integer,
    missing_clearance               boolean,
    recorded_at                     timestamptz
);
CREATE INDEX report_cases_day ON projection.report_cases (report_day);

-- The analysts' schema: views only (later migrations), read by the read-only role handover_analyst where it exists
-- (docker-compose and ./run create it; a production database may name another role and grant it the same).
CREATE SCHEMA analytics;

DO $$
BEGIN
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'handover_analyst') THEN
        GRANT USAGE ON SCHEMA analytics TO handover_analyst;
        ALTER DEFAULT PRIVILEGES IN SCHEMA analytics GRANT SELECT ON TABLES TO handover_analyst;
    END IF;
END
$$;
