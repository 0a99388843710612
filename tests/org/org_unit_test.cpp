// Org-tree rules: which kind sits under which, codes, names, path depth; the scope SQL filter.

#include "org/org_unit.hpp"

#include <gtest/gtest.h>

#include "org/scope_sql.hpp"

namespace onegrid::org {
namespace {

TEST(OrgUnit, ParentKinds) {
  using K = UnitKind;
  EXPECT_TRUE(valid_parent(K::district, std::nullopt));
  EXPECT_FALSE(valid_parent(K::district, K::district));
  EXPECT_TRUE(valid_parent(K::street, K::district));
  EXPECT_FALSE(valid_parent(K::street, std::nullopt));
  EXPECT_TRUE(valid_parent(K::community, K::street));
  EXPECT_FALSE(valid_parent(K::community, K::district));
  EXPECT_TRUE(valid_parent(K::grid, K::community));
  EXPECT_FALSE(valid_parent(K::grid, K::street));
  EXPECT_TRUE(valid_parent(K::department, K::district));
  EXPECT_TRUE(valid_parent(K::department, K::street));
  EXPECT_FALSE(valid_parent(K::department, K::community));
  EXPECT_FALSE(has_boundary(K::department));
  EXPECT_TRUE(has_boundary(K::grid));
}

TEST(OrgUnit, KindCodesRoundTrip) {
  for (auto k : {UnitKind::district, UnitKind::street, UnitKind::community, UnitKind::grid,
                 UnitKind::department})
    EXPECT_EQ(parse_kind(kind_code(k)), k);
  EXPECT_FALSE(parse_kind("village").has_value());
  EXPECT_EQ(kind_name_zh(UnitKind::grid), "网格");
}

TEST(OrgUnit, CodesAndNames) {
  EXPECT_TRUE(validate_code("110105-001-002-03").ok());
  EXPECT_FALSE(validate_code("").ok());
  EXPECT_FALSE(validate_code("has space").ok());
  EXPECT_FALSE(validate_code("网格1").ok());
  EXPECT_FALSE(validate_code(std::string(41, 'a')).ok());
  EXPECT_EQ(validate_code("a/b").error().field, "code");
  EXPECT_TRUE(validate_name(std::string(100 * 3, 'x').substr(0, 100), "name").ok());
  std::string hundred_chinese;
  for (int i = 0; i < 100; ++i) hundred_chinese += "网";
  EXPECT_TRUE(validate_name(hundred_chinese, "name").ok());  // counted in characters, not bytes
  EXPECT_FALSE(validate_name(hundred_chinese + "格", "name").ok());
  EXPECT_FALSE(validate_name("", "name_en").ok());
  EXPECT_EQ(validate_name("", "name_en").error().field, "name_en");
}

TEST(OrgUnit, PathDepth) {
  EXPECT_EQ(path_depth("/1/"), 1);
  EXPECT_EQ(path_depth("/1/4/17/"), 3);
}

TEST(ScopeSql, PrefixRangesPerRoot) {
  std::string sql = "SELECT 1 WHERE 1 = 1";
  std::vector<store::Value> params;
  Scope s;
  s.add("/1/4/");
  s.add("/1/9/12/");
  append_scope_filter(sql, params, s, "o.path");
  EXPECT_EQ(
      sql,
      "SELECT 1 WHERE 1 = 1 AND ((o.path >= ? AND o.path < ?) OR (o.path >= ? AND o.path < ?))");
  ASSERT_EQ(params.size(), 4u);
  EXPECT_EQ(params[0].as_text(), "/1/4/");
  EXPECT_EQ(params[1].as_text(), "/1/40");  // '0' follows '/': every "/1/4/…" sorts below it
  EXPECT_EQ(params[3].as_text(), "/1/9/120");
}

TEST(ScopeSql, EverythingAddsNothingAndNothingMatchesNothing) {
  std::string sql;
  std::vector<store::Value> params;
  append_scope_filter(sql, params, Scope::everything(), "p");
  EXPECT_EQ(sql, "");
  append_scope_filter(sql, params, Scope{}, "p");
  EXPECT_EQ(sql, " AND 1 = 0");
  EXPECT_TRUE(params.empty());
}

TEST(ScopeSql, MalformedRootsGrantNothing) {
  for (const char* bad : {"", "/", "//", "1/2/", "/1/2", "/1/a/", "/1//2/", "%"}) {
    std::string sql;
    std::vector<store::Value> params;
    append_scope_filter(sql, params, Scope::subtree(bad), "p");
    EXPECT_EQ(sql, " AND 1 = 0") << bad;
  }
}

}  // namespace
}  // namespace onegrid::org
