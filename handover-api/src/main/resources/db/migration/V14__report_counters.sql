-- Packed counters (issue 10: reports over a million cases in under a second). A report counts 39 things per group (open
-- cases, each outcome, disposition, pathway and delay reason, escalation levels, handovers within 15..60 minutes, time
-- at the site over 4, 8 and 12 hours: ReportQueries.COUNTED), and a count(*) FILTER per count cost a third of a report
-- (measured on 1,100,000 cases: 0.35 s of 1.1). So every row of report_facts carries, in columns counters_0 ..
-- counters_12, a one in the field of each count it is in: three fields of 21 bits a bigint, so one sum() counts three
-- things at once and is exact while a group has at most 2^21 - 1 = 2,097,151 cases (the reports count a larger group
-- with FILTERs). The copy trigger of V13 computes them, made again here from the layout below, each counter column as
-- one PL/pgSQL assignment (an expression PostgreSQL prepares once per transaction). Not generated columns, nor
-- expressions in the trigger's INSERT: PostgreSQL prepares those again on every statement, and the trigger's one-row
-- statements then wrote report_cases 5.5 and 1.4 times slower than V13 (200,000 rows: 41 s and 10.6-16 s against
-- 7.3-10.3 s).
--
-- projection.report_counters is the layout: a count's predicate over a row of report_facts and its position; field
-- position % 3 of column counters_(position / 3). The API reads it and counts a predicate it does not find here with a
-- FILTER, so a count added to the reports stays exact before a migration packs it (ReportFlagsIT fails until one
-- does). To change a predicate: a new migration that updates the layout and runs this file's DO block again (it makes
-- the table, the trigger function and the facts from the layout).
--
-- report_facts is made again with its columns in the order PostgreSQL takes a row apart fastest: the NOT NULL
-- fixed-width columns first (their offsets are the same in every row), then those that may be null, the text last.
-- Measured on 1,100,000 cases: a report by site 0.61 s in this order, 0.71-0.86 s with the counters after the text
-- columns. The table is the reports' own (migration V13): it is filled again from report_cases as V13 did.
CREATE TABLE projection.report_counters (
    position  integer PRIMARY KEY CHECK (position >= 0),
    predicate text    NOT NULL UNIQUE
);

COMMENT ON TABLE projection.report_counters IS
    'Which report count each field of report_facts.counters_N holds: field position % 3 (21 bits each) of counters_(position / 3) (migration V14).';

INSERT INTO projection.report_counters (position, predicate) VALUES
    (0, 'report_flags & 1 = 0'),
    (1, 'report_flags & 15 = 3'),
    (2, 'report_flags & 15 = 5'),
    (3, 'report_flags & 15 = 7'),
    (4, 'report_flags & 15 = 9'),
    (5, 'report_flags & 15 = 11'),
    (6, 'report_flags & 17 = 17'),
    (7, 'report_flags & 1 = 1 AND report_flags & 96 >= 32'),
    (8, 'report_flags & 1 = 1 AND report_flags & 96 >= 64'),
    (9, 'report_flags & 1 = 1 AND report_flags & 96 >= 96'),
    (10, 'report_flags & 129 = 129'),
    (11, 'report_flags & 257 = 257'),
    (12, 'report_flags & 513 = 513'),
    (13, 'report_flags & 7169 = 1025'),
    (14, 'report_flags & 7169 = 2049'),
    (15, 'report_flags & 7169 = 3073'),
    (16, 'report_flags & 7169 = 4097'),
    (17, 'report_flags & 7169 = 5121'),
    (18, 'report_flags & 7169 = 6145'),
    (19, 'report_flags & 15 = 13'),
    (20, 'report_flags & 24591 = 8205'),
    (21, 'report_flags & 24591 = 16397'),
    (22, 'report_flags & 24591 = 24589'),
    (23, 'report_flags & 32769 = 32769'),
    (24, 'report_flags & 65537 = 65537'),
    (25, 'report_flags & 131073 = 131073'),
    (26, 'report_flags & 262145 = 262145'),
    (27, 'report_flags & 524289 = 524289'),
    (28, 'report_flags & 1048577 = 1048577'),
    (29, 'report_flags & 2097153 = 2097153'),
    (30, 'report_flags & 15 = 15'),
    (31, 'handover_seconds <= 900'),
    (32, 'handover_seconds <= 1800'),
    (33, 'handover_seconds <= 2700'),
    (34, 'handover_seconds <= 3600'),
    (35, 'handover_seconds > 3600'),
    (36, 'time_at_ed_seconds > 14400'),
    (37, 'time_at_ed_seconds > 28800'),
    (38, 'time_at_ed_seconds > 43200');

-- The table again, counters first; the copy trigger's function and the facts of what is there, all from the layout.
DO $$
DECLARE
    -- The columns of report_facts but the counters: name, type, value from a report_cases row %1$s.
    names constant text[] := ARRAY[
        'report_day', 'report_week', 'report_month', 'report_flags', 'report_hour', 'report_weekday',
        'arrival_to_acknowledged_seconds', 'handover_seconds', 'handover_to_clear_seconds', 'time_at_ed_seconds',
        'arrival_to_assessment_seconds', 'officer_seconds', 'site_code', 'police_division', 'legal_basis', 'case_id'];
    types constant text[] := ARRAY[
        'date NOT NULL', 'date NOT NULL', 'date NOT NULL', 'integer NOT NULL', 'smallint NOT NULL', 'smallint NOT NULL',
        'bigint', 'bigint', 'bigint', 'bigint', 'bigint', 'bigint', 'text NOT NULL', 'text', 'text',
        'text PRIMARY KEY'];
    values_of constant text[] := ARRAY[
        '%1$s.report_day',
        '%1$s.report_day - extract(isodow FROM %1$s.report_day)::integer + 1',
        '%1$s.report_day - extract(day FROM %1$s.report_day)::integer + 1',
        '%1$s.report_flags',
        'extract(hour FROM %1$s.report_at AT TIME ZONE ''Europe/London'')::smallint',
        'extract(isodow FROM %1$s.report_day)::smallint',
        '%1$s.arrival_to_acknowledged_seconds', '%1$s.handover_seconds', '%1$s.handover_to_clear_seconds',
        '%1$s.time_at_ed_seconds', '%1$s.arrival_to_assessment_seconds', '%1$s.officer_seconds',
        '%1$s.site_code', '%1$s.police_division', '%1$s.legal_basis', '%1$s.case_id'];
    columns text := array_to_string(names, ', ');
    counter_columns text;
    counter_definitions text;
    counter_values text;
    counter_assignments text;
    declarations text := '';
    assignments text := '';
    facts_of_rc text := '';
    updates text := '';
BEGIN
    FOR i IN 1 .. array_length(names, 1) LOOP
        declarations := declarations || format(E'\n            %s %s;', names[i], split_part(types[i], ' ', 1));
        assignments := assignments || format(E'\n            %s := %s;', names[i], format(values_of[i], 'NEW'));
        facts_of_rc := facts_of_rc || CASE WHEN i > 1 THEN ', ' ELSE '' END
            || format(values_of[i], 'rc') || ' AS ' || names[i];
    END LOOP;
    SELECT string_agg(format('counters_%s', c), ', ' ORDER BY c),
           string_agg(format('counters_%s bigint NOT NULL', c), ', ' ORDER BY c),
           string_agg(e, ', ' ORDER BY c),
           string_agg(format(E'\n            counters_%s := %s;', c, e), '' ORDER BY c)
    INTO counter_columns, counter_definitions, counter_values, counter_assignments
    FROM (SELECT position / 3 AS c,
                 '(' || string_agg(format('CASE WHEN %s THEN %s ELSE 0 END', predicate,
                                          (1::bigint << (21 * (position % 3)))::text || '::bigint'),
                                   ' + ' ORDER BY position) || ')' AS e
          FROM projection.report_counters
          GROUP BY position / 3) AS packed;
    SELECT string_agg(format('%1$s = EXCLUDED.%1$s', name), ', ')
    INTO updates
    FROM unnest(string_to_array(columns || ', ' || counter_columns, ', ')) AS name
    WHERE name <> 'case_id';
    SELECT declarations || string_agg(format(E'\n            counters_%s bigint;', c), '' ORDER BY c)
    INTO declarations
    FROM generate_series(0, (SELECT max(position) / 3 FROM projection.report_counters)) AS c;

    DROP TABLE projection.report_facts;
    EXECUTE 'CREATE TABLE projection.report_facts (' || counter_definitions || ', '
        || (SELECT string_agg(names[i] || ' ' || types[i], ', ' ORDER BY i)
            FROM generate_subscripts(names, 1) AS i) || ')';

    -- Variables named as the columns, so the layout's predicates read them; the statements name columns qualified.
    EXECUTE format($function$
        CREATE OR REPLACE FUNCTION projection.report_facts_copy() RETURNS trigger LANGUAGE plpgsql AS $body$
        #variable_conflict use_variable
        DECLARE%1$s
        BEGIN
            IF TG_OP = 'DELETE' THEN
                DELETE FROM projection.report_facts AS f WHERE f.case_id = OLD.case_id;
                RETURN NULL;
            END IF;
            IF NEW.status = 'VOID' THEN
                DELETE FROM projection.report_facts AS f WHERE f.case_id = NEW.case_id;
                RETURN NULL;
            END IF;%2$s%3$s
            INSERT INTO projection.report_facts (%4$s, %5$s) VALUES (%4$s, %5$s)
            ON CONFLICT ON CONSTRAINT report_facts_pkey DO UPDATE SET %6$s;
            RETURN NULL;
        END
        $body$
        $function$, declarations, assignments, counter_assignments, columns, counter_columns, updates);

    EXECUTE format('INSERT INTO projection.report_facts (%1$s, %2$s) SELECT r.*, %3$s FROM (SELECT %4$s'
        || ' FROM projection.report_cases AS rc WHERE rc.status IN (''OPEN'', ''CLOSED'')) AS r',
        columns, counter_columns, counter_values, facts_of_rc);
END
$$;
CREATE INDEX report_facts_day ON projection.report_facts (report_day);

COMMENT ON TABLE projection.report_facts IS
    'The reports'' narrow copy of the OPEN and CLOSED rows of report_cases with packed counters, kept by triggers (migrations V13, V14); never written directly.';
