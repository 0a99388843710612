#include "events/taxonomy.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

namespace onegrid::events {
namespace {

bool all_digits(const std::string& s) {
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return !s.empty();
}

Status check_names(const std::string& name, const std::string& name_en) {
  if (name.empty()) return invalid_input("taxonomy.name_required", "name is required", "name");
  if (name.size() > 200) return invalid_input("taxonomy.name_too_long", "name too long", "name");
  if (name_en.size() > 200)
    return invalid_input("taxonomy.name_too_long", "name_en too long", "name_en");
  return ok_status();
}

// Deadline presets (minutes): urgent events report in within 30 minutes (吹哨报到's rule of
// thumb), normal ones within two hours.
constexpr Deadlines kUrgent{30, 30, 24 * 60, 4 * 60};
constexpr Deadlines kNormal{120, 120, 72 * 60, 24 * 60};
constexpr Deadlines kLow{240, 480, 7 * 24 * 60, 48 * 60};

}  // namespace

std::int64_t Deadlines::for_stage(Stage s) const {
  switch (s) {
    case Stage::accept:
      return accept;
    case Stage::report_in:
      return report_in;
    case Stage::handle:
      return handle;
    case Stage::verify:
      return verify;
  }
  return handle;
}

Status validate(const EventClass& c) {
  if (c.code.size() != 2 || !all_digits(c.code))
    return invalid_input("taxonomy.invalid_code", "a class code is two digits, e.g. 01", "code");
  return check_names(c.name, c.name_en);
}

Status validate(const EventSubclass& s, const std::string& class_code) {
  if (s.code.size() != 4 || !all_digits(s.code) || s.code.substr(0, 2) != class_code)
    return invalid_input(
        "taxonomy.invalid_code",
        "a subclass code is its class code and two digits, e.g. " + class_code + "01", "code");
  OG_TRY(check_names(s.name, s.name_en));
  if (s.priority < 1 || s.priority > 3)
    return invalid_input("taxonomy.invalid_priority", "priority is 1 (urgent) to 3 (low)",
                         "priority");
  for (Stage st : {Stage::accept, Stage::report_in, Stage::handle, Stage::verify}) {
    const auto m = s.deadlines.for_stage(st);
    if (m < 1 || m > 90 * 24 * 60)
      return invalid_input("taxonomy.invalid_deadline",
                           "a deadline is 1 minute to 90 days, in minutes",
                           "deadlines." + std::string(stage_code(st)));
  }
  for (auto id : s.assist_dept_ids)
    if (s.lead_dept_id && id == *s.lead_dept_id)
      return invalid_input("taxonomy.lead_also_assisting",
                           "the lead department cannot also be an assisting one",
                           "assist_dept_ids");
  return ok_status();
}

boost::json::value to_json(const EventClass& c) {
  return boost::json::object{{"id", c.id},           {"code", c.code},     {"name", c.name},
                             {"name_en", c.name_en}, {"active", c.active}, {"version", c.version}};
}

boost::json::value to_json(const EventSubclass& s) {
  boost::json::array assists;
  for (auto id : s.assist_dept_ids) assists.push_back(id);
  boost::json::object deadlines{{"accept", s.deadlines.accept},
                                {"report_in", s.deadlines.report_in},
                                {"handle", s.deadlines.handle},
                                {"verify", s.deadlines.verify}};
  boost::json::object o{{"id", s.id},
                        {"class_id", s.class_id},
                        {"code", s.code},
                        {"name", s.name},
                        {"name_en", s.name_en},
                        {"assist_dept_ids", std::move(assists)},
                        {"priority", s.priority},
                        {"deadlines_minutes", std::move(deadlines)},
                        {"active", s.active},
                        {"version", s.version}};
  if (s.lead_dept_id)
    o["lead_dept_id"] = *s.lead_dept_id;
  else
    o["lead_dept_id"] = nullptr;
  return o;
}

const std::vector<DefaultClass>& default_taxonomy() {
  // D01 城管 D02 生态环境 D03 公安 D04 市场监管 D05 住建 D06 民政 D07 卫健 D08 消防 D09 水务
  // D10 交通
  static const std::vector<DefaultClass> t{
      {"01",
       "市容环境",
       "City appearance",
       {
           {"0101", "暴露垃圾", "Exposed garbage", "D01", "D02", 2, kNormal},
           {"0102", "积存渣土", "Accumulated muck", "D01", "D05", 2, kNormal},
           {"0103", "乱堆物堆料", "Illegal stacking", "D01", "", 3, kLow},
           {"0104", "违规广告牌匾", "Illegal signboards", "D01", "D04", 3, kLow},
           {"0105", "道路破损", "Damaged road surface", "D10", "D01", 2, kNormal},
       }},
      {"02",
       "街面秩序",
       "Street order",
       {
           {"0201", "占道经营", "Street vending on the road", "D01", "D04", 2, kNormal},
           {"0202", "无照经营游商", "Unlicensed peddlers", "D04", "D01", 2, kNormal},
           {"0203", "机动车乱停放", "Illegal parking", "D10", "D03", 2, kNormal},
           {"0204", "店外经营", "Business outside the shop", "D01", "", 3, kLow},
           {"0205", "噪声扰民", "Noise nuisance", "D02", "D03", 2, kNormal},
       }},
      {"03",
       "施工管理",
       "Construction",
       {
           {"0301", "违法建设", "Illegal construction", "D01", "D05", 2, kNormal},
           {"0302", "施工扰民", "Construction nuisance", "D05", "D02", 2, kNormal},
           {"0303", "施工占道", "Construction blocking the road", "D05", "D10", 2, kNormal},
           {"0304", "渣土遗撒", "Spilled muck from trucks", "D01", "D10", 2, kNormal},
       }},
      {"04",
       "突发事件",
       "Emergencies",
       {
           {"0401", "火情", "Fire", "D08", "D03", 1, kUrgent},
           {"0402", "燃气泄漏", "Gas leak", "D08", "D05", 1, kUrgent},
           {"0403", "管线破裂积水", "Burst pipe, flooding", "D09", "D10", 1, kUrgent},
           {"0404", "道路塌陷", "Road collapse", "D10", "D09 D03", 1, kUrgent},
           {"0405", "群体性事件", "Mass incident", "D03", "D06", 1, kUrgent},
       }},
      {"05",
       "安全隐患",
       "Safety hazards",
       {
           {"0501", "消防通道堵塞", "Blocked fire lane", "D08", "D01", 2, kNormal},
           {"0502", "电动车违规充电", "Unsafe e-bike charging", "D08", "D05", 1, kUrgent},
           {"0503", "高空坠物隐患", "Risk of falling objects", "D05", "D01", 2, kNormal},
           {"0504", "食品安全隐患", "Food safety hazard", "D04", "D07", 2, kNormal},
       }},
      {"06",
       "民生服务",
       "Livelihood services",
       {
           {"0601", "独居老人求助", "Elderly living alone needs help", "D06", "D07", 1, kUrgent},
           {"0602", "困难群众救助", "Hardship relief", "D06", "", 2, kNormal},
           {"0603", "公共设施损坏", "Damaged public facilities", "D05", "D10", 2, kNormal},
           {"0604", "病媒生物滋生", "Pests and vectors", "D07", "D01", 3, kLow},
           {"0605", "供水供暖故障", "Water or heating failure", "D09", "D05", 2, kNormal},
       }},
  };
  return t;
}

}  // namespace onegrid::events
