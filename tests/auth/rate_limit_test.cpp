// The per-address login rate limiter: burst, refusal, refill, bounded memory, thread safety.
#include "auth/rate_limit.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

namespace onegrid::auth {
namespace {

constexpr std::int64_t kNow = 1'700'000'000'000;

TEST(RateLimiter, LoginDefaultsBurstThenRefuseThenRefill) {
  RateLimiter rl = RateLimiter::for_logins();
  for (int i = 0; i < 10; ++i) EXPECT_TRUE(rl.allow("10.0.0.1", kNow)) << i;
  EXPECT_FALSE(rl.allow("10.0.0.1", kNow));
  EXPECT_EQ(rl.retry_after_ms("10.0.0.1", kNow), 6000);
  EXPECT_EQ(rl.retry_after_ms("10.0.0.1", kNow + 1000), 5000);
  EXPECT_FALSE(rl.allow("10.0.0.1", kNow + 1000));
  EXPECT_TRUE(rl.allow("10.0.0.2", kNow)) << "other addresses are unaffected";
  EXPECT_EQ(rl.retry_after_ms("10.0.0.3", kNow), 0) << "unknown addresses may go";
  EXPECT_FALSE(rl.allow("10.0.0.1", kNow + 5999));
  EXPECT_TRUE(rl.allow("10.0.0.1", kNow + 6000));  // one token every 6 s
  EXPECT_FALSE(rl.allow("10.0.0.1", kNow + 6000));
  EXPECT_TRUE(rl.allow("10.0.0.1", kNow + 12000));
  EXPECT_EQ(rl.retry_after_ms("10.0.0.1", kNow + 12000), 6000);
  // a long pause refills the whole burst, and no more
  for (int i = 0; i < 10; ++i) EXPECT_TRUE(rl.allow("10.0.0.1", kNow + 3'600'000)) << i;
  EXPECT_FALSE(rl.allow("10.0.0.1", kNow + 3'600'000));
}

TEST(RateLimiter, RefusedAttemptsDoNotDrainTheBucket) {
  RateLimiter rl(1.0, 2.0);
  EXPECT_TRUE(rl.allow("a", kNow));
  EXPECT_TRUE(rl.allow("a", kNow));
  for (int i = 0; i < 100; ++i) EXPECT_FALSE(rl.allow("a", kNow + 500));
  EXPECT_TRUE(rl.allow("a", kNow + 1000));
}

TEST(RateLimiter, ClockGoingBackwardsGrantsNothing) {
  RateLimiter rl(1.0, 1.0);
  EXPECT_TRUE(rl.allow("a", kNow));
  EXPECT_FALSE(rl.allow("a", kNow - 10'000));
  EXPECT_FALSE(rl.allow("a", kNow + 999));
  EXPECT_TRUE(rl.allow("a", kNow + 1000));
}

TEST(RateLimiter, MemoryIsBounded) {
  RateLimiter rl(1.0 / 6.0, 10.0, 1000);
  for (int i = 0; i < 50'000; ++i) {
    EXPECT_TRUE(rl.allow("198.51.100." + std::to_string(i), kNow + i)) << i;
    ASSERT_LE(rl.size(), 1000u);
  }
}

TEST(RateLimiter, EvictsFullBucketsBeforeActiveOnes) {
  RateLimiter rl(1.0, 3.0, 4);
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(rl.allow("attacker", kNow));
  EXPECT_FALSE(rl.allow("attacker", kNow));
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(rl.allow("idle" + std::to_string(i), kNow - 60'000));
  EXPECT_EQ(rl.size(), 4u);
  EXPECT_TRUE(rl.allow("newcomer", kNow));  // the idle buckets are full again by now
  EXPECT_EQ(rl.size(), 2u);
  EXPECT_FALSE(rl.allow("attacker", kNow)) << "the active bucket survived eviction";
}

TEST(RateLimiter, ThreadSafe) {
  RateLimiter rl(0.001, 100.0);
  std::atomic<int> allowed{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 1000; ++i)
        if (rl.allow("shared", kNow)) ++allowed;
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(allowed.load(), 100);
}

}  // namespace
}  // namespace onegrid::auth
