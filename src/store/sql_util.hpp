#pragma once
// Small helpers for writing portable SQL in module stores.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/store.hpp"

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

// Appends " AND <column> = ?" with the value when a filter is given; nothing when it is not.
inline void and_equals(std::string& sql, std::vector<Value>& params, std::string_view column,
                       const std::optional<std::int64_t>& value) {
  if (!value) return;
  sql += " AND ";
  sql += column;
  sql += " = ?";
  params.emplace_back(static_cast<long long>(*value));
}

}  // namespace onegrid::store
