#pragma once
// Demo residents per community (常住人口), until the people register (一标三实) exists: the
// denominator of the KPI "complaints per 1,000 residents". Streets and the district sum their
// communities at query time.

#include "base/result.hpp"
#include "store/store.hpp"

namespace onegrid::demo {

// Gives every demo community (code 110105-…) without a population a plausible, deterministic
// figure between 6,000 and 15,000. Idempotent; returns how many communities it set.
Result<int> seed_population(store::Store& store);

}  // namespace onegrid::demo
