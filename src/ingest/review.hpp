#pragma once
// The review queue and person merges. Imports queue addresses that matched no standard
// address and person pairs the model was unsure about; a reviewer fixes the address (picks the
// room), merges the pair or keeps them apart. A merge keeps a snapshot of the survivor so it
// can be undone; the merged person stays in the store, pointing at the survivor.

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>

#include "audit/audit.hpp"
#include "base/result.hpp"
#include "org/scope.hpp"
#include "store/store.hpp"

namespace onegrid::ingest {

struct ReviewFilter {
  std::string kind;            // "" | address | match
  std::string state = "open";  // open | merged | separate | fixed | dismissed | "" (any)
  std::optional<std::int64_t> batch_id;
  std::optional<std::int64_t> after;
  int limit = 50;
};

// Items with the record's (masked) data and, for matches, both persons side by side.
// Errors: "review.query".
Result<boost::json::array> list_reviews(store::Tx& tx, const org::Scope& scope,
                                        const ReviewFilter& f);

struct Resolution {
  std::string action;                   // merge | separate (match); fix | dismiss (address)
  std::optional<std::int64_t> room_id;  // fix: the standard address (a room)
  std::string note;
};

// Errors: "review.not_found" (404), "review.closed" (409), "review.action" (422),
// "review.room" (422: not a room or out of scope), "merge.different_ids" (409).
Result<boost::json::object> resolve_review(store::Tx& tx, const org::Scope& scope, std::int64_t id,
                                           const Resolution& r, const audit::Actor& actor,
                                           std::int64_t now_ms);

// Merges `merged` into `survivor`: the survivor keeps its values and takes the merged
// person's where it has none, and its tags. Returns the merge id.
// Errors: "people.not_found", "merge.same", "merge.different_ids", "merge.already".
Result<std::int64_t> merge_persons(store::Tx& tx, std::int64_t survivor, std::int64_t merged,
                                   const std::string& reason, std::optional<double> score,
                                   std::int64_t by, std::int64_t now_ms);

// Undoes a merge: the survivor's earlier values and tags come back, the merged person is a
// person again. Errors: "merge.not_found" (404), "merge.undone" (409), "merge.later" (409: a
// later merge into the same survivor must be undone first).
Status undo_merge(store::Tx& tx, const org::Scope& scope, std::int64_t merge_id,
                  const audit::Actor& actor, std::int64_t now_ms);

}  // namespace onegrid::ingest
