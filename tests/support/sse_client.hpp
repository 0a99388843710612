#pragma once
// A test client for server-sent events: opens GET on a fresh connection (plain sockets), checks
// the response head, then hands out messages one by one as the server sends them.

#include <chrono>
#include <map>
#include <optional>
#include <string>

namespace onegrid::testing {

struct SseMessage {
  std::string id;
  std::string event;
  std::string data;
};

class SseClient {
 public:
  // Connects and sends the request; throws std::runtime_error on I/O failure.
  SseClient(const std::string& host, unsigned short port, const std::string& target,
            std::map<std::string, std::string> headers);
  ~SseClient();
  SseClient(const SseClient&) = delete;
  SseClient& operator=(const SseClient&) = delete;

  // The response status and lower-case headers (reads the head on first call).
  int status();
  std::string header(const std::string& lower_name);
  // The next message, or nullopt when none arrives within `wait` or the server closed.
  std::optional<SseMessage> next(std::chrono::milliseconds wait);
  // The next message with this event name (others are skipped), within `wait` in all.
  std::optional<SseMessage> next_of(const std::string& event, std::chrono::milliseconds wait);
  bool closed() const { return closed_; }

 private:
  bool fill(std::chrono::steady_clock::time_point deadline);
  void read_head();

  int fd_ = -1;
  std::string buf_;
  bool head_read_ = false;
  bool closed_ = false;
  int status_ = 0;
  std::map<std::string, std::string> headers_;
};

}  // namespace onegrid::testing
