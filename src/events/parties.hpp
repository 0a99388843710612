#pragma once
// Who the caller is to one event (reporter, its grid's worker, community, street, a summoned
// department), derived from the caller's grants and the event's places. Pure: the workflow
// decides what each party may do.

#include <cstdint>
#include <optional>
#include <vector>

#include "auth/principal.hpp"
#include "events/event.hpp"
#include "events/workflow.hpp"

namespace onegrid::events {

Parties parties_of(const auth::Principal& who, const Event& e, const std::vector<Summons>& summoned,
                   bool follows);

// The summoned department the caller acts for (the lead when the caller can act for it), or
// nullopt when the caller is not staff of any summoned department.
const Summons* acting_department(const auth::Principal& who, const std::vector<Summons>& summoned);

}  // namespace onegrid::events
