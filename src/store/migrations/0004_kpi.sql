-- 0004 考核指标 (KPIs): residents per org unit (until the people register exists) and the indexes
-- the KPI queries aggregate from (src/events/kpi_store.cpp). Same token rules as 0001.

-- residents: set for communities (the demo seeds figures); streets and the district sum theirs
ALTER TABLE org_unit ADD COLUMN population BIGINT;

-- events closed in a period (KPI series)
CREATE INDEX event_closed_at ON event(closed_at) WHERE closed_at IS NOT NULL;

-- KPI cohorts (events reported in a period): every column the aggregates read, so a period is
-- one index range scan that never touches the wide event rows (title, description, address).
-- @sqlite
CREATE INDEX event_kpi ON event(reported_at, org_path, subclass_id, state, grid_id, community_id,
  street_id, class_id, channel, accepted_at, closed_at, was_whistled, resolved_in_grid,
  reopen_count, rating, complaints);
-- @end
-- @postgres
CREATE INDEX event_kpi ON event(reported_at) INCLUDE (org_path, subclass_id, state, grid_id,
  community_id, street_id, class_id, channel, accepted_at, closed_at, was_whistled,
  resolved_in_grid, reopen_count, rating, complaints);
-- @end

-- summons of a cohort's events, read without touching the table
CREATE INDEX event_dept_kpi ON event_dept(event_id, dept_id, dept_path, role, summoned_at,
  report_in_due, reported_in_at, handle_due, submitted_at);

-- 考核指标日汇总: the KPI rollup, derived from the events, their summons and transitions, and
-- rebuilt day by day by events::refresh_kpi_rollup for the days that new transitions touched.
-- One row per Asia/Shanghai day (day = (instant + 8 h) / 1 day), event org path and department:
-- dept_id = 0 holds the sums over the events reported that day under that path (with all their
-- summons); dept_id = D the sums over those of them summoned to department D (with D's summons).
-- closed_on_day / overdue_on_day count the events closed and the overdue flags raised ON that day.
CREATE TABLE kpi_daily (
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
  PRIMARY KEY (day, org_path, dept_id)
);
-- @postgres
ALTER TABLE kpi_daily ALTER COLUMN org_path TYPE TEXT COLLATE "C";
ALTER TABLE kpi_daily ALTER COLUMN dept_path TYPE TEXT COLLATE "C";
-- @end
