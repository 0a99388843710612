#pragma once
// 重点人群 care tags: what can be tagged, where a tag came from, and the tags derived from the
// register itself (age and occupancy) rather than reported by a department. Pure.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "people/id_number.hpp"

namespace onegrid::people {

// Codes: elderly_60, elderly_80, living_alone (derived); disabled, low_income, veteran,
// party_member, volunteer (civil affairs / party); chronic_disease, incapacitated, maternal
// (health).
struct CareTagInfo {
  std::string_view code, name_zh, name_en;
  bool derived;  // computed from the register, never imported
};
const std::vector<CareTagInfo>& care_tags();
std::optional<CareTagInfo> find_care_tag(std::string_view code);

// Maps one department word ("低保", "低保户", "残疾人", "退役军人", "优抚对象", "党员", "志愿者",
// "慢性病", "高血压", "糖尿病", "失能", "半失能", "孕产妇" …) to a tag code; nullopt if unknown.
std::optional<std::string_view> care_tag_from_word(std::string_view word);
// Splits a multi-valued cell ("低保；残疾、退役军人", "低保,残疾") and maps each word.
// Unknown words are returned in `unknown`.
struct TagWords {
  std::vector<std::string> tags;
  std::vector<std::string> unknown;
};
TagWords care_tags_from_cell(std::string_view cell);

// Whole years between birth and on.
int age_on(const Date& birth, const Date& on);

// Derived tags for one person: elderly_60 / elderly_80 from age; living_alone when aged 60+
// and the only current occupant of their room.
std::vector<std::string> derived_care_tags(const std::optional<Date>& birth, const Date& today,
                                           int occupants_of_room);

}  // namespace onegrid::people
