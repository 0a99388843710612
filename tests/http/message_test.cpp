// Percent-decoding, target splitting and header look-ups of the plain HTTP values.
#include <gtest/gtest.h>

#include "http/message.hpp"

namespace onegrid::http {
namespace {

TEST(PercentDecode, DecodesEscapesAndKeepsOtherBytes) {
  EXPECT_EQ(percent_decode("a%20b%2Fc", false), "a b/c");
  EXPECT_EQ(percent_decode("%e7%bd%91%E6%A0%BC", false), "网格");
  EXPECT_EQ(percent_decode("", false), "");
  EXPECT_EQ(percent_decode("%00", false), std::string(1, '\0'));
}

TEST(PercentDecode, PlusIsSpaceOnlyInQueries) {
  EXPECT_EQ(percent_decode("a+b", true), "a b");
  EXPECT_EQ(percent_decode("a+b", false), "a+b");
  EXPECT_EQ(percent_decode("a%2Bb", true), "a+b");
}

TEST(PercentDecode, RejectsMalformedEscapes) {
  EXPECT_FALSE(percent_decode("%", false));
  EXPECT_FALSE(percent_decode("abc%2", false));
  EXPECT_FALSE(percent_decode("%zz", false));
  EXPECT_FALSE(percent_decode("%2g", true));
  EXPECT_FALSE(percent_decode("x%-1", false));
}

TEST(ParseTarget, SplitsPathAndQuery) {
  std::string path;
  Fields query;
  ASSERT_TRUE(parse_target("/api/v1/org/units?kind=grid&q=%E7%BD%91+x&flag&&empty=", path, query));
  EXPECT_EQ(path, "/api/v1/org/units");
  const Fields want{{"kind", "grid"}, {"q", "网 x"}, {"flag", ""}, {"empty", ""}};
  EXPECT_EQ(query, want);
}

TEST(ParseTarget, DecodesThePathButNotPlus) {
  std::string path;
  Fields query;
  ASSERT_TRUE(parse_target("/files/a+b%20c", path, query));
  EXPECT_EQ(path, "/files/a+b c");
  EXPECT_TRUE(query.empty());
}

TEST(ParseTarget, KeepsRepeatedParametersInOrder) {
  std::string path;
  Fields query;
  ASSERT_TRUE(parse_target("/x?a=1&b=2&a=3", path, query));
  ASSERT_EQ(query.size(), 3u);
  EXPECT_EQ(query[2], (std::pair<std::string, std::string>{"a", "3"}));
}

TEST(ParseTarget, HandlesAbsoluteFormAndFragments) {
  std::string path;
  Fields query;
  ASSERT_TRUE(parse_target("http://example.org/a/b?x=1#frag", path, query));
  EXPECT_EQ(path, "/a/b");
  EXPECT_EQ(query, (Fields{{"x", "1"}}));
  ASSERT_TRUE(parse_target("http://example.org", path, query));
  EXPECT_EQ(path, "/");
}

TEST(ParseTarget, RejectsMalformedEscapesInPathOrQuery) {
  std::string path;
  Fields query;
  EXPECT_FALSE(parse_target("/a%zzb", path, query));
  EXPECT_FALSE(parse_target("/a?x=%4", path, query));
  EXPECT_FALSE(parse_target("/a?%g1=2", path, query));
}

TEST(RequestTest, HeaderAndQueryLookups) {
  Request req;
  req.headers = {{"content-type", "application/json"}, {"x-request-id", "abc"}};
  req.query = {{"page", "2"}, {"page", "3"}};
  EXPECT_EQ(req.header("content-type"), "application/json");
  EXPECT_EQ(req.header("Content-Type"), "application/json");
  EXPECT_EQ(req.header("accept"), "");
  EXPECT_EQ(req.query_param("page"), "2");
  EXPECT_FALSE(req.query_param("size"));
}

TEST(ResponseTest, SetHeaderReplacesCaseInsensitively) {
  Response res;
  res.set_header("Content-Type", "text/plain");
  res.set_header("content-type", "application/json");
  res.set_header("ETag", "\"1\"");
  ASSERT_EQ(res.headers.size(), 2u);
  EXPECT_EQ(res.header("CONTENT-TYPE"), "application/json");
  EXPECT_EQ(res.header("etag"), "\"1\"");
  EXPECT_EQ(res.header("vary"), "");
}

}  // namespace
}  // namespace onegrid::http
