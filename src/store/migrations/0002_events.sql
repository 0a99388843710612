-- 0002 一网统管 events: taxonomy, events, their transitions (the timeline), whistled departments,
-- attachments, supervision (督办), Open311 clients. Same token rules as 0001.

-- 大类
CREATE TABLE event_class (
  id          {{ID}},
  code        TEXT NOT NULL UNIQUE,       -- "01"
  name        TEXT NOT NULL,
  name_en     TEXT NOT NULL DEFAULT '',
  active      INTEGER NOT NULL DEFAULT 1,
  version     BIGINT NOT NULL DEFAULT 1,
  created_at  BIGINT NOT NULL,
  updated_at  BIGINT NOT NULL
);

-- 小类, with the defaults every event of it starts from
CREATE TABLE event_subclass (
  id                 {{ID}},
  class_id           BIGINT NOT NULL REFERENCES event_class(id),
  code               TEXT NOT NULL UNIQUE,  -- "0101"
  name               TEXT NOT NULL,
  name_en            TEXT NOT NULL DEFAULT '',
  lead_dept_id       BIGINT REFERENCES org_unit(id),
  assist_dept_ids    TEXT NOT NULL DEFAULT '[]',  -- JSON array of org_unit ids
  priority           INTEGER NOT NULL DEFAULT 2,  -- 1 urgent, 2 normal, 3 low
  accept_minutes     BIGINT NOT NULL,             -- per-stage deadlines (时限)
  report_in_minutes  BIGINT NOT NULL,
  handle_minutes     BIGINT NOT NULL,
  verify_minutes     BIGINT NOT NULL,
  active             INTEGER NOT NULL DEFAULT 1,
  version            BIGINT NOT NULL DEFAULT 1,
  created_at         BIGINT NOT NULL,
  updated_at         BIGINT NOT NULL
);
CREATE INDEX event_subclass_class ON event_subclass(class_id);

-- every change to a class or subclass, as a snapshot of the new state
CREATE TABLE taxonomy_history (
  id          {{ID}},
  kind        TEXT NOT NULL,               -- class | subclass
  object_id   BIGINT NOT NULL,
  version     BIGINT NOT NULL,
  snapshot    TEXT NOT NULL,
  changed_by  BIGINT,
  changed_at  BIGINT NOT NULL
);
CREATE INDEX taxonomy_history_object ON taxonomy_history(kind, object_id, version);

-- 事件 (its receipt code SJ<yyyymmdd><id, 8 digits> is derived, not stored)
CREATE TABLE event (
  id              {{ID}},
  class_id        BIGINT NOT NULL REFERENCES event_class(id),
  subclass_id     BIGINT NOT NULL REFERENCES event_subclass(id),
  state           TEXT NOT NULL,
  channel         TEXT NOT NULL,             -- grid_worker | resident | hotline | open311 | sensor | console
  priority        INTEGER NOT NULL,
  title           TEXT NOT NULL,
  description     TEXT NOT NULL DEFAULT '',
  address         TEXT NOT NULL DEFAULT '',
  lon             DOUBLE PRECISION,
  lat             DOUBLE PRECISION,
  grid_id         BIGINT REFERENCES org_unit(id),  -- NULL: the "no grid" queue of community_id
  community_id    BIGINT NOT NULL REFERENCES org_unit(id),
  street_id       BIGINT NOT NULL REFERENCES org_unit(id),
  org_path        TEXT NOT NULL,             -- path of the grid (or community): the event's scope
  reporter_id     BIGINT REFERENCES users(id),
  reporter_name   TEXT NOT NULL DEFAULT '',  -- shown name for hotline / Open311 reporters
  external_ref    TEXT,                      -- hotline ticket, Open311 client + token, sensor id
  merged_into     BIGINT REFERENCES event(id),
  lead_dept_id    BIGINT REFERENCES org_unit(id),
  stage           TEXT,                      -- accept | report_in | handle | verify | NULL
  stage_started_at BIGINT,
  stage_due_at    BIGINT,
  overdue         INTEGER NOT NULL DEFAULT 0,
  was_whistled    INTEGER NOT NULL DEFAULT 0,
  resolved_in_grid INTEGER NOT NULL DEFAULT 0,
  reopen_count    BIGINT NOT NULL DEFAULT 0,
  rating          INTEGER,
  rating_comment  TEXT,
  complaints      BIGINT NOT NULL DEFAULT 0,
  reported_at     BIGINT NOT NULL,
  accepted_at     BIGINT,
  closed_at       BIGINT,
  version         BIGINT NOT NULL DEFAULT 1,
  updated_at      BIGINT NOT NULL
);
CREATE UNIQUE INDEX event_external_ref ON event(channel, external_ref) WHERE external_ref IS NOT NULL;
CREATE INDEX event_org_path ON event(org_path, id);
CREATE INDEX event_state ON event(state, id);
CREATE INDEX event_reported_at ON event(reported_at);
CREATE INDEX event_subclass_time ON event(subclass_id, reported_at);
CREATE INDEX event_due ON event(stage_due_at) WHERE stage_due_at IS NOT NULL;
CREATE INDEX event_reporter ON event(reporter_id);

-- people who follow an event besides its reporter (the reporters of merged duplicates)
CREATE TABLE event_follower (
  event_id  BIGINT NOT NULL REFERENCES event(id),
  user_id   BIGINT NOT NULL REFERENCES users(id),
  PRIMARY KEY (event_id, user_id)
);
CREATE INDEX event_follower_user ON event_follower(user_id);

-- 流转记录: every transition, the timeline and the source of every KPI
CREATE TABLE event_transition (
  id           {{ID}},
  event_id     BIGINT NOT NULL REFERENCES event(id),
  action       TEXT NOT NULL,             -- report | accept | … | supervise | overdue
  from_state   TEXT,
  to_state     TEXT NOT NULL,
  actor_id     BIGINT,                    -- NULL: the system (scheduler, Open311 client)
  actor_name   TEXT NOT NULL,
  actor_role   TEXT NOT NULL,
  actor_org_id BIGINT,
  dept_id      BIGINT,                    -- report_in / submit: which department
  note         TEXT NOT NULL DEFAULT '',
  data         TEXT NOT NULL DEFAULT '{}', -- action details (departments, rating, merge target)
  at           BIGINT NOT NULL
);
CREATE INDEX event_transition_event ON event_transition(event_id, id);
CREATE INDEX event_transition_action ON event_transition(action, at);

-- 吹哨: the departments summoned for an event, lead and assisting
CREATE TABLE event_dept (
  id              {{ID}},
  event_id        BIGINT NOT NULL REFERENCES event(id),
  dept_id         BIGINT NOT NULL REFERENCES org_unit(id),
  dept_path       TEXT NOT NULL,
  role            TEXT NOT NULL,            -- lead | assist
  summoned_at     BIGINT NOT NULL,
  report_in_due   BIGINT NOT NULL,
  reported_in_at  BIGINT,
  handle_due      BIGINT NOT NULL,
  submitted_at    BIGINT
);
CREATE UNIQUE INDEX event_dept_unique ON event_dept(event_id, dept_id);
CREATE INDEX event_dept_path ON event_dept(dept_path, event_id);

-- photos and files; the bytes live content-addressed under the data dir
CREATE TABLE event_attachment (
  id             {{ID}},
  event_id       BIGINT NOT NULL REFERENCES event(id),
  transition_id  BIGINT REFERENCES event_transition(id),
  sha256         TEXT NOT NULL,
  mime           TEXT NOT NULL,
  size           BIGINT NOT NULL,
  name           TEXT NOT NULL DEFAULT '',
  uploaded_by    BIGINT,
  at             BIGINT NOT NULL
);
CREATE INDEX event_attachment_event ON event_attachment(event_id);

-- 督办: an overdue stage, escalated community → street → district until it moves
CREATE TABLE supervision (
  id          {{ID}},
  event_id    BIGINT NOT NULL REFERENCES event(id),
  stage       TEXT NOT NULL,
  dept_id     BIGINT REFERENCES org_unit(id),
  level       TEXT NOT NULL,              -- community | street | district
  org_path    TEXT NOT NULL,              -- who supervises (scope of the record)
  opened_at   BIGINT NOT NULL,
  due_at      BIGINT NOT NULL,
  escalated_at BIGINT,                    -- street level: when the district took it over
  closed_at   BIGINT
);
CREATE INDEX supervision_event ON supervision(event_id);
CREATE INDEX supervision_open ON supervision(closed_at, level);

-- Open311 GeoReport v2 clients and their API keys (only a keyed hash is stored, see 0006)
CREATE TABLE open311_client (
  id          {{ID}},
  name        TEXT NOT NULL,
  key_hash    TEXT NOT NULL UNIQUE,       -- keyed BLAKE2b-256 of the API key, hex
  active      INTEGER NOT NULL DEFAULT 1, -- 0: revoked, its key gets 403
  created_at  BIGINT NOT NULL,
  created_by  BIGINT,
  revoked_at  BIGINT,
  revoked_by  BIGINT
);
