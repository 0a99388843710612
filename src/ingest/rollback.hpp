#pragma once
// Rolling back a committed import batch: every change it made is undone in reverse order,
// except values a later import or a reviewer has changed since (those are kept and counted);
// persons and households it created are removed unless something else now points at them.

#include <cstdint>

#include "base/result.hpp"
#include "store/store.hpp"

namespace onegrid::ingest {

struct RollbackReport {
  std::int64_t batch_id = 0;
  std::int64_t restored = 0;         // changed values put back
  std::int64_t removed_persons = 0;  // persons the batch created
  std::int64_t removed_records = 0;  // import records the batch created
  std::int64_t kept = 0;             // changes left because something changed them since
};

// Errors: "import.batch_not_found" (404), "import.already_rolled_back" (409).
Result<RollbackReport> rollback_batch(store::Tx& tx, std::int64_t batch_id, std::int64_t user_id,
                                      std::int64_t now_ms);

}  // namespace onegrid::ingest
