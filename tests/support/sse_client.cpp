#include "support/sse_client.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <stdexcept>

namespace onegrid::testing {

SseClient::SseClient(const std::string& host, unsigned short port, const std::string& target,
                     std::map<std::string, std::string> headers) {
  fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd_ < 0) throw std::runtime_error("sse: socket failed");
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  if (::inet_pton(AF_INET, host.c_str(), &addr.sin_addr) != 1)
    throw std::runtime_error("sse: bad host " + host);
  if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0)
    throw std::runtime_error("sse: connect failed");
  std::string req = "GET " + target + " HTTP/1.1\r\nHost: " + host + "\r\n";
  headers.emplace("Accept", "text/event-stream");
  for (const auto& [k, v] : headers) req += k + ": " + v + "\r\n";
  req += "\r\n";
  std::size_t sent = 0;
  while (sent < req.size()) {
    const auto n = ::send(fd_, req.data() + sent, req.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) throw std::runtime_error("sse: send failed");
    sent += static_cast<std::size_t>(n);
  }
}

SseClient::~SseClient() {
  if (fd_ >= 0) ::close(fd_);
}

bool SseClient::fill(std::chrono::steady_clock::time_point deadline) {
  if (closed_) return false;
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
      deadline - std::chrono::steady_clock::now());
  if (left.count() <= 0) return false;
  pollfd p{fd_, POLLIN, 0};
  if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) return false;
  char tmp[8192];
  const auto n = ::recv(fd_, tmp, sizeof tmp, 0);
  if (n <= 0) {
    closed_ = true;
    return false;
  }
  buf_.append(tmp, static_cast<std::size_t>(n));
  return true;
}

void SseClient::read_head() {
  if (head_read_) return;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  std::size_t end;
  while ((end = buf_.find("\r\n\r\n")) == std::string::npos)
    if (!fill(deadline)) throw std::runtime_error("sse: no response head");
  const std::string head = buf_.substr(0, end);
  buf_.erase(0, end + 4);
  head_read_ = true;
  const auto sp = head.find(' ');
  status_ = std::stoi(head.substr(sp + 1, 3));
  std::size_t pos = head.find("\r\n");
  while (pos != std::string::npos && pos + 2 < head.size()) {
    const auto next = head.find("\r\n", pos + 2);
    const std::string line =
        head.substr(pos + 2, next == std::string::npos ? std::string::npos : next - pos - 2);
    const auto colon = line.find(':');
    if (colon != std::string::npos) {
      std::string name = line.substr(0, colon);
      for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      std::string value = line.substr(colon + 1);
      while (!value.empty() && value.front() == ' ') value.erase(0, 1);
      headers_[name] = value;
    }
    pos = next;
  }
}

int SseClient::status() {
  read_head();
  return status_;
}

std::string SseClient::header(const std::string& lower_name) {
  read_head();
  auto it = headers_.find(lower_name);
  return it == headers_.end() ? "" : it->second;
}

std::optional<SseMessage> SseClient::next(std::chrono::milliseconds wait) {
  read_head();
  const auto deadline = std::chrono::steady_clock::now() + wait;
  for (;;) {
    // One frame ends at a blank line; comments-only frames (keep-alives) are skipped.
    std::size_t end;
    while ((end = buf_.find("\n\n")) != std::string::npos) {
      const std::string frame = buf_.substr(0, end);
      buf_.erase(0, end + 2);
      SseMessage m;
      bool any = false;
      std::size_t pos = 0;
      while (pos <= frame.size()) {
        auto nl = frame.find('\n', pos);
        const std::string line =
            frame.substr(pos, nl == std::string::npos ? std::string::npos : nl - pos);
        pos = nl == std::string::npos ? frame.size() + 1 : nl + 1;
        if (line.empty() || line[0] == ':') continue;
        const auto colon = line.find(':');
        const std::string field = line.substr(0, colon);
        std::string value = colon == std::string::npos ? "" : line.substr(colon + 1);
        if (!value.empty() && value[0] == ' ') value.erase(0, 1);
        if (field == "id") m.id = value, any = true;
        if (field == "event") m.event = value, any = true;
        if (field == "data") m.data += (m.data.empty() ? "" : "\n") + value, any = true;
      }
      if (any && !m.data.empty()) return m;
    }
    if (!fill(deadline)) return std::nullopt;
  }
}

std::optional<SseMessage> SseClient::next_of(const std::string& event,
                                             std::chrono::milliseconds wait) {
  const auto deadline = std::chrono::steady_clock::now() + wait;
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return std::nullopt;
    auto m = next(left);
    if (!m) return std::nullopt;
    if (m->event == event) return m;
  }
}

}  // namespace onegrid::testing
