#pragma once
// Small helpers for writing portable SQL in module stores.

#include <string>
#include <string_view>

namespace onegrid::store {

// A LIKE pattern matching `text` anywhere, for use with `LIKE ? ESCAPE '!'`.
inline std::string like_contains(std::string_view text) {
  std::string out = "%";
  for (char c : text) {
    if (c == '%' || c == '_' || c == '!') out += '!';
    out += c;
  }
  out += '%';
  return out;
}

}  // namespace onegrid::store
