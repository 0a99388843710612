#pragma once
// The demo's Open311 client: "演示客户端" with the documented API key `onegrid-demo-open311`
// (README), so the GeoReport API can be tried at once. Idempotent.

#include "base/result.hpp"
#include "store/store.hpp"

namespace onegrid::demo {

inline constexpr const char* kDemoOpen311Key = "onegrid-demo-open311";
inline constexpr const char* kDemoOpen311Client = "演示客户端";

// Creates the demo client unless a client already holds the demo key (active or revoked: a
// revoked demo key stays revoked). Returns whether it created one.
Result<bool> seed_open311(store::Store& store);

}  // namespace onegrid::demo
