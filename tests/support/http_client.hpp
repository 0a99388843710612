#pragma once
// A small synchronous HTTP/1.1 client for tests: one keep-alive connection (reopened when the
// server has closed it) plus raw byte exchanges for malformed-request tests. Beast stays in the
// .cpp so that test files compile quickly.

#include <boost/json.hpp>
#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace onegrid::testing {

class HttpClient {
 public:
  using Headers = std::map<std::string, std::string>;

  struct Reply {
    int status = 0;  // 0: the server closed the connection without answering (raw() only)
    std::map<std::string, std::string> headers;  // lower-case names; repeats joined by ", "
    std::string body;

    boost::json::value json() const;                    // throws when the body is not JSON
    std::string header(const std::string& name) const;  // any case; empty when absent
  };

  HttpClient(std::string host, unsigned short port);
  ~HttpClient();
  HttpClient(HttpClient&&) noexcept;
  HttpClient& operator=(HttpClient&&) noexcept;

  // Throws std::runtime_error on I/O failures and timeouts. A body without a Content-Type
  // header is sent as application/json.
  Reply request(const std::string& method, const std::string& target, std::string body = {},
                Headers headers = {});
  Reply get(const std::string& target, const std::string& bearer = {});
  Reply post(const std::string& target, std::string body, const std::string& bearer = {});
  Reply patch(const std::string& target, std::string body, const std::string& bearer = {});
  Reply del(const std::string& target, const std::string& bearer = {});

  // Writes `bytes` on a fresh connection and reads `count` responses (fewer when the server
  // closes first; a connection closed before any response gives one Reply with status 0).
  Reply raw(std::string bytes);
  std::vector<Reply> raw_many(std::string bytes, std::size_t count);

  // For each network operation; 10 s unless set.
  void set_timeout(std::chrono::milliseconds timeout);
  // How many connections this client has opened for request() (to observe keep-alive).
  int connections_opened() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace onegrid::testing
