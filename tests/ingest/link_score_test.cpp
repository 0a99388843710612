// Pairwise merge scoring against a small hand-made truth.
#include "ingest/link_score.hpp"

#include <gtest/gtest.h>

namespace onegrid::ingest {
namespace {

constexpr const char* kTruth =
    "source,record_key,person_key\n"
    "police,1,A\npolice,2,B\ncivil,1,A\nhealth,1,A\nhealth,2,B\nhealth,3,C\n";

TEST(LinkScore, PerfectMergeScoresOne) {
  auto s = score_links(kTruth,
                       "source,record_key,person_id\n"
                       "police,1,10\npolice,2,20\ncivil,1,10\nhealth,1,10\nhealth,2,20\n"
                       "health,3,30\n");
  ASSERT_TRUE(s);
  EXPECT_EQ(s->records, 6);
  EXPECT_EQ(s->true_pairs, 4);  // A: 3 records -> 3 pairs; B: 1 pair
  EXPECT_EQ(s->correct_pairs, 4);
  EXPECT_DOUBLE_EQ(s->f1, 1.0);
}

TEST(LinkScore, MissedAndWrongMergesCount) {
  // health,1 left apart from A (loses 2 pairs); health,3 wrongly merged into B (adds 2 pairs).
  auto s = score_links(kTruth,
                       "\xEF\xBB\xBFsource,record_key,person_id\n"
                       "police,1,10\npolice,2,20\ncivil,1,10\nhealth,1,11\nhealth,2,20\n"
                       "health,3,20\n");
  ASSERT_TRUE(s);
  EXPECT_EQ(s->found_pairs, 4);    // {p1,c1} and B's three pairs
  EXPECT_EQ(s->correct_pairs, 2);  // {p1,c1}, {p2,h2}
  EXPECT_DOUBLE_EQ(s->precision, 0.5);
  EXPECT_DOUBLE_EQ(s->recall, 0.5);
  EXPECT_DOUBLE_EQ(s->f1, 0.5);
}

TEST(LinkScore, EmptyPersonIdIsASingleRecordAndBadRowsFail) {
  auto s = score_links(kTruth, "source,record_key,person_id\npolice,1,\ncivil,1,\n");
  ASSERT_TRUE(s);
  EXPECT_EQ(s->found_pairs, 0);
  EXPECT_EQ(s->true_pairs, 1);
  EXPECT_DOUBLE_EQ(s->recall, 0.0);
  auto bad = score_links(kTruth, "source,record_key,person_id\npolice\n");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, "score.format");
}

}  // namespace
}  // namespace onegrid::ingest
