#include "auth/principal.hpp"

namespace onegrid::auth {

bool Principal::can(Permission p) const {
  return acting_grant(p) != nullptr;
}

bool Principal::is_sysadmin() const {
  for (const auto& g : grants)
    if (g.role == Role::sysadmin) return true;
  return false;
}

org::Scope Principal::scope(Permission p) const {
  org::Scope s;
  for (const auto& g : grants) {
    if (!role_allows(g.role, p)) continue;
    if (g.role == Role::sysadmin) return org::Scope::everything();
    s.add(g.org_path);
  }
  return s;
}

const Grant* Principal::acting_grant(Permission p) const {
  const Grant* best = nullptr;
  for (const auto& g : grants) {
    if (!role_allows(g.role, p)) continue;
    if (g.role == Role::sysadmin) return &g;
    if (!best || g.org_path.size() < best->org_path.size()) best = &g;
  }
  return best;
}

}  // namespace onegrid::auth
