#pragma once
// A large import on SQLite maintains no secondary indexes of the tables it fills while it runs:
// it drops them inside its transaction and builds them again, sorted, before committing (random
// blind-index keys would otherwise touch a different B-tree page for nearly every row once the
// register outgrows the page cache). The exact CREATE statements are read back from the schema,
// so nothing here repeats the migrations. Readers keep their snapshot (with the indexes) until
// the commit; a failed import rolls the drop back with everything else.

#include <string>
#include <vector>

#include "base/result.hpp"
#include "store/store.hpp"

namespace onegrid::ingest {

class DeferredIndexes {
 public:
  // Drops the secondary indexes of `tables` (SQLite only; nothing on PostgreSQL), except those
  // named in `keep`: indexes over few distinct keys, which new rows only append to, cost less
  // to keep up than a rebuild's scan of the whole table.
  Status drop(store::Tx& tx, const std::vector<std::string>& tables,
              const std::vector<std::string>& keep = {});
  // Creates them again.
  Status rebuild(store::Tx& tx);

 private:
  std::vector<std::string> create_sql_;
};

// Rows of a delimited text, counted by line breaks (an estimate: quoted line breaks count too).
std::size_t estimate_rows(std::string_view text);

}  // namespace onegrid::ingest
