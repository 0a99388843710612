// A caller's permissions and scopes come from its grants.

#include "auth/principal.hpp"

#include <gtest/gtest.h>

namespace onegrid::auth {
namespace {

Principal with(std::vector<Grant> grants) {
  Principal p;
  p.user_id = 1;
  p.grants = std::move(grants);
  return p;
}

TEST(Principal, ScopeIsTheUnionOfAllowingGrants) {
  auto p = with({Grant{1, Role::grid_worker, 4, "/1/2/3/4/"},
                 Grant{2, Role::community_worker, 9, "/1/2/9/"}});
  EXPECT_TRUE(p.can(Permission::org_read));
  EXPECT_TRUE(p.can(Permission::user_manage));  // through the community grant only
  auto read = p.scope(Permission::org_read);
  EXPECT_FALSE(read.all);
  EXPECT_TRUE(read.contains("/1/2/3/4/"));
  EXPECT_TRUE(read.contains("/1/2/9/77/"));
  EXPECT_FALSE(read.contains("/1/2/3/5/"));
  auto manage = p.scope(Permission::user_manage);
  EXPECT_FALSE(manage.contains("/1/2/3/4/"));  // the grid grant does not manage users
  EXPECT_TRUE(manage.contains("/1/2/9/"));
  EXPECT_EQ(p.acting_grant(Permission::user_manage)->role, Role::community_worker);
}

TEST(Principal, SysadminSeesEverything) {
  auto p = with({Grant{1, Role::sysadmin, 1, "/1/"}});
  EXPECT_TRUE(p.is_sysadmin());
  EXPECT_TRUE(p.scope(Permission::audit_read).all);
}

TEST(Principal, NoGrantNoPermission) {
  auto p = with({Grant{1, Role::resident, 3, "/1/2/3/"}});
  EXPECT_TRUE(p.can(Permission::self));
  EXPECT_FALSE(p.can(Permission::org_read));
  EXPECT_TRUE(p.scope(Permission::org_read).empty());
  EXPECT_EQ(p.acting_grant(Permission::org_read), nullptr);
}

}  // namespace
}  // namespace onegrid::auth
