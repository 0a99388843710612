#pragma once
// 全文检索: upkeep of the events' full-text index. On SQLite the FTS5 table event_fts is filled
// once per commit from the queue event_fts_pending that inserts of event rows feed (migration
// 0010); PostgreSQL's pg_trgm indexes live on the event table and need nothing.

#include "base/result.hpp"
#include "store/store.hpp"

namespace onegrid::events {

// Call in every write transaction that inserts event rows: the queue is indexed just before
// the transaction commits (once, however many writes share the commit). Nothing on PostgreSQL.
void index_events_at_commit(store::Tx& tx);

// Indexes every queued event as its row stands now and empties the queue (SQLite only).
Status index_pending_events(store::Tx& tx);

}  // namespace onegrid::events
