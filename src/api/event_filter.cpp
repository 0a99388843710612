#include "api/event_filter.hpp"

#include <cstdint>
#include <sstream>

#include "api/json_io.hpp"
#include "base/clock.hpp"

namespace onegrid::api {
namespace {

Result<std::optional<std::int64_t>> query_time(const http::Request& req, std::string_view name) {
  auto raw = req.query_param(name);
  if (!raw || raw->empty()) return std::optional<std::int64_t>{};
  std::int64_t ms = 0;
  if (!parse_instant(*raw, ms))
    return invalid_input("query.invalid", std::string(name) + " must be a date or RFC 3339 time",
                         std::string(name));
  return std::optional<std::int64_t>(ms);
}

}  // namespace

Result<events::ListFilter> read_event_filter(const http::Request& req) {
  events::ListFilter f;
  if (auto states = req.query_param("state"); states && !states->empty()) {
    std::stringstream in(*states);
    for (std::string s; std::getline(in, s, ',');) {
      auto st = events::parse_state(s);
      if (!st) return invalid_input("query.invalid", "unknown state " + s, "state");
      f.states.push_back(*st);
    }
  }
  OG_ASSIGN(f.class_id, query_int(req, "class_id", 1, INT64_MAX));
  OG_ASSIGN(f.subclass_id, query_int(req, "subclass_id", 1, INT64_MAX));
  OG_ASSIGN(f.grid_id, query_int(req, "grid_id", 1, INT64_MAX));
  OG_ASSIGN(f.community_id, query_int(req, "community_id", 1, INT64_MAX));
  OG_ASSIGN(f.street_id, query_int(req, "street_id", 1, INT64_MAX));
  OG_ASSIGN(f.dept_id, query_int(req, "dept_id", 1, INT64_MAX));
  if (auto ch = req.query_param("channel"); ch && !ch->empty()) {
    f.channel = events::parse_channel(*ch);
    if (!f.channel) return invalid_input("query.invalid", "unknown channel", "channel");
  }
  if (auto o = req.query_param("overdue"); o && !o->empty()) {
    if (*o != "true" && *o != "false")
      return invalid_input("query.invalid", "overdue is true or false", "overdue");
    f.overdue = *o == "true";
  }
  OG_ASSIGN(f.from, query_time(req, "from"));
  OG_ASSIGN(f.to, query_time(req, "to"));
  if (auto q = req.query_param("q"); q && !q->empty()) {
    if (utf8_length(*q) > 100) return invalid_input("query.invalid", "q is too long", "q");
    f.q = *q;
  }
  f.mine = req.query_param("mine").value_or("") == "true";
  f.no_grid = req.query_param("no_grid").value_or("") == "true";
  auto sort = req.query_param("sort").value_or("newest");
  if (sort != "newest" && sort != "oldest")
    return invalid_input("query.invalid", "sort is newest or oldest", "sort");
  f.oldest_first = sort == "oldest";
  OG_ASSIGN(f.cursor, query_int(req, "after", 1, INT64_MAX));
  OG_ASSIGN(auto limit, query_int(req, "limit", 1, 500));
  f.limit = static_cast<int>(limit.value_or(50));
  return f;
}

}  // namespace onegrid::api
