#pragma once
// `onegrid seed-demo`: a deterministic, realistic demo district (朝阳区 around 116.48 E, 39.99 N):
// streets, communities, grids tiling them, line departments and ~300 users across every role,
// plus one documented account per role. Idempotent: a seeded store is left as it is.

#include <cstdint>
#include <string>
#include <vector>

#include "base/result.hpp"
#include "store/store.hpp"

namespace onegrid::demo {

// The documented demo accounts (README): username, role code, what they are.
struct DemoAccount {
  std::string username;
  std::string role;
  std::string description;
};
const std::vector<DemoAccount>& demo_accounts();
inline constexpr const char* kDemoPassword = "onegrid-demo";

struct SeedReport {
  bool already_seeded = false;
  int org_units = 0;
  int users = 0;
};

// `scale` multiplies streets, communities, grids and users (1 = the ordinary demo).
Result<SeedReport> seed_demo(store::Store& store, int scale);

}  // namespace onegrid::demo
