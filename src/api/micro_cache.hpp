#pragma once
// A small cache of whole GET responses for read-mostly reference data (the org tree's lists,
// read by every page and map). An entry serves for at most `ttl`, and only while this process
// has made no write since the request that filled it began: a process sees its own writes at
// once, other processes' (several `serve` on one PostgreSQL) within `ttl` — the same bound as
// the session cache.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <optional>
#include <shared_mutex>
#include <string>
#include <unordered_map>

#include "http/message.hpp"

namespace onegrid::api {

class MicroCache {
 public:
  explicit MicroCache(std::chrono::milliseconds ttl = std::chrono::milliseconds(1000),
                      std::size_t max_entries = 4096);

  // Where a request stands: take a ticket before reading the store, store with it after.
  std::uint64_t ticket() const { return generation_.load(std::memory_order_acquire); }
  std::optional<http::Response> get(const std::string& key) const;
  // Keeps `res` (its body becomes a shared body, which hits then send without a copy).
  void put(const std::string& key, std::uint64_t ticket, http::Response& res);
  // A write went through: nothing stored before now is served again.
  void invalidate() { generation_.fetch_add(1, std::memory_order_acq_rel); }

 private:
  struct Entry {
    std::uint64_t generation;
    std::chrono::steady_clock::time_point stored;
    http::Response response;
  };
  std::chrono::milliseconds ttl_;
  std::size_t max_entries_;
  std::atomic<std::uint64_t> generation_{0};
  mutable std::shared_mutex mu_;
  std::unordered_map<std::string, Entry> entries_;
};

}  // namespace onegrid::api
