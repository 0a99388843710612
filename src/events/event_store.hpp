#pragma once
// Persistence of events: intake from every channel, scoped reads, the timeline and the
// workflow's transitions. A caller sees an event when its org path lies in the caller's
// event.read scope, or a department in that scope was summoned to it, or the caller reported
// or follows it; everything else does not exist for the caller (event.not_found).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "audit/audit.hpp"
#include "auth/principal.hpp"
#include "base/result.hpp"
#include "events/event.hpp"
#include "org/scope.hpp"
#include "store/store.hpp"

namespace onegrid::events {

struct Viewer {
  org::Scope scope;  // the caller's event.read scope
  std::int64_t user_id = 0;
};

struct NewEvent {
  std::int64_t subclass_id = 0;
  Channel channel = Channel::console;
  std::string title;
  std::string description;
  std::string address;
  std::optional<std::int64_t> address_id;  // the standard address the text names, if any
  std::optional<double> lon, lat;
  // Where it is: the grid containing the location; or, for a location outside every grid or an
  // event reported without one, the community whose "no grid" queue takes it.
  std::optional<std::int64_t> grid_id;
  std::optional<std::int64_t> community_id;
  std::optional<std::int64_t> near_grid_id;  // outside every grid: the nearest one's community
  std::optional<std::int64_t> reporter_id;
  std::string reporter_name;
  std::optional<std::string> external_ref;  // unique per channel: a second report returns the first
  std::optional<std::int64_t> reported_at;  // default now (the demo seed writes the past)
};

struct Reported {
  Event event;
  bool created = true;  // false: an earlier report with the same external_ref
};

// Files a new event in state `reported` with its accept deadline.
Result<Reported> report(store::Tx& tx, const audit::Actor& actor, const NewEvent& in);

Result<Event> get_event(store::Tx& tx, const Viewer& viewer, std::int64_t id);
// The same without a scope check, for the scheduler and the system's own jobs.
Result<Event> load_event(store::Tx& tx, std::int64_t id);
Result<std::vector<Summons>> summons_of(store::Tx& tx, std::int64_t event_id);
Result<std::vector<Transition>> timeline(store::Tx& tx, std::int64_t event_id);
Result<bool> follows(store::Tx& tx, std::int64_t event_id, std::int64_t user_id);

struct ListFilter {
  std::vector<State> states;
  std::optional<std::int64_t> class_id, subclass_id, grid_id, community_id, street_id, dept_id;
  std::optional<Channel> channel;
  std::optional<bool> overdue;
  std::optional<std::int64_t> from, to;  // reported_at range, ms, [from, to)
  std::optional<std::string> q;          // text in title, description, address, or a receipt code
  bool mine = false;                     // only events the caller reported or follows
  bool no_grid = false;                  // only the "no grid" queue
  bool oldest_first = false;
  std::optional<std::int64_t> cursor;  // keyset: id after (oldest first) or before (newest first)
  int limit = 50;
};
Result<std::vector<Event>> list_events(store::Tx& tx, const Viewer& viewer, const ListFilter& f);

// One workflow step asked for by a caller.
struct ActRequest {
  Action action = Action::accept;
  std::int64_t expected_version = 0;
  std::string note;
  std::optional<std::int64_t> merge_into;                    // merge
  std::optional<std::int64_t> lead_dept_id;                  // whistle (default: the subclass's)
  std::optional<std::vector<std::int64_t>> assist_dept_ids;  // whistle (default: subclass's)
  std::optional<int> rating;                                 // rate: 1–5
  std::vector<std::int64_t> attachment_ids;                  // evidence uploaded before
  std::optional<std::int64_t> at;  // default now (the demo seed writes the past)
};

// Applies one transition for `who` (visibility, party and state rules of workflow.hpp, version
// check: event.version_mismatch → 412). Returns the event after it.
Result<Event> act(store::Tx& tx, const audit::Actor& actor, const auth::Principal& who,
                  std::int64_t id, const ActRequest& req);

// What the detail page shows the caller: their parties and the actions open to them now.
struct CallerView {
  Parties parties;
  std::vector<Action> actions;
};
Result<CallerView> caller_view(store::Tx& tx, const auth::Principal& who, const Event& e);

}  // namespace onegrid::events
