#pragma once
// Deterministic Chinese personal names (with pinyin usernames) for the demo district.

#include <cstdint>
#include <string>

namespace onegrid::demo {

struct PersonName {
  std::string display;   // 王秀英
  std::string username;  // wangxiuying17
};

// The n-th demo person; different n give different usernames.
PersonName person_name(std::uint32_t n);

}  // namespace onegrid::demo
