#pragma once
// 督办: deadlines at work. A periodic sweep flags events whose stage is past its deadline,
// opens a supervision record at the street, escalates supervisions still open past their own
// deadline to the district, and does the same per summoned department for a missed report-in.
// Monthly red and yellow cards rank departments by the supervisions they caused.

#include <boost/json/value.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/result.hpp"
#include "events/event_store.hpp"
#include "store/store.hpp"

namespace onegrid::events {

// Something the sweep did, for notifications and the live stream.
struct SweepNotice {
  std::int64_t event_id = 0;
  std::string kind;   // "overdue" | "escalated" | "dept_overdue"
  std::string level;  // street | district
  std::optional<std::int64_t> dept_id;
  std::vector<std::string> paths;  // org paths that should hear of it
};

struct SweepReport {
  int overdue = 0;       // event stages newly past their deadline
  int dept_overdue = 0;  // summoned departments newly late to report in
  int escalated = 0;     // supervisions raised from the street to the district
  std::vector<SweepNotice> notices;
};

// One sweep as of `now` (ms). Idempotent: a second sweep at the same instant does nothing.
// Works in batches of at most `batch` events per kind.
Result<SweepReport> sweep(store::Store& store, std::int64_t now, int batch = 500);

struct Supervision {
  std::int64_t id = 0;
  std::int64_t event_id = 0;
  std::string event_title;
  std::string stage;
  std::optional<std::int64_t> dept_id;
  std::string dept_name;
  std::string level;
  std::int64_t opened_at = 0;
  std::int64_t due_at = 0;
  std::optional<std::int64_t> closed_at;
};
boost::json::value to_json(const Supervision& s);

struct SupervisionFilter {
  bool open_only = true;
  std::optional<std::int64_t> event_id;
  std::optional<std::int64_t> cursor;  // id before
  int limit = 50;
};
// Supervisions the viewer may see: those held at an org in its scope, those naming one of its
// departments, and those on events it can see.
Result<std::vector<Supervision>> list_supervisions(store::Tx& tx, const Viewer& viewer,
                                                   const SupervisionFilter& f);

// 红黄牌: per department, supervisions opened in [from, to); yellow from `yellow`, red from
// `red` of them.
struct Card {
  std::int64_t dept_id = 0;
  std::string dept_name;
  std::int64_t supervisions = 0;
  std::string card;  // "" | "yellow" | "red"
};
Result<std::vector<Card>> department_cards(store::Tx& tx, std::int64_t from, std::int64_t to,
                                           int yellow = 3, int red = 6);
boost::json::value to_json(const Card& c);

}  // namespace onegrid::events
