// The key file: created private on first run, reloaded unchanged, refused when exposed or corrupt.
#include "auth/keys.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "auth/token.hpp"

namespace onegrid::auth {
namespace {

namespace fs = std::filesystem;

class KeysTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("onegrid-keys-" + random_hex(8));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  static std::string read(const fs::path& p) {
    std::ifstream in(p);
    return std::string(std::istreambuf_iterator<char>(in), {});
  }
  static void write(const fs::path& p, const std::string& text, mode_t mode = 0600) {
    std::ofstream(p) << text;
    fs::permissions(p, static_cast<fs::perms>(mode));
  }
  static std::string error_code(const Result<Keys>& r) {
    EXPECT_FALSE(r.ok());
    if (r.ok()) return "ok";
    EXPECT_EQ(r.error().kind, ErrorKind::internal);
    return r.error().code;
  }

  fs::path dir_;
};

constexpr std::string_view kHexA =
    "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

TEST_F(KeysTest, CreatesPrivateFileAndReloadsSameKeys) {
  const fs::path file = dir_ / "keys";
  auto first = load_or_create_keys(file);
  ASSERT_TRUE(first.ok()) << first.error().message;
  struct stat st {};
  ASSERT_EQ(::stat(file.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_NE(first->session_key, first->data_key);
  EXPECT_NE(first->data_key, first->index_key);
  const std::string text = read(file);
  EXPECT_EQ(text.front(), '#');
  EXPECT_NE(text.find("\nsession_key="), std::string::npos);
  EXPECT_NE(text.find("\ndata_key="), std::string::npos);
  EXPECT_NE(text.find("\nindex_key="), std::string::npos);

  auto second = load_or_create_keys(file);
  ASSERT_TRUE(second.ok()) << second.error().message;
  EXPECT_EQ(first->session_key, second->session_key);
  EXPECT_EQ(first->data_key, second->data_key);
  EXPECT_EQ(first->index_key, second->index_key);
  EXPECT_EQ(read(file), text);
  // no temp files left behind
  EXPECT_EQ(std::distance(fs::directory_iterator(dir_), fs::directory_iterator()), 1);
}

TEST_F(KeysTest, CreatesMissingDirectoriesPrivately) {
  const fs::path file = dir_ / "a" / "b" / "keys";
  ASSERT_TRUE(load_or_create_keys(file).ok());
  EXPECT_EQ(fs::status(dir_ / "a").permissions() & fs::perms::all, fs::perms::owner_all);
}

TEST_F(KeysTest, ConcurrentFirstRunsAgreeOnOneFile) {
  const fs::path file = dir_ / "keys";
  std::vector<Keys> got(6);
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < got.size(); ++i)
    threads.emplace_back([&, i] {
      auto k = load_or_create_keys(file);
      ASSERT_TRUE(k.ok()) << k.error().message;
      got[i] = *k;
    });
  for (auto& t : threads) t.join();
  for (const auto& k : got) EXPECT_EQ(k.data_key, got[0].data_key);
}

TEST_F(KeysTest, ParsesHandWrittenFile) {
  const fs::path file = dir_ / "keys";
  write(file, "# comment\n\n  session_key = " + std::string(kHexA) +
                  "\r\ndata_key=" + std::string(kHexA) + "\nindex_key=" + std::string(kHexA));
  auto k = load_or_create_keys(file);
  ASSERT_TRUE(k.ok()) << k.error().message;
  EXPECT_EQ(k->session_key[0], 0);
  EXPECT_EQ(k->session_key[31], 0x1f);
}

TEST_F(KeysTest, RejectsGroupOrOtherPermissions) {
  const fs::path file = dir_ / "keys";
  ASSERT_TRUE(load_or_create_keys(file).ok());
  for (mode_t mode : {0644, 0640, 0604, 0601, 0610}) {
    fs::permissions(file, static_cast<fs::perms>(mode));
    EXPECT_EQ(error_code(load_or_create_keys(file)), "keys.insecure_permissions") << mode;
  }
  fs::permissions(file, static_cast<fs::perms>(0400));
  EXPECT_TRUE(load_or_create_keys(file).ok());
}

TEST_F(KeysTest, RejectsDirectoryAndFifo) {
  EXPECT_EQ(error_code(load_or_create_keys(dir_)), "keys.insecure_permissions");
  const fs::path fifo = dir_ / "fifo";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  EXPECT_EQ(error_code(load_or_create_keys(fifo)), "keys.insecure_permissions");  // no hang
}

TEST_F(KeysTest, RejectsCorruptFiles) {
  const fs::path file = dir_ / "keys";
  const std::string a(kHexA);
  const std::string good = "session_key=" + a + "\ndata_key=" + a + "\nindex_key=" + a + "\n";
  const std::vector<std::string> bad = {
      "",
      "garbage\n",
      "session_key=" + a + "\ndata_key=" + a + "\n",                           // missing
      good + "data_key=" + a + "\n",                                           // duplicate
      good + "extra_key=" + a + "\n",                                          // unknown
      "session_key=" + a.substr(2) + "\ndata_key=" + a + "\nindex_key=" + a,   // short
      "session_key=" + a + "00\ndata_key=" + a + "\nindex_key=" + a,           // long
      "session_key=" + a.substr(1) + "g\ndata_key=" + a + "\nindex_key=" + a,  // not hex
      good + std::string(70 * 1024, '#'),                                      // huge
  };
  for (const auto& text : bad) {
    write(file, text);
    auto r = load_or_create_keys(file);
    EXPECT_EQ(error_code(r), "keys.corrupt") << text.substr(0, 80);
    if (!r.ok()) {
      EXPECT_EQ(r.error().message.find(a), std::string::npos) << "no key material";
    }
  }
  write(file, good);
  EXPECT_TRUE(load_or_create_keys(file).ok());
}

}  // namespace
}  // namespace onegrid::auth
