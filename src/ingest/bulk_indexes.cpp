// Deferred index maintenance for large imports; see bulk_indexes.hpp.
#include "ingest/bulk_indexes.hpp"

#include <algorithm>

namespace onegrid::ingest {

Status DeferredIndexes::drop(store::Tx& tx, const std::vector<std::string>& tables,
                             const std::vector<std::string>& keep) {
  if (tx.driver() != store::Driver::sqlite) return ok_status();
  for (const auto& table : tables) {
    // Unique indexes stay: they enforce what the import relies on (one record per key).
    OG_ASSIGN(auto rows, tx.query("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND"
                                  " tbl_name = ? AND sql IS NOT NULL AND sql NOT LIKE ?",
                                  {table, "CREATE UNIQUE%"}));
    for (const auto& r : rows) {
      if (std::find(keep.begin(), keep.end(), r.text(0)) != keep.end()) continue;
      create_sql_.push_back(r.text(1));
      OG_TRY(tx.exec("DROP INDEX \"" + r.text(0) + "\""));
    }
  }
  return ok_status();
}

Status DeferredIndexes::rebuild(store::Tx& tx) {
  // SQLite sorts the keys of each new index on helper threads.
  if (!create_sql_.empty()) OG_TRY(tx.query("PRAGMA threads = 2"));
  for (const auto& sql : create_sql_) OG_TRY(tx.exec(sql));
  create_sql_.clear();
  return ok_status();
}

std::size_t estimate_rows(std::string_view text) {
  return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

}  // namespace onegrid::ingest
