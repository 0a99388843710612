// Phone normalisation: mobiles to 11 digits, landlines to "0AA(A)-NNNNNNN(N)" (see phone.hpp).
#include "people/phone.hpp"

#include <optional>

#include "people/text.hpp"

namespace onegrid::people {
namespace {

bool is_mobile(std::string_view d) {
  return d.size() == 11 && d[0] == '1' && d[1] >= '3' && d[1] <= '9';
}

// "01064771234" -> "010-64771234". Area codes: 010 and 020..029 are three digits with the 0,
// all others (03xx..09xx) four. The local number is 7-8 digits and never starts with 0 or 1.
std::optional<std::string> landline(std::string_view d) {
  if (d.size() < 2 || d[0] != '0' || d[1] == '0') return std::nullopt;
  if (d[1] == '1' && (d.size() < 3 || d[2] != '0')) return std::nullopt;  // only 010 in 01x
  const std::size_t area = d[1] == '1' || d[1] == '2' ? 3 : 4;
  if (d.size() < area + 7 || d.size() > area + 8) return std::nullopt;
  if (d[area] == '0' || d[area] == '1') return std::nullopt;
  return std::string(d.substr(0, area)) + "-" + std::string(d.substr(area));
}

}  // namespace

Result<std::string> normalize_phone(std::string_view raw) {
  // Fold full-width forms, then keep the digits and an optional leading '+';
  // spaces, dashes, dots and parentheses are separators.
  const std::string folded = text::fold_ascii(raw);
  std::string d;
  bool plus = false;
  for (char c : folded) {
    if (c >= '0' && c <= '9') {
      d += c;
    } else if (c == '+' && d.empty() && !plus) {
      plus = true;
    } else if (c != ' ' && c != '\t' && c != '-' && c != '.' && c != '(' && c != ')') {
      return invalid_input("phone.invalid", "not a phone number", "phone");
    }
  }

  // Country code: "+86" / "0086" always; a bare "86" only before a mobile number.
  bool international = false;
  if (plus) {
    if (!d.starts_with("86")) return invalid_input("phone.invalid", "not a +86 number", "phone");
    d.erase(0, 2);
    international = true;
  } else if (d.starts_with("0086")) {
    d.erase(0, 4);
    international = true;
  } else if (d.size() == 13 && d.starts_with("86") && is_mobile(std::string_view(d).substr(2))) {
    d.erase(0, 2);
  }

  if (is_mobile(d)) return d;
  // Written internationally a landline drops its trunk 0: "+86 10 6477 1234".
  if (international && !d.empty() && d[0] != '0') d = "0" + d;
  if (auto l = landline(d)) return *l;
  return invalid_input("phone.invalid", "not a mobile or landline number", "phone");
}

}  // namespace onegrid::people
