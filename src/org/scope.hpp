#pragma once
// Scope: the org subtrees a caller may see for one permission. Org units carry a materialised
// path ("/1/4/17/"); a row is in scope when its org unit's path starts with one of the scope's
// paths. Every store query over scoped rows takes a Scope — that is how "no one sees beyond
// their org unit" is enforced in the store layer rather than in each handler.

#include <string>
#include <vector>

namespace onegrid::org {

struct Scope {
  bool all = false;                // sysadmin: the whole district (and beyond)
  std::vector<std::string> paths;  // subtree roots, e.g. "/1/4/"; redundant nested ones removed

  bool empty() const { return !all && paths.empty(); }
  // True when `path` (an org unit's materialised path) lies inside this scope.
  bool contains(const std::string& path) const;
  static Scope everything() { return Scope{true, {}}; }
  static Scope subtree(std::string path) { return Scope{false, {std::move(path)}}; }
  // Adds a subtree root, keeping `paths` minimal (a root inside another is dropped).
  void add(const std::string& path);
};

}  // namespace onegrid::org
