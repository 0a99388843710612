#pragma once
// Phone numbers as departments write them ("+86 138-1234-5678", "１３８ １２３４ ５６７８",
// "010-64771234", "(010)64771234"), normalised to one form. Pure.

#include <string>
#include <string_view>

#include "base/result.hpp"

namespace onegrid::people {

// Mobile numbers become 11 digits ("13812345678"); landlines "0AA(A)-NNNNNNN(N)"
// ("010-64771234"); an optional +86 / 0086 / 86 prefix is dropped.
// Errors (invalid, field "phone"): "phone.invalid".
Result<std::string> normalize_phone(std::string_view raw);

}  // namespace onegrid::people
