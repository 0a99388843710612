// The event state machine, exhaustively: every (state, action, single party) triple is checked
// against an independent table of the intended rules, then the conditional rules one by one.

#include "events/workflow.hpp"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <tuple>

namespace onegrid::events {
namespace {

using S = State;
using A = Action;
using P = Party;

// The intended transitions, written out independently of workflow.cpp's rule table:
// (from, action) → (parties allowed, to).
struct Expect {
  std::set<P> who;
  S to;
};
std::map<std::pair<S, A>, Expect> intended() {
  const std::set<P> cs{P::community, P::street};
  const std::set<P> gw_c{P::grid_worker, P::community};
  return {
      {{S::reported, A::accept}, {cs, S::accepted}},
      {{S::reported, A::reject}, {cs, S::rejected}},
      {{S::reported, A::merge}, {cs, S::merged}},
      {{S::accepted, A::handle_in_grid}, {{P::grid_worker, P::community, P::street}, S::in_grid}},
      {{S::in_grid, A::resolve_in_grid}, {gw_c, S::closed}},
      {{S::accepted, A::escalate}, {gw_c, S::escalated}},
      {{S::in_grid, A::escalate}, {gw_c, S::escalated}},
      {{S::accepted, A::whistle}, {{P::street}, S::whistled}},
      {{S::in_grid, A::whistle}, {{P::street}, S::whistled}},
      {{S::escalated, A::whistle}, {{P::street}, S::whistled}},
      // the lead's report-in starts handling; an assisting one leaves the state as it is
      {{S::whistled, A::report_in}, {{P::lead_department, P::assisting_department}, S::handling}},
      {{S::handling, A::report_in}, {{P::lead_department, P::assisting_department}, S::handling}},
      {{S::submitted, A::report_in}, {{P::assisting_department}, S::submitted}},
      {{S::handling, A::submit}, {{P::lead_department}, S::submitted}},
      {{S::submitted, A::verify}, {gw_c, S::closed}},
      {{S::submitted, A::reopen}, {gw_c, S::handling}},
      {{S::closed, A::reopen}, {cs, S::handling}},  // with was_whistled; else in_grid
      {{S::closed, A::rate}, {{P::reporter}, S::closed}},
  };
}

TEST(Workflow, EveryStateActionPartyTriple) {
  const auto table = intended();
  int checked = 0;
  for (S from : all_states())
    for (A a : all_actions())
      for (P p : all_parties()) {
        Facts facts;
        facts.was_whistled = true;
        auto r = decide(from, a, Parties{p}, facts);
        ++checked;
        SCOPED_TRACE(std::string(state_code(from)) + " " + std::string(action_code(a)) + " by " +
                     std::string(party_code(p)));
        if (a == A::complain) {
          if (is_terminal(from)) {
            ASSERT_FALSE(r);
            EXPECT_EQ(r.error().code, "event.illegal_transition");
          } else if (p == P::reporter) {
            ASSERT_TRUE(r);
            EXPECT_EQ(*r, from);
          } else {
            ASSERT_FALSE(r);
            EXPECT_EQ(r.error().code, "event.party_forbidden");
          }
          continue;
        }
        auto it = table.find({from, a});
        if (it == table.end()) {
          ASSERT_FALSE(r);
          EXPECT_EQ(r.error().code, "event.illegal_transition");
          EXPECT_EQ(r.error().kind, ErrorKind::conflict);
          continue;
        }
        if (!it->second.who.count(p)) {
          ASSERT_FALSE(r);
          EXPECT_EQ(r.error().code, "event.party_forbidden");
          EXPECT_EQ(r.error().kind, ErrorKind::forbidden);
          continue;
        }
        ASSERT_TRUE(r) << r.error().message;
        S want = it->second.to;
        if (a == A::report_in && from == S::whistled && p == P::assisting_department) want = from;
        EXPECT_EQ(*r, want);
      }
  EXPECT_EQ(checked, 10 * 13 * 6);
}

TEST(Workflow, ReportInOncePerDepartment) {
  Facts done;
  done.caller_reported_in = true;
  auto r = decide(S::handling, A::report_in, {P::assisting_department}, done);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, "event.illegal_transition");
  EXPECT_TRUE(decide(S::handling, A::report_in, {P::assisting_department}, Facts{}));
}

TEST(Workflow, RateOnce) {
  Facts rated;
  rated.rated = true;
  EXPECT_FALSE(decide(S::closed, A::rate, {P::reporter}, rated));
  EXPECT_TRUE(decide(S::closed, A::rate, {P::reporter}, Facts{}));
}

TEST(Workflow, ReopenAfterCloseGoesBackWhereItWasHandled) {
  Facts in_grid;
  in_grid.was_whistled = false;
  auto r = decide(S::closed, A::reopen, {P::community}, in_grid);
  ASSERT_TRUE(r);
  EXPECT_EQ(*r, S::in_grid);
  Facts whistled;
  whistled.was_whistled = true;
  r = decide(S::closed, A::reopen, {P::street}, whistled);
  ASSERT_TRUE(r);
  EXPECT_EQ(*r, S::handling);
}

TEST(Workflow, PartyCheckComesAfterStateCheck) {
  // A resident asking to whistle a reported event hears "illegal", not "forbidden".
  auto r = decide(S::reported, A::whistle, {P::reporter});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, "event.illegal_transition");
}

TEST(Workflow, NoPartyMayDoNothing) {
  for (S from : all_states())
    for (A a : all_actions()) EXPECT_FALSE(decide(from, a, Parties{})) << state_code(from);
}

TEST(Workflow, SeveralPartiesUnion) {
  // A street officer holds street and community: can accept and whistle.
  Parties officer{P::street, P::community};
  auto acts = available_actions(S::accepted, officer);
  std::set<A> got(acts.begin(), acts.end());
  EXPECT_TRUE(got.count(A::whistle));
  EXPECT_TRUE(got.count(A::escalate));
  EXPECT_TRUE(got.count(A::handle_in_grid));
  EXPECT_FALSE(got.count(A::accept));
}

TEST(Workflow, AvailableActionsForEachRoleAlongTheWhistlePath) {
  EXPECT_EQ(available_actions(S::reported, {P::grid_worker}).size(), 0u);
  EXPECT_EQ(available_actions(S::whistled, {P::lead_department}), std::vector<A>{A::report_in});
  EXPECT_EQ(available_actions(S::handling, {P::lead_department}),
            (std::vector<A>{A::report_in, A::submit}));
  Facts in;
  in.caller_reported_in = true;
  EXPECT_EQ(available_actions(S::handling, {P::lead_department}, in), std::vector<A>{A::submit});
  EXPECT_EQ(available_actions(S::closed, {P::reporter}), (std::vector<A>{A::rate, A::complain}));
}

TEST(Workflow, StagesAndTerminals) {
  EXPECT_EQ(stage_of(S::reported), Stage::accept);
  EXPECT_EQ(stage_of(S::escalated), Stage::accept);
  EXPECT_EQ(stage_of(S::whistled), Stage::report_in);
  EXPECT_EQ(stage_of(S::handling), Stage::handle);
  EXPECT_EQ(stage_of(S::in_grid), Stage::handle);
  EXPECT_EQ(stage_of(S::submitted), Stage::verify);
  EXPECT_FALSE(stage_of(S::closed));
  EXPECT_FALSE(stage_of(S::rejected));
  EXPECT_TRUE(is_terminal(S::merged));
  EXPECT_FALSE(is_open(S::closed));
  EXPECT_TRUE(is_open(S::submitted));
}

TEST(Workflow, CodesRoundTrip) {
  for (S s : all_states()) {
    EXPECT_EQ(parse_state(state_code(s)), s);
    EXPECT_FALSE(state_name_zh(s).empty());
  }
  for (A a : all_actions()) {
    EXPECT_EQ(parse_action(action_code(a)), a);
    EXPECT_FALSE(action_name_zh(a).empty());
  }
  EXPECT_FALSE(parse_state("done"));
  EXPECT_FALSE(parse_action(""));
  for (Stage st : {Stage::accept, Stage::report_in, Stage::handle, Stage::verify})
    EXPECT_EQ(parse_stage(stage_code(st)), st);
}

}  // namespace
}  // namespace onegrid::events
