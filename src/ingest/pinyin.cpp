// Pinyin initials from the GB2312 level-1 ordering. The 3,755 level-1 characters are sorted by
// pinyin, so the initial of one follows from its code by the classic boundary table; level-2
// and non-GB2312 characters frequent in given names come from a small table. The whole lookup
// for U+4E00..U+9FFF is built once (one iconv descriptor, used only inside the thread-safe
// static initialisation), so a call is a table lookup per character.

#include "ingest/pinyin.hpp"

#include <iconv.h>

#include <array>
#include <cstdint>

namespace onegrid::ingest {
namespace {

constexpr char32_t kFirst = 0x4E00, kLast = 0x9FFF;

// The first GB2312 code of each initial among the level-1 characters (0xB0A1..0xD7F9).
struct Boundary {
  unsigned code;
  char initial;
};
constexpr Boundary kBoundaries[] = {
    {0xB0A1, 'a'}, {0xB0C5, 'b'}, {0xB2C1, 'c'}, {0xB4EE, 'd'}, {0xB6EA, 'e'}, {0xB7A2, 'f'},
    {0xB8C1, 'g'}, {0xB9FE, 'h'}, {0xBBF7, 'j'}, {0xBFA6, 'k'}, {0xC0AC, 'l'}, {0xC2E8, 'm'},
    {0xC4C3, 'n'}, {0xC5B6, 'o'}, {0xC5BE, 'p'}, {0xC6DA, 'q'}, {0xC8BB, 'r'}, {0xC8F6, 's'},
    {0xCBFA, 't'}, {0xCDDA, 'w'}, {0xCEF4, 'x'}, {0xD1B9, 'y'}, {0xD4D1, 'z'}};
constexpr unsigned kLevel1End = 0xD7F9;

// Characters frequent in given names that level 1 lacks: level 2 is ordered by radical, not by
// pinyin, and some (彧, 祎, 珺, 喆, 堃 …) are not in GB2312 at all.
struct NameChars {
  char initial;
  const char* chars;
};
constexpr NameChars kNameChars[] = {
    {'a', "嫒瑷"},
    {'b', "犇璧蓓"},
    {'c', "婵昶琛琤琮璀璨禅粲翀萃铖"},
    {'d', "玳铎頔黛"},
    {'e', "婀"},
    {'f', "梵沣霏馥"},
    {'h', "嬛昊晖晗桦泓浛濠瀚灏珩皓荟蕙蘅颢骅"},
    {'j', "姣婕婧槿涓炅珈珏珺琚瑾璟皎稷菁隽"},
    {'k', "垲堃恺焜珂琨锟"},
    {'l', "岚泠珑珞璐璘翎聆苓麟"},
    {'m', "旻沐淼濛珉瑁茗闵"},
    {'n', "楠瑙"},
    {'p', "娉溥濮珮璞芃"},
    {'q', "倩嫱淇琦琪祺绮芊茜颀骐骞麒"},
    {'r', "嵘榕瑢睿芮苒"},
    {'s', "姗姝崧嵩晟淞澍燊珅"},
    {'t', "婷暾曈湉潼焘瑭缇韬"},
    {'w', "暐炜玟玮琬葳薇雯"},
    {'x', "娴昕晞暄曦栩歆洵漩潇炫煊煦熹玺珣琇瑄瑕璇禧筱箫羲荀萱薰鑫馨骁"},
    {'y',
     "垚奕妍妤娅媛嫣弈彧怡懿旸昀昱晏晔曜樾毓沅泱滢漪瀛炀烨焱煜熠燚玥琰瑀瑗瑛瑜璎祎祐筠羿翊聿胤芸苡"
     "薏赟轶钰镛"},
    {'z', "喆峥梓璋瓒禛芷钊"},
};

// Surnames read differently from the character's common reading (单 shan, not dan), applied to
// the first character of a name only.
struct Surname {
  char32_t cp;
  char initial;
};
constexpr Surname kSurnames[] = {{U'单', 's'}, {U'曾', 'z'}, {U'解', 'x'}, {U'仇', 'q'},
                                 {U'区', 'o'}, {U'查', 'z'}, {U'朴', 'p'}, {U'翟', 'z'}};

// Decodes the code point at s[i] and advances i; malformed bytes decode as U+FFFD.
char32_t next_code_point(std::string_view s, std::size_t& i) {
  const auto c = static_cast<unsigned char>(s[i]);
  std::size_t len = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 0;
  if (len == 0 || i + len > s.size()) {
    ++i;
    return 0xFFFD;
  }
  char32_t cp = len == 1 ? c : c & (0x7F >> len);
  for (std::size_t k = 1; k < len; ++k)
    cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  i += len;
  return cp;
}

std::string utf8_of(char32_t cp) {  // U+0800..U+FFFF only: the CJK block
  std::string s(3, '\0');
  s[0] = static_cast<char>(0xE0 | (cp >> 12));
  s[1] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
  s[2] = static_cast<char>(0x80 | (cp & 0x3F));
  return s;
}

char level1_initial(unsigned code) {
  if (code < kBoundaries[0].code || code > kLevel1End) return 0;
  char initial = 0;
  for (const auto& b : kBoundaries)
    if (code >= b.code) initial = b.initial;
  return initial;
}

using Table = std::array<char, kLast - kFirst + 1>;

Table build_table() {
  Table t{};
  iconv_t cd = iconv_open("GB2312", "UTF-8");
  if (cd != reinterpret_cast<iconv_t>(-1)) {
    for (char32_t cp = kFirst; cp <= kLast; ++cp) {
      std::string in = utf8_of(cp);
      char out[8];
      char* src = in.data();
      char* dst = out;
      std::size_t src_left = in.size(), dst_left = sizeof out;
      if (iconv(cd, &src, &src_left, &dst, &dst_left) == static_cast<std::size_t>(-1)) {
        iconv(cd, nullptr, nullptr, nullptr, nullptr);  // reset after a failure
        continue;
      }
      if (dst - out != 2) continue;
      const unsigned code =
          (static_cast<unsigned char>(out[0]) << 8) | static_cast<unsigned char>(out[1]);
      t[cp - kFirst] = level1_initial(code);
    }
    iconv_close(cd);
  }
  for (const auto& group : kNameChars) {
    const std::string_view chars = group.chars;
    for (std::size_t i = 0; i < chars.size();) {
      const char32_t cp = next_code_point(chars, i);
      if (cp >= kFirst && cp <= kLast) t[cp - kFirst] = group.initial;
    }
  }
  return t;
}

const Table& table() {
  static const Table t = build_table();
  return t;
}

}  // namespace

std::string pinyin_initials(std::string_view utf8) {
  const Table& t = table();
  std::string out;
  bool first = true;
  for (std::size_t i = 0; i < utf8.size();) {
    const char32_t cp = next_code_point(utf8, i);
    char initial = 0;
    if (cp < 0x80) {
      const char c = static_cast<char>(cp);
      if (c >= 'a' && c <= 'z') initial = c;
      if (c >= 'A' && c <= 'Z') initial = static_cast<char>(c - 'A' + 'a');
    } else if (cp >= kFirst && cp <= kLast) {
      initial = t[cp - kFirst];
      if (first)
        for (const auto& s : kSurnames)
          if (s.cp == cp) initial = s.initial;
    }
    if (initial) out += initial;
    if (cp != ' ') first = false;
  }
  return out;
}

}  // namespace onegrid::ingest
