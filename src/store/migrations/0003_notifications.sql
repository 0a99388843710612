-- 0003 通知: the in-app inbox. One row per recipient, written in the same transaction as the
-- event transition (or sweep) it tells of; the live stream tails this table and
-- event_transition.
CREATE TABLE notification (
  id             {{ID}},
  user_id        BIGINT NOT NULL REFERENCES users(id),
  event_id       BIGINT REFERENCES event(id),
  transition_id  BIGINT,                     -- the transition that caused it (NULL: none)
  kind           TEXT NOT NULL,              -- the action code, or overdue | escalated | dept_overdue
  title          TEXT NOT NULL,
  body           TEXT NOT NULL DEFAULT '',
  created_at     BIGINT NOT NULL,
  read_at        BIGINT
);
CREATE INDEX notification_user ON notification(user_id, id);
CREATE INDEX notification_unread ON notification(user_id, read_at, id);
