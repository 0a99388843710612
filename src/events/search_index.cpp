#include "events/search_index.hpp"

namespace onegrid::events {

void index_events_at_commit(store::Tx& tx) {
  if (tx.driver() == store::Driver::sqlite) tx.before_commit("event_fts", index_pending_events);
}

Status index_pending_events(store::Tx& tx) {
  if (tx.driver() != store::Driver::sqlite) return ok_status();
  OG_TRY(
      tx.exec("INSERT INTO event_fts (rowid, title, description, address) SELECT e.id, e.title, "
              "e.description, e.address FROM event_fts_pending p JOIN event e ON e.id = p.id"));
  OG_TRY(tx.exec("DELETE FROM event_fts_pending"));
  return ok_status();
}

}  // namespace onegrid::events
