// Encoding detection (BOM, strict UTF-8 validation, GBK vs GB18030) and conversion to UTF-8 with
// glibc iconv. One iconv descriptor per call: descriptors are not thread-safe and a call
// converts a whole file, so opening one costs nothing in comparison.

#include "ingest/decode.hpp"

#include <iconv.h>

#include <cerrno>
#include <cstdint>
#include <cstring>

namespace onegrid::ingest {
namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

// Offset of the first byte that does not start a well-formed UTF-8 sequence (no overlongs, no
// surrogates, nothing above U+10FFFF), or npos when all of `s` is valid.
std::size_t first_invalid_utf8(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const std::size_t n = s.size();
  std::size_t i = 0;
  while (i < n) {
    // ASCII fast path, eight bytes at a time.
    while (i + 8 <= n) {
      std::uint64_t w;
      std::memcpy(&w, p + i, 8);
      if (w & 0x8080808080808080ULL) break;
      i += 8;
    }
    if (i >= n) break;
    const unsigned char c = p[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t len = 0;
    unsigned char lo = 0x80, hi = 0xBF;  // the allowed range of the second byte
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      if (c == 0xE0) lo = 0xA0;  // overlong
      if (c == 0xED) hi = 0x9F;  // surrogates
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      if (c == 0xF0) lo = 0x90;  // overlong
      if (c == 0xF4) hi = 0x8F;  // above U+10FFFF
    } else {
      return i;
    }
    if (i + len > n) return i;
    if (p[i + 1] < lo || p[i + 1] > hi) return i;
    for (std::size_t k = 2; k < len; ++k)
      if (p[i + k] < 0x80 || p[i + k] > 0xBF) return i;
    i += len;
  }
  return std::string_view::npos;
}

// GB18030 four-byte sequences: 81..FE, 30..39, 81..FE, 30..39.
bool has_four_byte_sequence(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (p[i] < 0x81) continue;
    if (i + 1 < s.size() && p[i + 1] >= 0x30 && p[i + 1] <= 0x39) return true;
    ++i;  // skip the trail byte of a double-byte character
  }
  return false;
}

const char* iconv_name(Encoding e) {
  return e == Encoding::gbk ? "GBK" : "GB18030";
}

Error encoding_error(std::string_view name, std::size_t offset) {
  return invalid_input("import.encoding",
                       "the file is not valid " + std::string(name) +
                           ": undecodable bytes at offset " + std::to_string(offset),
                       "file");
}

// Converts `in` from GBK/GB18030 to UTF-8. With `out` null the result is only checked.
Status convert(std::string_view in, Encoding from, std::string* out) {
  iconv_t cd = iconv_open("UTF-8", iconv_name(from));
  if (cd == reinterpret_cast<iconv_t>(-1))
    return internal_error("import.iconv", std::string("iconv cannot convert from ") +
                                              iconv_name(from) + ": " + std::strerror(errno));
  char scratch[16384];
  if (out) {
    out->clear();
    out->resize(in.size() + in.size() / 2 + 16);
  }
  char* src = const_cast<char*>(in.data());
  std::size_t src_left = in.size();
  std::size_t used = 0;
  Status result;
  while (src_left > 0) {
    char* dst = out ? out->data() + used : scratch;
    std::size_t dst_left = out ? out->size() - used : sizeof scratch;
    const std::size_t dst_start = dst_left;
    const std::size_t rc = iconv(cd, &src, &src_left, &dst, &dst_left);
    used += dst_start - dst_left;
    if (rc != static_cast<std::size_t>(-1)) continue;
    if (errno == E2BIG) {
      if (out)
        out->resize(out->size() * 2);
      else
        used = 0;
      continue;
    }
    // EILSEQ (invalid sequence) or EINVAL (truncated at the end).
    result = encoding_error(iconv_name(from), in.size() - src_left);
    break;
  }
  iconv_close(cd);
  if (out) out->resize(result.ok() ? used : 0);
  return result;
}

std::string upper_alnum(std::string_view code) {
  std::string s;
  for (char c : code) {
    if (c >= 'a' && c <= 'z')
      s += static_cast<char>(c - 'a' + 'A');
    else if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
      s += c;
  }
  return s;
}

}  // namespace

std::string_view encoding_code(Encoding e) {
  switch (e) {
    case Encoding::utf8:
      return "utf-8";
    case Encoding::utf8_bom:
      return "utf-8-bom";
    case Encoding::gbk:
      return "gbk";
    case Encoding::gb18030:
      return "gb18030";
  }
  return "utf-8";
}

std::optional<Encoding> parse_encoding(std::string_view code) {
  const std::string s = upper_alnum(code);
  if (s == "UTF8") return Encoding::utf8;
  if (s == "UTF8BOM" || s == "UTF8SIG") return Encoding::utf8_bom;
  if (s == "GBK" || s == "GB2312" || s == "CP936" || s == "MS936" || s == "WINDOWS936" ||
      s == "EUCCN" || s == "936")
    return Encoding::gbk;
  if (s == "GB18030") return Encoding::gb18030;
  return std::nullopt;
}

Encoding detect_encoding(std::string_view bytes) {
  if (bytes.starts_with(kBom)) return Encoding::utf8_bom;
  if (first_invalid_utf8(bytes) == std::string_view::npos) return Encoding::utf8;
  if (!has_four_byte_sequence(bytes) && convert(bytes, Encoding::gbk, nullptr).ok())
    return Encoding::gbk;
  return Encoding::gb18030;
}

Result<std::string> to_utf8(std::string_view bytes, Encoding from) {
  if (from == Encoding::utf8 || from == Encoding::utf8_bom) {
    const std::size_t skip = bytes.starts_with(kBom) ? kBom.size() : 0;
    bytes.remove_prefix(skip);
    if (std::size_t bad = first_invalid_utf8(bytes); bad != std::string_view::npos)
      return encoding_error("UTF-8", bad + skip);
    return std::string(bytes);
  }
  std::string out;
  OG_TRY(convert(bytes, from, &out));
  return out;
}

}  // namespace onegrid::ingest
