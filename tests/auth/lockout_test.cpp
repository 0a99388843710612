// Account lockout: 5 failures lock for 10 min, doubling on repeats, capped at 24 h.
#include "auth/lockout.hpp"

#include <gtest/gtest.h>

namespace onegrid::auth {
namespace {

constexpr std::int64_t kMin = 60'000;
constexpr std::int64_t kNow = 1'700'000'000'000;

LockState fail_times(LockState s, int n, std::int64_t now) {
  for (int i = 0; i < n; ++i) s = on_failed_login(s, now);
  return s;
}

TEST(Lockout, FourFailuresDoNotLockTheFifthDoes) {
  LockState s = fail_times({}, 4, kNow);
  EXPECT_EQ(s.failed_logins, 4);
  EXPECT_FALSE(is_locked(s, kNow));
  EXPECT_EQ(retry_after_seconds(s, kNow), 0);
  s = on_failed_login(s, kNow);
  EXPECT_TRUE(is_locked(s, kNow));
  EXPECT_EQ(s.failed_logins, 0);
  EXPECT_EQ(s.lockouts, 1);
  EXPECT_EQ(s.locked_until, kNow + 10 * kMin);
  EXPECT_EQ(retry_after_seconds(s, kNow), 600);
  EXPECT_EQ(retry_after_seconds(s, kNow + 1), 600);  // rounded up
  EXPECT_EQ(retry_after_seconds(s, kNow + 10 * kMin - 1000), 1);
  EXPECT_TRUE(is_locked(s, kNow + 10 * kMin - 1));
  EXPECT_FALSE(is_locked(s, kNow + 10 * kMin));
}

TEST(Lockout, FailuresWhileLockedChangeNothing) {
  const LockState locked = fail_times({}, 5, kNow);
  const LockState again = on_failed_login(locked, kNow + kMin);
  EXPECT_EQ(again.failed_logins, locked.failed_logins);
  EXPECT_EQ(again.lockouts, locked.lockouts);
  EXPECT_EQ(again.locked_until, locked.locked_until);
}

TEST(Lockout, SuccessResetsCountButKeepsHistory) {
  LockState s = fail_times({}, 4, kNow);
  s = on_successful_login(s);
  EXPECT_EQ(s.failed_logins, 0);
  s = fail_times(s, 4, kNow);
  EXPECT_FALSE(is_locked(s, kNow)) << "the count restarted after the success";

  s = fail_times({}, 5, kNow);  // first lockout
  s = on_successful_login(s);
  EXPECT_EQ(s.lockouts, 1);
  EXPECT_FALSE(is_locked(s, kNow));
}

TEST(Lockout, RepeatsDoubleUpToTwentyFourHours) {
  std::int64_t now = kNow;
  LockState s = fail_times({}, 5, now);
  EXPECT_EQ(s.locked_until - now, 10 * kMin);
  now = s.locked_until;
  s = fail_times(s, 5, now);
  EXPECT_EQ(s.lockouts, 2);
  EXPECT_EQ(s.locked_until - now, 20 * kMin);
  const std::int64_t expected_min[] = {40, 80, 160, 320, 640, 1280, 1440, 1440};
  for (std::int64_t minutes : expected_min) {
    now = s.locked_until;
    s = fail_times(s, 5, now);
    EXPECT_EQ(s.locked_until - now, minutes * kMin) << "lockout " << s.lockouts;
  }
  EXPECT_EQ(lockout_duration_ms(0), 10 * kMin);
  EXPECT_EQ(lockout_duration_ms(1000000), 24 * 60 * kMin);
  EXPECT_EQ(lockout_duration_ms(-3), 10 * kMin);
}

}  // namespace
}  // namespace onegrid::auth
