// Free-text addresses into estate / building / unit / floor / room. The text is normalised
// (half-width, no spaces, one kind of hyphen), administrative prefixes are stripped (city,
// district, street office, community, residents' committee), then the estate is everything
// before the first position from which the rest reads as building-unit-floor-room. A
// hand-written scanner rather than std::regex: it runs on every row of a multi-million-row
// extract, and the grammar (Chinese numerals, markers that double as estate suffixes) is
// clearer as code than as a pattern.

#include "ingest/address_parse.hpp"

#include <array>

#include "ingest/normalize.hpp"

namespace onegrid::ingest {
namespace {

using std::string_view;

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// s.substr that is empty instead of throwing past the end.
string_view sub(string_view s, std::size_t i, std::size_t n) {
  return i <= s.size() ? s.substr(i, n) : string_view();
}

bool is_alpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// UTF-8 length of the character starting with byte c.
std::size_t char_len(char c) {
  const auto u = static_cast<unsigned char>(c);
  return u < 0x80 ? 1 : u >= 0xF0 ? 4 : u >= 0xE0 ? 3 : u >= 0xC0 ? 2 : 1;
}

// The value of a Chinese numeral character, -1 if none; 十 is 10.
int cn_digit(string_view s, std::size_t i) {
  if (i + 3 > s.size()) return -1;
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0xE3 || b0 > 0xE9) return -1;  // every numeral is in U+3007..U+96F6
  const char32_t cp = (char32_t(b0 & 0x0F) << 12) |
                      (char32_t(static_cast<unsigned char>(s[i + 1]) & 0x3F) << 6) |
                      char32_t(static_cast<unsigned char>(s[i + 2]) & 0x3F);
  switch (cp) {
    case U'零':
    case U'〇':
      return 0;
    case U'一':
      return 1;
    case U'二':
    case U'两':
      return 2;
    case U'三':
      return 3;
    case U'四':
      return 4;
    case U'五':
      return 5;
    case U'六':
      return 6;
    case U'七':
      return 7;
    case U'八':
      return 8;
    case U'九':
      return 9;
    case U'十':
      return 10;
    default:
      return -1;
  }
}

// A number at s[i]: ASCII digits or Chinese numerals (五, 十二, 二十一, 一〇一). Sets `end`.
std::optional<int> read_number(string_view s, std::size_t i, std::size_t& end) {
  if (i < s.size() && is_digit(s[i])) {
    int v = 0;
    std::size_t j = i;
    while (j < s.size() && is_digit(s[j]) && j - i < 6) v = v * 10 + (s[j++] - '0');
    if (j < s.size() && is_digit(s[j])) return std::nullopt;  // too long to be a building
    end = j;
    return v;
  }
  int digits[6];
  std::size_t count = 0, ten_at = 0;
  bool ten = false;
  std::size_t j = i;
  for (int d; j < s.size() && (d = cn_digit(s, j)) >= 0; j += 3) {
    if (d == 10) {
      if (ten) return std::nullopt;
      ten = true;
      ten_at = count;
    } else {
      if (count == std::size(digits)) return std::nullopt;
      digits[count++] = d;
    }
  }
  if (!ten && count == 0) return std::nullopt;
  int value = 0;
  if (ten) {  // 十, 十二, 二十, 二十一
    if (ten_at > 1 || count - ten_at > 1) return std::nullopt;
    value = (ten_at == 1 ? digits[0] : 1) * 10 + (count > ten_at ? digits[ten_at] : 0);
  } else {  // positional: 五, 一〇一
    for (std::size_t k = 0; k < count; ++k) value = value * 10 + digits[k];
  }
  end = j;
  return value;
}

bool starts_number(string_view s, std::size_t i) {
  return i < s.size() && (is_digit(s[i]) || cn_digit(s, i) >= 0);
}

// Matches one of `options` at s[i]; returns its length, 0 if none.
template <std::size_t N>
std::size_t match_any(string_view s, std::size_t i, const std::array<string_view, N>& options) {
  for (string_view o : options)
    if (sub(s, i, o.size()) == o) return o.size();
  return 0;
}

constexpr std::array<string_view, 8> kBuildingMarks = {"号楼", "#楼", "楼", "栋",
                                                       "幢",   "座",  "号", "#"};
constexpr std::array<string_view, 2> kUnitMarks = {"单元", "门"};
constexpr std::array<string_view, 2> kFloorMarks = {"层", "楼"};
constexpr std::array<string_view, 4> kRoomMarks = {"室", "号", "房", "户"};

// The building-unit-floor-room part of an address, read from `from` on.
struct Tail {
  std::size_t estate_part = 0;  // leading bytes that belong to the estate ("A座")
  std::optional<int> building, unit, floor;
  std::string room;
  std::size_t end = 0;  // how far it read
};

void skip_hyphen(string_view s, std::size_t& i) {
  if (i < s.size() && s[i] == '-') ++i;
}

// A room: letters, digits and inner hyphens ("301", "B1-01"), or three or more numerals read
// digit by digit (三零一), then 室/号/房/户 optionally.
bool read_room(string_view s, std::size_t& i, Tail& t) {
  std::size_t j = i;
  while (j < s.size() && (is_digit(s[j]) || is_alpha(s[j]) || s[j] == '-')) ++j;
  while (j > i && s[j - 1] == '-') --j;
  if (j > i) {
    t.room.assign(s.substr(i, j - i));
  } else {
    std::string digits;
    for (int d; (d = cn_digit(s, j)) >= 0 && d < 10; j += 3) digits += static_cast<char>('0' + d);
    if (digits.size() < 3) return false;
    t.room = std::move(digits);
  }
  i = j + match_any(s, j, kRoomMarks);
  return true;
}

// Unit, floor and room after the building (or from the start when there is no building).
void read_after_building(string_view s, std::size_t i, Tail& t) {
  t.end = i;
  std::size_t e = 0;
  if (auto n = read_number(s, i, e); n && match_any(s, e, kUnitMarks)) {
    t.unit = n;
    i = e + match_any(s, e, kUnitMarks);
    skip_hyphen(s, i);
    t.end = i;
  } else if (n && e < s.size() && s[e] == '-' && is_digit(s[i])) {  // "2-301" after a building
    t.unit = n;
    i = e + 1;
    t.end = i;
  }
  if (auto n = read_number(s, i, e); n && match_any(s, e, kFloorMarks)) {
    t.floor = n;
    i = e + match_any(s, e, kFloorMarks);
    skip_hyphen(s, i);
    t.end = i;
  }
  if (read_room(s, i, t)) t.end = i;
}

constexpr std::array<string_view, 5> kLetterBuildingMarks = {"号楼", "楼", "栋", "幢", "座"};

// Reads the tail starting at `from`; nullopt unless it starts with a building or unit.
std::optional<Tail> read_tail(string_view s, std::size_t from) {
  Tail t;
  if (is_alpha(s[from])) {  // "A座1201": a lettered building has no number; the estate keeps it
    const std::size_t m = match_any(s, from + 1, kLetterBuildingMarks);
    if (m == 0) return std::nullopt;
    t.estate_part = 1 + m;
    read_after_building(s, from + 1 + m, t);
    return t;
  }
  std::size_t e = 0;
  const auto n = read_number(s, from, e);
  if (!n) return std::nullopt;
  if (std::size_t m = match_any(s, e, kBuildingMarks)) {
    if (sub(s, e, 6) == "号院") return std::nullopt;  // "5号院" belongs to the estate
    t.building = n;
    std::size_t i = e + m;
    skip_hyphen(s, i);
    read_after_building(s, i, t);
    return t;
  }
  if (e < s.size() && s[e] == '-' && is_digit(s[from])) {  // 5-2-301, 5-301
    t.building = n;
    std::size_t i = e + 1, e2 = 0;
    if (auto u = read_number(s, i, e2); u && e2 < s.size() && s[e2] == '-') {
      t.unit = u;
      i = e2 + 1;
    }
    if (!read_room(s, i, t)) return std::nullopt;
    t.end = i;
    return t;
  }
  if (match_any(s, e, kUnitMarks)) {  // no building: "2单元301"
    read_after_building(s, from, t);
    return t;
  }
  return std::nullopt;
}

// Where the tail starts: the first number whose tail reads to the end; failing that, the first
// that gives a building. npos when nothing reads.
struct Split {
  std::size_t at = string_view::npos;
  Tail tail;
};
Split split(string_view s) {
  Split partial;
  for (std::size_t i = 0; i < s.size(); i += char_len(s[i])) {
    if (!starts_number(s, i) && !is_alpha(s[i])) continue;
    if (i > 0 && (is_digit(s[i - 1]) || (is_alpha(s[i]) && is_alpha(s[i - 1]))))
      continue;  // inside a number or a word
    if (i >= 3 && !is_digit(s[i]) && cn_digit(s, i - 3) >= 0) continue;
    auto t = read_tail(s, i);
    if (!t) continue;
    if (t->end == s.size()) return Split{i, *t};
    if (partial.at == string_view::npos && t->building) partial = Split{i, *t};
  }
  return partial;
}

// An estate and a building follow at `from`: what makes a community prefix strippable.
bool estate_and_building_at(string_view s, std::size_t from) {
  const Split sp = split(s.substr(from));
  return sp.at != string_view::npos && sp.at > 0 &&
         (sp.tail.building.has_value() || sp.tail.estate_part > 0);
}

constexpr std::array<string_view, 18> kBeijingDistricts = {
    "东城区", "西城区", "朝阳区", "海淀区", "丰台区", "石景山区", "门头沟区", "房山区", "通州区",
    "顺义区", "昌平区", "大兴区", "怀柔区", "平谷区", "密云区",   "延庆区",   "崇文区", "宣武区"};

// Strips 中国 / 北京市 / XX区 / XX街道 / XX社区 / XX居委会 … from the front of `s`.
string_view strip_prefixes(string_view s) {
  for (string_view p : {string_view("中国"), string_view("中华人民共和国")})
    if (s.starts_with(p)) s.remove_prefix(p.size());
  bool beijing = false, other_city = false;
  for (string_view p : {string_view("北京市"), string_view("北京")}) {
    if (s.starts_with(p)) {
      s.remove_prefix(p.size());
      beijing = true;
      break;
    }
  }
  if (!beijing) {  // another city: two or three characters and 市
    for (std::size_t chars = 2; chars <= 3 && !other_city; ++chars) {
      if (sub(s, chars * 3, 3) == "市" && s.size() > chars * 3 + 3) {
        s.remove_prefix(chars * 3 + 3);
        other_city = true;
      }
    }
  }
  const bool district = sub(s, 6, 3) == "区" || sub(s, 9, 3) == "区";
  if (std::size_t n = district ? match_any(s, 0, kBeijingDistricts) : 0) {
    s.remove_prefix(n);
  } else if (other_city) {  // after a city, the next 区/县 within five characters is the district
    for (std::size_t chars = 2; chars <= 5; ++chars) {
      const string_view mark = sub(s, chars * 3, 3);
      if ((mark == "区" || mark == "县") && cn_digit(s, chars * 3 - 3) < 0 &&
          sub(s, chars * 3 - 3, 3) != "小") {
        s.remove_prefix(chars * 3 + 3);
        break;
      }
    }
  }
  // Street offices, towns, communities, committees: each segment ends in one of these marks.
  static constexpr std::array<string_view, 10> kSegmentEnds = {
      "街道办事处", "街道",   "地区办事处", "居民委员会", "村民委员会",
      "居委会",     "村委会", "社区",       "镇",         "乡"};
  for (bool again = true; again;) {
    again = false;
    for (string_view mark : kSegmentEnds) {
      // A segment is at most ten characters long.
      const std::size_t at = s.substr(0, 10 * 3 + mark.size()).find(mark);
      if (at == string_view::npos || at == 0) continue;
      const std::size_t after = at + mark.size();
      if (after >= s.size()) continue;
      // These also end estate names (XX小镇) and so need an estate and building after them.
      const bool weak = mark == "社区" || mark == "镇" || mark == "乡";
      if (weak && (sub(s, at - 3, 3) == "小" || !estate_and_building_at(s, after))) continue;
      s.remove_prefix(after);
      again = true;
      break;
    }
  }
  return s;
}

// Half-width, every space removed, every dash, '_' and '|' (the key separator) as '-'. One
// allocation.
std::string normalise(string_view text) {
  std::string s = to_halfwidth(text);  // also maps the ideographic space to ' '
  std::size_t w = 0;
  for (std::size_t r = 0; r < s.size();) {
    const auto c = static_cast<unsigned char>(s[r]);
    const auto c1 = r + 1 < s.size() ? static_cast<unsigned char>(s[r + 1]) : 0;
    const auto c2 = r + 2 < s.size() ? static_cast<unsigned char>(s[r + 2]) : 0;
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      ++r;
    } else if (c == 0xC2 && c1 == 0xA0) {  // no-break space
      r += 2;
    } else if (c == 0xE2 && ((c1 == 0x80 && c2 >= 0x90 && c2 <= 0x95) ||  // ‐ ‑ ‒ – — ―
                             (c1 == 0x88 && c2 == 0x92))) {               // − minus sign
      s[w++] = '-';
      r += 3;
    } else {
      s[w++] = c == '_' || c == '|' ? '-' : s[r];
      ++r;
    }
  }
  s.resize(w);
  return s;
}

// The estate without trailing punctuation and a trailing 小区, or 社区 (a community named after
// its estate, written where the estate should be: "花家地西里社区5号楼").
std::string trim_estate(string_view e) {
  while (!e.empty() && (e.back() == '-' || e.back() == ',' || e.back() == '.')) e.remove_suffix(1);
  for (string_view suffix : {string_view("小区"), string_view("社区")})
    if (e.ends_with(suffix) && e.size() > suffix.size()) e.remove_suffix(suffix.size());
  return std::string(e);
}

}  // namespace

ParsedAddress parse_address(std::string_view text) {
  const std::string norm = normalise(text);
  const string_view s = strip_prefixes(norm);
  ParsedAddress a;
  const Split sp = split(s);
  if (sp.at == string_view::npos) {
    a.estate = trim_estate(s);
    return a;
  }
  a.estate = trim_estate(s.substr(0, sp.at));
  a.estate += s.substr(sp.at, sp.tail.estate_part);  // 科源小区A座 -> 科源A座
  a.building = sp.tail.building;
  a.unit = sp.tail.unit;
  a.floor = sp.tail.floor;
  a.room = sp.tail.room;
  for (char& c : a.room)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  if (!a.floor && (a.room.size() == 3 || a.room.size() == 4)) {
    bool digits = true;
    for (char c : a.room) digits = digits && is_digit(c);
    if (digits) {
      int f = 0;
      for (std::size_t i = 0; i + 2 < a.room.size(); ++i) f = f * 10 + (a.room[i] - '0');
      if (f > 0) a.floor = f;
    }
  }
  return a;
}

std::string address_key(const ParsedAddress& a) {
  std::string key = a.estate;
  key += '|';
  if (a.building) key += std::to_string(*a.building);
  key += '|';
  key += std::to_string(a.unit.value_or(0));
  key += '|';
  key += a.room;
  return key;
}

}  // namespace onegrid::ingest
