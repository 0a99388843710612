// The notification rules: every step that needs someone's attention tells them, and nobody is
// told of a step they cannot act on or follow.

#include <gtest/gtest.h>

#include <algorithm>

#include "events/live_feed.hpp"
#include "events/notify.hpp"
#include "events/workflow.hpp"

namespace onegrid::events {
namespace {

bool tells(std::string_view kind, Audience a) {
  const auto& who = audiences_for(kind);
  return std::find(who.begin(), who.end(), a) != who.end();
}

TEST(NotifyRules, TheNextActorIsToldOfEveryHandOver) {
  EXPECT_TRUE(tells("report", Audience::community));  // accepts
  EXPECT_TRUE(tells("report", Audience::grid_worker));
  EXPECT_TRUE(tells("escalate", Audience::street));         // whistles
  EXPECT_TRUE(tells("whistle", Audience::summoned));        // report in
  EXPECT_TRUE(tells("submit", Audience::grid_worker));      // verifies
  EXPECT_TRUE(tells("reopen", Audience::lead_department));  // handles again
  EXPECT_TRUE(tells("dept_overdue", Audience::dept_of_step));
  EXPECT_TRUE(tells("escalated", Audience::district));
}

TEST(NotifyRules, TheReporterHearsTheOutcome) {
  for (auto kind : {"accept", "reject", "merge", "resolve_in_grid", "verify"})
    EXPECT_TRUE(tells(kind, Audience::reporter)) << kind;
  EXPECT_FALSE(tells("whistle", Audience::reporter));
  EXPECT_FALSE(tells("report", Audience::reporter));
}

TEST(NotifyRules, EveryWorkflowActionHasATitle) {
  for (Action a : all_actions()) {
    EXPECT_FALSE(notice_title(action_code(a)).empty()) << action_code(a);
    EXPECT_NE(notice_title(action_code(a)), "事件动态") << action_code(a) << " has no rule";
  }
  EXPECT_TRUE(audiences_for("no_such_step").empty());
  EXPECT_EQ(notice_title("no_such_step"), "事件动态");
}

TEST(LiveListener, SeesByScopeSummonedDepartmentOrOwnEvent) {
  LiveMessage change{"1.0", "event.changed", "{}", {"/1/4/17/", "/1/90/"}, {42}, false};
  Listener community{org::Scope::subtree("/1/4/"), 7};
  Listener other_community{org::Scope::subtree("/1/5/"), 8};
  Listener dept{org::Scope::subtree("/1/90/"), 9};
  Listener reporter{org::Scope{}, 42};
  Listener admin{org::Scope::everything(), 1};
  EXPECT_TRUE(community.may_see(change));
  EXPECT_FALSE(other_community.may_see(change));
  EXPECT_TRUE(dept.may_see(change));
  EXPECT_TRUE(reporter.may_see(change));
  EXPECT_TRUE(admin.may_see(change));
  // "/1/4" must not match "/1/41/…": paths end with a slash.
  Listener prefix_trap{org::Scope::subtree("/1/41/"), 10};
  EXPECT_FALSE(prefix_trap.may_see(change));

  LiveMessage note{"1.1", "notification", "{}", {}, {7}, true};
  EXPECT_TRUE(community.may_see(note));
  EXPECT_FALSE(admin.may_see(note)) << "a notification is for its recipient only";
}

}  // namespace
}  // namespace onegrid::events
