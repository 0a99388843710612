#pragma once
// The demo's 一标三实 register: standard addresses for every community, then N residents
// generated as the four department extracts (公安, 民政, 卫健, 住建) and imported through the
// real importer — so the demo shows batches, merges, a review queue and statistics exactly as a
// district's own extracts would — plus a few organisations (实有单位) per community.
// Idempotent: a store that already has import batches is left alone.

#include <cstdint>

#include "base/result.hpp"
#include "people/pii_vault.hpp"
#include "store/store.hpp"

namespace onegrid::demo {

struct RegisterSeedReport {
  bool already_seeded = false;
  std::int64_t rooms = 0, persons = 0, rows = 0, review = 0, organisations = 0;
  double seconds = 0;
};

Result<RegisterSeedReport> seed_register(store::Store& store, const people::PiiVault& vault,
                                         int persons, std::int64_t now_ms);

}  // namespace onegrid::demo
