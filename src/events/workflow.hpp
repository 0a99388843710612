#pragma once
// 事件流转: the event workflow as an explicit state machine. Pure: no store, no HTTP. Given an
// event's state, the action asked for, the caller's relation to the event and a few facts about
// it, `decide` returns the next state or an error with a stable code (event.illegal_transition
// → 409, event.party_forbidden → 403). Everything that moves an event goes through here.
//
//   reported ─accept→ accepted ─handle_in_grid→ in_grid ─resolve_in_grid→ closed
//      │  └reject→ rejected      │  └escalate→ escalated        │
//      └merge→ merged            └───────┴──────whistle──→ whistled ─report_in(lead)→ handling
//   handling ─submit→ submitted ─verify→ closed ─rate/complain (reporter)
//                        └reopen→ handling          └reopen (community/street)→ handling | in_grid

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "base/result.hpp"

namespace onegrid::events {

enum class State {
  reported,   // 已上报: waiting for the community to accept
  accepted,   // 已受理
  rejected,   // 不予受理 (terminal)
  merged,     // 已合并 into another event (terminal)
  in_grid,    // 网格内处置
  escalated,  // 已上报街道: waiting for the street to whistle
  whistled,   // 已吹哨: waiting for the lead department to report in
  handling,   // 处置中
  submitted,  // 已反馈: result submitted, waiting for verification
  closed,     // 已结案
};

enum class Action {
  accept,
  reject,
  merge,
  handle_in_grid,
  resolve_in_grid,
  escalate,
  whistle,
  report_in,
  submit,
  verify,
  reopen,
  rate,
  complain,
};

// How the caller relates to one event; a caller may hold several relations at once.
enum class Party {
  reporter,              // reported it (or follows it after a merge)
  grid_worker,           // the worker of the event's grid
  community,             // community worker over the event's community
  street,                // street or district officer over it (also does community work)
  lead_department,       // staff of the department leading the whistle
  assisting_department,  // staff of an assisting department
};

class Parties {
 public:
  Parties() = default;
  Parties(std::initializer_list<Party> ps) {
    for (Party p : ps) add(p);
  }
  void add(Party p) { bits_ |= 1u << static_cast<unsigned>(p); }
  bool has(Party p) const { return (bits_ & (1u << static_cast<unsigned>(p))) != 0; }
  bool empty() const { return bits_ == 0; }

 private:
  unsigned bits_ = 0;
};

// What the machine needs to know beyond the state.
struct Facts {
  bool caller_reported_in = false;  // report_in: the caller's department already reported in
  bool rated = false;               // rate: the reporter already rated
  bool was_whistled = false;        // reopen after close: back to the departments or the grid
};

// The machine's answer: the state after the action (equal to the state before for actions that
// do not move the event: assisting report-in, rate, complain).
Result<State> decide(State from, Action action, const Parties& who, const Facts& facts = {});

// The parties that may take `action` at all (for error messages and the UI's action buttons).
std::vector<Party> parties_for(Action action);
// Actions the caller may take now (what the detail page offers).
std::vector<Action> available_actions(State from, const Parties& who, const Facts& facts = {});

// Stages with deadlines (时限). A stage starts when the event enters it.
enum class Stage { accept, report_in, handle, verify };
// The stage an event in `s` is in, if it has a deadline there.
std::optional<Stage> stage_of(State s);

bool is_terminal(State s);  // rejected, merged
bool is_open(State s);      // not terminal and not closed

std::string_view state_code(State s);
std::optional<State> parse_state(std::string_view code);
std::string_view state_name_zh(State s);
std::string_view action_code(Action a);
std::optional<Action> parse_action(std::string_view code);
std::string_view action_name_zh(Action a);
std::string_view party_code(Party p);
std::string_view stage_code(Stage s);
std::optional<Stage> parse_stage(std::string_view code);
const std::vector<State>& all_states();
const std::vector<Action>& all_actions();
const std::vector<Party>& all_parties();

}  // namespace onegrid::events
