// Serving the web console from a directory: MIME types, ETags, variants, confinement, SPA.
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <random>

#include "http/static_files.hpp"

namespace onegrid::http {
namespace {

namespace fs = std::filesystem;

void write_file(const fs::path& p, const std::string& content) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << content;
}

class StaticFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    base_ = fs::temp_directory_path() / ("og_static_" + std::to_string(std::random_device{}()) +
                                         "_" + std::to_string(counter_++));
    root_ = base_ / "dist";
    write_file(root_ / "index.html", "<!doctype html><title>OneGrid</title>");
    write_file(root_ / "assets/app.3f2a.js", "console.log('plain')");
    write_file(root_ / "assets/app.3f2a.js.gz", "GZIPPED");
    write_file(root_ / "assets/app.3f2a.js.br", "BROTLI");
    write_file(root_ / "assets/only-gz.css", "body{}");
    write_file(root_ / "assets/only-gz.css.gz", "GZCSS");
    write_file(root_ / "favicon.ico", "ICO");
    write_file(root_ / "logo.svg", "<svg/>");
    write_file(root_ / "data.json", "{}");
    write_file(root_ / "font.woff2", "W2");
    write_file(root_ / "module.mjs", "export {}");
    write_file(root_ / "blob.xyz", "??");
    write_file(root_ / "docs/index.html", "<p>docs</p>");
    write_file(base_ / "secret.txt", "top secret");
    fs::create_symlink(base_ / "secret.txt", root_ / "link.txt");
  }
  void TearDown() override { fs::remove_all(base_); }

  static Request get(std::string path, Fields headers = {}) {
    Request req;
    req.method = "GET";
    req.target = path;
    req.path = std::move(path);
    req.headers = std::move(headers);
    req.request_id = "t1";
    return req;
  }
  // Builds the request the way the server does: from the raw target.
  static Request from_target(const std::string& target) {
    Request req = get("");
    req.target = target;
    EXPECT_TRUE(parse_target(target, req.path, req.query));
    return req;
  }

  fs::path base_, root_;
  static inline std::atomic<int> counter_{0};
};

TEST_F(StaticFilesTest, ServesIndexAtTheRoot) {
  StaticFiles files(root_);
  auto res = files.serve(get("/"));
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->body, "<!doctype html><title>OneGrid</title>");
  EXPECT_EQ(res->header("content-type"), "text/html; charset=utf-8");
  EXPECT_EQ(res->header("cache-control"), "no-cache");
  EXPECT_EQ(res->header("vary"), "");
  EXPECT_EQ(res->header("etag").size(), 18u);  // 16 hex digits, quoted
  EXPECT_EQ(files.serve(get("/index.html"))->body, res->body);
}

TEST_F(StaticFilesTest, ContentTypesByExtension) {
  StaticFiles files(root_);
  auto type = [&](const std::string& path) {
    return std::string(files.serve(get(path))->header("content-type"));
  };
  EXPECT_EQ(type("/assets/app.3f2a.js"), "text/javascript; charset=utf-8");
  EXPECT_EQ(type("/module.mjs"), "text/javascript; charset=utf-8");
  EXPECT_EQ(type("/assets/only-gz.css"), "text/css; charset=utf-8");
  EXPECT_EQ(type("/logo.svg"), "image/svg+xml");
  EXPECT_EQ(type("/data.json"), "application/json");
  EXPECT_EQ(type("/favicon.ico"), "image/x-icon");
  EXPECT_EQ(type("/font.woff2"), "font/woff2");
  EXPECT_EQ(type("/blob.xyz"), "application/octet-stream");
}

TEST_F(StaticFilesTest, HashedAssetsAreImmutable) {
  StaticFiles files(root_);
  EXPECT_EQ(files.serve(get("/assets/app.3f2a.js"))->header("cache-control"),
            "public, max-age=31536000, immutable");
  EXPECT_EQ(files.serve(get("/logo.svg"))->header("cache-control"), "no-cache");
}

TEST_F(StaticFilesTest, IfNoneMatchGives304) {
  StaticFiles files(root_);
  auto first = files.serve(get("/logo.svg"));
  const std::string etag(first->header("etag"));
  ASSERT_FALSE(etag.empty());
  auto again = files.serve(get("/logo.svg", {{"if-none-match", etag}}));
  EXPECT_EQ(again->status, 304);
  EXPECT_EQ(again->body, "");
  EXPECT_EQ(again->header("etag"), etag);
  EXPECT_EQ(files.serve(get("/logo.svg", {{"if-none-match", "\"x\", W/" + etag}}))->status, 304);
  EXPECT_EQ(files.serve(get("/logo.svg", {{"if-none-match", "*"}}))->status, 304);
  EXPECT_EQ(files.serve(get("/logo.svg", {{"if-none-match", "\"other\""}}))->status, 200);
}

TEST_F(StaticFilesTest, PicksPrecompressedVariantsByAcceptEncoding) {
  StaticFiles files(root_);
  auto with = [&](const std::string& accept) {
    return *files.serve(get("/assets/app.3f2a.js", {{"accept-encoding", accept}}));
  };
  auto br = with("gzip, deflate, br");
  EXPECT_EQ(br.body, "BROTLI");
  EXPECT_EQ(br.header("content-encoding"), "br");
  EXPECT_EQ(br.header("vary"), "Accept-Encoding");
  EXPECT_EQ(br.header("content-type"), "text/javascript; charset=utf-8");

  auto gz = with("gzip;q=0.8, br;q=0");
  EXPECT_EQ(gz.body, "GZIPPED");
  EXPECT_EQ(gz.header("content-encoding"), "gzip");
  EXPECT_NE(gz.header("etag"), br.header("etag"));

  auto plain = with("identity");
  EXPECT_EQ(plain.body, "console.log('plain')");
  EXPECT_EQ(plain.header("content-encoding"), "");
  EXPECT_EQ(plain.header("vary"), "Accept-Encoding");

  EXPECT_EQ(with("*").body, "BROTLI");
  EXPECT_EQ(with("*;q=0").body, "console.log('plain')");
  EXPECT_EQ(files.serve(get("/assets/app.3f2a.js"))->body, "console.log('plain')");

  auto css = *files.serve(get("/assets/only-gz.css", {{"accept-encoding", "br, gzip"}}));
  EXPECT_EQ(css.body, "GZCSS");
  EXPECT_EQ(css.header("content-encoding"), "gzip");
}

TEST_F(StaticFilesTest, RejectsTraversalInEveryForm) {
  StaticFiles files(root_);
  for (const char* path : {"/../secret.txt", "/assets/../../secret.txt", "/..", "/a/../index.html",
                           "/..\\secret.txt", "/assets\\app.3f2a.js"}) {
    auto res = files.serve(get(path));
    ASSERT_TRUE(res) << path;
    EXPECT_EQ(res->status, 404) << path;
    EXPECT_EQ(res->header("content-type"), "application/problem+json") << path;
  }
  for (const char* target :
       {"/%2e%2e/secret.txt", "/%2E%2E%2Fsecret.txt", "/assets/..%2f..%2fsecret.txt",
        "/%2e%2e%5csecret.txt", "/index.html%00.js"}) {
    auto res = files.serve(from_target(target));
    ASSERT_TRUE(res) << target;
    EXPECT_EQ(res->status, 404) << target;
  }
  // A symbolic link that leads out of the root is not followed.
  EXPECT_FALSE(files.serve(get("/link.txt")));
}

TEST_F(StaticFilesTest, DotSegmentsAndDuplicateSlashesAreNormalised) {
  StaticFiles files(root_);
  auto res = files.serve(get("/./assets//app.3f2a.js"));
  ASSERT_TRUE(res);
  EXPECT_EQ(res->body, "console.log('plain')");
  EXPECT_EQ(res->header("cache-control"), "public, max-age=31536000, immutable");
}

TEST_F(StaticFilesTest, SpaFallbackForExtensionlessPaths) {
  StaticFiles files(root_);
  auto spa = files.serve(get("/events/42"));
  ASSERT_TRUE(spa);
  EXPECT_EQ(spa->status, 200);
  EXPECT_EQ(spa->body, "<!doctype html><title>OneGrid</title>");
  EXPECT_EQ(spa->header("cache-control"), "no-cache");
  EXPECT_EQ(files.serve(get("/docs/"))->body, "<p>docs</p>");
  EXPECT_EQ(files.serve(get("/docs"))->body, "<p>docs</p>");
  EXPECT_FALSE(files.serve(get("/assets/missing.js")));
  EXPECT_FALSE(files.serve(get("/missing.png")));
}

TEST_F(StaticFilesTest, OnlyGetAndHead) {
  StaticFiles files(root_);
  Request post = get("/index.html");
  post.method = "POST";
  EXPECT_FALSE(files.serve(post));
  Request head = get("/logo.svg");
  head.method = "HEAD";
  auto res = files.serve(head);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->body, "<svg/>");  // the server sends only its length
}

TEST_F(StaticFilesTest, NoIndexMeansNoFallback) {
  fs::remove(root_ / "index.html");
  StaticFiles files(root_);
  EXPECT_FALSE(files.serve(get("/events/42")));
  EXPECT_FALSE(files.serve(get("/")));
  StaticFiles missing(base_ / "nowhere");
  EXPECT_FALSE(missing.serve(get("/index.html")));
}

TEST_F(StaticFilesTest, CacheNoticesChangedFiles) {
  StaticFiles files(root_);
  auto before = files.serve(get("/data.json"));
  write_file(root_ / "data.json", "{\"changed\":true}");
  auto after = files.serve(get("/data.json"));
  EXPECT_EQ(after->body, "{\"changed\":true}");
  EXPECT_NE(after->header("etag"), before->header("etag"));
  fs::remove(root_ / "data.json");
  EXPECT_FALSE(files.serve(get("/data.json")));
}

}  // namespace
}  // namespace onegrid::http
