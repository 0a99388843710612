#pragma once
// Files compiled into the binary at build time (cmake/Embed.cmake): SQL migrations, the OpenAPI
// document and the common-password blocklist, so the one `onegrid` binary needs no data files.

#include <optional>
#include <string_view>
#include <vector>

namespace onegrid::embedded {

struct Resource {
  std::string_view name;  // file name without directory, e.g. "0001_foundation.sql"
  std::string_view data;
};

// Every embedded resource, in the order CMake listed them (migrations sorted by name).
const std::vector<Resource>& all();

inline std::optional<std::string_view> find(std::string_view name) {
  for (const auto& r : all())
    if (r.name == name) return r.data;
  return std::nullopt;
}

}  // namespace onegrid::embedded
