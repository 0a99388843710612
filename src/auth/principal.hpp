#pragma once
// The authenticated caller: a user, its (role, org unit) grants and its session. Permission
// checks and scopes are derived from the grants here, so handlers never reason about roles.

#include <cstdint>
#include <string>
#include <vector>

#include "auth/roles.hpp"
#include "org/scope.hpp"

namespace onegrid::auth {

struct Grant {
  std::int64_t id = 0;
  Role role = Role::resident;
  std::int64_t org_id = 0;
  std::string org_path;  // materialised path of the org unit, "/1/4/"
  std::string org_name;
  std::string org_kind;
};

struct Principal {
  std::int64_t user_id = 0;
  std::string username;
  std::string display_name;
  std::int64_t home_org_id = 0;
  std::string home_org_path;
  std::int64_t session_id = 0;
  std::vector<Grant> grants;

  bool can(Permission p) const;
  // Union of the subtrees of the grants allowing p (everything for a sysadmin grant).
  org::Scope scope(Permission p) const;
  // The grant the caller acts through for p (the one with the widest reach), or nullptr.
  const Grant* acting_grant(Permission p) const;
  bool is_sysadmin() const;
};

}  // namespace onegrid::auth
