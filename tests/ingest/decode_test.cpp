// Encoding detection and conversion: BOM, strict UTF-8, GBK vs GB18030, error offsets.
#include "ingest/decode.hpp"

#include <gtest/gtest.h>
#include <iconv.h>

#include <stdexcept>

namespace onegrid::ingest {
namespace {

// The test's own encoder, so the fixtures are real GBK / GB18030 bytes.
std::string encode(const std::string& utf8, const char* to) {
  iconv_t cd = iconv_open(to, "UTF-8");
  if (cd == reinterpret_cast<iconv_t>(-1)) throw std::runtime_error("iconv_open");
  std::string out(utf8.size() * 4 + 16, '\0');
  char* src = const_cast<char*>(utf8.data());
  char* dst = out.data();
  std::size_t src_left = utf8.size(), dst_left = out.size();
  const std::size_t rc = iconv(cd, &src, &src_left, &dst, &dst_left);
  iconv_close(cd);
  if (rc == static_cast<std::size_t>(-1)) throw std::runtime_error("iconv");
  out.resize(out.size() - dst_left);
  return out;
}

const std::string kText =
    "姓名,身份证号,现住址\n张伟,110105199001021234,花家地西里5号楼2单元301室\n";

TEST(Decode, EncodingCodesRoundTrip) {
  for (Encoding e : {Encoding::utf8, Encoding::utf8_bom, Encoding::gbk, Encoding::gb18030})
    EXPECT_EQ(parse_encoding(encoding_code(e)), e);
  EXPECT_EQ(parse_encoding("UTF8"), Encoding::utf8);
  EXPECT_EQ(parse_encoding("utf-8-sig"), Encoding::utf8_bom);
  EXPECT_EQ(parse_encoding("GB2312"), Encoding::gbk);
  EXPECT_EQ(parse_encoding("cp936"), Encoding::gbk);
  EXPECT_EQ(parse_encoding("GB-18030"), Encoding::gb18030);
  EXPECT_EQ(parse_encoding("latin1"), std::nullopt);
  EXPECT_EQ(parse_encoding(""), std::nullopt);
}

TEST(Decode, DetectsBomAndUtf8) {
  EXPECT_EQ(detect_encoding("\xEF\xBB\xBF" + kText), Encoding::utf8_bom);
  EXPECT_EQ(detect_encoding(kText), Encoding::utf8);
  EXPECT_EQ(detect_encoding("plain ascii,1,2\n"), Encoding::utf8);
  EXPECT_EQ(detect_encoding(""), Encoding::utf8);
  EXPECT_EQ(detect_encoding("𠀀 four bytes"), Encoding::utf8);
}

TEST(Decode, RejectsOverlongsSurrogatesAndTruncationAsUtf8) {
  // Overlong "/" (C0 AF), overlong three-byte (E0 80 AF), a surrogate (ED A0 80), above
  // U+10FFFF (F4 90 80 80), a truncated sequence at the end.
  const std::pair<std::string, int> cases[] = {{"a\xC0\xAF", 1},     {"a\xE0\x80\xAF", 1},
                                               {"a\xED\xA0\x80", 1}, {"a\xF4\x90\x80\x80", 1},
                                               {"ab\xE5\xBC", 2},    {"\xE5\xBC\xA0\x80", 3}};
  for (const auto& [bad, offset] : cases) {
    EXPECT_NE(detect_encoding(bad), Encoding::utf8) << bad;
    auto r = to_utf8(bad, Encoding::utf8);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, "import.encoding");
    EXPECT_EQ(r.error().field, "file");
    EXPECT_NE(r.error().message.find("offset " + std::to_string(offset)), std::string::npos)
        << r.error().message;
  }
}

TEST(Decode, GbkRoundTripAndDetection) {
  const std::string gbk = encode(kText, "GBK");
  ASSERT_NE(gbk, kText);
  EXPECT_EQ(detect_encoding(gbk), Encoding::gbk);
  auto r = to_utf8(gbk, Encoding::gbk);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(*r, kText);
  // GB18030 decodes GBK bytes the same way.
  auto r2 = to_utf8(gbk, Encoding::gb18030);
  ASSERT_TRUE(r2.ok());
  EXPECT_EQ(*r2, kText);
}

TEST(Decode, Gb18030FourByteCharactersAreDetected) {
  // U+20000 and U+3400 are outside GBK: GB18030 writes them as four-byte sequences.
  const std::string text = kText + "𠀀㐀,110105199001021234,\n";
  EXPECT_THROW(encode(text, "GBK"), std::runtime_error);
  const std::string gb = encode(text, "GB18030");
  EXPECT_EQ(detect_encoding(gb), Encoding::gb18030);
  auto r = to_utf8(gb, Encoding::gb18030);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, text);
  auto as_gbk = to_utf8(gb, Encoding::gbk);
  ASSERT_FALSE(as_gbk.ok());
  EXPECT_EQ(as_gbk.error().code, "import.encoding");
  EXPECT_NE(as_gbk.error().message.find("offset " + std::to_string(encode(kText, "GBK").size())),
            std::string::npos)
      << as_gbk.error().message;
}

TEST(Decode, LargeInputGrowsTheOutputBuffer) {
  std::string text;
  for (int i = 0; i < 20000; ++i) text += "张伟王秀英,";
  auto r = to_utf8(encode(text, "GB18030"), Encoding::gb18030);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, text);
}

TEST(Decode, Utf8BomIsDropped) {
  auto r = to_utf8("\xEF\xBB\xBF" + kText, Encoding::utf8_bom);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, kText);
  auto plain = to_utf8(kText, Encoding::utf8_bom);  // declared with a BOM, arrived without
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ(*plain, kText);
}

TEST(Decode, InvalidGbkBytesNameTheirOffset) {
  // 0xFF never starts a GBK character; a lone lead byte at the end is truncated.
  std::string bytes = encode("张伟", "GBK") + "\xFF" + "abc";
  auto r = to_utf8(bytes, Encoding::gbk);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "import.encoding");
  EXPECT_EQ(r.error().kind, ErrorKind::invalid);
  EXPECT_NE(r.error().message.find("offset 4"), std::string::npos) << r.error().message;
  auto truncated = to_utf8(encode("张伟", "GBK") + "\xD5", Encoding::gb18030);
  ASSERT_FALSE(truncated.ok());
  EXPECT_NE(truncated.error().message.find("offset 4"), std::string::npos);
  EXPECT_EQ(detect_encoding(bytes), Encoding::gb18030);  // not GBK either: the safer guess
}

}  // namespace
}  // namespace onegrid::ingest
