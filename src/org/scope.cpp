#include "org/scope.hpp"

#include <algorithm>
#include <string_view>

namespace onegrid::org {

namespace {

// A subtree root must be a well-formed materialised path, "/" + (digits "/")+. Anything else
// (empty, missing slashes, LIKE wildcards) would match far more than one subtree, so it is
// ignored: a malformed root grants nothing.
bool well_formed(std::string_view path) {
  if (path.size() < 3 || path.front() != '/' || path.back() != '/') return false;
  char prev = '/';
  for (char c : path.substr(1)) {
    if (c == '/' && prev == '/') return false;
    if (c != '/' && (c < '0' || c > '9')) return false;
    prev = c;
  }
  return true;
}

// `root` covers `path` when `path` lies in root's subtree (root itself included).
bool covers(std::string_view root, std::string_view path) {
  return well_formed(root) && path.starts_with(root);
}

}  // namespace

bool Scope::contains(const std::string& path) const {
  if (all) return true;
  return std::any_of(paths.begin(), paths.end(),
                     [&](const std::string& root) { return covers(root, path); });
}

void Scope::add(const std::string& path) {
  if (all || !well_formed(path) || contains(path)) return;
  std::erase_if(paths, [&](const std::string& root) { return covers(path, root); });
  paths.insert(std::lower_bound(paths.begin(), paths.end(), path), path);
}

}  // namespace onegrid::org
