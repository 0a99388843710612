#include "api/micro_cache.hpp"

#include <mutex>

namespace onegrid::api {

MicroCache::MicroCache(std::chrono::milliseconds ttl, std::size_t max_entries)
    : ttl_(ttl), max_entries_(max_entries) {}

std::optional<http::Response> MicroCache::get(const std::string& key) const {
  const auto now = std::chrono::steady_clock::now();
  const auto gen = ticket();
  std::shared_lock lock(mu_);
  auto it = entries_.find(key);
  if (it == entries_.end() || it->second.generation != gen || now - it->second.stored >= ttl_)
    return std::nullopt;
  return it->second.response;
}

void MicroCache::put(const std::string& key, std::uint64_t ticket, http::Response& res) {
  if (res.status != 200 || res.stream || ticket != this->ticket()) return;
  if (!res.shared_body) res.shared_body = std::make_shared<const std::string>(std::move(res.body));
  res.body.clear();
  const auto now = std::chrono::steady_clock::now();
  std::unique_lock lock(mu_);
  if (entries_.size() >= max_entries_) {
    std::erase_if(entries_, [&](const auto& kv) {
      return kv.second.generation != ticket || now - kv.second.stored >= ttl_;
    });
    if (entries_.size() >= max_entries_) entries_.clear();
  }
  entries_.insert_or_assign(key, Entry{ticket, now, res});
}

}  // namespace onegrid::api
