// Attachments without a server: type sniffing from magic bytes, SHA-256, file-name cleaning and
// the content-addressed blob store on a temp dir.
#include "events/attachments.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <random>

namespace onegrid::events {
namespace {

namespace fs = std::filesystem;

const std::string kJpeg("\xFF\xD8\xFF\xE0\x00\x10JFIF\x00", 11);
const std::string kPng("\x89PNG\r\n\x1A\n\x00\x00\x00\rIHDR", 16);
const std::string kWebp("RIFF\x24\x00\x00\x00WEBPVP8 ", 16);
const std::string kPdf("%PDF-1.7\n%\xE2\xE3\xCF\xD3\n", 15);

TEST(EventFiles, SniffsOnlyTheFourAllowedTypes) {
  EXPECT_EQ(sniff_mime(kJpeg), "image/jpeg");
  EXPECT_EQ(sniff_mime(kPng), "image/png");
  EXPECT_EQ(sniff_mime(kWebp), "image/webp");
  EXPECT_EQ(sniff_mime(kPdf), "application/pdf");
  EXPECT_EQ(sniff_mime(""), std::nullopt);
  EXPECT_EQ(sniff_mime("\xFF\xD8"), std::nullopt);                      // truncated JPEG
  EXPECT_EQ(sniff_mime(std::string("\x89PNG\r\n", 6)), std::nullopt);   // truncated PNG
  EXPECT_EQ(sniff_mime("RIFF\x24\x00\x00\x00WAVEfmt "), std::nullopt);  // RIFF but audio
  EXPECT_EQ(sniff_mime("GIF89a\x01\x00"), std::nullopt);
  EXPECT_EQ(sniff_mime("<svg xmlns=\"http://www.w3.org/2000/svg\"/>"), std::nullopt);
  EXPECT_EQ(sniff_mime("<html><script>alert(1)</script>"), std::nullopt);
  EXPECT_EQ(sniff_mime(" %PDF-1.7"), std::nullopt);  // magic must be at offset 0
}

TEST(EventFiles, Sha256MatchesKnownVectors) {
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(EventFiles, CleansFileNames) {
  EXPECT_EQ(*clean_file_name("现场照片.jpg"), "现场照片.jpg");
  EXPECT_EQ(*clean_file_name("../../etc/passwd"), "passwd");
  EXPECT_EQ(*clean_file_name("C:\\Users\\x\\图.png"), "图.png");
  EXPECT_EQ(*clean_file_name("a\r\nb\x01.pdf"), "ab.pdf");
  EXPECT_EQ(*clean_file_name("evil\u202Egpj.exe"), "evilgpj.exe");  // no bidi override
  EXPECT_EQ(*clean_file_name(""), "attachment");
  EXPECT_EQ(*clean_file_name(" .. "), "attachment");
  EXPECT_EQ(*clean_file_name("dir/"), "attachment");
  std::string long_name;
  for (int i = 0; i < 300; ++i) long_name += "长";
  EXPECT_EQ(clean_file_name(long_name)->size(), 200u * 3);
  auto bad = clean_file_name("\xC3\x28.jpg");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, "attachment.bad_name");
  EXPECT_FALSE(clean_file_name("\xED\xA0\x80.jpg"));  // a UTF-16 surrogate
  EXPECT_FALSE(clean_file_name("\xC0\xAF.jpg"));      // overlong '/'
}

class EventFilesBlobs : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("onegrid-blobs-" + std::to_string(std::random_device{}()) +
                                         "-" + std::to_string(::getpid()));
  }
  void TearDown() override { fs::remove_all(root_); }
  fs::path root_;
};

TEST_F(EventFilesBlobs, StoresContentAddressedOnceAndReadsBack) {
  BlobStore blobs(root_ / "attachments");
  const std::string bytes = kPng + std::string(5000, '\x42');
  auto sha = blobs.put(bytes);
  ASSERT_TRUE(sha) << sha.error().message;
  EXPECT_EQ(*sha, sha256_hex(bytes));
  const fs::path p = root_ / "attachments" / sha->substr(0, 2) / sha->substr(2, 2) / *sha;
  EXPECT_EQ(blobs.path_of(*sha), p);
  ASSERT_TRUE(fs::exists(p));
  EXPECT_EQ(fs::file_size(p), bytes.size());
  auto back = blobs.get(*sha);
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, bytes);

  // the same bytes again: same hash, still one file, no temp files left behind
  const auto mtime = fs::last_write_time(p);
  auto again = blobs.put(bytes);
  ASSERT_TRUE(again);
  EXPECT_EQ(*again, *sha);
  EXPECT_EQ(fs::last_write_time(p), mtime);
  std::size_t files = 0;
  for (const auto& f : fs::recursive_directory_iterator(root_))
    if (f.is_regular_file()) ++files;
  EXPECT_EQ(files, 1u);

  // different bytes: a second file
  auto other = blobs.put(kJpeg);
  ASSERT_TRUE(other);
  EXPECT_NE(*other, *sha);
  EXPECT_EQ(*blobs.get(*other), kJpeg);
}

TEST_F(EventFilesBlobs, MissingBlobIsAnError) {
  BlobStore blobs(root_);
  auto r = blobs.get(sha256_hex("never stored"));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, "attachment.missing_blob");
}

TEST_F(EventFilesBlobs, UnwritableRootIsAnError) {
  fs::create_directories(root_);
  const fs::path file = root_ / "not-a-dir";
  { std::ofstream(file) << "x"; }
  BlobStore blobs(file / "attachments");
  auto r = blobs.put(kPdf);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, "attachment.io_error");
}

}  // namespace
}  // namespace onegrid::events
