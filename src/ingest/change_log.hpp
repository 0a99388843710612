#pragma once
// The register's change log (register_change): what an import changed, column by column, so
// a person's history can be shown and a batch rolled back. A change's old and new values are
// JSON objects of column -> value (blobs as {"b64": …}). The importer writes the rows in
// batches (ingest/importer.cpp); roll-back reads them back (ingest/rollback.cpp).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/result.hpp"
#include "store/store.hpp"

namespace onegrid::ingest {

using Columns = std::vector<std::pair<std::string, store::Value>>;

std::string columns_json(const Columns& cols);
// Errors (internal): "register.change_corrupt".
Result<Columns> columns_from_json(std::string_view text);

struct Change {
  std::optional<std::int64_t> batch_id;
  std::string object_type;  // person | housing | person_tag | household | import_record
  std::int64_t object_id = 0;
  std::string field;  // "*update" (columns), "*create", or a tag code
  std::optional<std::string> old_value, new_value;
  std::string source;
  std::int64_t at = 0;
};

}  // namespace onegrid::ingest
