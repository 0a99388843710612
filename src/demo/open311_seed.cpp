#include "demo/open311_seed.hpp"

#include "audit/audit.hpp"
#include "events/open311_store.hpp"

namespace onegrid::demo {

Result<bool> seed_open311(store::Store& store) {
  bool created = false;
  OG_TRY(store.write([&](store::Tx& tx) -> Status {
    namespace o311 = events::open311;
    OG_ASSIGN(auto hash, o311::key_hash(tx, kDemoOpen311Key));  // creates the hash key if new
    (void)hash;
    OG_ASSIGN(auto existing, o311::find_client(tx, kDemoOpen311Key));
    if (existing) return ok_status();
    OG_TRY(o311::create_client(tx, audit::Actor::system("seed-demo"), kDemoOpen311Client,
                               std::string(kDemoOpen311Key)));
    created = true;
    return ok_status();
  }));
  return created;
}

}  // namespace onegrid::demo
