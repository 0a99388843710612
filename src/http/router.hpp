#pragma once
// Maps (method, path) to a route index and its path parameters. Patterns are literal segments
// and `{name}` captures, e.g. "/api/v1/org/units/{id}". The API layer owns what a route does.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace onegrid::http {

using PathParams = std::vector<std::pair<std::string, std::string>>;

class Router {
 public:
  enum class Outcome { found, not_found, method_not_allowed };
  struct Match {
    Outcome outcome = Outcome::not_found;
    int index = -1;  // the route's index in add() order, when found
    PathParams params;
    std::vector<std::string> allow;  // methods the path does accept, for 405
  };

  // Returns the new route's index.
  int add(std::string method, std::string pattern);
  Match match(std::string_view method, std::string_view path) const;
  std::size_t size() const { return routes_.size(); }
  const std::string& method(int index) const { return routes_[index].method; }
  const std::string& pattern(int index) const { return routes_[index].pattern; }

 private:
  struct Route {
    std::string method;
    std::string pattern;
    std::vector<std::string> segments;  // "{x}" marks a capture
  };
  std::vector<Route> routes_;
};

}  // namespace onegrid::http
