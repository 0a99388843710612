#pragma once
// Store tests of the event loop: a fresh store of the driver under test with the demo district
// and its default taxonomy, plus look-ups of demo org units, accounts and subclasses by code.

#include <string>

#include "auth/principal.hpp"
#include "demo/seed.hpp"
#include "store_fixture.hpp"

namespace onegrid::store::testing {

class EventStoreTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    ASSERT_TRUE(migrate(*store_));
    auto seeded = demo::seed_demo(*store_, 1);  // the org tree, accounts and the taxonomy
    ASSERT_TRUE(seeded) << describe(seeded.error());
  }

  struct Unit {
    std::int64_t id = 0;
    std::string path;
  };
  Unit unit(const std::string& code) {
    Unit u;
    EXPECT_TRUE(store_->read([&](Tx& tx) -> Status {
      OG_ASSIGN(auto r, one_row(tx, "SELECT id, path FROM org_unit WHERE code = ?", {code}));
      u = {r.i64(0), r.text(1)};
      return ok_status();
    }));
    return u;
  }
  // A principal of a demo account holding one grant (role at the org unit with this code).
  auth::Principal principal(const std::string& username, auth::Role role,
                            const std::string& org_code) {
    auth::Principal p;
    EXPECT_TRUE(store_->read([&](Tx& tx) -> Status {
      OG_ASSIGN(auto r, one_row(tx, "SELECT id FROM users WHERE username = ?", {username}));
      p.user_id = r.i64(0);
      return ok_status();
    }));
    p.username = p.display_name = username;
    const auto u = unit(org_code);
    p.grants.push_back(auth::Grant{1, role, u.id, u.path, org_code, ""});
    return p;
  }
  std::int64_t subclass(const std::string& code) {
    std::int64_t id = 0;
    EXPECT_TRUE(store_->read([&](Tx& tx) -> Status {
      OG_ASSIGN(auto r, one_row(tx, "SELECT id FROM event_subclass WHERE code = ?", {code}));
      id = r.i64(0);
      return ok_status();
    }));
    return id;
  }
};

}  // namespace onegrid::store::testing
