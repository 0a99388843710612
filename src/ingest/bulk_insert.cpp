// Multi-row inserts and self-assigned ids; see bulk_insert.hpp.
#include "ingest/bulk_insert.hpp"

#include <algorithm>

namespace onegrid::ingest {

BulkInsert::BulkInsert(std::string table, std::vector<std::string> columns)
    : table_(std::move(table)),
      columns_(std::move(columns)),
      // SQLite allows 32,766 parameters per statement, PostgreSQL 65,535.
      per_statement_(
          std::max<std::size_t>(1, std::min<std::size_t>(500, 30000 / columns_.size()))) {}

void BulkInsert::add(std::vector<store::Value> row) {
  rows_.push_back(std::move(row));
}

Status BulkInsert::flush(store::Tx& tx) {
  std::string head = "INSERT INTO " + table_ + " (";
  for (std::size_t c = 0; c < columns_.size(); ++c) head += (c ? ", " : "") + columns_[c];
  head += ") VALUES ";
  std::string one = "(";
  for (std::size_t c = 0; c < columns_.size(); ++c) one += c ? ", ?" : "?";
  one += ")";
  std::vector<store::Value> params;
  for (std::size_t start = 0; start < rows_.size(); start += per_statement_) {
    const std::size_t end = std::min(rows_.size(), start + per_statement_);
    std::string sql = head;
    params.clear();
    params.reserve((end - start) * columns_.size());
    for (std::size_t r = start; r < end; ++r) {
      sql += r == start ? one : ", " + one;
      for (auto& v : rows_[r]) params.push_back(std::move(v));
    }
    OG_TRY(tx.exec(sql, params));
  }
  rows_.clear();
  return ok_status();
}

Result<std::int64_t> first_free_id(store::Tx& tx, std::string_view table) {
  const std::string t(table);
  if (tx.driver() == store::Driver::postgres) {
    OG_ASSIGN(auto row, tx.query_one("SELECT nextval(pg_get_serial_sequence('" + t + "', 'id'))"));
    return row ? row->i64(0) : 1;
  }
  OG_ASSIGN(auto max_id, tx.query_one("SELECT COALESCE(MAX(id), 0) FROM " + t));
  OG_ASSIGN(auto seq, tx.query_one("SELECT COALESCE(MAX(seq), 0) FROM sqlite_sequence"
                                   " WHERE name = ?",
                                   {t}));
  return std::max(max_id ? max_id->i64(0) : 0, seq ? seq->i64(0) : 0) + 1;
}

Status sync_id_sequence(store::Tx& tx, std::string_view table, std::int64_t first_free) {
  if (tx.driver() != store::Driver::postgres) return ok_status();
  const std::string t(table);
  OG_TRY(tx.query("SELECT setval(pg_get_serial_sequence('" + t +
                      "', 'id'), GREATEST((SELECT"
                      " COALESCE(MAX(id), 0) FROM " +
                      t + "), ?))",
                  {first_free}));
  return ok_status();
}

}  // namespace onegrid::ingest
