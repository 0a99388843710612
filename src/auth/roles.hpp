#pragma once
// Roles and permissions. A user holds (role, org unit) grants; a permission is allowed by some
// roles, and the caller's scope for a permission is the union of the org subtrees of the grants
// whose role allows it. Which role allows what is data here, in one table (roles.cpp).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace onegrid::auth {

enum class Role {
  sysadmin,          // 系统管理员
  district_officer,  // 区级指挥中心
  street_officer,    // 街道
  community_worker,  // 社区工作者
  grid_worker,       // 网格员
  department_staff,  // 职能部门
  party_secretary,   // 党组织书记
  partner,           // 社区合伙人
  resident,          // 居民
};

// Every permission an endpoint can declare.
enum class Permission {
  self,             // own profile, own password, logout
  org_read,         // org tree and grids
  org_write,        // create / edit / deactivate org units and grid boundaries
  org_import,       // GeoJSON import of a whole tree
  user_read,        // list and view users
  user_manage,      // create users, grant roles, reset passwords
  audit_read,       // query the audit log
  event_report,     // report events (上报) from the console or the H5 page
  event_read,       // see the events of an org subtree (department staff: events whistled to them)
  event_hotline,    // file events from the 12345 hotline, with its ticket number
  event_supervise,  // supervision (督办) records and red/yellow cards
  taxonomy_manage,  // edit the event taxonomy
  open311_manage,   // issue and revoke Open311 API keys
  people_read,      // the 一标三实 register of an org subtree, personal data masked
  people_unmask,    // see an ID number or phone in full (with a stated purpose; audited)
  register_manage,  // import extracts, roll back batches, resolve the review queue, merges
};

std::string_view role_code(Role role);  // "grid_worker"
std::optional<Role> parse_role(std::string_view code);
std::string_view role_name_zh(Role role);        // "网格员"
std::string_view permission_code(Permission p);  // "org.read"
std::optional<Permission> parse_permission(std::string_view code);
const std::vector<Role>& all_roles();
const std::vector<Permission>& all_permissions();

bool role_allows(Role role, Permission permission);

// The org-unit kinds a role may be granted on ("grid", "community", …).
const std::vector<std::string_view>& grant_kinds(Role role);

// Whether a holder of `granter` may hand out `role` (no one but a sysadmin creates sysadmins;
// a role is granted only by a role ranked above it).
bool may_grant(Role granter, Role role);

}  // namespace onegrid::auth
