#pragma once
// 事件分类: the two-level event taxonomy (大类 / 小类). A subclass carries what every event of it
// starts from: the lead and assisting departments a street whistles by default, the priority and
// the per-stage deadlines. Pure data and rules; taxonomy_store.hpp persists it.

#include <boost/json/value.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/result.hpp"
#include "events/workflow.hpp"

namespace onegrid::events {

struct EventClass {
  std::int64_t id = 0;
  std::string code;  // two digits, "01"
  std::string name;
  std::string name_en;
  bool active = true;
  std::int64_t version = 1;
};

// Deadlines per stage, in minutes.
struct Deadlines {
  std::int64_t accept = 120;
  std::int64_t report_in = 60;
  std::int64_t handle = 72 * 60;
  std::int64_t verify = 24 * 60;
  std::int64_t for_stage(Stage s) const;
};

struct EventSubclass {
  std::int64_t id = 0;
  std::int64_t class_id = 0;
  std::string code;  // the class code + two digits, "0101"
  std::string name;
  std::string name_en;
  std::optional<std::int64_t> lead_dept_id;
  std::vector<std::int64_t> assist_dept_ids;
  int priority = 2;  // 1 urgent, 2 normal, 3 low
  Deadlines deadlines;
  bool active = true;
  std::int64_t version = 1;
};

// Field checks shared by create and update; errors name the field.
Status validate(const EventClass& c);
Status validate(const EventSubclass& s, const std::string& class_code);

boost::json::value to_json(const EventClass& c);
boost::json::value to_json(const EventSubclass& s);

// The built-in taxonomy for a unified grid: 6 classes, 28 subclasses. Departments are named by
// the suffix of their org code ("D01" for 110105-D01, see the demo seed); the installer maps
// them to the store's departments and leaves unknown ones empty for an admin to set.
struct DefaultSubclass {
  const char* code;
  const char* name;
  const char* name_en;
  const char* lead;     // department code suffix
  const char* assists;  // space-separated suffixes
  int priority;
  Deadlines deadlines;
};
struct DefaultClass {
  const char* code;
  const char* name;
  const char* name_en;
  std::vector<DefaultSubclass> subclasses;
};
const std::vector<DefaultClass>& default_taxonomy();

}  // namespace onegrid::events
