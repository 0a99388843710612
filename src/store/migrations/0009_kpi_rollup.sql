-- 0009 The KPI rollup in two grains, with the breakdown counts: kpi_daily (0004) becomes
-- kpi_rollup. Grain 0 rows are days, as before; grain 1 rows are Asia/Shanghai calendar months
-- (day = the month's first day), each the sum of its days, kept in step by
-- events::refresh_kpi_rollup, so a year is read as 12 months and the days at its ends. Every
-- row also counts its events per class, channel and current state (the KPI breakdowns).
-- The rollup is derived data: the table starts empty and the first refresh rebuilds it.
DROP TABLE kpi_daily;
DELETE FROM setting WHERE key = 'kpi_rollup_transition';

CREATE TABLE kpi_rollup (
  grain               BIGINT NOT NULL,   -- 0: a day; 1: a month (day = its first day)
  day                 BIGINT NOT NULL,
  org_path            TEXT NOT NULL,
  dept_id             BIGINT NOT NULL,
  dept_path           TEXT NOT NULL,
  grid_id             BIGINT NOT NULL,   -- 0: the community's "no grid" queue
  community_id        BIGINT NOT NULL,
  street_id           BIGINT NOT NULL,
  reported            BIGINT NOT NULL,
  accepted            BIGINT NOT NULL,
  rejected            BIGINT NOT NULL,
  merged              BIGINT NOT NULL,
  closed              BIGINT NOT NULL,
  closed_on_time      BIGINT NOT NULL,
  resolved_in_grid    BIGINT NOT NULL,
  whistled            BIGINT NOT NULL,
  reopened            BIGINT NOT NULL,
  rated               BIGINT NOT NULL,
  rating_sum          BIGINT NOT NULL,
  satisfied           BIGINT NOT NULL,
  complaints          BIGINT NOT NULL,
  handling_ms         BIGINT NOT NULL,
  summoned            BIGINT NOT NULL,
  report_ins          BIGINT NOT NULL,
  report_ins_on_time  BIGINT NOT NULL,
  summoned_lead       BIGINT NOT NULL,
  submitted           BIGINT NOT NULL,
  submitted_on_time   BIGINT NOT NULL,
  dept_handling_ms    BIGINT NOT NULL,
  closed_on_day       BIGINT NOT NULL,
  overdue_on_day      BIGINT NOT NULL,
  handling_hist       TEXT NOT NULL,     -- "bucket:count;…" (events::handling_bucket)
  class_counts        TEXT NOT NULL,     -- "class_id:count;…" over the row's events
  channel_counts      TEXT NOT NULL,     -- "channel:count;…"
  state_counts        TEXT NOT NULL,     -- "state:count;…" (the events' current states)
  PRIMARY KEY (grain, day, org_path, dept_id)
);
-- @postgres
ALTER TABLE kpi_rollup ALTER COLUMN org_path TYPE TEXT COLLATE "C";
ALTER TABLE kpi_rollup ALTER COLUMN dept_path TYPE TEXT COLLATE "C";
-- @end
