#include "http/router.hpp"

#include <algorithm>

namespace onegrid::http {
namespace {

std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < path.size()) {
    if (path[i] == '/') {
      ++i;
      continue;
    }
    std::size_t j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    out.push_back(path.substr(i, j - i));
    i = j;
  }
  return out;
}

bool is_capture(const std::string& s) {
  return s.size() > 2 && s.front() == '{' && s.back() == '}';
}

}  // namespace

int Router::add(std::string method, std::string pattern) {
  Route r{std::move(method), std::move(pattern), {}};
  for (auto seg : split_path(r.pattern)) r.segments.emplace_back(seg);
  routes_.push_back(std::move(r));
  return static_cast<int>(routes_.size()) - 1;
}

Router::Match Router::match(std::string_view method, std::string_view path) const {
  Match result;
  const auto parts = split_path(path);
  // HEAD is served by GET routes.
  const std::string_view want = method == "HEAD" ? std::string_view("GET") : method;
  for (std::size_t i = 0; i < routes_.size(); ++i) {
    const Route& r = routes_[i];
    if (r.segments.size() != parts.size()) continue;
    PathParams params;
    bool ok = true;
    for (std::size_t s = 0; s < parts.size() && ok; ++s) {
      if (is_capture(r.segments[s])) {
        if (parts[s].empty())
          ok = false;
        else
          params.emplace_back(r.segments[s].substr(1, r.segments[s].size() - 2), parts[s]);
      } else if (r.segments[s] != parts[s]) {
        ok = false;
      }
    }
    if (!ok) continue;
    if (r.method == want) {
      result.outcome = Outcome::found;
      result.index = static_cast<int>(i);
      result.params = std::move(params);
      return result;
    }
    if (std::find(result.allow.begin(), result.allow.end(), r.method) == result.allow.end())
      result.allow.push_back(r.method);
  }
  result.outcome = result.allow.empty() ? Outcome::not_found : Outcome::method_not_allowed;
  return result;
}

}  // namespace onegrid::http
