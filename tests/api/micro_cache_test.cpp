// The response micro-cache: hits only for what no write of this process has outdated, never
// past its time-to-live, and never stores what a concurrent write may have made stale.

#include <gtest/gtest.h>

#include <thread>

#include "api/micro_cache.hpp"

namespace onegrid::api {
namespace {

http::Response ok(std::string body) {
  http::Response r;
  r.body = std::move(body);
  return r;
}

TEST(MicroCache, ServesWhatItStoredUntilAWrite) {
  MicroCache cache(std::chrono::seconds(60));
  EXPECT_FALSE(cache.get("k"));
  auto t = cache.ticket();
  auto one = ok("one");
  cache.put("k", t, one);
  EXPECT_EQ(one.body_view(), "one") << "the response that filled the cache still has its body";
  ASSERT_TRUE(cache.get("k"));
  EXPECT_EQ(cache.get("k")->body_view(), "one");
  EXPECT_EQ(cache.get("k")->shared_body.get(), one.shared_body.get())
      << "hits share one body instead of copying it";
  EXPECT_FALSE(cache.get("other"));
  cache.invalidate();
  EXPECT_FALSE(cache.get("k")) << "a write of this process outdates every entry";
}

TEST(MicroCache, AResponseReadBeforeAWriteIsNotStored) {
  MicroCache cache(std::chrono::seconds(60));
  const auto before = cache.ticket();  // the request starts reading …
  cache.invalidate();                  // … a write commits meanwhile …
  auto stale = ok("stale");
  cache.put("k", before, stale);  // … its response may predate the write
  EXPECT_FALSE(cache.get("k"));
}

TEST(MicroCache, OnlyPlainSuccessesAreStored) {
  MicroCache cache(std::chrono::seconds(60));
  auto bad = ok("{}");
  bad.status = 404;
  cache.put("k", cache.ticket(), bad);
  EXPECT_FALSE(cache.get("k"));
}

TEST(MicroCache, EntriesExpire) {
  MicroCache cache(std::chrono::milliseconds(20));
  auto x = ok("x");
  cache.put("k", cache.ticket(), x);
  std::this_thread::sleep_for(std::chrono::milliseconds(40));
  EXPECT_FALSE(cache.get("k"));
}

TEST(MicroCache, StaysBounded) {
  MicroCache cache(std::chrono::seconds(60), 8);
  for (int i = 0; i < 100; ++i) {
    auto x = ok("x");
    cache.put("k" + std::to_string(i), cache.ticket(), x);
  }
  int held = 0;
  for (int i = 0; i < 100; ++i) held += cache.get("k" + std::to_string(i)) ? 1 : 0;
  EXPECT_LE(held, 8);
  EXPECT_TRUE(cache.get("k99")) << "the newest entry is kept";
}

}  // namespace
}  // namespace onegrid::api
