// Multi-row inserts and self-assigned ids; see bulk_insert.hpp.
#include "store/bulk_insert.hpp"

#include <algorithm>
#include <bit>
#include <utility>

namespace onegrid::store {

BulkInsert::BulkInsert(std::string table, std::vector<std::string> columns)
    : shape_(std::make_shared<Shape>()) {
  shape_->table = std::move(table);
  shape_->columns = std::move(columns);
  // SQLite allows 32,766 parameters per statement, PostgreSQL 65,535.
  shape_->per_statement =
      std::max<std::size_t>(1, std::min<std::size_t>(500, 30000 / shape_->columns.size()));
}

BulkInsert BulkInsert::take() {
  return BulkInsert(shape_, std::exchange(rows_, {}));
}

void BulkInsert::add(std::vector<Value> row) {
  rows_.push_back(std::move(row));
}

std::size_t BulkInsert::column(std::string_view name) const {
  const auto& columns = shape_->columns;
  for (std::size_t c = 0; c < columns.size(); ++c)
    if (columns[c] == name) return c;
  return columns.size();
}

const std::string& BulkInsert::sql_for(std::size_t rows) {
  auto& cache = shape_->sql;
  const auto& columns = shape_->columns;
  if (cache.size() <= rows) cache.resize(rows + 1);
  std::string& sql = cache[rows];
  if (!sql.empty()) return sql;
  sql = "INSERT INTO " + shape_->table + " (";
  for (std::size_t c = 0; c < columns.size(); ++c) sql += (c ? ", " : "") + columns[c];
  sql += ") VALUES ";
  std::string one = "(";
  for (std::size_t c = 0; c < columns.size(); ++c) one += c ? ", ?" : "?";
  one += ")";
  for (std::size_t r = 0; r < rows; ++r) sql += r == 0 ? one : ", " + one;
  return sql;
}

Status BulkInsert::flush(Tx& tx) {
  std::vector<Value> params;
  std::size_t start = 0;
  while (start < rows_.size()) {
    std::size_t n = std::min(rows_.size() - start, shape_->per_statement);
    if (n < shape_->per_statement) n = std::bit_floor(n);  // 300 waiting: 256, 32, 8, 4
    params.clear();
    params.reserve(n * shape_->columns.size());
    for (std::size_t r = start; r < start + n; ++r)
      for (auto& v : rows_[r]) params.push_back(std::move(v));
    OG_TRY(tx.exec(sql_for(n), params));
    start += n;
  }
  rows_.clear();
  return ok_status();
}

Result<std::int64_t> first_free_id(Tx& tx, std::string_view table) {
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

Status sync_id_sequence(Tx& tx, std::string_view table, std::int64_t first_free) {
  if (tx.driver() != store::Driver::postgres) return ok_status();
  const std::string t(table);
  OG_TRY(tx.query("SELECT setval(pg_get_serial_sequence('" + t +
                      "', 'id'), GREATEST((SELECT"
                      " COALESCE(MAX(id), 0) FROM " +
                      t + "), ?))",
                  {first_free}));
  return ok_status();
}

}  // namespace onegrid::store
