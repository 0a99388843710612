#pragma once
// The HTTP/1.1 server (Boost.Beast over Asio, implemented in server.cpp, the only place Beast is
// included). It owns sockets, parsing, limits, keep-alive and shutdown; everything a request
// *means* is decided by the Handler it is given.

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "base/result.hpp"
#include "http/message.hpp"

namespace onegrid::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  unsigned short port = 8080;        // 0 picks a free port (see Server::port())
  int threads = 0;                   // 0: one per hardware core
  std::size_t body_limit = 1 << 20;  // bytes; larger bodies get 413 problem+json
  // Routes that take larger bodies (uploads): the limit for one request by method and path
  // (nullptr: body_limit for all), and the largest limit it ever returns.
  std::function<std::size_t(std::string_view method, std::string_view path)> body_limit_for;
  std::size_t max_body_limit = 0;
  // Requests other than GET/HEAD run on a pool of this many threads rather than on the I/O
  // threads: a write waits for its group commit (an fsync), and many waiting at once let the
  // store commit them together. 0: on the I/O threads like the reads.
  int write_threads = 64;
  std::size_t header_limit = 16 << 10;
  std::chrono::milliseconds header_timeout{10'000};  // to receive a full request head
  std::chrono::milliseconds read_timeout{30'000};    // to receive the body / idle keep-alive
  std::chrono::milliseconds shutdown_grace{10'000};  // to finish in-flight requests on stop
};

// Runs on a server thread for every complete request; must not throw (a throw becomes a 500).
using Handler = std::function<Response(Request&)>;

class Server {
 public:
  Server(ServerOptions options, Handler handler);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and listens; after ok, port() is the bound port.
  Status start();
  unsigned short port() const;
  // Blocks until stop() or SIGINT/SIGTERM (when install_signal_handlers was called), then stops
  // accepting, lets in-flight requests finish (up to shutdown_grace) and returns.
  void run(bool install_signal_handlers);
  // Thread-safe; begins a graceful shutdown.
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace onegrid::http
