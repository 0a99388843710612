// HttpClient over Boost.Beast: every operation is asynchronous with a deadline, run to
// completion on a private io_context, so a stuck server fails a test instead of hanging it.
#include "support/http_client.hpp"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <limits>
#include <optional>
#include <stdexcept>

namespace onegrid::testing {
namespace {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

std::string to_lower(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

HttpClient::Reply to_reply(bhttp::response<bhttp::string_body>&& res) {
  HttpClient::Reply reply;
  reply.status = static_cast<int>(res.result_int());
  for (const auto& field : res) {
    auto& value = reply.headers[to_lower(std::string(field.name_string()))];
    if (!value.empty()) value += ", ";
    value += std::string(field.value());
  }
  reply.body = std::move(res.body());
  return reply;
}

}  // namespace

boost::json::value HttpClient::Reply::json() const {
  return boost::json::parse(body);
}

std::string HttpClient::Reply::header(const std::string& name) const {
  auto it = headers.find(to_lower(name));
  return it == headers.end() ? std::string() : it->second;
}

struct HttpClient::Impl {
  std::string host;
  unsigned short port;
  std::chrono::milliseconds timeout{10'000};
  net::io_context ioc;
  std::optional<beast::tcp_stream> stream;  // the keep-alive connection of request()
  beast::flat_buffer buffer;
  int opened = 0;

  // Runs the asynchronous operation started by `start` to completion; its error, if any.
  template <class Start>
  beast::error_code run(beast::tcp_stream& s, Start&& start) {
    beast::error_code result;
    bool done = false;
    s.expires_after(timeout);
    start([&](beast::error_code ec, auto&&...) {
      result = ec;
      done = true;
    });
    ioc.restart();
    ioc.run();
    if (!done) return net::error::operation_aborted;
    return result;
  }

  beast::tcp_stream connect() {
    beast::tcp_stream s(ioc);
    tcp::resolver resolver(ioc);
    beast::error_code ec;
    auto results = resolver.resolve(host, std::to_string(port), ec);
    if (ec) throw std::runtime_error("resolve " + host + ": " + ec.message());
    ec = run(s, [&](auto handler) {
      s.async_connect(results,
                      [handler](beast::error_code e, const tcp::endpoint&) mutable { handler(e); });
    });
    if (ec)
      throw std::runtime_error("connect " + host + ":" + std::to_string(port) + ": " +
                               ec.message());
    return s;
  }

  // Reads one response; `head` when it answers a HEAD request (no body follows).
  beast::error_code read(beast::tcp_stream& s, beast::flat_buffer& buf, bool head,
                         bhttp::response<bhttp::string_body>& out) {
    bhttp::response_parser<bhttp::string_body> parser;
    parser.body_limit(std::numeric_limits<std::uint64_t>::max());
    parser.header_limit(1 << 20);
    if (head) parser.skip(true);
    auto ec = run(s, [&](auto handler) { bhttp::async_read(s, buf, parser, handler); });
    if (!ec) out = parser.release();
    return ec;
  }
};

HttpClient::HttpClient(std::string host, unsigned short port) : impl_(std::make_unique<Impl>()) {
  impl_->host = std::move(host);
  impl_->port = port;
}

HttpClient::~HttpClient() = default;
HttpClient::HttpClient(HttpClient&&) noexcept = default;
HttpClient& HttpClient::operator=(HttpClient&&) noexcept = default;

void HttpClient::set_timeout(std::chrono::milliseconds timeout) {
  impl_->timeout = timeout;
}
int HttpClient::connections_opened() const {
  return impl_->opened;
}

HttpClient::Reply HttpClient::request(const std::string& method, const std::string& target,
                                      std::string body, Headers headers) {
  Impl& im = *impl_;
  bhttp::request<bhttp::string_body> req;
  req.method_string(method);
  req.target(target);
  req.version(11);
  req.set(bhttp::field::host, im.host + ":" + std::to_string(im.port));
  req.set(bhttp::field::user_agent, "onegrid-tests");
  bool has_type = false;
  for (auto& [name, value] : headers) {
    if (to_lower(name) == "content-type") has_type = true;
    req.insert(name, value);
  }
  if (!body.empty() && !has_type) req.set(bhttp::field::content_type, "application/json");
  req.body() = std::move(body);
  req.prepare_payload();
  const bool head = method == "HEAD";

  for (int attempt = 0;; ++attempt) {
    const bool reused = im.stream.has_value();
    if (!reused) {
      im.stream.emplace(im.connect());
      im.buffer.clear();
      ++im.opened;
    }
    beast::tcp_stream& s = *im.stream;
    auto ec = im.run(s, [&](auto handler) { bhttp::async_write(s, req, handler); });
    bhttp::response<bhttp::string_body> res;
    if (!ec) ec = im.read(s, im.buffer, head, res);
    if (ec) {
      im.stream.reset();
      // A kept-alive connection the server has meanwhile closed: open a new one, once.
      const bool stale = ec == bhttp::error::end_of_stream || ec == net::error::connection_reset ||
                         ec == net::error::broken_pipe || ec == net::error::eof;
      if (reused && stale && attempt == 0) continue;
      throw std::runtime_error(method + " " + target + ": " + ec.message());
    }
    if (!res.keep_alive()) {
      beast::error_code ignored;
      s.socket().shutdown(tcp::socket::shutdown_both, ignored);
      im.stream.reset();
    }
    return to_reply(std::move(res));
  }
}

namespace {
HttpClient::Headers with_bearer(const std::string& bearer) {
  if (bearer.empty()) return {};
  return {{"Authorization", "Bearer " + bearer}};
}
}  // namespace

HttpClient::Reply HttpClient::get(const std::string& target, const std::string& bearer) {
  return request("GET", target, {}, with_bearer(bearer));
}
HttpClient::Reply HttpClient::post(const std::string& target, std::string body,
                                   const std::string& bearer) {
  return request("POST", target, std::move(body), with_bearer(bearer));
}
HttpClient::Reply HttpClient::patch(const std::string& target, std::string body,
                                    const std::string& bearer) {
  return request("PATCH", target, std::move(body), with_bearer(bearer));
}
HttpClient::Reply HttpClient::del(const std::string& target, const std::string& bearer) {
  return request("DELETE", target, {}, with_bearer(bearer));
}

HttpClient::Reply HttpClient::raw(std::string bytes) {
  auto replies = raw_many(std::move(bytes), 1);
  return replies.empty() ? Reply{} : std::move(replies.front());
}

std::vector<HttpClient::Reply> HttpClient::raw_many(std::string bytes, std::size_t count) {
  Impl& im = *impl_;
  beast::tcp_stream s = im.connect();
  auto ec = im.run(s, [&](auto handler) { net::async_write(s, net::buffer(bytes), handler); });
  // The server may answer and close before taking all of the bytes; still read its answer.
  if (ec && ec != net::error::connection_reset && ec != net::error::broken_pipe)
    throw std::runtime_error("raw write: " + ec.message());
  std::vector<Reply> replies;
  beast::flat_buffer buf;
  while (replies.size() < count) {
    bhttp::response<bhttp::string_body> res;
    ec = im.read(s, buf, false, res);
    if (ec) break;
    replies.push_back(to_reply(std::move(res)));
  }
  if (replies.empty()) {
    if (ec == beast::error::timeout) throw std::runtime_error("raw read: timed out");
    replies.emplace_back();
  }
  return replies;
}

}  // namespace onegrid::testing
