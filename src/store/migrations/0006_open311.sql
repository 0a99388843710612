-- 0006 Open311 GeoReport v2: the key of the keyed hash under which API keys are stored
-- (open311_client.key_hash, 0002). One row, 32 random bytes as hex, created by the server on
-- first use (src/events/open311_store.cpp); it never leaves the store and is never shown.
CREATE TABLE open311_secret (
  id          BIGINT PRIMARY KEY,         -- always 1
  hash_key    TEXT NOT NULL,
  created_at  BIGINT NOT NULL
);
