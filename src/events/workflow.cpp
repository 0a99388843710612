#include "events/workflow.hpp"

#include <array>
#include <string>

namespace onegrid::events {
namespace {

using S = State;
using A = Action;
using P = Party;

struct StateInfo {
  State state;
  std::string_view code;
  std::string_view name_zh;
};
constexpr std::array<StateInfo, 10> kStates{{
    {S::reported, "reported", "已上报"},
    {S::accepted, "accepted", "已受理"},
    {S::rejected, "rejected", "不予受理"},
    {S::merged, "merged", "已合并"},
    {S::in_grid, "in_grid", "网格内处置"},
    {S::escalated, "escalated", "待街道吹哨"},
    {S::whistled, "whistled", "已吹哨待报到"},
    {S::handling, "handling", "处置中"},
    {S::submitted, "submitted", "待核查"},
    {S::closed, "closed", "已结案"},
}};

struct ActionInfo {
  Action action;
  std::string_view code;
  std::string_view name_zh;
};
constexpr std::array<ActionInfo, 13> kActions{{
    {A::accept, "accept", "受理"},
    {A::reject, "reject", "不予受理"},
    {A::merge, "merge", "合并"},
    {A::handle_in_grid, "handle_in_grid", "网格内处置"},
    {A::resolve_in_grid, "resolve_in_grid", "网格内办结"},
    {A::escalate, "escalate", "上报街道"},
    {A::whistle, "whistle", "吹哨"},
    {A::report_in, "report_in", "报到"},
    {A::submit, "submit", "提交处置结果"},
    {A::verify, "verify", "核查通过"},
    {A::reopen, "reopen", "返工"},
    {A::rate, "rate", "评价"},
    {A::complain, "complain", "投诉"},
}};

constexpr std::array<std::pair<Party, std::string_view>, 6> kParties{{
    {P::reporter, "reporter"},
    {P::grid_worker, "grid_worker"},
    {P::community, "community"},
    {P::street, "street"},
    {P::lead_department, "lead_department"},
    {P::assisting_department, "assisting_department"},
}};

// One row per (action, state it may start from): who may take it and where it leads. The
// report-in, reopen and rate rows have conditions handled in decide().
struct Rule {
  Action action;
  State from;
  Parties who;
  State to;
};
const std::vector<Rule>& rules() {
  static const std::vector<Rule> r{
      {A::accept, S::reported, {P::community, P::street}, S::accepted},
      {A::reject, S::reported, {P::community, P::street}, S::rejected},
      {A::merge, S::reported, {P::community, P::street}, S::merged},
      {A::handle_in_grid, S::accepted, {P::grid_worker, P::community, P::street}, S::in_grid},
      {A::resolve_in_grid, S::in_grid, {P::grid_worker, P::community}, S::closed},
      {A::escalate, S::accepted, {P::grid_worker, P::community}, S::escalated},
      {A::escalate, S::in_grid, {P::grid_worker, P::community}, S::escalated},
      {A::whistle, S::accepted, {P::street}, S::whistled},
      {A::whistle, S::in_grid, {P::street}, S::whistled},
      {A::whistle, S::escalated, {P::street}, S::whistled},
      {A::report_in, S::whistled, {P::lead_department, P::assisting_department}, S::handling},
      {A::report_in, S::handling, {P::lead_department, P::assisting_department}, S::handling},
      {A::report_in, S::submitted, {P::assisting_department}, S::submitted},
      {A::submit, S::handling, {P::lead_department}, S::submitted},
      {A::verify, S::submitted, {P::grid_worker, P::community}, S::closed},
      {A::reopen, S::submitted, {P::grid_worker, P::community}, S::handling},
      {A::reopen, S::closed, {P::community, P::street}, S::handling},
      {A::rate, S::closed, {P::reporter}, S::closed},
  };
  return r;
}

bool any_of(const Parties& who, const Parties& allowed) {
  for (Party p : all_parties())
    if (who.has(p) && allowed.has(p)) return true;
  return false;
}

Error illegal(State from, Action action, std::string why = {}) {
  std::string msg = "cannot " + std::string(action_code(action)) + " an event that is " +
                    std::string(state_code(from));
  if (!why.empty()) msg += ": " + why;
  return conflict("event.illegal_transition", msg);
}

}  // namespace

Result<State> decide(State from, Action action, const Parties& who, const Facts& facts) {
  // Complaints are accepted in every state but the terminal ones, from the reporter only.
  if (action == A::complain) {
    if (is_terminal(from)) return illegal(from, action);
    if (!who.has(P::reporter))
      return forbidden("event.party_forbidden", "only the reporter may complain about an event");
    return from;
  }
  const Rule* match = nullptr;
  bool action_known_elsewhere = false;
  for (const auto& r : rules()) {
    if (r.action != action) continue;
    action_known_elsewhere = true;
    if (r.from == from) {
      match = &r;
      break;
    }
  }
  if (!match) return illegal(from, action, action_known_elsewhere ? "" : "unknown action");
  if (!any_of(who, match->who)) {
    std::string list;
    for (Party p : all_parties())
      if (match->who.has(p)) list += (list.empty() ? "" : ", ") + std::string(party_code(p));
    return forbidden("event.party_forbidden",
                     std::string(action_code(action)) + " is for: " + list);
  }
  switch (action) {
    case A::report_in:
      if (facts.caller_reported_in)
        return illegal(from, action, "your department has already reported in");
      // Only the lead department's report-in starts handling; assisting ones are recorded.
      if (from == S::whistled && !who.has(P::lead_department)) return from;
      return match->to;
    case A::rate:
      if (facts.rated) return illegal(from, action, "already rated");
      return match->to;
    case A::reopen:
      if (from == S::closed && !facts.was_whistled) return S::in_grid;
      return match->to;
    default:
      return match->to;
  }
}

std::vector<Party> parties_for(Action action) {
  std::vector<Party> out;
  if (action == A::complain) return {P::reporter};
  Parties allowed;
  for (const auto& r : rules()) {
    if (r.action != action) continue;
    for (Party p : all_parties())
      if (r.who.has(p)) allowed.add(p);
  }
  for (Party p : all_parties())
    if (allowed.has(p)) out.push_back(p);
  return out;
}

std::vector<Action> available_actions(State from, const Parties& who, const Facts& facts) {
  std::vector<Action> out;
  for (Action a : all_actions())
    if (decide(from, a, who, facts)) out.push_back(a);
  return out;
}

std::optional<Stage> stage_of(State s) {
  switch (s) {
    case S::reported:
    case S::escalated:  // the street's turn to take it up
      return Stage::accept;
    case S::whistled:
      return Stage::report_in;
    case S::accepted:  // the handling clock starts at acceptance
    case S::in_grid:
    case S::handling:
      return Stage::handle;
    case S::submitted:
      return Stage::verify;
    default:
      return std::nullopt;
  }
}

bool is_terminal(State s) {
  return s == S::rejected || s == S::merged;
}
bool is_open(State s) {
  return !is_terminal(s) && s != S::closed;
}

std::string_view state_code(State s) {
  for (const auto& i : kStates)
    if (i.state == s) return i.code;
  return {};
}
std::optional<State> parse_state(std::string_view code) {
  for (const auto& i : kStates)
    if (i.code == code) return i.state;
  return std::nullopt;
}
std::string_view state_name_zh(State s) {
  for (const auto& i : kStates)
    if (i.state == s) return i.name_zh;
  return {};
}
std::string_view action_code(Action a) {
  for (const auto& i : kActions)
    if (i.action == a) return i.code;
  return {};
}
std::optional<Action> parse_action(std::string_view code) {
  for (const auto& i : kActions)
    if (i.code == code) return i.action;
  return std::nullopt;
}
std::string_view action_name_zh(Action a) {
  for (const auto& i : kActions)
    if (i.action == a) return i.name_zh;
  return {};
}
std::string_view party_code(Party p) {
  for (const auto& [party, code] : kParties)
    if (party == p) return code;
  return {};
}

std::string_view stage_code(Stage s) {
  switch (s) {
    case Stage::accept:
      return "accept";
    case Stage::report_in:
      return "report_in";
    case Stage::handle:
      return "handle";
    case Stage::verify:
      return "verify";
  }
  return {};
}
std::optional<Stage> parse_stage(std::string_view code) {
  for (Stage s : {Stage::accept, Stage::report_in, Stage::handle, Stage::verify})
    if (stage_code(s) == code) return s;
  return std::nullopt;
}

const std::vector<State>& all_states() {
  static const std::vector<State> v = [] {
    std::vector<State> out;
    for (const auto& i : kStates) out.push_back(i.state);
    return out;
  }();
  return v;
}
const std::vector<Action>& all_actions() {
  static const std::vector<Action> v = [] {
    std::vector<Action> out;
    for (const auto& i : kActions) out.push_back(i.action);
    return out;
  }();
  return v;
}
const std::vector<Party>& all_parties() {
  static const std::vector<Party> v = [] {
    std::vector<Party> out;
    for (const auto& [p, c] : kParties) out.push_back(p);
    return out;
  }();
  return v;
}

}  // namespace onegrid::events
