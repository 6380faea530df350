-- The supervisor's queue of rejected submissions (GET /api/v1/rejections): an organisation's newest first.
CREATE INDEX rejections_by_organisation ON projection.rejections (submitter_org, rejected_at DESC);
