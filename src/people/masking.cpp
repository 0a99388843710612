// Default masking of ID numbers, phones and names for display and export (see masking.hpp).
// Works on code points, so a stray multi-byte character is never cut in half.
#include "people/masking.hpp"

#include <algorithm>
#include <vector>

#include "people/text.hpp"

namespace onegrid::people {
namespace {

// Keeps `head` and `tail` code points and replaces each one between with '*'.
std::string keep_ends(const std::vector<std::string_view>& cps, std::size_t head,
                      std::size_t tail) {
  std::string out;
  for (std::size_t i = 0; i < cps.size(); ++i) {
    if (i < head || i + tail >= cps.size()) {
      out += cps[i];
    } else {
      out += '*';
    }
  }
  return out;
}

// At most `max_head` + `max_tail` code points visible and never more than half of them,
// split roughly in the max_head:max_tail ratio.
std::string mask_middle(const std::vector<std::string_view>& cps, std::size_t max_head,
                        std::size_t max_tail) {
  const std::size_t total = max_head + max_tail;
  const std::size_t budget = std::min(total, cps.size() / 2);
  // tail = budget * max_tail / total, rounded half up.
  const std::size_t tail = std::min(max_tail, (2 * budget * max_tail + total) / (2 * total));
  return keep_ends(cps, std::min(max_head, budget - tail), tail);
}

bool is_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

std::string mask_id_number(std::string_view id) {
  // The standard 18 characters show region and last four: 6 + 4 (just over half, by design).
  const auto cps = text::code_points(id);
  if (cps.size() == 18) return keep_ends(cps, 6, 4);
  return mask_middle(cps, 6, 4);
}

std::string mask_phone(std::string_view phone) {
  // A normalised landline keeps its area code and the last four digits of the local number.
  const std::size_t dash = phone.find('-');
  if (dash >= 3 && dash <= 4 && phone[0] == '0' && is_digits(phone.substr(0, dash)) &&
      is_digits(phone.substr(dash + 1)) && phone.size() - dash - 1 >= 7) {
    return std::string(phone.substr(0, dash + 1)) +
           keep_ends(text::code_points(phone.substr(dash + 1)), 0, 4);
  }
  // A mobile keeps 3 + 4 ("138****5678"); anything shorter never shows more than half.
  const auto cps = text::code_points(phone);
  if (cps.size() >= 11) return keep_ends(cps, 3, 4);
  return mask_middle(cps, 3, 4);
}

std::string mask_name(std::string_view name) {
  const auto cps = text::code_points(name);
  // A one-character name is hidden entirely; longer ones keep the surname's first character.
  return keep_ends(cps, cps.size() > 1 ? 1 : 0, 0);
}

}  // namespace onegrid::people
