// Scope: subtree containment over materialised paths and the minimal set of roots.
#include "org/scope.hpp"

#include <gtest/gtest.h>

namespace onegrid::org {
namespace {

using Paths = std::vector<std::string>;

TEST(Scope, Contains) {
  const Scope s = Scope::subtree("/1/4/");
  EXPECT_TRUE(s.contains("/1/4/"));
  EXPECT_TRUE(s.contains("/1/4/17/"));
  EXPECT_TRUE(s.contains("/1/4/17/230/"));
  EXPECT_FALSE(s.contains("/1/"));
  EXPECT_FALSE(s.contains("/1/5/"));
  EXPECT_FALSE(s.contains("/1/45/")) << "a sibling sharing a prefix of digits";
  EXPECT_FALSE(s.contains(""));
  EXPECT_TRUE(Scope::everything().contains("/9/"));
  EXPECT_TRUE(Scope::everything().contains(""));
  EXPECT_FALSE(Scope{}.contains("/1/"));
  EXPECT_TRUE(Scope{}.empty());
  EXPECT_FALSE(s.empty());
}

TEST(Scope, MalformedRootsGrantNothing) {
  EXPECT_FALSE(Scope::subtree("").contains("/1/"));
  EXPECT_FALSE(Scope::subtree("/").contains("/1/"));
  EXPECT_FALSE(Scope::subtree("/1").contains("/12/"));
  EXPECT_FALSE(Scope::subtree("/1/%/").contains("/1/%/"));
  Scope s;
  for (const char* bad : {"", "/", "/1", "1/", "//", "/1//", "/a/", "/1/%/", "/1/_/"}) s.add(bad);
  EXPECT_TRUE(s.empty());
}

TEST(Scope, AddKeepsRootsMinimal) {
  Scope s;
  s.add("/1/4/17/");
  s.add("/1/5/");
  EXPECT_EQ(s.paths, (Paths{"/1/4/17/", "/1/5/"}));
  s.add("/1/4/17/230/");  // already covered
  s.add("/1/5/");         // duplicate
  EXPECT_EQ(s.paths, (Paths{"/1/4/17/", "/1/5/"}));
  s.add("/1/45/");  // not covered by /1/4/
  EXPECT_EQ(s.paths, (Paths{"/1/4/17/", "/1/45/", "/1/5/"}));
  s.add("/1/4/");  // covers /1/4/17/ but not /1/45/
  EXPECT_EQ(s.paths, (Paths{"/1/4/", "/1/45/", "/1/5/"}));
  EXPECT_TRUE(s.contains("/1/4/17/230/"));
  EXPECT_TRUE(s.contains("/1/45/3/"));
  EXPECT_FALSE(s.contains("/1/6/"));
  s.add("/1/");  // covers everything so far
  EXPECT_EQ(s.paths, (Paths{"/1/"}));
  s.add("/2/8/");
  EXPECT_EQ(s.paths, (Paths{"/1/", "/2/8/"}));
}

TEST(Scope, AddToEverythingStaysEverything) {
  Scope s = Scope::everything();
  s.add("/1/4/");
  EXPECT_TRUE(s.all);
  EXPECT_TRUE(s.paths.empty());
}

}  // namespace
}  // namespace onegrid::org
