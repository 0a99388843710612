// The router: literal and captured segments, 404 vs 405 with the allowed methods, HEAD as GET.

#include "http/router.hpp"

#include <gtest/gtest.h>

namespace onegrid::http {
namespace {

class RouterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    list = r.add("GET", "/api/v1/org/units");
    create = r.add("POST", "/api/v1/org/units");
    get = r.add("GET", "/api/v1/org/units/{id}");
    revoke = r.add("DELETE", "/api/v1/users/{id}/grants/{grant_id}");
  }
  Router r;
  int list = 0, create = 0, get = 0, revoke = 0;
};

TEST_F(RouterTest, MatchesLiteralsAndCaptures) {
  auto m = r.match("GET", "/api/v1/org/units");
  EXPECT_EQ(m.outcome, Router::Outcome::found);
  EXPECT_EQ(m.index, list);
  m = r.match("GET", "/api/v1/org/units/42");
  ASSERT_EQ(m.outcome, Router::Outcome::found);
  EXPECT_EQ(m.index, get);
  ASSERT_EQ(m.params.size(), 1u);
  EXPECT_EQ(m.params[0], (std::pair<std::string, std::string>{"id", "42"}));
  m = r.match("DELETE", "/api/v1/users/7/grants/9");
  ASSERT_EQ(m.index, revoke);
  EXPECT_EQ(m.params[1].second, "9");
}

TEST_F(RouterTest, TrailingAndDoubleSlashesAreTolerated) {
  EXPECT_EQ(r.match("GET", "/api/v1/org/units/").index, list);
  EXPECT_EQ(r.match("GET", "//api/v1//org/units").index, list);
}

TEST_F(RouterTest, UnknownPathIs404KnownPathWrongMethodIs405) {
  EXPECT_EQ(r.match("GET", "/api/v1/org").outcome, Router::Outcome::not_found);
  EXPECT_EQ(r.match("GET", "/api/v1/org/units/1/extra").outcome, Router::Outcome::not_found);
  auto m = r.match("PUT", "/api/v1/org/units");
  EXPECT_EQ(m.outcome, Router::Outcome::method_not_allowed);
  EXPECT_EQ(m.allow, (std::vector<std::string>{"GET", "POST"}));
}

TEST_F(RouterTest, HeadIsServedByGet) {
  auto m = r.match("HEAD", "/api/v1/org/units/3");
  EXPECT_EQ(m.outcome, Router::Outcome::found);
  EXPECT_EQ(m.index, get);
}

}  // namespace
}  // namespace onegrid::http
