#include "auth/roles.hpp"

#include <array>
#include <initializer_list>

namespace onegrid::auth {

namespace {

using P = Permission;

constexpr unsigned bit(Permission p) {
  return 1u << static_cast<unsigned>(p);
}
constexpr unsigned bits(std::initializer_list<Permission> ps) {
  unsigned mask = 0;
  for (Permission p : ps) mask |= bit(p);
  return mask;
}

struct RoleInfo {
  Role role;
  std::string_view code;
  std::string_view name_zh;
  int rank;  // may_grant: a role is granted only by a higher rank (sysadmin grants anything)
  unsigned permissions;  // bit(p) set when the role allows p
};

// The one permission table.
constexpr std::array<RoleInfo, 9> kRoles{{
    {Role::sysadmin, "sysadmin", "系统管理员", 4, ~0u},  // everything, including future permissions
    {Role::district_officer, "district_officer", "区级指挥中心", 3,
     bits({P::self, P::org_read, P::org_write, P::org_import, P::user_read, P::user_manage,
           P::audit_read, P::event_report, P::event_read, P::event_hotline, P::event_supervise,
           P::taxonomy_manage, P::people_read, P::people_unmask, P::register_manage})},
    {Role::street_officer, "street_officer", "街道工作人员", 2,
     bits({P::self, P::org_read, P::org_write, P::user_read, P::user_manage, P::audit_read,
           P::event_report, P::event_read, P::event_supervise, P::people_read, P::people_unmask,
           P::register_manage})},
    {Role::community_worker, "community_worker", "社区工作者", 1,
     bits({P::self, P::org_read, P::org_write, P::user_read, P::user_manage, P::event_report,
           P::event_read, P::people_read, P::people_unmask, P::register_manage})},
    {Role::grid_worker, "grid_worker", "网格员", 0,
     bits({P::self, P::org_read, P::event_report, P::event_read, P::people_read})},
    {Role::department_staff, "department_staff", "职能部门人员", 0,
     bits({P::self, P::org_read, P::event_read, P::event_supervise, P::people_read})},
    {Role::party_secretary, "party_secretary", "党组织书记", 0,
     bits({P::self, P::org_read, P::user_read, P::event_read})},
    {Role::partner, "partner", "社区合伙人", 0, bits({P::self, P::event_report})},
    {Role::resident, "resident", "居民", 0, bits({P::self, P::event_report})},
}};

constexpr std::array<std::pair<Permission, std::string_view>, 16> kPermissions{{
    {P::self, "self"},
    {P::org_read, "org.read"},
    {P::org_write, "org.write"},
    {P::org_import, "org.import"},
    {P::user_read, "user.read"},
    {P::user_manage, "user.manage"},
    {P::audit_read, "audit.read"},
    {P::event_report, "event.report"},
    {P::event_read, "event.read"},
    {P::event_hotline, "event.hotline"},
    {P::event_supervise, "event.supervise"},
    {P::taxonomy_manage, "taxonomy.manage"},
    {P::open311_manage, "open311.manage"},
    {P::people_read, "people.read"},
    {P::people_unmask, "people.unmask"},
    {P::register_manage, "register.manage"},
}};

const RoleInfo& info(Role role) {
  for (const auto& r : kRoles)
    if (r.role == role) return r;
  return kRoles.back();  // unreachable for a valid enum value; the least privileged role
}

}  // namespace

std::string_view role_code(Role role) {
  return info(role).code;
}
std::string_view role_name_zh(Role role) {
  return info(role).name_zh;
}

std::optional<Role> parse_role(std::string_view code) {
  for (const auto& r : kRoles)
    if (r.code == code) return r.role;
  return std::nullopt;
}

std::string_view permission_code(Permission p) {
  for (const auto& [perm, code] : kPermissions)
    if (perm == p) return code;
  return {};
}

std::optional<Permission> parse_permission(std::string_view code) {
  for (const auto& [perm, c] : kPermissions)
    if (c == code) return perm;
  return std::nullopt;
}

const std::vector<Role>& all_roles() {
  static const std::vector<Role> roles = [] {
    std::vector<Role> v;
    for (const auto& r : kRoles) v.push_back(r.role);
    return v;
  }();
  return roles;
}

const std::vector<Permission>& all_permissions() {
  static const std::vector<Permission> perms = [] {
    std::vector<Permission> v;
    for (const auto& p : kPermissions) v.push_back(p.first);
    return v;
  }();
  return perms;
}

bool role_allows(Role role, Permission permission) {
  return (info(role).permissions & bit(permission)) != 0;
}

const std::vector<std::string_view>& grant_kinds(Role role) {
  static const std::vector<std::string_view> district{"district"}, street{"street"},
      community{"community"}, grid{"grid"}, department{"department"},
      street_or_community{"street", "community"}, community_or_grid{"community", "grid"};
  switch (role) {
    case Role::sysadmin:
    case Role::district_officer:
      return district;
    case Role::street_officer:
      return street;
    case Role::community_worker:
      return community;
    case Role::grid_worker:
      return grid;
    case Role::department_staff:
      return department;
    case Role::party_secretary:
      return street_or_community;
    case Role::partner:
      return community;
    case Role::resident:
      return community_or_grid;
  }
  return community_or_grid;
}

bool may_grant(Role granter, Role role) {
  if (granter == Role::sysadmin) return true;
  return info(granter).rank > info(role).rank;
}

}  // namespace onegrid::auth
