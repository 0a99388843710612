// Instants: RFC 3339 formatting and parsing, bare dates taken as Beijing midnight.

#include "base/clock.hpp"

#include <gtest/gtest.h>

namespace onegrid {
namespace {

TEST(Clock, FormatsUtcWithMilliseconds) {
  EXPECT_EQ(format_utc(0), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(format_utc(1'795'000'000'123), "2026-11-18T11:06:40.123Z");
  EXPECT_EQ(format_utc(-1), "1969-12-31T23:59:59.999Z");
}

TEST(Clock, ParsesRfc3339WithZonesAndFractions) {
  std::int64_t ms = 0;
  ASSERT_TRUE(parse_instant("2026-11-18T11:06:40.123Z", ms));
  EXPECT_EQ(ms, 1'795'000'000'123);
  ASSERT_TRUE(parse_instant("2026-11-18T19:06:40+08:00", ms));
  EXPECT_EQ(ms, 1'795'000'000'000);
  ASSERT_TRUE(parse_instant("2026-11-18T06:06:40-05:00", ms));
  EXPECT_EQ(ms, 1'795'000'000'000);
  std::int64_t back = 0;
  ASSERT_TRUE(parse_instant(format_utc(1'234'567'890'987), back));
  EXPECT_EQ(back, 1'234'567'890'987);
}

TEST(Clock, BareDateIsBeijingMidnight) {
  std::int64_t ms = 0;
  ASSERT_TRUE(parse_instant("2026-01-01", ms));
  EXPECT_EQ(format_utc(ms), "2025-12-31T16:00:00.000Z");
}

TEST(Clock, RejectsMalformedInput) {
  std::int64_t ms = 0;
  for (const char* bad : {"", "yesterday", "2026-13-01", "2026-02-30", "2025-02-29", "2026-1-1",
                          "2026-01-01T10:00:00", "2026-01-01T25:00:00Z", "2026-01-01T10:00:00+8",
                          "2026-01-01T10:00:00.Z", "2026-01-01X", "2026-01-01T10:00:00Zjunk"})
    EXPECT_FALSE(parse_instant(bad, ms)) << bad;
  EXPECT_TRUE(parse_instant("2024-02-29", ms));  // leap day
}

}  // namespace
}  // namespace onegrid
