#pragma once
// Plain HTTP request/response values passed between the Beast server (src/http/server.cpp, the
// only translation unit that includes Beast) and the application's handlers, so that handler
// code compiles without Boost.Beast/Asio.

#include <cstdint>
#include <functional>
#include <memory>
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

// A response body produced over time, e.g. server-sent events. The server writes the head,
// then whatever `take` returns, until `take` says the stream ended or the client goes away; in
// between it `arm`s the stream with a wake-up and waits. All three may be called from any
// server thread (never two at once for one stream); `wake` may be called from any thread.
class BodyStream {
 public:
  virtual ~BodyStream() = default;
  // Bytes ready now (possibly none); sets `ended` when nothing more will come.
  virtual std::string take(bool& ended) = 0;
  // Calls `wake` once, as soon as `take` has something (at once if it already has).
  virtual void arm(std::function<void()> wake) = 0;
  // The connection is over: release the wake-up and stop producing.
  virtual void cancel() = 0;
};

struct Response {
  int status = 200;
  Fields headers;  // Content-Type etc.; the server adds Date, Content-Length, X-Request-Id
  std::string body;
  // When set, sent instead of `body` without copying it (a cached response shared by many).
  std::shared_ptr<const std::string> shared_body;
  // When set, the body is streamed from here instead (the connection closes when it ends).
  std::shared_ptr<BodyStream> stream;

  std::size_t body_size() const { return shared_body ? shared_body->size() : body.size(); }
  std::string_view body_view() const { return shared_body ? *shared_body : body; }
  void set_header(std::string name, std::string value);
  std::string_view header(std::string_view name) const;  // case-insensitive
};

// Percent-decodes a URL component; `plus_as_space` for query strings. Returns nullopt when the
// input has a malformed escape.
std::optional<std::string> percent_decode(std::string_view in, bool plus_as_space);
// Splits `target` into path and query, decoding both. Returns false on malformed escapes.
bool parse_target(std::string_view target, std::string& path, Fields& query);

}  // namespace onegrid::http
