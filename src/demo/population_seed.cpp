#include "demo/population_seed.hpp"

#include <boost/json/object.hpp>

#include "audit/audit.hpp"
#include "base/clock.hpp"

namespace onegrid::demo {

Result<int> seed_population(store::Store& store) {
  int set = 0;
  OG_TRY(store.write([&](store::Tx& tx) -> Status {
    set = 0;
    OG_ASSIGN(auto rows, tx.query("SELECT id, code, path FROM org_unit WHERE kind = 'community' "
                                  "AND population IS NULL AND code LIKE '110105-%' ORDER BY id"));
    for (const auto& r : rows) {
      // FNV-1a of the code: the same community always gets the same figure.
      std::uint64_t h = 1469598103934665603ull;
      for (unsigned char ch : r.text(1)) h = (h ^ ch) * 1099511628211ull;
      const std::int64_t population = 6000 + static_cast<std::int64_t>(h % 9001);
      OG_TRY(tx.exec("UPDATE org_unit SET population = ? WHERE id = ? AND population IS NULL",
                     {population, r.i64(0)}));
      ++set;
    }
    if (set > 0)
      OG_TRY(audit::append(tx, audit::Actor::system("seed-demo"), "org.population", "org_unit",
                           "communities", boost::json::object{{"set", set}}));
    return ok_status();
  }));
  return set;
}

}  // namespace onegrid::demo
