#pragma once
// 统一社会信用代码 (GB 32100-2015): 18 characters from the 31-symbol alphabet
// 0-9 A-H J-N P-R T-U W-Y, the last one a check character. Pure.

#include <string>
#include <string_view>

#include "base/result.hpp"

namespace onegrid::people {

// The check character for the first 17 characters; '\0' if one is outside the alphabet.
char uscc_check_char(std::string_view first17);

// Normalises (trim, full-width to half-width, upper case) and validates.
// Errors (invalid, field "uscc"): "uscc.length", "uscc.chars", "uscc.check".
Result<std::string> parse_uscc(std::string_view raw);

}  // namespace onegrid::people
