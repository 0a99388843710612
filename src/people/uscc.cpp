// 统一社会信用代码 (GB 32100-2015): normalisation and the MOD 31 check character (see uscc.hpp).
#include "people/uscc.hpp"

#include <array>

#include "people/text.hpp"

namespace onegrid::people {
namespace {

// The 31 symbols, in value order (I, O, Z, S, V are left out).
constexpr std::string_view kAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
constexpr std::array<int, 17> kWeights = {1,  3,  9,  27, 19, 26, 16, 17, 20,
                                          29, 25, 13, 8,  24, 10, 30, 28};

Error uscc_error(std::string code, std::string message) {
  return invalid_input(std::move(code), std::move(message), "uscc");
}

}  // namespace

char uscc_check_char(std::string_view first17) {
  if (first17.size() != 17) return '\0';
  int sum = 0;
  for (std::size_t i = 0; i < 17; ++i) {
    const std::size_t value = kAlphabet.find(first17[i]);
    if (value == std::string_view::npos) return '\0';
    sum += static_cast<int>(value) * kWeights[i];
  }
  return kAlphabet[(31 - sum % 31) % 31];  // 31 (sum divisible by 31) maps to '0'
}

Result<std::string> parse_uscc(std::string_view raw) {
  std::string s = text::fold_ascii_no_spaces(raw);
  for (char& c : s) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  if (text::code_points(s).size() != 18) {
    return uscc_error("uscc.length", "a unified social credit code has 18 characters");
  }
  if (s.size() != 18 || s.find_first_not_of(kAlphabet) != std::string::npos) {
    return uscc_error("uscc.chars",
                      "a unified social credit code uses 0-9 and A-Y without I, O, S, V, Z");
  }
  if (uscc_check_char(std::string_view(s).substr(0, 17)) != s[17]) {
    return uscc_error("uscc.check", "the code's check character does not match");
  }
  return s;
}

}  // namespace onegrid::people
