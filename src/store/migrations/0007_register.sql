-- 0007 一标三实 register: standard addresses (community → estate → building → unit → floor →
-- room), housing, residents, households, care tags, organisations, and the import of
-- department extracts (sources, batches, records, review queue, merges, change log).
-- Same token rules as 0001. Personal identifiers are never stored in clear: *_enc columns hold
-- libsodium secretbox output, *_index the keyed blind index, *_masked the default display form.

-- 标准地址. One table for every level; a room's ancestors are found through parent_id.
CREATE TABLE address (
  id            {{ID}},
  parent_id     BIGINT REFERENCES address(id),
  level         TEXT NOT NULL,            -- estate | building | unit | floor | room
  code          TEXT NOT NULL UNIQUE,     -- 110105-001-002-E03-B005-U2-F03-R301
  name          TEXT NOT NULL,            -- 花家地西里 | 5号楼 | 2单元 | 3层 | 301
  full_name     TEXT NOT NULL,            -- 花家地西里5号楼2单元301
  number        BIGINT,                   -- building / unit / floor number
  match_key     TEXT,                     -- room: "花家地西里|5|2|301" (ingest::address_key)
  community_id  BIGINT NOT NULL REFERENCES org_unit(id),
  grid_id       BIGINT REFERENCES org_unit(id),
  org_path      TEXT NOT NULL,            -- scope: the grid's path, else the community's
  footprint     TEXT,                     -- building: GeoJSON Polygon (WGS 84)
  floors        BIGINT,                   -- building: floors above ground
  lon           DOUBLE PRECISION,         -- building: a point inside the footprint
  lat           DOUBLE PRECISION,
  active        INTEGER NOT NULL DEFAULT 1,
  created_at    BIGINT NOT NULL,
  updated_at    BIGINT NOT NULL
);
CREATE INDEX address_parent ON address(parent_id);
CREATE INDEX address_level_community ON address(level, community_id);
CREATE INDEX address_match_key ON address(match_key);
CREATE INDEX address_org_path ON address(org_path);

-- Other spellings of an estate's name (望京西园三区 / 望京西园3区), for address matching.
CREATE TABLE address_alias (
  alias       TEXT NOT NULL PRIMARY KEY,
  address_id  BIGINT NOT NULL REFERENCES address(id)
);

-- Address texts a reviewer tied to a room (review queue "fix"): the next import of the same
-- text finds the room without the parser.
CREATE TABLE address_text_alias (
  text        TEXT NOT NULL PRIMARY KEY,
  room_id     BIGINT NOT NULL REFERENCES address(id),
  created_by  BIGINT,
  created_at  BIGINT NOT NULL
);

-- 实有房屋, one row per room.
CREATE TABLE housing (
  room_id         BIGINT PRIMARY KEY REFERENCES address(id),
  room_use        TEXT NOT NULL DEFAULT 'other',  -- owner_occupied | rented | vacant | commercial | other
  area_m2         DOUBLE PRECISION,
  owner_person_id BIGINT,
  owner_name      TEXT NOT NULL DEFAULT '',
  tenancy         TEXT NOT NULL DEFAULT '',       -- e.g. lease period as the source wrote it
  source          TEXT NOT NULL DEFAULT '',
  provenance      TEXT NOT NULL DEFAULT '{}',
  updated_at      BIGINT NOT NULL
);

-- 户
CREATE TABLE household (
  id            {{ID}},
  household_no  TEXT NOT NULL UNIQUE,     -- 户号 as the police extract has it
  head_person_id BIGINT,
  room_id       BIGINT REFERENCES address(id),
  org_path      TEXT NOT NULL,
  created_at    BIGINT NOT NULL,
  updated_at    BIGINT NOT NULL
);
CREATE INDEX household_room ON household(room_id);

-- 实有人口. Current values; where each came from is in `provenance` (JSON field -> source,
-- batch, time) and every change is in register_change.
CREATE TABLE person (
  id              {{ID}},
  name            TEXT NOT NULL,
  name_initials   TEXT NOT NULL DEFAULT '',  -- pinyin initials, for fuzzy search
  gender          TEXT,                      -- M | F
  birth_date      TEXT,                      -- YYYY-MM-DD
  ethnicity       TEXT NOT NULL DEFAULT '',
  id_type         TEXT NOT NULL DEFAULT '',  -- resident_id | passport | other
  id_enc          {{BLOB}},
  id_index        TEXT,
  id_masked       TEXT NOT NULL DEFAULT '',
  phone_enc       {{BLOB}},
  phone_index     TEXT,
  phone_masked    TEXT NOT NULL DEFAULT '',
  hukou_address   TEXT NOT NULL DEFAULT '',
  hukou_room_id   BIGINT REFERENCES address(id),
  actual_address  TEXT NOT NULL DEFAULT '',  -- as the winning source wrote it
  room_id         BIGINT REFERENCES address(id),
  arrival_date    TEXT,
  residence_type  TEXT NOT NULL DEFAULT '',  -- registered | migrant | overseas
  household_id    BIGINT REFERENCES household(id),
  relation        TEXT NOT NULL DEFAULT '',  -- 与户主关系
  community_id    BIGINT REFERENCES org_unit(id),
  org_path        TEXT NOT NULL,             -- scope: the room's grid, else community, else district
  merged_into     BIGINT,                    -- set when merged into another person (undoable)
  batch_id        BIGINT,                    -- the import batch that created it (NULL: by hand)
  provenance      TEXT NOT NULL DEFAULT '{}',
  version         BIGINT NOT NULL DEFAULT 1,
  created_at      BIGINT NOT NULL,
  updated_at      BIGINT NOT NULL
);
CREATE INDEX person_id_index ON person(id_index);
CREATE INDEX person_phone_index ON person(phone_index);
CREATE INDEX person_room ON person(room_id);
CREATE INDEX person_household ON person(household_id);
CREATE INDEX person_initials ON person(name_initials);
CREATE INDEX person_org_path ON person(org_path);
CREATE INDEX person_batch ON person(batch_id);

-- 重点人群 tags from a source (derived ones — elderly, living alone — are computed on read).
CREATE TABLE person_tag (
  person_id   BIGINT NOT NULL REFERENCES person(id),
  tag         TEXT NOT NULL,
  source      TEXT NOT NULL,
  since       TEXT NOT NULL,               -- YYYY-MM-DD the source first said so
  batch_id    BIGINT,
  PRIMARY KEY (person_id, tag)
);

-- 实有单位
CREATE TABLE organisation (
  id            {{ID}},
  name          TEXT NOT NULL,
  uscc          TEXT UNIQUE,               -- 统一社会信用代码, validated
  org_type      TEXT NOT NULL DEFAULT '',  -- enterprise | individual | social | public | other
  room_id       BIGINT REFERENCES address(id),
  address_text  TEXT NOT NULL DEFAULT '',
  contact_name  TEXT NOT NULL DEFAULT '',
  phone_enc     {{BLOB}},
  phone_index   TEXT,
  phone_masked  TEXT NOT NULL DEFAULT '',
  staff_count   BIGINT,
  community_id  BIGINT REFERENCES org_unit(id),
  org_path      TEXT NOT NULL,
  source        TEXT NOT NULL DEFAULT '',
  created_at    BIGINT NOT NULL,
  updated_at    BIGINT NOT NULL
);
CREATE INDEX organisation_org_path ON organisation(org_path);

-- Department sources and their field priority: {"identity":1,"hukou":1,"contact":3,…}
-- (lower wins; a field group missing from a source's policy ranks after every listed one).
CREATE TABLE import_source (
  code        TEXT PRIMARY KEY,            -- police | civil | health | housing | …
  name        TEXT NOT NULL,
  name_en     TEXT NOT NULL DEFAULT '',
  builtin     INTEGER NOT NULL DEFAULT 0,
  priorities  TEXT NOT NULL,
  mapping     TEXT NOT NULL DEFAULT '',    -- default TOML mapping for this source's files
  created_at  BIGINT NOT NULL
);

CREATE TABLE import_batch (
  id            {{ID}},
  source        TEXT NOT NULL REFERENCES import_source(code),
  file_name     TEXT NOT NULL,
  file_sha256   TEXT NOT NULL,
  encoding      TEXT NOT NULL,
  rows_total    BIGINT NOT NULL DEFAULT 0,
  rows_new      BIGINT NOT NULL DEFAULT 0,   -- created a person
  rows_merged   BIGINT NOT NULL DEFAULT 0,   -- matched an existing person
  rows_updated  BIGINT NOT NULL DEFAULT 0,   -- changed a stored value
  rows_same     BIGINT NOT NULL DEFAULT 0,   -- identical to the last import of that record
  rows_review   BIGINT NOT NULL DEFAULT 0,
  rows_error    BIGINT NOT NULL DEFAULT 0,
  state         TEXT NOT NULL,               -- committed | rolled_back
  org_id        BIGINT REFERENCES org_unit(id),  -- scope the batch was imported into
  org_path      TEXT NOT NULL,
  created_by    BIGINT,
  created_at    BIGINT NOT NULL,
  rolled_back_by BIGINT,
  rolled_back_at BIGINT
);
CREATE INDEX import_batch_source ON import_batch(source, created_at);

-- Every imported row: which person it became (person-links export) and a hash of its cleaned
-- content, so re-importing the same file changes nothing.
CREATE TABLE import_record (
  id          {{ID}},
  source      TEXT NOT NULL,
  record_key  TEXT NOT NULL,
  batch_id    BIGINT NOT NULL REFERENCES import_batch(id),
  row_no      BIGINT NOT NULL,
  row_hash    TEXT NOT NULL,
  person_id   BIGINT,                      -- NULL while in review or on error
  room_id     BIGINT,                      -- housing rows: the room
  status      TEXT NOT NULL,               -- linked | review | error
  data        TEXT NOT NULL DEFAULT '{}',  -- cleaned row for reviewers; identifiers masked
  updated_at  BIGINT NOT NULL
);
CREATE UNIQUE INDEX import_record_key ON import_record(source, record_key);
CREATE INDEX import_record_person ON import_record(person_id);
CREATE INDEX import_record_batch ON import_record(batch_id);

-- Review queue: addresses that matched nothing, and person pairs the model is unsure about.
CREATE TABLE review_item (
  id            {{ID}},
  kind          TEXT NOT NULL,             -- address | match
  batch_id      BIGINT REFERENCES import_batch(id),
  record_id     BIGINT REFERENCES import_record(id),
  person_id     BIGINT,                    -- match: the candidate already in the register
  score         DOUBLE PRECISION,
  detail        TEXT NOT NULL DEFAULT '{}',  -- field comparisons, parsed address …
  state         TEXT NOT NULL DEFAULT 'open',  -- open | merged | separate | fixed | dismissed
  org_path      TEXT NOT NULL,
  resolved_by   BIGINT,
  resolved_at   BIGINT,
  created_at    BIGINT NOT NULL
);
CREATE INDEX review_item_state ON review_item(state, kind, org_path);
CREATE INDEX review_item_batch ON review_item(batch_id);

-- A merge of two persons (by the model or a reviewer), with what is needed to undo it.
CREATE TABLE person_merge (
  id          {{ID}},
  survivor_id BIGINT NOT NULL REFERENCES person(id),
  merged_id   BIGINT NOT NULL REFERENCES person(id),
  reason      TEXT NOT NULL,               -- id_number | model | review
  score       DOUBLE PRECISION,
  before      TEXT NOT NULL,               -- JSON snapshot of the survivor before the merge
  batch_id    BIGINT,
  merged_by   BIGINT,
  merged_at   BIGINT NOT NULL,
  undone_by   BIGINT,
  undone_at   BIGINT
);
CREATE INDEX person_merge_survivor ON person_merge(survivor_id);

-- Every change an import made to the register, for history and batch roll-back.
CREATE TABLE register_change (
  id          {{ID}},
  batch_id    BIGINT,
  object_type TEXT NOT NULL,               -- person | housing | person_tag | household | import_record
  object_id   BIGINT NOT NULL,
  field       TEXT NOT NULL,               -- column name, or "*" for a created/deleted row
  old_value   TEXT,                        -- NULL: the row/field did not exist
  new_value   TEXT,
  source      TEXT NOT NULL DEFAULT '',
  at          BIGINT NOT NULL
);
CREATE INDEX register_change_batch ON register_change(batch_id);
CREATE INDEX register_change_object ON register_change(object_type, object_id);

-- An event's address text matched to the register: the room (or building) it names.
ALTER TABLE event ADD COLUMN address_id BIGINT REFERENCES address(id);

-- @postgres
ALTER TABLE address ALTER COLUMN org_path TYPE TEXT COLLATE "C";
ALTER TABLE person ALTER COLUMN org_path TYPE TEXT COLLATE "C";
ALTER TABLE household ALTER COLUMN org_path TYPE TEXT COLLATE "C";
ALTER TABLE organisation ALTER COLUMN org_path TYPE TEXT COLLATE "C";
ALTER TABLE import_batch ALTER COLUMN org_path TYPE TEXT COLLATE "C";
ALTER TABLE review_item ALTER COLUMN org_path TYPE TEXT COLLATE "C";
-- @end

-- The four sources every store has. Field groups: identity (name, gender, birth date, ethnicity,
-- ID), hukou (户籍地址, residence type, household, relation), residence (actual address, arrival),
-- contact (phone), care (civil-affairs tags), health (health tags), housing (use, area, owner).
INSERT INTO import_source (code, name, name_en, builtin, priorities, created_at) VALUES
  ('police',  '公安户籍', 'Public security (hukou)', 1,
   '{"identity":1,"hukou":1,"residence":2,"contact":3,"care":5}', 0),
  ('civil',   '民政', 'Civil affairs', 1,
   '{"care":1,"contact":2,"identity":3,"residence":3}', 0),
  ('health',  '卫健', 'Health', 1,
   '{"health":1,"contact":1,"residence":2,"identity":4}', 0),
  ('housing', '住建房屋', 'Housing', 1,
   '{"housing":1,"contact":2,"identity":5}', 0);
