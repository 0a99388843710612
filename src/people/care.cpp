// 重点人群 care tags: the tag table, department words mapped to tags, and the tags derived
// from age and occupancy (see care.hpp).
#include "people/care.hpp"

#include <algorithm>
#include <utility>

#include "people/text.hpp"

namespace onegrid::people {
namespace {

// A department word and the tag it means. Words for derived tags (独居老人, 高龄老人) are
// deliberately absent: those tags come from the register, never from an import.
struct WordTag {
  std::string_view word, code;
};
constexpr WordTag kWords[] = {
    // 民政: 低保 and the other subsistence-assistance categories.
    {"低保", "low_income"},
    {"低保户", "low_income"},
    {"低保对象", "low_income"},
    {"低保人员", "low_income"},
    {"城市低保", "low_income"},
    {"农村低保", "low_income"},
    {"城乡低保", "low_income"},
    {"最低生活保障", "low_income"},
    {"低保边缘", "low_income"},
    {"低保边缘户", "low_income"},
    {"低收入", "low_income"},
    {"低收入户", "low_income"},
    {"低收入家庭", "low_income"},
    {"特困", "low_income"},
    {"特困人员", "low_income"},
    {"特困供养", "low_income"},
    {"特困供养人员", "low_income"},
    {"五保", "low_income"},
    {"五保户", "low_income"},
    // 残联.
    {"残疾", "disabled"},
    {"残疾人", "disabled"},
    {"残障", "disabled"},
    {"残障人士", "disabled"},
    {"持证残疾人", "disabled"},
    {"肢体残疾", "disabled"},
    {"视力残疾", "disabled"},
    {"听力残疾", "disabled"},
    {"言语残疾", "disabled"},
    {"智力残疾", "disabled"},
    {"精神残疾", "disabled"},
    {"多重残疾", "disabled"},
    // 退役军人事务: veterans and the 优抚 (entitled) groups counted with them.
    {"退役军人", "veteran"},
    {"退伍军人", "veteran"},
    {"复员军人", "veteran"},
    {"转业军人", "veteran"},
    {"退役士兵", "veteran"},
    {"伤残军人", "veteran"},
    {"残疾军人", "veteran"},
    {"优抚对象", "veteran"},
    {"重点优抚对象", "veteran"},
    {"烈属", "veteran"},
    {"军属", "veteran"},
    {"军烈属", "veteran"},
    // 党组织 and volunteering.
    {"党员", "party_member"},
    {"中共党员", "party_member"},
    {"共产党员", "party_member"},
    {"中国共产党党员", "party_member"},
    {"预备党员", "party_member"},
    {"中共预备党员", "party_member"},
    {"流动党员", "party_member"},
    {"在职党员", "party_member"},
    {"志愿者", "volunteer"},
    {"注册志愿者", "volunteer"},
    {"社区志愿者", "volunteer"},
    {"青年志愿者", "volunteer"},
    {"义工", "volunteer"},
    // 卫健: chronic disease under management, incapacity, maternity.
    {"慢性病", "chronic_disease"},
    {"慢病", "chronic_disease"},
    {"慢性病患者", "chronic_disease"},
    {"高血压", "chronic_disease"},
    {"高血压患者", "chronic_disease"},
    {"糖尿病", "chronic_disease"},
    {"糖尿病患者", "chronic_disease"},
    {"冠心病", "chronic_disease"},
    {"慢阻肺", "chronic_disease"},
    {"慢性阻塞性肺疾病", "chronic_disease"},
    {"脑卒中", "chronic_disease"},
    {"失能", "incapacitated"},
    {"半失能", "incapacitated"},
    {"失能半失能", "incapacitated"},
    {"失能老人", "incapacitated"},
    {"半失能老人", "incapacitated"},
    {"完全失能", "incapacitated"},
    {"部分失能", "incapacitated"},
    {"长期卧床", "incapacitated"},
    {"孕产妇", "maternal"},
    {"孕妇", "maternal"},
    {"产妇", "maternal"},
    {"孕产期", "maternal"},
};

// Cell separators: ；;,，、/／ and spaces (ASCII, ideographic, tab, line breaks).
bool is_separator(std::string_view cp) {
  static constexpr std::string_view kSeps[] = {";",  "；", ",",  "，", "、", "/",
                                               "／", " ",  "　", "\t", "\r", "\n"};
  return std::find(std::begin(kSeps), std::end(kSeps), cp) != std::end(kSeps);
}

void add_unique(std::vector<std::string>& list, std::string_view item) {
  if (std::find(list.begin(), list.end(), item) == list.end()) list.emplace_back(item);
}

}  // namespace

const std::vector<CareTagInfo>& care_tags() {
  static const std::vector<CareTagInfo> tags = {
      {"elderly_60", "60岁以上老人", "Aged 60 and over", true},
      {"elderly_80", "80岁以上高龄老人", "Aged 80 and over", true},
      {"living_alone", "独居老人", "Elderly living alone", true},
      {"disabled", "残疾人", "Disabled", false},
      {"low_income", "低保", "Subsistence allowance (dibao)", false},
      {"veteran", "退役军人", "Veteran", false},
      {"party_member", "党员", "Party member", false},
      {"volunteer", "志愿者", "Volunteer", false},
      {"chronic_disease", "慢性病", "Chronic disease", false},
      {"incapacitated", "失能半失能", "Fully or partly incapacitated", false},
      {"maternal", "孕产妇", "Pregnant or postpartum", false},
  };
  return tags;
}

std::optional<CareTagInfo> find_care_tag(std::string_view code) {
  for (const CareTagInfo& t : care_tags()) {
    if (t.code == code) return t;
  }
  return std::nullopt;
}

std::optional<std::string_view> care_tag_from_word(std::string_view word) {
  // Trim spaces (ASCII, full-width) around the word.
  const std::string folded = text::fold_ascii(word);
  std::string_view w = folded;
  while (!w.empty() && (w.front() == ' ' || w.front() == '\t')) w.remove_prefix(1);
  while (!w.empty() && (w.back() == ' ' || w.back() == '\t')) w.remove_suffix(1);
  if (w.empty()) return std::nullopt;

  for (const WordTag& wt : kWords) {
    if (wt.word == w) return wt.code;
  }
  // Our own codes and Chinese names are understood too, for importable tags only.
  for (const CareTagInfo& t : care_tags()) {
    if (!t.derived && (t.code == w || t.name_zh == w)) return t.code;
  }
  return std::nullopt;
}

TagWords care_tags_from_cell(std::string_view cell) {
  TagWords out;
  std::string word;
  const auto flush = [&] {
    if (word.empty()) return;
    if (auto code = care_tag_from_word(word)) {
      add_unique(out.tags, *code);
    } else {
      add_unique(out.unknown, word);
    }
    word.clear();
  };
  for (std::string_view cp : text::code_points(cell)) {
    if (is_separator(cp)) {
      flush();
    } else {
      word += cp;
    }
  }
  flush();
  return out;
}

// 0 when `on` is before `birth`.
int age_on(const Date& birth, const Date& on) {
  if (on < birth) return 0;
  const bool before_birthday = std::pair(on.month, on.day) < std::pair(birth.month, birth.day);
  return on.year - birth.year - (before_birthday ? 1 : 0);
}

std::vector<std::string> derived_care_tags(const std::optional<Date>& birth, const Date& today,
                                           int occupants_of_room) {
  std::vector<std::string> tags;
  if (!birth) return tags;  // age unknown: nothing can be derived
  const int age = age_on(*birth, today);
  if (age >= 60) tags.emplace_back("elderly_60");
  if (age >= 80) tags.emplace_back("elderly_80");
  if (age >= 60 && occupants_of_room == 1) tags.emplace_back("living_alone");
  return tags;
}

}  // namespace onegrid::people
