// open_store's URL handling, and the PostgreSQL driver's placeholder rewriting and decoding.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "store/postgres/pg_sql.hpp"
#include "store/store.hpp"
#include "store_fixture.hpp"

namespace onegrid::store::testing {
namespace {

namespace fs = std::filesystem;

class OpenStore : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("onegrid_open_" + random_suffix());
    fs::create_directories(dir_);
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  void expect_opens(const std::string& url, const fs::path& file) {
    auto s = open_store(url);
    ASSERT_TRUE(s.ok()) << url << ": " << describe(s.error());
    EXPECT_EQ((*s)->driver(), Driver::sqlite);
    EXPECT_TRUE((*s)->ping().ok());
    EXPECT_TRUE(fs::exists(file)) << file;
  }
  fs::path dir_;
};

TEST_F(OpenStore, AcceptsSqliteUrlsAndBarePaths) {
  expect_opens("sqlite://" + (dir_ / "abs.db").string(), dir_ / "abs.db");
  expect_opens((dir_ / "bare.db").string(), dir_ / "bare.db");
  const fs::path rel = fs::relative(dir_ / "rel.db", fs::current_path());
  ASSERT_TRUE(rel.is_relative());
  expect_opens("sqlite://" + rel.string(), dir_ / "rel.db");
}

TEST_F(OpenStore, RejectsUnknownSchemesAndBadOptions) {
  for (const char* url : {"mysql://root@localhost/db", "", ":memory:", "sqlite://"}) {
    auto s = open_store(url);
    ASSERT_FALSE(s.ok()) << url;
    EXPECT_EQ(s.error().kind, ErrorKind::invalid) << url;
    EXPECT_EQ(s.error().code, "store.bad_url") << url;
  }
  StoreOptions bad;
  bad.readers = 0;
  auto s = open_store((dir_ / "x.db").string(), bad);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, "store.bad_options");
}

TEST_F(OpenStore, ExplainsAFileThatCannotBeOpened) {
  const std::string path = (dir_ / "missing-dir" / "x.db").string();
  auto s = open_store("sqlite://" + path);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().kind, ErrorKind::unavailable);
  EXPECT_NE(s.error().message.find(path), std::string::npos) << s.error().message;

  const fs::path junk = dir_ / "junk.db";
  FILE* f = std::fopen(junk.c_str(), "wb");
  ASSERT_NE(f, nullptr);
  std::fputs("this is not a database, not even close, but long enough to have a header", f);
  std::fclose(f);
  auto j = open_store(junk.string());
  ASSERT_FALSE(j.ok());
  EXPECT_NE(j.error().message.find("junk.db"), std::string::npos) << j.error().message;
}

TEST(PostgresUrl, UnreachableServerIsUnavailable) {
  auto s = open_store("postgresql://nobody@127.0.0.1:1/none?connect_timeout=2");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().kind, ErrorKind::unavailable);
  EXPECT_EQ(s.error().code, "store.unavailable");
}

TEST(PostgresSql, RewritesPlaceholdersOutsideLiteralsAndComments) {
  int n = 0;
  EXPECT_EQ(postgres::rewrite_placeholders("SELECT ? + ?", n), "SELECT $1 + $2");
  EXPECT_EQ(n, 2);
  EXPECT_EQ(postgres::rewrite_placeholders("SELECT 'a?''b?', \"c?\" FROM t WHERE x = ?", n),
            "SELECT 'a?''b?', \"c?\" FROM t WHERE x = $1");
  EXPECT_EQ(n, 1);
  EXPECT_EQ(postgres::rewrite_placeholders("SELECT ? -- what?\n, /* a /* ? */ ? */ ?", n),
            "SELECT $1 -- what?\n, /* a /* ? */ ? */ $2");
  EXPECT_EQ(n, 2);
  EXPECT_EQ(postgres::rewrite_placeholders("SELECT E'\\'?', $$ ? $$, $tag$ ?$ $tag$, ?", n),
            "SELECT E'\\'?', $$ ? $$, $tag$ ?$ $tag$, $1");
  EXPECT_EQ(n, 1);
  EXPECT_EQ(postgres::rewrite_placeholders("SELECT 'unterminated ?", n), "SELECT 'unterminated ?");
  EXPECT_EQ(n, 0);
}

TEST(PostgresSql, FormatsAndDecodesValuesExactly) {
  EXPECT_EQ(postgres::format_param(std::int64_t{-9223372036854775807 - 1}), "-9223372036854775808");
  EXPECT_EQ(postgres::format_param(0.1), "0.1");
  EXPECT_EQ(std::stod(postgres::format_param(1.0 / 3.0)), 1.0 / 3.0);
  EXPECT_EQ(postgres::decode_value(20, "9223372036854775807", 19), Value(9223372036854775807LL));
  EXPECT_EQ(postgres::decode_value(701, "-1e+300", 7), Value(-1e300));
  EXPECT_EQ(postgres::decode_value(16, "t", 1), Value(1));
  EXPECT_EQ(postgres::decode_value(17, "\\x00ff", 6), Value(Blob{{0, 255}}));
  EXPECT_EQ(postgres::decode_value(25, "文字", 6), Value("文字"));
  Blob b;
  EXPECT_FALSE(postgres::decode_bytea_hex("\\x0", b));
  EXPECT_FALSE(postgres::decode_bytea_hex("00", b));
}

}  // namespace
}  // namespace onegrid::store::testing
