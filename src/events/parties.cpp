#include "events/parties.hpp"

namespace onegrid::events {
namespace {

bool within(const std::string& path, const std::string& root) {
  return !root.empty() && path.compare(0, root.size(), root) == 0;
}

bool staff_of(const auth::Principal& who, const Summons& s) {
  for (const auto& g : who.grants)
    if (g.role == auth::Role::department_staff && within(s.dept_path, g.org_path)) return true;
  return false;
}

}  // namespace

Parties parties_of(const auth::Principal& who, const Event& e, const std::vector<Summons>& summoned,
                   bool follows) {
  Parties p;
  if (follows || (e.reporter_id && *e.reporter_id == who.user_id)) p.add(Party::reporter);
  for (const auto& g : who.grants) {
    switch (g.role) {
      case auth::Role::sysadmin:
        p.add(Party::street);
        p.add(Party::community);
        break;
      case auth::Role::district_officer:
      case auth::Role::street_officer:
        if (within(e.org_path, g.org_path)) {
          p.add(Party::street);
          p.add(Party::community);
        }
        break;
      case auth::Role::community_worker:
        if (within(e.org_path, g.org_path)) p.add(Party::community);
        break;
      case auth::Role::grid_worker:
        if (e.grid_id && g.org_id == *e.grid_id) p.add(Party::grid_worker);
        break;
      default:
        break;
    }
  }
  for (const auto& s : summoned)
    if (staff_of(who, s)) p.add(s.lead ? Party::lead_department : Party::assisting_department);
  return p;
}

const Summons* acting_department(const auth::Principal& who, const std::vector<Summons>& summoned) {
  const Summons* found = nullptr;
  for (const auto& s : summoned) {
    if (!staff_of(who, s)) continue;
    if (s.lead) return &s;
    if (!found) found = &s;
  }
  return found;
}

}  // namespace onegrid::events
