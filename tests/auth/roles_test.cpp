// The role table: permissions, grant kinds, names, code round trips, and who may grant what.
#include "auth/roles.hpp"

#include <gtest/gtest.h>

#include <set>

namespace onegrid::auth {
namespace {

using P = Permission;
using R = Role;

TEST(Roles, EveryRoleAndPermissionRoundTrips) {
  EXPECT_EQ(all_roles().size(), 9u);
  EXPECT_EQ(all_permissions().size(), 16u);
  std::set<std::string_view> codes, names;
  for (Role r : all_roles()) {
    EXPECT_EQ(parse_role(role_code(r)), r) << role_code(r);
    EXPECT_TRUE(codes.insert(role_code(r)).second);
    EXPECT_TRUE(names.insert(role_name_zh(r)).second);
    EXPECT_FALSE(grant_kinds(r).empty());
    EXPECT_TRUE(role_allows(r, P::self));
  }
  for (Permission p : all_permissions()) EXPECT_EQ(parse_permission(permission_code(p)), p);
  EXPECT_EQ(parse_role("Sysadmin"), std::nullopt);
  EXPECT_EQ(parse_role(""), std::nullopt);
  EXPECT_EQ(parse_permission("org_read"), std::nullopt);
}

TEST(Roles, CodesAndChineseNames) {
  EXPECT_EQ(role_code(R::grid_worker), "grid_worker");
  EXPECT_EQ(role_code(R::sysadmin), "sysadmin");
  EXPECT_EQ(role_name_zh(R::sysadmin), "系统管理员");
  EXPECT_EQ(role_name_zh(R::district_officer), "区级指挥中心");
  EXPECT_EQ(role_name_zh(R::street_officer), "街道工作人员");
  EXPECT_EQ(role_name_zh(R::community_worker), "社区工作者");
  EXPECT_EQ(role_name_zh(R::grid_worker), "网格员");
  EXPECT_EQ(role_name_zh(R::department_staff), "职能部门人员");
  EXPECT_EQ(role_name_zh(R::party_secretary), "党组织书记");
  EXPECT_EQ(role_name_zh(R::partner), "社区合伙人");
  EXPECT_EQ(role_name_zh(R::resident), "居民");
  EXPECT_EQ(permission_code(P::org_read), "org.read");
  EXPECT_EQ(permission_code(P::user_manage), "user.manage");
  EXPECT_EQ(permission_code(P::audit_read), "audit.read");
}

TEST(Roles, PermissionTable) {
  for (Permission p : all_permissions()) {
    EXPECT_TRUE(role_allows(R::sysadmin, p));
    // API keys for outside systems are the system administrator's alone.
    EXPECT_EQ(role_allows(R::district_officer, p), p != P::open311_manage);
  }
  EXPECT_FALSE(role_allows(R::street_officer, P::org_import));
  EXPECT_TRUE(role_allows(R::street_officer, P::audit_read));
  EXPECT_TRUE(role_allows(R::community_worker, P::user_manage));
  EXPECT_FALSE(role_allows(R::community_worker, P::audit_read));
  EXPECT_TRUE(role_allows(R::grid_worker, P::org_read));
  EXPECT_FALSE(role_allows(R::grid_worker, P::org_write));
  EXPECT_FALSE(role_allows(R::grid_worker, P::user_read));
  EXPECT_FALSE(role_allows(R::department_staff, P::user_read));
  EXPECT_TRUE(role_allows(R::party_secretary, P::user_read));
  EXPECT_FALSE(role_allows(R::party_secretary, P::user_manage));
  // Residents and partners report events and see only their own (no event.read scope).
  for (Role r : {R::partner, R::resident})
    for (Permission p : all_permissions())
      EXPECT_EQ(role_allows(r, p), p == P::self || p == P::event_report);
  EXPECT_TRUE(role_allows(R::department_staff, P::event_read));
  EXPECT_FALSE(role_allows(R::department_staff, P::event_report));
  EXPECT_TRUE(role_allows(R::grid_worker, P::event_report));
  EXPECT_FALSE(role_allows(R::street_officer, P::event_hotline));
  EXPECT_FALSE(role_allows(R::street_officer, P::taxonomy_manage));
}

TEST(Roles, GrantKinds) {
  using V = std::vector<std::string_view>;
  EXPECT_EQ(grant_kinds(R::sysadmin), V{"district"});
  EXPECT_EQ(grant_kinds(R::district_officer), V{"district"});
  EXPECT_EQ(grant_kinds(R::street_officer), V{"street"});
  EXPECT_EQ(grant_kinds(R::community_worker), V{"community"});
  EXPECT_EQ(grant_kinds(R::grid_worker), V{"grid"});
  EXPECT_EQ(grant_kinds(R::department_staff), V{"department"});
  EXPECT_EQ(grant_kinds(R::party_secretary), (V{"street", "community"}));
  EXPECT_EQ(grant_kinds(R::partner), V{"community"});
  EXPECT_EQ(grant_kinds(R::resident), (V{"community", "grid"}));
}

TEST(Roles, MayGrant) {
  for (Role r : all_roles()) EXPECT_TRUE(may_grant(R::sysadmin, r));
  for (Role r : all_roles())
    EXPECT_EQ(may_grant(R::district_officer, r), r != R::sysadmin && r != R::district_officer);
  EXPECT_FALSE(may_grant(R::street_officer, R::district_officer));
  EXPECT_FALSE(may_grant(R::street_officer, R::sysadmin));
  EXPECT_FALSE(may_grant(R::street_officer, R::street_officer));
  EXPECT_TRUE(may_grant(R::street_officer, R::community_worker));
  EXPECT_TRUE(may_grant(R::street_officer, R::party_secretary));
  EXPECT_TRUE(may_grant(R::community_worker, R::grid_worker));
  EXPECT_TRUE(may_grant(R::community_worker, R::resident));
  EXPECT_FALSE(may_grant(R::community_worker, R::community_worker));
  EXPECT_FALSE(may_grant(R::community_worker, R::street_officer));
  for (Role low :
       {R::grid_worker, R::department_staff, R::party_secretary, R::partner, R::resident})
    for (Role r : all_roles()) EXPECT_FALSE(may_grant(low, r));
}

}  // namespace
}  // namespace onegrid::auth
