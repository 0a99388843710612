#pragma once
// How personal data is shown by default (masked) in the API, the console and exports. Pure.

#include <string>
#include <string_view>

namespace onegrid::people {

// "110105199001011234" -> "110105********1234"; shorter/odd input keeps at most its first
// 6 and last 4 characters visible and never more than half of it.
std::string mask_id_number(std::string_view id);
// "13812345678" -> "138****5678"; "010-64771234" -> "010-****1234".
std::string mask_phone(std::string_view phone);
// "张三" -> "张*", "欧阳娜娜" -> "欧***" (UTF-8 aware): for roles that may not see names.
std::string mask_name(std::string_view name);

}  // namespace onegrid::people
