#pragma once
// Strict JSON request bodies and JSON responses for the API layer. A body must be
// application/json, valid UTF-8, an object, and contain only the fields the handler reads:
// every violation is an Error with a stable code and the offending `field`.

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "base/result.hpp"
#include "http/message.hpp"

namespace onegrid::api {

class BodyReader {
 public:
  // Parses req.body; errors: http.unsupported_media_type, json.malformed, json.not_object.
  static Result<BodyReader> parse(const http::Request& req);

  bool has(std::string_view field) const;
  // Text fields are trimmed of surrounding white space; max_len counts code points.
  Result<std::string> text(std::string_view field, std::size_t max_len = 200);
  Result<std::optional<std::string>> opt_text(std::string_view field, std::size_t max_len = 200);
  Result<std::int64_t> integer(std::string_view field);
  Result<std::optional<std::int64_t>> opt_integer(std::string_view field);
  Result<std::optional<bool>> opt_boolean(std::string_view field);
  // Any JSON value (marks the field used); nullptr when absent.
  const boost::json::value* value(std::string_view field);
  // Fails with json.unknown_field on the first field no accessor asked for.
  Status finish() const;

 private:
  explicit BodyReader(boost::json::object obj) : obj_(std::move(obj)) {}
  boost::json::object obj_;
  std::set<std::string, std::less<>> used_;
};

http::Response json_response(int status, const boost::json::value& body);
// {"items": items, "next_after": last_id or null}: the keyset cursor is set when the page is full.
http::Response page_response(boost::json::array items, std::size_t limit, std::int64_t last_id);
std::size_t utf8_length(std::string_view s);
bool valid_utf8(std::string_view s);

// Query-string helpers with validation errors naming the parameter.
Result<std::optional<std::int64_t>> query_int(const http::Request& req, std::string_view name,
                                              std::int64_t min, std::int64_t max);
Result<std::optional<double>> query_double(const http::Request& req, std::string_view name);

}  // namespace onegrid::api
