// The HTTP/1.1 server over Boost.Beast, after Beast's "advanced server" example: one strand per
// connection, a request_parser per request (for body and header limits), strictly ordered
// keep-alive and pipelining, problem+json for framing errors and a graceful shutdown.
#include "http/server.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <csignal>
#include <cstdio>
#include <ctime>
#include <iterator>
#include <limits>
#include <mutex>
#include <optional>
#include <random>
#include <thread>
#include <unordered_map>
#include <vector>

#include "http/problem.hpp"

namespace onegrid::http {
namespace {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;
using namespace std::chrono_literals;

// Room in the read buffer beyond the header limit, for body bytes and pipelined requests.
constexpr std::size_t kBufferSlack = 8 << 10;
// Lingering close: after the last response, read and discard what the client still sends (so
// that closing does not reset the connection and destroy the response in flight) for at most
// this long in all and this long between two reads.
constexpr auto kLingerTotal = 3s;
constexpr auto kLingerIdle = 1s;
constexpr auto kShutdownPoll = 20ms;
// Streamed responses: a keep-alive comment this often, and the connection is dropped when one
// write has not finished after kStreamStall (a client that stopped reading).
constexpr auto kHeartbeat = 15s;
constexpr auto kStreamStall = 30s;

std::string to_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

bool sane_request_id(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '_' || c == '-';
  });
}

std::string fresh_request_id() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(rng()));
  return buf;
}

std::string request_id_from(std::string_view incoming) {
  return sane_request_id(incoming) ? std::string(incoming) : fresh_request_id();
}

// RFC 9110 IMF-fixdate, e.g. "Sun, 06 Nov 1994 08:49:37 GMT".
std::string http_date() {
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d GMT", kDays[tm.tm_wday % 7],
                tm.tm_mday, kMonths[tm.tm_mon % 12], tm.tm_year + 1900, tm.tm_hour, tm.tm_min,
                tm.tm_sec);
  return buf;
}

bool valid_field_name(std::string_view name) {
  if (name.empty()) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
  });
}

bool valid_field_value(std::string_view value) {
  return value.find_first_of(std::string_view("\r\n\0", 3)) == std::string_view::npos;
}

// Whether a comma-separated header value (Connection, Expect) lists `token` (lower-case).
bool contains_token(std::string_view list, std::string_view token) {
  while (!list.empty()) {
    const auto comma = list.find(',');
    std::string_view item = list.substr(0, comma);
    while (!item.empty() && (item.front() == ' ' || item.front() == '\t')) item.remove_prefix(1);
    while (!item.empty() && (item.back() == ' ' || item.back() == '\t')) item.remove_suffix(1);
    if (to_lower(item) == token) return true;
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
  return false;
}

std::string peer_address(const tcp::socket& socket) {
  beast::error_code ec;
  auto endpoint = socket.remote_endpoint(ec);
  if (ec) return {};
  auto addr = endpoint.address();
  if (addr.is_v6() && addr.to_v6().is_v4_mapped())
    return net::ip::make_address_v4(net::ip::v4_mapped, addr.to_v6()).to_string();
  return addr.to_string();
}

class Session;

// Everything the listener and the sessions share.
struct Core {
  Core(ServerOptions o, Handler h)
      : opts(std::move(o)),
        handler(std::move(h)),
        ioc(static_cast<int>(thread_count())),
        writers(opts.write_threads > 0 ? std::make_unique<net::thread_pool>(
                                             static_cast<std::size_t>(opts.write_threads))
                                       : nullptr) {}

  unsigned thread_count() const {
    return opts.threads > 0 ? static_cast<unsigned>(opts.threads)
                            : std::max(1u, std::thread::hardware_concurrency());
  }

  void do_accept();
  void on_accept(beast::error_code ec, tcp::socket socket);
  void begin_shutdown();  // on `strand`
  void poll_shutdown();   // on `strand`
  void unregister(Session* s) {
    std::lock_guard lock(sessions_mu);
    sessions.erase(s);
  }

  ServerOptions opts;
  Handler handler;
  std::atomic<bool> stopping{false};
  std::atomic<unsigned short> bound_port{0};
  // Declared before the io_context: sessions still queued in it when it is destroyed
  // unregister themselves here.
  std::mutex sessions_mu;
  std::unordered_map<Session*, std::weak_ptr<Session>> sessions;

  net::io_context ioc;
  net::strand<net::io_context::executor_type> strand{net::make_strand(ioc)};
  tcp::acceptor acceptor{strand};
  net::steady_timer accept_retry{strand};
  net::steady_timer shutdown_timer{strand};
  // Where write requests run (ServerOptions::write_threads); after the io_context, so that it
  // is joined (and the sessions its queued jobs hold are released) before the context goes.
  std::unique_ptr<net::thread_pool> writers;
  std::optional<net::signal_set> signals;
  std::chrono::steady_clock::time_point shutdown_deadline;
  bool shutdown_started = false;  // on `strand`
  bool started = false;
};

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket&& socket, Core& core)
      : core_(core),
        peer_(peer_address(socket)),
        stream_(std::move(socket)),
        buffer_(core.opts.header_limit + kBufferSlack) {}
  ~Session() { core_.unregister(this); }

  void start() {
    net::dispatch(stream_.get_executor(),
                  beast::bind_front_handler(&Session::read_request, shared_from_this()));
  }
  // From any thread: close if idle, else finish the request in flight and then close.
  void shutdown() {
    net::dispatch(stream_.get_executor(), [self = shared_from_this()] {
      if (self->phase_ == Phase::idle || self->phase_ == Phase::head) self->close();
      if (self->phase_ == Phase::streaming) self->end_stream();
    });
  }

 private:
  enum class Phase { idle, head, busy, streaming, lingering, closed };

  void read_request() {
    if (core_.stopping) return close();
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(
        std::min<std::size_t>(core_.opts.header_limit, std::numeric_limits<std::uint32_t>::max())));
    // The largest any route allows; on_head narrows it to the request's route.
    body_limit_ = std::max(core_.opts.body_limit, core_.opts.max_body_limit);
    parser_->body_limit(body_limit_);
    if (buffer_.size() > 0 || first_) return read_head();
    // Idle keep-alive: wait (read_timeout) for the first byte of the next request.
    phase_ = Phase::idle;
    stream_.expires_after(core_.opts.read_timeout);
    stream_.async_read_some(buffer_.prepare(beast::read_size(buffer_, 4096)),
                            beast::bind_front_handler(&Session::on_idle_read, shared_from_this()));
  }

  void on_idle_read(beast::error_code ec, std::size_t n) {
    if (ec) return close();
    buffer_.commit(n);
    read_head();
  }

  void read_head() {
    phase_ = Phase::head;
    stream_.expires_after(core_.opts.header_timeout);
    bhttp::async_read_header(stream_, buffer_, *parser_,
                             beast::bind_front_handler(&Session::on_head, shared_from_this()));
  }

  void on_head(beast::error_code ec, std::size_t) {
    if (ec) return on_read_error(ec);
    phase_ = Phase::busy;
    if (parser_->is_done()) return handle_request();
    const auto& msg = parser_->get();
    if (core_.opts.body_limit_for) {
      std::string_view target = msg.target();
      body_limit_ =
          core_.opts.body_limit_for(msg.method_string(), target.substr(0, target.find('?')));
    } else {
      body_limit_ = core_.opts.body_limit;
    }
    if (auto length = parser_->content_length(); length && *length > body_limit_)
      return on_read_error(bhttp::error::body_limit);
    parser_->body_limit(body_limit_);
    if (contains_token(msg[bhttp::field::expect], "100-continue")) {
      continue_ = bhttp::response<bhttp::empty_body>(bhttp::status::continue_, msg.version());
      stream_.expires_after(core_.opts.read_timeout);
      return bhttp::async_write(stream_, continue_,
                                [self = shared_from_this()](beast::error_code e, std::size_t) {
                                  if (e) return self->close();
                                  self->read_body();
                                });
    }
    read_body();
  }

  void read_body() {
    stream_.expires_after(core_.opts.read_timeout);
    bhttp::async_read(stream_, buffer_, *parser_,
                      beast::bind_front_handler(&Session::on_body, shared_from_this()));
  }

  void on_body(beast::error_code ec, std::size_t) {
    if (ec) return on_read_error(ec);
    handle_request();
  }

  void on_read_error(beast::error_code ec) {
    if (ec == bhttp::error::body_limit)
      return send_error(
          413, "http.body_too_large",
          "the request body is larger than " + std::to_string(body_limit_) + " bytes");
    if (ec == bhttp::error::header_limit || ec == bhttp::error::buffer_overflow)
      return send_error(
          431, "http.header_too_large",
          "the request head is larger than " + std::to_string(core_.opts.header_limit) + " bytes");
    // The client went away, timed out or we are closing: nobody to answer.
    if (ec == bhttp::error::end_of_stream || ec == bhttp::error::partial_message ||
        ec.category() != bhttp::make_error_code(bhttp::error::bad_target).category())
      return close();
    send_error(400, "http.bad_request", "the request could not be parsed: " + ec.message());
  }

  // A framing error: answer with problem+json, then close.
  void send_error(int status, std::string code, std::string message) {
    phase_ = Phase::busy;
    const auto& msg = parser_->get();
    const unsigned version = msg.version() == 10 ? 10 : 11;
    const std::string id = request_id_from(msg["X-Request-Id"]);
    Response res = problem_response(
        status, make_error(ErrorKind::invalid, std::move(code), std::move(message)), id);
    write_response(std::move(res), version, false, false, id);
  }

  void handle_request() {
    auto msg = parser_->release();
    Request req;
    req.method = std::string(msg.method_string());
    req.target = std::string(msg.target());
    req.headers.reserve(static_cast<std::size_t>(std::distance(msg.begin(), msg.end())));
    for (const auto& field : msg)
      req.headers.emplace_back(to_lower(field.name_string()), std::string(field.value()));
    req.body = std::move(msg.body());
    req.client_addr = peer_;
    req.request_id = request_id_from(msg["X-Request-Id"]);
    const unsigned version = msg.version();
    const bool keep_alive = msg.keep_alive();
    const bool head = msg.method() == bhttp::verb::head;
    if (core_.writers && msg.method() != bhttp::verb::get && !head) {
      // Busy: a shutdown meanwhile lets it finish (see shutdown()).
      phase_ = Phase::busy;
      net::post(*core_.writers, [self = shared_from_this(), req = std::move(req), version,
                                 keep_alive, work = net::make_work_guard(core_.ioc)]() mutable {
        Response res = self->respond(req);
        net::post(self->stream_.get_executor(),
                  [self, res = std::move(res), version, keep_alive, id = req.request_id]() mutable {
                    self->write_response(std::move(res), version, keep_alive, false, id);
                  });
      });
      return;
    }
    Response res = respond(req);
    write_response(std::move(res), version, keep_alive, head, req.request_id);
  }

  // Runs the handler; never throws.
  Response respond(Request& req) {
    const std::string& id = req.request_id;
    if (!parse_target(req.target, req.path, req.query))
      return problem_response(
          invalid_input("http.bad_target", "the request target has a malformed percent-escape"),
          id);
    try {
      return core_.handler(req);
    } catch (const std::exception& e) {
      spdlog::error("rid={} {} {}: handler threw: {}", id, req.method, req.path, e.what());
    } catch (...) {
      spdlog::error("rid={} {} {}: handler threw a non-exception", id, req.method, req.path);
    }
    return internal_problem(id);
  }

  static Response internal_problem(const std::string& id) {
    return problem_response(
        internal_error(
            "http.internal",
            "the server could not complete the request; quote the request id to support"),
        id);
  }

  void write_response(Response r, unsigned version, bool keep_alive, bool head,
                      const std::string& id) {
    int status = r.status;
    if (status < 200 || status > 999) {
      spdlog::error("rid={} handler returned status {}; sending 500", id, status);
      r = internal_problem(id);
      status = 500;
    }
    if (r.stream) {
      if (status == 200 && !head && !core_.stopping) return start_stream(std::move(r), version, id);
      r.stream->cancel();
      r.stream.reset();
    }
    bool close = !keep_alive || core_.stopping;
    res_ = {};
    res_.version(version);
    res_.result(static_cast<unsigned>(status));
    for (auto& [name, value] : r.headers) {
      if (!valid_field_name(name) || !valid_field_value(value)) {
        spdlog::warn("rid={} dropped an invalid response header", id);
        continue;
      }
      const std::string lname = to_lower(name);
      // The server owns framing.
      if (lname == "content-length" || lname == "transfer-encoding" || lname == "x-request-id")
        continue;
      if (lname == "connection") {
        if (contains_token(value, "close")) close = true;
        continue;
      }
      res_.insert(name, value);
    }
    if (res_.find(bhttp::field::date) == res_.end()) res_.set(bhttp::field::date, http_date());
    res_.set("X-Request-Id", id);
    res_.keep_alive(!close);
    const bool with_body = status != 204 && status != 304;
    if (with_body) res_.content_length(r.body_size());
    phase_ = Phase::busy;
    stream_.expires_after(core_.opts.read_timeout);
    if (with_body && !head && r.shared_body) {  // sent from the shared string, not copied
      shared_body_ = std::move(r.shared_body);
      shared_res_.emplace(std::move(res_.base()), bhttp::span_body<const char>::value_type(
                                                      shared_body_->data(), shared_body_->size()));
      return bhttp::async_write(
          stream_, *shared_res_,
          beast::bind_front_handler(&Session::on_write, shared_from_this(), close));
    }
    if (with_body && !head) res_.body() = std::move(r.body);
    bhttp::async_write(stream_, res_,
                       beast::bind_front_handler(&Session::on_write, shared_from_this(), close));
  }

  // A streamed response: the head (no length: the body runs until the connection closes), then
  // whatever the stream has, a keep-alive comment every kHeartbeat, until the stream ends, the
  // client goes away or the server shuts down.
  void start_stream(Response r, unsigned version, const std::string& id) {
    body_stream_ = std::move(r.stream);
    stream_head_.emplace();
    stream_head_->version(version);
    stream_head_->result(bhttp::status::ok);
    for (auto& [name, value] : r.headers) {
      const std::string lname = to_lower(name);
      if (!valid_field_name(name) || !valid_field_value(value) || lname == "content-length" ||
          lname == "transfer-encoding" || lname == "connection" || lname == "x-request-id")
        continue;
      stream_head_->insert(name, value);
    }
    stream_head_->set(bhttp::field::date, http_date());
    stream_head_->set("X-Request-Id", id);
    stream_head_->keep_alive(false);
    stream_serializer_.emplace(*stream_head_);
    phase_ = Phase::streaming;
    stream_.expires_after(core_.opts.read_timeout);
    bhttp::async_write_header(stream_, *stream_serializer_,
                              [self = shared_from_this()](beast::error_code ec, std::size_t) {
                                if (ec) return self->end_stream();
                                self->stream_.expires_never();
                                self->watch_peer();
                                self->arm_heartbeat();
                                self->pump();
                              });
  }

  // Reads and drops what the client sends while streaming; its end is the end of the stream.
  void watch_peer() {
    stream_.socket().async_read_some(
        net::buffer(scratch_), [self = shared_from_this()](beast::error_code ec, std::size_t) {
          if (ec) return self->end_stream();
          self->watch_peer();
        });
  }

  void arm_heartbeat() {
    heartbeat_.expires_after(kHeartbeat);
    heartbeat_.async_wait([self = shared_from_this()](beast::error_code ec) {
      if (ec || self->phase_ != Phase::streaming) return;
      if (self->writing_) {
        if (std::chrono::steady_clock::now() - self->write_started_ > kStreamStall)
          return self->end_stream();
      } else {
        self->write_chunk(": keep-alive\n\n", false);
      }
      self->arm_heartbeat();
    });
  }

  void pump() {
    if (phase_ != Phase::streaming || writing_) return;
    bool ended = false;
    std::string chunk = body_stream_->take(ended);
    if (!chunk.empty()) return write_chunk(std::move(chunk), ended);
    if (ended) return end_stream();
    body_stream_->arm([weak = weak_from_this()] {
      if (auto self = weak.lock())
        net::post(self->stream_.get_executor(), [self] { self->pump(); });
    });
  }

  void write_chunk(std::string chunk, bool last) {
    out_ = std::move(chunk);
    writing_ = true;
    write_started_ = std::chrono::steady_clock::now();
    net::async_write(stream_.socket(), net::buffer(out_),
                     [self = shared_from_this(), last](beast::error_code ec, std::size_t) {
                       self->writing_ = false;
                       if (ec || last) return self->end_stream();
                       self->pump();
                     });
  }

  void end_stream() {
    if (phase_ == Phase::closed) return;
    if (body_stream_) body_stream_->cancel();
    heartbeat_.cancel();
    close();
  }

  void on_write(bool close_after, beast::error_code ec, std::size_t) {
    res_ = {};
    shared_res_.reset();
    shared_body_.reset();
    if (ec) return close();
    if (close_after || core_.stopping) return linger();
    first_ = false;
    read_request();
  }

  void linger() {
    phase_ = Phase::lingering;
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    if (ec) return close();
    linger_until_ = std::chrono::steady_clock::now() + kLingerTotal;
    drain();
  }

  void drain() {
    const auto left = linger_until_ - std::chrono::steady_clock::now();
    if (left <= 0s) return close();
    stream_.expires_after(std::min<std::chrono::steady_clock::duration>(
        {left, kLingerIdle, core_.opts.read_timeout}));
    stream_.async_read_some(net::buffer(scratch_),
                            [self = shared_from_this()](beast::error_code ec, std::size_t) {
                              if (ec) return self->close();
                              self->drain();
                            });
  }

  void close() {
    phase_ = Phase::closed;
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
    stream_.close();
  }

  Core& core_;
  std::string peer_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  bhttp::response<bhttp::string_body> res_;
  // A response with a shared body (Response::shared_body) and that body, held while it is sent.
  std::optional<bhttp::response<bhttp::span_body<const char>>> shared_res_;
  std::shared_ptr<const std::string> shared_body_;
  bhttp::response<bhttp::empty_body> continue_;
  std::array<char, 4096> scratch_{};
  // Streaming (see start_stream).
  std::shared_ptr<BodyStream> body_stream_;
  std::optional<bhttp::response<bhttp::empty_body>> stream_head_;
  std::optional<bhttp::response_serializer<bhttp::empty_body>> stream_serializer_;
  net::steady_timer heartbeat_{stream_.get_executor()};
  std::string out_;
  bool writing_ = false;
  std::chrono::steady_clock::time_point write_started_;
  std::chrono::steady_clock::time_point linger_until_;
  Phase phase_ = Phase::head;
  bool first_ = true;
  std::size_t body_limit_ = 0;  // of the request being read
};

void Core::do_accept() {
  acceptor.async_accept(net::make_strand(ioc), beast::bind_front_handler(&Core::on_accept, this));
}

void Core::on_accept(beast::error_code ec, tcp::socket socket) {
  if (stopping || !acceptor.is_open()) return;
  if (ec) {
    // E.g. out of file descriptors: try again shortly rather than stop accepting for good.
    spdlog::warn("http accept failed: {}", ec.message());
    accept_retry.expires_after(50ms);
    accept_retry.async_wait([this](beast::error_code e) {
      if (!e && !stopping) do_accept();
    });
    return;
  }
  auto session = std::make_shared<Session>(std::move(socket), *this);
  {
    std::lock_guard lock(sessions_mu);
    sessions.emplace(session.get(), session);
  }
  session->start();
  do_accept();
}

void Core::begin_shutdown() {
  if (shutdown_started) return;
  shutdown_started = true;
  stopping = true;
  beast::error_code ec;
  acceptor.close(ec);
  accept_retry.cancel();
  if (signals) signals->cancel();
  shutdown_deadline = std::chrono::steady_clock::now() + opts.shutdown_grace;
  std::vector<std::shared_ptr<Session>> live;
  {
    std::lock_guard lock(sessions_mu);
    for (auto& [ptr, weak] : sessions)
      if (auto s = weak.lock()) live.push_back(std::move(s));
  }
  for (auto& s : live) s->shutdown();
  live.clear();
  poll_shutdown();
}

// Returns (letting run() finish) once every session has ended; past the grace period, stops
// the io_context outright.
void Core::poll_shutdown() {
  {
    std::lock_guard lock(sessions_mu);
    if (sessions.empty()) return;
  }
  const auto now = std::chrono::steady_clock::now();
  if (now >= shutdown_deadline) {
    spdlog::warn("http shutdown grace period over; dropping the remaining connections");
    ioc.stop();
    return;
  }
  shutdown_timer.expires_after(
      std::min<std::chrono::steady_clock::duration>(kShutdownPoll, shutdown_deadline - now));
  shutdown_timer.async_wait([this](beast::error_code) { poll_shutdown(); });
}

}  // namespace

struct Server::Impl : Core {
  using Core::Core;
};

Server::Server(ServerOptions options, Handler handler)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(handler))) {}

Server::~Server() = default;

Status Server::start() {
  Core& c = *impl_;
  if (c.started) return make_error(ErrorKind::internal, "http.already_started", "already started");
  const std::string where = c.opts.host + ":" + std::to_string(c.opts.port);
  auto fail = [&](const char* what, const beast::error_code& ec) {
    return make_error(ErrorKind::unavailable, "http.listen_failed",
                      std::string("cannot ") + what + " " + where + ": " + ec.message());
  };
  beast::error_code ec;
  tcp::resolver resolver(c.ioc);
  auto results = resolver.resolve(c.opts.host, std::to_string(c.opts.port),
                                  tcp::resolver::passive | tcp::resolver::numeric_service, ec);
  if (ec) return fail("resolve", ec);
  if (results.empty()) return fail("resolve", net::error::host_not_found);
  const tcp::endpoint endpoint = results.begin()->endpoint();
  c.acceptor.open(endpoint.protocol(), ec);
  if (ec) return fail("open a socket for", ec);
  c.acceptor.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) c.acceptor.bind(endpoint, ec);
  if (ec) {
    c.acceptor.close();
    return fail("bind", ec);
  }
  c.acceptor.listen(net::socket_base::max_listen_connections, ec);
  if (ec) {
    c.acceptor.close();
    return fail("listen on", ec);
  }
  c.bound_port = c.acceptor.local_endpoint(ec).port();
  c.started = true;
  net::post(c.strand, [&c] { c.do_accept(); });
  return ok_status();
}

unsigned short Server::port() const {
  return impl_->bound_port;
}

void Server::run(bool install_signal_handlers) {
  Core& c = *impl_;
  if (!c.started) return;
  if (install_signal_handlers) {
    net::post(c.strand, [&c] {
      if (c.shutdown_started) return;
      c.signals.emplace(c.strand, SIGINT, SIGTERM);
      c.signals->async_wait([&c](beast::error_code ec, int signal) {
        if (ec) return;
        spdlog::info("signal {} received; shutting down", signal);
        c.begin_shutdown();
      });
    });
  }
  auto run_loop = [&c] {
    for (;;) {
      try {
        c.ioc.run();
        return;
      } catch (const std::exception& e) {
        spdlog::error("http server thread: {}", e.what());
      }
    }
  };
  const unsigned n = c.thread_count();
  std::vector<std::thread> threads;
  threads.reserve(n - 1);
  for (unsigned i = 1; i < n; ++i) threads.emplace_back(run_loop);
  run_loop();
  for (auto& t : threads) t.join();
}

void Server::stop() {
  Core& c = *impl_;
  net::post(c.strand, [&c] { c.begin_shutdown(); });
}

}  // namespace onegrid::http
