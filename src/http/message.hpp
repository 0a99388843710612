#pragma once
// Plain HTTP request/response values passed between the Beast server (src/http/server.cpp, the
// only translation unit that includes Beast) and the application's handlers, so that handler
// code compiles without Boost.Beast/Asio.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace onegrid::http {

using Fields = std::vector<std::pair<std::string, std::string>>;

struct Request {
  std::string method;  // "GET", "POST", …
  std::string target;  // raw request target, e.g. "/api/v1/org/units?kind=grid"
  std::string path;    // percent-decoded path without the query
  Fields query;        // percent-decoded query parameters, in order
  Fields headers;      // header names lower-cased
  std::string body;
  std::string client_addr;  // peer IP address
  std::string request_id;   // assigned by the server (or taken from a sane X-Request-Id)

  // Header value by lower-case name, or empty.
  std::string_view header(std::string_view lower_name) const;
  std::optional<std::string> query_param(std::string_view name) const;
};

struct Response {
  int status = 200;
  Fields headers;  // Content-Type etc.; the server adds Date, Content-Length, X-Request-Id
  std::string body;

  void set_header(std::string name, std::string value);
  std::string_view header(std::string_view name) const;  // case-insensitive
};

// Percent-decodes a URL component; `plus_as_space` for query strings. Returns nullopt when the
// input has a malformed escape.
std::optional<std::string> percent_decode(std::string_view in, bool plus_as_space);
// Splits `target` into path and query, decoding both. Returns false on malformed escapes.
bool parse_target(std::string_view target, std::string& path, Fields& query);

}  // namespace onegrid::http
