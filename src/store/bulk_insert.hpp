#pragma once
// Bulk inserts: rows wait in memory and go to the store as multi-row INSERTs of a few hundred
// rows (a statement per row is most of an import's time; an event's inbox rows go the same
// way), and, for the import, ids it assigns itself so later rows can refer to them before they
// are written.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.hpp"
#include "store/store.hpp"

namespace onegrid::store {

class BulkInsert {
 public:
  BulkInsert(std::string table, std::vector<std::string> columns);

  // A row of values in the order of the columns.
  void add(std::vector<Value> row);
  std::vector<Value>& row(std::size_t i) { return rows_[i]; }
  std::size_t size() const { return rows_.size(); }
  // The position of a column in a row (the table's column list is fixed at construction).
  std::size_t column(std::string_view name) const;
  bool full() const { return rows_.size() >= shape_->per_statement * 4; }
  // The waiting rows, taken out to be written elsewhere (e.g. on another thread); this one is
  // left empty. Both share the statements built so far.
  BulkInsert take();
  // Writes every waiting row and forgets them: full statements, then the rest in statements
  // of 256, 128, … rows, so a few statement shapes serve every flush and stay prepared.
  Status flush(Tx& tx);

 private:
  struct Shape {
    std::string table;
    std::vector<std::string> columns;
    std::size_t per_statement = 1;
    std::vector<std::string> sql;  // by row count, built on first use (by the writing thread)
  };
  BulkInsert(std::shared_ptr<Shape> shape, std::vector<std::vector<Value>> rows)
      : shape_(std::move(shape)), rows_(std::move(rows)) {}
  const std::string& sql_for(std::size_t rows);

  std::shared_ptr<Shape> shape_;
  std::vector<std::vector<Value>> rows_;
};

// The first id an import may assign in `table` (id column "id"): above every id the table has
// or (SQLite AUTOINCREMENT, PostgreSQL sequence) has ever handed out, so no id is reused.
Result<std::int64_t> first_free_id(Tx& tx, std::string_view table);
// After assigning ids itself from `first_free`: PostgreSQL's sequence moves past them (nothing
// for SQLite, whose AUTOINCREMENT follows the largest id inserted).
Status sync_id_sequence(Tx& tx, std::string_view table, std::int64_t first_free);

}  // namespace onegrid::store
