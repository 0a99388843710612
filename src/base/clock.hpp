#pragma once
// Wall-clock instants as the store keeps them: milliseconds since the Unix epoch, UTC.

#include <chrono>
#include <cstdint>
#include <string>

namespace onegrid {

inline std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// RFC 3339 in UTC with milliseconds, e.g. "2026-11-25T03:18:00.123Z".
std::string format_utc(std::int64_t ms);
// Parses RFC 3339 (with Z or ±hh:mm offset, optional fraction) or a bare date (taken as
// 00:00 Asia/Shanghai, the platform's civil time zone). Returns false on malformed input.
bool parse_instant(const std::string& text, std::int64_t& ms);

}  // namespace onegrid
