// Session expiry boundaries: idle, absolute, revoked, and the last_seen touch granularity.
#include "auth/session_policy.hpp"

#include <gtest/gtest.h>

namespace onegrid::auth {
namespace {

constexpr std::int64_t kT0 = 1'700'000'000'000;  // created_at
constexpr std::int64_t kMin = 60'000;

SessionCheck at(std::int64_t now, std::int64_t last_seen, bool revoked = false) {
  return check_session(now, kT0, last_seen, kT0 + kSessionAbsoluteMs, revoked);
}

TEST(SessionPolicy, Constants) {
  EXPECT_EQ(kSessionAbsoluteMs, 12 * 60 * kMin);
  EXPECT_EQ(kSessionIdleMs, 30 * kMin);
  EXPECT_EQ(kSessionTouchMs, kMin);
}

TEST(SessionPolicy, FreshSessionIsValidWithoutTouch) {
  const SessionCheck c = at(kT0, kT0);
  EXPECT_TRUE(c.valid);
  EXPECT_TRUE(c.reason.empty());
  EXPECT_FALSE(c.touch);
}

TEST(SessionPolicy, IdleBoundary) {
  EXPECT_TRUE(at(kT0 + 30 * kMin - 1, kT0).valid);
  const SessionCheck idle = at(kT0 + 30 * kMin, kT0);
  EXPECT_FALSE(idle.valid);
  EXPECT_EQ(idle.reason, "session.idle");
  EXPECT_FALSE(idle.touch);
  // activity keeps it alive: seen 29 min ago, 5 h into the session
  EXPECT_TRUE(at(kT0 + 5 * 60 * kMin, kT0 + 5 * 60 * kMin - 29 * kMin).valid);
}

TEST(SessionPolicy, AbsoluteBoundary) {
  const std::int64_t end = kT0 + kSessionAbsoluteMs;
  EXPECT_TRUE(at(end - 1, end - kMin).valid);
  const SessionCheck expired = at(end, end - 1);
  EXPECT_FALSE(expired.valid);
  EXPECT_EQ(expired.reason, "session.expired");
  // an expires_at earlier than 12 h is honoured, and 12 h caps a later one
  EXPECT_EQ(check_session(kT0 + kMin, kT0, kT0 + kMin, kT0 + kMin, false).reason,
            "session.expired");
  EXPECT_EQ(check_session(end, kT0, end - 1, end + 60 * kMin, false).reason, "session.expired");
  // expired wins over idle
  EXPECT_EQ(at(end + 60 * kMin, kT0).reason, "session.expired");
}

TEST(SessionPolicy, RevokedWinsOverEverything) {
  EXPECT_EQ(at(kT0 + 1, kT0, true).reason, "session.revoked");
  EXPECT_FALSE(at(kT0 + 1, kT0, true).valid);
  EXPECT_EQ(at(kT0 + kSessionAbsoluteMs + 1, kT0, true).reason, "session.revoked");
}

TEST(SessionPolicy, TouchGranularity) {
  EXPECT_FALSE(at(kT0 + kMin - 1, kT0).touch);
  EXPECT_TRUE(at(kT0 + kMin, kT0).touch);
  EXPECT_TRUE(at(kT0 + 29 * kMin, kT0).touch);
  EXPECT_FALSE(at(kT0 + 10 * kMin, kT0 + 10 * kMin - 59'999).touch);
  // last_seen ahead of now (clock skew between servers): valid, no touch
  const SessionCheck skew = at(kT0 + kMin, kT0 + 2 * kMin);
  EXPECT_TRUE(skew.valid);
  EXPECT_FALSE(skew.touch);
}

}  // namespace
}  // namespace onegrid::auth
