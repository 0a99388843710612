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
  cache.put("k", t, ok("one"));
  ASSERT_TRUE(cache.get("k"));
  EXPECT_EQ(cache.get("k")->body, "one");
  EXPECT_FALSE(cache.get("other"));
  cache.invalidate();
  EXPECT_FALSE(cache.get("k")) << "a write of this process outdates every entry";
}

TEST(MicroCache, AResponseReadBeforeAWriteIsNotStored) {
  MicroCache cache(std::chrono::seconds(60));
  const auto before = cache.ticket();   // the request starts reading …
  cache.invalidate();                   // … a write commits meanwhile …
  cache.put("k", before, ok("stale"));  // … its response may predate the write
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
  cache.put("k", cache.ticket(), ok("x"));
  std::this_thread::sleep_for(std::chrono::milliseconds(40));
  EXPECT_FALSE(cache.get("k"));
}

TEST(MicroCache, StaysBounded) {
  MicroCache cache(std::chrono::seconds(60), 8);
  for (int i = 0; i < 100; ++i) cache.put("k" + std::to_string(i), cache.ticket(), ok("x"));
  int held = 0;
  for (int i = 0; i < 100; ++i) held += cache.get("k" + std::to_string(i)) ? 1 : 0;
  EXPECT_LE(held, 8);
  EXPECT_TRUE(cache.get("k99")) << "the newest entry is kept";
}

}  // namespace
}  // namespace onegrid::api
