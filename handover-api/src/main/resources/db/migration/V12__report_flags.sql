-- Reports over a million cases (issue 10): the reports' counts read one integer per case instead of comparing text
-- columns some forty times a row, and the percentiles sort plain int4 arrays instead of feeding PostgreSQL's
-- tuplesort. Measured on 1,000,000 cases (benchmarks' ReadStoreBenchmark; handover-api/README.md "Reports"): the
-- site report's SQL 3.2 s before, ~1.3 s after.
--
-- 1. intarray (a trusted contrib extension shipped with PostgreSQL: the database owner may create it) for
--    sort_asc(int[]): PostgreSQL 17 has no array sort of its own (array_sort() arrives in 18). In a schema of its own so
--    its operators on int[] never shadow the built-in ones for anybody else's queries. Where an administrator installed
--    intarray in another schema already, IF NOT EXISTS leaves it there and the API looks the schema up.
CREATE SCHEMA IF NOT EXISTS report_support;
CREATE EXTENSION IF NOT EXISTS intarray WITH SCHEMA report_support;

-- 2. report_flags: what the reports count of a case, packed by PostgreSQL itself on every write (a stored generated
--    column: the projection's writer, a rebuild and this migration's rewrite of existing rows all get the same
--    value). The layout is handover-api's ReportFlags; ReportFlagsIT writes one case per code and checks that each
--    is counted under its own code only, so a new vocabulary value without a code here fails the build. To change
--    it: a new migration with ALTER TABLE ... ALTER COLUMN report_flags SET EXPRESSION AS (...).
--      bit 0       status CLOSED (the reports read OPEN and CLOSED rows only; 0 = OPEN)
--      bits 1-3    outcome: 1 CLEARED, 2 CANCELLED, 3 DIVERTED, 4 ABSCONDED, 5 ENDED_WITHOUT_HANDOVER,
--                  6 REFERRED_AT_SCENE, 7 NOT_RECORDED, 0 none
--      bit 4       complete
--      bits 5-6    highest escalation level reached, 3 for 3 and above, 0 for none
--      bit 7       legal clock breached
--      bit 8       repeat attendance within 30 days
--      bit 9       repeat attendance within 90 days
--      bits 10-12  disposition: 1 ADMITTED_INFORMAL, 2 ADMITTED_DETAINED, 3 DISCHARGED,
--                  4 REFERRED_COMMUNITY_MENTAL_HEALTH, 5 REFERRED_DBI, 6 OTHER, 0 none
--      bits 13-14  referral pathway: 1 NHS24_MENTAL_HEALTH_HUB, 2 DBI, 3 OTHER, 0 none
--      bits 15-21  delay reasons, one bit each: AWAITING_MENTAL_HEALTH_ASSESSMENT, AWAITING_MEDICAL_ASSESSMENT,
--                  AWAITING_MENTAL_HEALTH_OFFICER, AWAITING_BED, INTOXICATION, STAFFING, OTHER
ALTER TABLE projection.report_cases ADD COLUMN report_flags integer NOT NULL GENERATED ALWAYS AS (
    (CASE WHEN status = 'CLOSED' THEN 1 ELSE 0 END)
    | ((CASE outcome
            WHEN 'CLEARED' THEN 1
            WHEN 'CANCELLED' THEN 2
            WHEN 'DIVERTED' THEN 3
            WHEN 'ABSCONDED' THEN 4
            WHEN 'ENDED_WITHOUT_HANDOVER' THEN 5
            WHEN 'REFERRED_AT_SCENE' THEN 6
            WHEN 'NOT_RECORDED' THEN 7
            ELSE 0 END) << 1)
    | ((CASE WHEN complete THEN 1 ELSE 0 END) << 4)
    | (least(greatest(coalesce(max_escalation_level, 0), 0), 3) << 5)
    | ((CASE WHEN legal_clock_breached THEN 1 ELSE 0 END) << 7)
    | ((CASE WHEN repeat_within_30d THEN 1 ELSE 0 END) << 8)
    | ((CASE WHEN repeat_within_90d THEN 1 ELSE 0 END) << 9)
    | ((CASE disposition
            WHEN 'ADMITTED_INFORMAL' THEN 1
            WHEN 'ADMITTED_DETAINED' THEN 2
            WHEN 'DISCHARGED' THEN 3
            WHEN 'REFERRED_COMMUNITY_MENTAL_HEALTH' THEN 4
            WHEN 'REFERRED_DBI' THEN 5
            WHEN 'OTHER' THEN 6
            ELSE 0 END) << 10)
    | ((CASE referral_pathway
            WHEN 'NHS24_MENTAL_HEALTH_HUB' THEN 1
            WHEN 'DBI' THEN 2
            WHEN 'OTHER' THEN 3
            ELSE 0 END) << 13)
    | ((CASE WHEN 'AWAITING_MENTAL_HEALTH_ASSESSMENT' = ANY (delay_reasons) THEN 1 ELSE 0 END) << 15)
    | ((CASE WHEN 'AWAITING_MEDICAL_ASSESSMENT' = ANY (delay_reasons) THEN 1 ELSE 0 END) << 16)
    | ((CASE WHEN 'AWAITING_MENTAL_HEALTH_OFFICER' = ANY (delay_reasons) THEN 1 ELSE 0 END) << 17)
    | ((CASE WHEN 'AWAITING_BED' = ANY (delay_reasons) THEN 1 ELSE 0 END) << 18)
    | ((CASE WHEN 'INTOXICATION' = ANY (delay_reasons) THEN 1 ELSE 0 END) << 19)
    | ((CASE WHEN 'STAFFING' = ANY (delay_reasons) THEN 1 ELSE 0 END) << 20)
    | ((CASE WHEN 'OTHER' = ANY (delay_reasons) THEN 1 ELSE 0 END) << 21)
) STORED;

COMMENT ON COLUMN projection.report_cases.report_flags IS
    'What the reports count of the case, packed (layout in migration V12__report_flags.sql); derived, never written.';
