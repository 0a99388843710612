#include "demo/events_seed.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/json/parse.hpp>
#include <map>
#include <queue>
#include <random>

#include "audit/audit.hpp"
#include "auth/principal.hpp"
#include "events/event_store.hpp"
#include "events/supervision.hpp"
#include "events/taxonomy_store.hpp"
#include "org/grid_locator.hpp"

namespace onegrid::demo {
namespace {

using events::Action;
using events::Channel;
constexpr std::int64_t kMin = 60'000;
constexpr std::int64_t kHour = 60 * kMin;
constexpr std::int64_t kSweepEvery = 3 * kHour;  // the seed sweeps less often than serve
constexpr std::int64_t kDay = 24 * kHour;

struct Place {
  std::int64_t grid_id = 0, community_id = 0, street_id = 0;
  double lon0 = 0, lat0 = 0, lon1 = 0, lat1 = 0;  // the grid's bounding box
};

// Whoever plays each part: one principal per org unit and role.
struct Cast {
  std::map<std::int64_t, auth::Principal> grid_worker, community, street, dept;
  std::map<std::int64_t, std::vector<auth::Principal>> residents;  // by community
};

Result<Cast> load_cast(store::Tx& tx) {
  OG_ASSIGN(auto rows, tx.query("SELECT g.user_id, u.username, u.display_name, g.role, g.org_id, "
                                "o.path, o.kind, o.name FROM user_grant g JOIN users u ON u.id = "
                                "g.user_id JOIN org_unit o ON o.id = g.org_id WHERE u.active = 1 "
                                "ORDER BY g.id"));
  Cast cast;
  for (const auto& r : rows) {
    auth::Principal p;
    p.user_id = r.i64(0);
    p.username = r.text(1);
    p.display_name = r.text(2);
    auto role = auth::parse_role(r.text(3));
    if (!role) continue;
    p.grants.push_back(auth::Grant{0, *role, r.i64(4), r.text(5), r.text(7), r.text(6)});
    const auto org = r.i64(4);
    switch (*role) {
      case auth::Role::grid_worker:
        cast.grid_worker.emplace(org, p);
        break;
      case auth::Role::community_worker:
        cast.community.emplace(org, p);
        break;
      case auth::Role::street_officer:
        cast.street.emplace(org, p);
        break;
      case auth::Role::department_staff:
        cast.dept.emplace(org, p);
        break;
      case auth::Role::resident:
        cast.residents[org].push_back(p);
        break;
      default:
        break;
    }
  }
  return cast;
}

Result<std::vector<Place>> load_places(store::Tx& tx) {
  OG_ASSIGN(auto rows, tx.query("SELECT g.id, c.id, c.parent_id, g.boundary FROM org_unit g JOIN "
                                "org_unit c ON c.id = g.parent_id WHERE g.kind = 'grid' AND "
                                "g.active = 1 AND g.boundary IS NOT NULL ORDER BY g.id"));
  std::vector<Place> out;
  for (const auto& r : rows) {
    Place p{r.i64(0), r.i64(1), r.i64(2), 1e9, 1e9, -1e9, -1e9};
    boost::system::error_code ec;
    auto g = boost::json::parse(r.text(3), ec);
    if (ec || !g.is_object()) continue;
    const auto& coords = g.at("coordinates").as_array();
    const auto& ring = g.at("type") == "Polygon" ? coords.at(0).as_array()
                                                 : coords.at(0).as_array().at(0).as_array();
    for (const auto& pt : ring) {
      const double x = pt.at(0).to_number<double>(), y = pt.at(1).to_number<double>();
      p.lon0 = std::min(p.lon0, x), p.lat0 = std::min(p.lat0, y);
      p.lon1 = std::max(p.lon1, x), p.lat1 = std::max(p.lat1, y);
    }
    out.push_back(p);
  }
  return out;
}

constexpr const char* kSpots[] = {"小区东门",   "3号楼北侧",    "菜市场门口",   "公交站旁",
                                  "幼儿园西侧", "地下车库入口", "社区服务站前", "5号楼2单元",
                                  "便民店门口", "健身广场",     "沿街商铺",     "背街小巷"};
constexpr const char* kDetails[] = {
    "居民反映已持续数日，影响通行。", "现场拍照取证，请尽快处置。", "早晚高峰尤为突出。",
    "多位居民通过微信群反映。",       "网格员巡查发现。",           "存在安全隐患，需尽快处理。"};

// One pending workflow step of the simulation.
struct Step {
  std::int64_t at;
  std::int64_t event_id;
  int phase;
  bool operator>(const Step& o) const { return at > o.at; }
};

// An event's planned path, decided when it is filed.
struct Plan {
  std::int64_t subclass_id = 0;
  std::int64_t community = 0, street = 0, grid = 0;
  std::optional<std::int64_t> reporter;  // principal id of the reporter, if a user
  bool reject = false, whistle = false, escalate = false, reopen = false, rate = false,
       complain = false, lead_late = false;
  std::vector<std::int64_t> depts;  // summoned: lead first
  events::Deadlines deadlines;
};

}  // namespace

Result<EventSeedReport> seed_events(store::Store& store, int count, std::int64_t now) {
  EventSeedReport report;
  Cast cast;
  std::vector<Place> places;
  std::vector<events::EventSubclass> subclasses;
  OG_TRY(store.read([&](store::Tx& tx) -> Status {
    OG_ASSIGN(auto any, tx.query_one("SELECT id FROM event"));
    report.already_seeded = any.has_value();
    OG_ASSIGN(cast, load_cast(tx));
    OG_ASSIGN(places, load_places(tx));
    OG_ASSIGN(subclasses, events::list_subclasses(tx, false));
    return ok_status();
  }));
  if (report.already_seeded || count <= 0 || places.empty() || subclasses.empty()) return report;
  std::mt19937_64 rng(static_cast<std::uint64_t>(now / kDay) * 7919 + count);
  auto uniform = [&](double a, double b) { return std::uniform_real_distribution<>(a, b)(rng); };
  auto chance = [&](double p) { return uniform(0, 1) < p; };
  auto minutes = [&](double a, double b) {
    return static_cast<std::int64_t>(uniform(a, b) * kMin);
  };
  // How long a stage takes: mostly well inside its deadline, late with probability `late`.
  auto within = [&](std::int64_t deadline_min, double late) {
    const double f = chance(late) ? uniform(1.05, 2.5) : uniform(0.05, 0.9);
    return static_cast<std::int64_t>(f * static_cast<double>(deadline_min) * kMin);
  };
  org::GridLocator locator(store);
  const auto actor = audit::Actor::system("seed-demo");
  const std::int64_t start = now - 365 * kDay;

  // Filing times: more events in summer and on weekdays' working hours.
  std::vector<std::int64_t> times;
  times.reserve(static_cast<std::size_t>(count));
  while (times.size() < static_cast<std::size_t>(count)) {
    const auto t = start + static_cast<std::int64_t>(uniform(0, 365 * kDay));
    const double hour = static_cast<double>((t + 8 * kHour) % kDay) / kHour;
    const double w = (hour >= 7 && hour <= 21 ? 1.0 : 0.25);
    if (chance(w)) times.push_back(t);
  }
  std::sort(times.begin(), times.end());

  std::map<std::int64_t, Plan> plans;
  std::priority_queue<Step, std::vector<Step>, std::greater<>> steps;
  std::map<std::int64_t, std::int64_t> last_open_in_grid;  // grid → latest event (for merges)
  std::size_t next = 0;
  std::int64_t next_sweep = start + kSweepEvery;
  int hotline_no = 0;

  auto principal_of = [&](std::map<std::int64_t, auth::Principal>& m,
                          std::int64_t org) -> const auth::Principal* {
    auto it = m.find(org);
    return it == m.end() ? nullptr : &it->second;
  };

  // Applies one step; a refused step (e.g. a lost race in the plan) just ends that event's path.
  auto run_step = [&](store::Tx& tx, const Step& s) -> Status {
    auto& plan = plans[s.event_id];
    OG_ASSIGN(auto e, events::load_event(tx, s.event_id));
    events::ActRequest req;
    req.expected_version = e.version;
    req.at = s.at;
    const auth::Principal* who = nullptr;
    std::vector<Step> then;
    const auto* community = principal_of(cast.community, plan.community);
    const auto* worker = principal_of(cast.grid_worker, plan.grid);
    switch (s.phase) {
      case 0:  // the community takes it in, rejects it or merges it
        who = community;
        if (plan.reject) {
          req.action = Action::reject;
          req.note = "不属于受理范围，已告知反映人";
        } else if (auto it = last_open_in_grid.find(plan.grid);
                   it != last_open_in_grid.end() && it->second != s.event_id && chance(0.04)) {
          OG_ASSIGN(auto other, events::load_event(tx, it->second));
          if (events::is_open(other.state) && other.subclass_id == e.subclass_id) {
            req.action = Action::merge;
            req.merge_into = other.id;
          } else {
            req.action = Action::accept;
          }
        } else {
          req.action = Action::accept;
        }
        if (req.action == Action::accept) {
          last_open_in_grid[plan.grid] = s.event_id;
          if (!plan.whistle) {
            then.push_back({s.at + minutes(5, 90), s.event_id, 1});
          } else if (plan.escalate) {
            then.push_back({s.at + minutes(10, 60), s.event_id, 2});
          } else {
            then.push_back({s.at + minutes(10, 240), s.event_id, 3});
          }
        }
        break;
      case 1:  // in-grid handling, then resolved
        who = worker ? worker : community;
        req.action = Action::handle_in_grid;
        then.push_back({s.at + within(plan.deadlines.handle, 0.06), s.event_id, 10});
        break;
      case 10:
        who = worker ? worker : community;
        req.action = Action::resolve_in_grid;
        req.note = "网格员现场协调处置完毕";
        then.push_back({s.at + minutes(60, 3 * 24 * 60), s.event_id, 20});
        break;
      case 2:  // the community asks the street to whistle
        who = community;
        req.action = Action::escalate;
        req.note = "网格内无法解决，提请街道吹哨";
        then.push_back({s.at + within(plan.deadlines.accept, 0.06), s.event_id, 3});
        break;
      case 3: {  // the street whistles
        who = principal_of(cast.street, plan.street);
        req.action = Action::whistle;
        req.note = "请相关部门按时报到";
        for (std::size_t i = 0; i < plan.depts.size(); ++i) {
          const bool late = i == 0 ? plan.lead_late : chance(0.08);
          then.push_back({s.at + within(plan.deadlines.report_in, late ? 1.0 : 0.0), s.event_id,
                          100 + static_cast<int>(i)});
        }
        break;
      }
      case 4:  // the lead submits its result
        who = principal_of(cast.dept, plan.depts.at(0));
        req.action = Action::submit;
        req.note = "已完成处置，附现场照片";
        then.push_back(
            {s.at + within(plan.deadlines.verify, 0.06), s.event_id, plan.reopen ? 5 : 6});
        break;
      case 5:  // verification fails once
        who = worker ? worker : community;
        req.action = Action::reopen;
        req.note = "现场核查仍未解决";
        plan.reopen = false;
        then.push_back({s.at + within(plan.deadlines.handle, 0.1), s.event_id, 4});
        break;
      case 6:
        who = worker ? worker : community;
        req.action = Action::verify;
        req.note = "现场核查已解决";
        then.push_back({s.at + minutes(60, 3 * 24 * 60), s.event_id, 20});
        break;
      case 20: {  // the reporter rates; sometimes complains
        if (!plan.reporter || !plan.rate) return ok_status();
        auth::Principal reporter;
        reporter.user_id = *plan.reporter;
        req.action = plan.complain ? Action::complain : Action::rate;
        if (plan.complain) {
          req.note = "处理结果不满意";
        } else {
          const double u = uniform(0, 1);
          req.rating = u < 0.55 ? 5 : u < 0.85 ? 4 : u < 0.95 ? 3 : u < 0.98 ? 2 : 1;
        }
        OG_ASSIGN(auto ignored, events::act(tx, actor, reporter, s.event_id, req));
        (void)ignored;
        ++report.transitions;
        return ok_status();
      }
      default: {  // 100+i: department i reports in
        const auto dept = plan.depts.at(static_cast<std::size_t>(s.phase - 100));
        who = principal_of(cast.dept, dept);
        req.action = Action::report_in;
        if (s.phase == 100)
          then.push_back({s.at + within(plan.deadlines.handle, 0.08), s.event_id, 4});
        break;
      }
    }
    if (!who) return ok_status();
    auto moved = events::act(tx, actor, *who, s.event_id, req);
    if (!moved) return ok_status();  // e.g. a step no longer possible; the path ends here
    ++report.transitions;
    for (auto& t : then)
      if (t.at < now) steps.push(t);  // the future stays open: events still in progress
    return ok_status();
  };

  auto file_event = [&](store::Tx& tx, std::int64_t at) -> Status {
    const auto& place =
        places[static_cast<std::size_t>(uniform(0, 1) * places.size()) % places.size()];
    const auto& sub =
        subclasses[static_cast<std::size_t>(uniform(0, 1) * subclasses.size()) % subclasses.size()];
    events::NewEvent in;
    in.subclass_id = sub.id;
    in.reported_at = at;
    const char* spot =
        kSpots[static_cast<std::size_t>(uniform(0, 1) * std::size(kSpots)) % std::size(kSpots)];
    in.title = std::string(spot) + sub.name;
    in.description = kDetails[static_cast<std::size_t>(uniform(0, 1) * std::size(kDetails)) %
                              std::size(kDetails)];
    in.address = spot;
    for (int tries = 0; tries < 8 && !in.grid_id; ++tries) {
      const double lon = uniform(place.lon0, place.lon1), lat = uniform(place.lat0, place.lat1);
      auto where = locator.locate(lon, lat);
      if (where && where->inside && where->grid_id == place.grid_id) {
        in.lon = lon;
        in.lat = lat;
        in.grid_id = place.grid_id;
      }
    }
    if (!in.grid_id) in.grid_id = place.grid_id;
    Plan plan;
    plan.subclass_id = sub.id;
    plan.grid = place.grid_id;
    plan.community = place.community_id;
    plan.street = place.street_id;
    const double c = uniform(0, 1);
    if (c < 0.50) {
      in.channel = Channel::grid_worker;
      if (auto* w = principal_of(cast.grid_worker, place.grid_id)) {
        in.reporter_id = w->user_id;
        in.reporter_name = w->display_name;
      }
    } else if (c < 0.68) {
      in.channel = Channel::resident;
      auto& rs = cast.residents[place.community_id];
      if (!rs.empty()) {
        const auto& r = rs[static_cast<std::size_t>(uniform(0, 1) * rs.size()) % rs.size()];
        in.reporter_id = r.user_id;
        in.reporter_name = r.display_name;
      }
    } else if (c < 0.90) {
      in.channel = Channel::hotline;
      in.external_ref = "12345-" + std::to_string(++hotline_no);
      in.reporter_name = "12345市民";
    } else if (c < 0.94) {
      in.channel = Channel::open311;
      in.external_ref = "demo-" + std::to_string(next);
      in.reporter_name = "Open311";
    } else {
      in.channel = Channel::sensor;
      in.external_ref = "sensor-" + std::to_string(next);
      in.reporter_name = "物联感知设备";
    }
    OG_ASSIGN(auto filed, events::report(tx, actor, in));
    ++report.events;
    ++report.transitions;
    plan.reporter = in.reporter_id;
    plan.reject = chance(0.03);
    plan.whistle = sub.priority == 1 ? chance(0.8) : chance(0.35);
    plan.escalate = chance(0.5);
    plan.reopen = chance(0.1);
    plan.rate = chance(0.65);
    plan.complain = chance(0.04);
    plan.lead_late = chance(0.1);
    plan.deadlines = sub.deadlines;
    if (sub.lead_dept_id) {
      plan.depts.push_back(*sub.lead_dept_id);
      for (auto a : sub.assist_dept_ids) plan.depts.push_back(a);
    } else {
      plan.whistle = false;
    }
    plans[filed.event.id] = plan;
    // Acceptance: mostly within the two hours, sometimes late (an overdue acceptance).
    const auto accept_at = at + within(sub.deadlines.accept, 0.07);
    if (accept_at < now) steps.push({accept_at, filed.event.id, 0});
    return ok_status();
  };

  // The simulation, a simulated day per transaction with the hourly deadline sweep between.
  std::int64_t day_end = start + kDay;
  while (next < times.size() || !steps.empty()) {
    OG_TRY(store.write([&](store::Tx& tx) -> Status {
      while (true) {
        const bool have_file = next < times.size() && times[next] < day_end;
        const bool have_step = !steps.empty() && steps.top().at < day_end;
        if (!have_file && !have_step) break;
        if (have_file && (!have_step || times[next] <= steps.top().at)) {
          if (times[next] >= next_sweep) break;
          OG_TRY(file_event(tx, times[next]));
          ++next;
        } else {
          if (steps.top().at >= next_sweep) break;
          const Step s = steps.top();
          steps.pop();
          OG_TRY(run_step(tx, s));
        }
      }
      return ok_status();
    }));
    const bool file_due = next < times.size() && times[next] < day_end;
    const bool step_due = !steps.empty() && steps.top().at < day_end;
    if (file_due || step_due) {
      OG_TRY(events::sweep(store, next_sweep, 5000));
      next_sweep += kSweepEvery;
      continue;
    }
    OG_TRY(events::sweep(store, std::min(day_end, now), 5000));
    next_sweep = day_end + kSweepEvery;
    day_end += kDay;
    if (day_end > now + kDay && next >= times.size() && steps.empty()) break;
  }
  OG_TRY(events::sweep(store, now, 5000));
  // The demo accounts' inboxes: what is older than two days has been read.
  OG_TRY(store.write([&](store::Tx& tx) -> Status {
    OG_TRY(
        tx.exec("UPDATE notification SET read_at = created_at WHERE read_at IS NULL AND "
                "created_at < ?",
                {now - 2 * kDay}));
    return ok_status();
  }));
  spdlog::info("seeded {} demo events ({} transitions)", report.events, report.transitions);
  return report;
}

}  // namespace onegrid::demo
