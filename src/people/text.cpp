// UTF-8 splitting and full-width folding for the people module (see text.hpp).
#include "people/text.hpp"

#include <cstdint>

namespace onegrid::people::text {
namespace {

// Length of the well-formed sequence starting at s[i], or 1 for a stray/truncated byte.
std::size_t sequence_length(std::string_view s, std::size_t i) {
  const auto lead = static_cast<unsigned char>(s[i]);
  const std::size_t n = lead < 0x80           ? 1
                        : (lead >> 5) == 0x6  ? 2
                        : (lead >> 4) == 0xE  ? 3
                        : (lead >> 3) == 0x1E ? 4
                                              : 1;
  if (n == 1 || i + n > s.size()) return 1;
  for (std::size_t k = 1; k < n; ++k) {
    if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return 1;
  }
  return n;
}

// The code point of a well-formed piece (ASCII or multi-byte).
std::uint32_t decode(std::string_view cp) {
  const auto b = [&](std::size_t k) { return static_cast<std::uint32_t>(cp[k]) & 0xFF; };
  switch (cp.size()) {
    case 2:
      return ((b(0) & 0x1F) << 6) | (b(1) & 0x3F);
    case 3:
      return ((b(0) & 0x0F) << 12) | ((b(1) & 0x3F) << 6) | (b(2) & 0x3F);
    case 4:
      return ((b(0) & 0x07) << 18) | ((b(1) & 0x3F) << 12) | ((b(2) & 0x3F) << 6) | (b(3) & 0x3F);
    default:
      return b(0);
  }
}

}  // namespace

std::vector<std::string_view> code_points(std::string_view utf8) {
  std::vector<std::string_view> out;
  for (std::size_t i = 0; i < utf8.size();) {
    const std::size_t n = sequence_length(utf8, i);
    out.push_back(utf8.substr(i, n));
    i += n;
  }
  return out;
}

std::string fold_ascii(std::string_view utf8) {
  std::string out;
  out.reserve(utf8.size());
  for (std::string_view cp : code_points(utf8)) {
    if (cp.size() == 1) {
      out += cp;
      continue;
    }
    const std::uint32_t c = decode(cp);
    if (c >= 0xFF01 && c <= 0xFF5E) {
      out += static_cast<char>(c - 0xFEE0);
    } else if (c == 0x3000 || c == 0x00A0) {
      out += ' ';
    } else if ((c >= 0x2010 && c <= 0x2015) || c == 0x2212) {
      out += '-';
    } else {
      out += cp;
    }
  }
  return out;
}

std::string fold_ascii_no_spaces(std::string_view utf8) {
  std::string out = fold_ascii(utf8);
  std::erase_if(out, [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; });
  return out;
}

}  // namespace onegrid::people::text
