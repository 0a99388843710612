// The Fellegi–Sunter scorer for records without a usable ID number, and Jaro–Winkler over code
// points. The m/u probabilities below are the model; the comments say where each comes from.
//
// u is the rate among the pairs the importer actually compares, not among random residents:
// candidates come from blocks (same name initials, same phone, same birth year), so agreement
// by chance is far likelier than population frequencies suggest. Birth dates in particular are
// lumpy: extracts that keep only 出生年月 set day 1, placeholder dates (01-01) abound, and the
// age pyramid of an old neighbourhood is narrow. The weights are also set so that the rules
// the register wants hold (tests/ingest/match_model_test.cpp checks each):
//   name + birth + phone → merge;  name + birth + same room → merge;  name + birth alone →
//   review;  homophone name + birth + phone → merge;  same name, other birth → separate;
//   same phone, other name (a family) → never merge, even twins sharing birth and room.

#include "ingest/match_model.hpp"

#include <algorithm>
#include <cmath>
#include <string_view>

namespace onegrid::ingest {
namespace {

struct Level {
  const char* name;
  double m;  // P(level | same person)
  double u;  // P(level | different persons)
  double weight() const { return std::log2(m / u); }
};

// Name. exact: clerks copy names well (m .95); among blocked pairs one in fifty shares the full
// name (common names 张伟, 王芳, 李娜 fill whole blocks).
constexpr Level kNameExact{"exact", 0.95, 0.02};
// similar: Jaro–Winkler ≥ 0.85 (a typo in a four-character or Latin-script name).
constexpr Level kNameSimilar{"similar", 0.03, 0.006};
// initials: same pinyin initials and length, other characters — a homophone typed through an
// input method (张伟 / 张炜). Within an initials block one pair in two hundred is that close.
constexpr Level kNameInitials{"initials", 0.02, 0.005};
// disagree: rare for one person (nickname, former name); the common case for others.
constexpr Level kNameDisagree{"disagree", 0.005, 0.97};

// Birth date. exact: m .90 (year-month-only extracts, typos). u: 1/(365·60) ≈ 5e-5 for
// uniform dates, but blocked pairs and lumpy dates make it ~1/33, and it must stay weak enough
// that name + birth alone is reviewed.
constexpr Level kBirthExact{"exact", 0.90, 0.03};
// similar: one of year/month/day differs, or day and month swapped (a typo, 03-04 / 04-03).
constexpr Level kBirthSimilar{"similar", 0.05, 0.02};
constexpr Level kBirthDisagree{"disagree", 0.05, 0.95};

// Gender: almost always recorded right; half of all pairs agree by chance.
constexpr Level kGenderAgree{"exact", 0.98, 0.5};
constexpr Level kGenderDisagree{"disagree", 0.02, 0.5};

// Phone: people change numbers and departments keep old ones (m .6); families and shared
// landlines make chance agreement among blocked pairs about 1 %.
constexpr Level kPhoneExact{"exact", 0.6, 0.01};
constexpr Level kPhoneDisagree{"disagree", 0.4, 0.99};

// Address key: one person is at one room in about half the extracts (hukou vs actual address,
// moves); a room holds a family, so other people share it about one pair in two hundred.
constexpr Level kAddressExact{"exact", 0.55, 0.005};
// similar: same estate and building, other room (a mistyped room, a move inside the building).
constexpr Level kAddressSimilar{"similar", 0.10, 0.02};
constexpr Level kAddressDisagree{"disagree", 0.35, 0.975};

std::u32string code_points(std::string_view s) {
  std::u32string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t len = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 0;
    if (len == 0 || i + len > s.size()) {
      out += U'\uFFFD';
      ++i;
      continue;
    }
    char32_t cp = len == 1 ? c : c & (0x7F >> len);
    for (std::size_t k = 1; k < len; ++k)
      cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    out += cp;
    i += len;
  }
  return out;
}

std::size_t code_point_count(std::string_view s) {
  std::size_t n = 0;
  for (char c : s)
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  return n;
}

void add(MatchScore& score, const char* field, const Level& level) {
  const double w = level.weight();
  score.fields.push_back(FieldScore{field, level.name, w});
  score.total += w;
}

void add_missing(MatchScore& score, const char* field) {
  score.fields.push_back(FieldScore{field, "missing", 0.0});
}

const Level& name_level(const MatchRecord& a, const MatchRecord& b) {
  if (a.name == b.name) return kNameExact;
  if (jaro_winkler(a.name, b.name) >= 0.85) return kNameSimilar;
  if (!a.name_initials.empty() && a.name_initials == b.name_initials &&
      code_point_count(a.name) == code_point_count(b.name))
    return kNameInitials;
  return kNameDisagree;
}

const Level& birth_level(const people::Date& a, const people::Date& b) {
  if (a == b) return kBirthExact;
  const int differing = (a.year != b.year) + (a.month != b.month) + (a.day != b.day);
  const bool swapped = a.year == b.year && a.month == b.day && a.day == b.month;
  return differing == 1 || swapped ? kBirthSimilar : kBirthDisagree;
}

// "estate|building|unit|room" -> "estate|building", or empty without an estate.
std::string_view estate_building(std::string_view key) {
  const std::size_t bar1 = key.find('|');
  if (bar1 == 0 || bar1 == std::string_view::npos) return {};
  const std::size_t bar2 = key.find('|', bar1 + 1);
  if (bar2 == bar1 + 1 || bar2 == std::string_view::npos) return {};
  return key.substr(0, bar2);
}

const Level& address_level(std::string_view a, std::string_view b) {
  if (a == b) return kAddressExact;
  const auto ea = estate_building(a);
  if (!ea.empty() && ea == estate_building(b)) return kAddressSimilar;
  return kAddressDisagree;
}

}  // namespace

double jaro_winkler(std::string_view a_utf8, std::string_view b_utf8) {
  const std::u32string a = code_points(a_utf8), b = code_points(b_utf8);
  if (a.empty() && b.empty()) return 1.0;
  if (a.empty() || b.empty()) return 0.0;
  const std::size_t window = std::max<std::size_t>(std::max(a.size(), b.size()) / 2, 1) - 1;
  std::vector<char> a_match(a.size(), 0), b_match(b.size(), 0);
  std::size_t matches = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const std::size_t lo = i > window ? i - window : 0;
    const std::size_t hi = std::min(i + window + 1, b.size());
    for (std::size_t j = lo; j < hi; ++j) {
      if (b_match[j] || a[i] != b[j]) continue;
      a_match[i] = b_match[j] = 1;
      ++matches;
      break;
    }
  }
  if (matches == 0) return 0.0;
  std::size_t transpositions = 0;
  for (std::size_t i = 0, j = 0; i < a.size(); ++i) {
    if (!a_match[i]) continue;
    while (!b_match[j]) ++j;
    if (a[i] != b[j]) ++transpositions;
    ++j;
  }
  const double m = static_cast<double>(matches);
  const double jaro = (m / static_cast<double>(a.size()) + m / static_cast<double>(b.size()) +
                       (m - static_cast<double>(transpositions) / 2.0) / m) /
                      3.0;
  if (jaro <= 0.7) return jaro;  // Winkler's boost only for strings already alike
  std::size_t prefix = 0;
  while (prefix < 4 && prefix < a.size() && prefix < b.size() && a[prefix] == b[prefix]) ++prefix;
  return jaro + static_cast<double>(prefix) * 0.1 * (1.0 - jaro);
}

MatchScore score_pair(const MatchRecord& a, const MatchRecord& b, const MatchThresholds& t) {
  MatchScore s;
  s.fields.reserve(5);
  if (a.name.empty() || b.name.empty())
    add_missing(s, "name");
  else
    add(s, "name", name_level(a, b));

  if (!a.birth || !b.birth)
    add_missing(s, "birth_date");
  else
    add(s, "birth_date", birth_level(*a.birth, *b.birth));

  if (!a.gender || !b.gender)
    add_missing(s, "gender");
  else
    add(s, "gender", *a.gender == *b.gender ? kGenderAgree : kGenderDisagree);

  if (a.phone.empty() || b.phone.empty())
    add_missing(s, "phone");
  else
    add(s, "phone", a.phone == b.phone ? kPhoneExact : kPhoneDisagree);

  if (a.address_key.empty() || b.address_key.empty())
    add_missing(s, "address");
  else
    add(s, "address", address_level(a.address_key, b.address_key));

  s.decision = s.total >= t.merge_at        ? Decision::merge
               : s.total < t.separate_below ? Decision::separate
                                            : Decision::review;
  return s;
}

}  // namespace onegrid::ingest
