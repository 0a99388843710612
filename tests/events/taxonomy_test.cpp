#include "events/taxonomy.hpp"

#include <gtest/gtest.h>

#include <set>

#include "events/event.hpp"

namespace onegrid::events {
namespace {

TEST(Taxonomy, DefaultHasSixClassesAndTwentyEightValidSubclasses) {
  const auto& t = default_taxonomy();
  EXPECT_EQ(t.size(), 6u);
  std::size_t subs = 0;
  std::set<std::string> codes;
  for (const auto& c : t) {
    EXPECT_TRUE(validate(EventClass{0, c.code, c.name, c.name_en}));
    for (const auto& d : c.subclasses) {
      ++subs;
      EXPECT_TRUE(codes.insert(d.code).second) << d.code;
      EventSubclass s;
      s.code = d.code;
      s.name = d.name;
      s.name_en = d.name_en;
      s.priority = d.priority;
      s.deadlines = d.deadlines;
      EXPECT_TRUE(validate(s, c.code)) << d.code;
      EXPECT_STRNE(d.lead, "") << d.code;
    }
  }
  EXPECT_EQ(subs, 28u);
}

TEST(Taxonomy, ValidationNamesTheField) {
  EventSubclass s;
  s.code = "0201";
  s.name = "x";
  auto st = validate(s, "01");
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().field, "code");
  s.code = "0101";
  s.priority = 4;
  st = validate(s, "01");
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().field, "priority");
  s.priority = 1;
  s.deadlines.verify = 0;
  st = validate(s, "01");
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().field, "deadlines.verify");
  s.deadlines.verify = 60;
  s.lead_dept_id = 7;
  s.assist_dept_ids = {7};
  st = validate(s, "01");
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code, "taxonomy.lead_also_assisting");
  EXPECT_FALSE(validate(EventClass{0, "1", "x", ""}));
  EXPECT_FALSE(validate(EventClass{0, "01", "", ""}));
}

TEST(EventCode, ReceiptUsesShanghaiDateAndRoundTrips) {
  Event e;
  e.id = 123;
  e.reported_at = 1764086400000;  // 2025-11-25T16:00:00Z = 2025-11-26 00:00 in Shanghai
  EXPECT_EQ(receipt_code(e), "SJ2025112600000123");
  EXPECT_EQ(id_from_receipt("SJ2025112600000123"), 123);
  EXPECT_FALSE(id_from_receipt("SJ20251126"));
  EXPECT_FALSE(id_from_receipt("XX2025112600000123"));
  EXPECT_FALSE(id_from_receipt("SJ2025112600000000"));
}

TEST(EventChannel, CodesRoundTrip) {
  for (Channel c : all_channels()) EXPECT_EQ(parse_channel(channel_code(c)), c);
  EXPECT_FALSE(parse_channel("fax"));
}

}  // namespace
}  // namespace onegrid::events
