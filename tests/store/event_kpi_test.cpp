// KPIs on real stores: a few dozen events walk random paths through the real workflow
// (events::report / events::act with explicit instants), then every KPI of kpi_table,
// kpi_series and kpi_breakdown is recomputed here from the raw event_transition rows — plain
// C++ over SELECTed rows, not the store's SQL — and compared, for several groups, periods,
// parents and scopes. Scope: events of a community outside the caller's scope never count.

#include <array>
#include <boost/json/parse.hpp>
#include <map>
#include <random>
#include <set>

#include "audit/audit.hpp"
#include "demo/population_seed.hpp"
#include "demo/seed.hpp"
#include "event_fixture.hpp"
#include "events/event_store.hpp"
#include "events/kpi_rollup.hpp"
#include "events/kpi_store.hpp"
#include "events/supervision.hpp"
#include "store/tx_result.hpp"

namespace onegrid::store::testing {
namespace {

using events::Action;
using events::KpiGroup;
using events::KpiSums;

constexpr std::int64_t kMin = 60'000;
constexpr std::int64_t kHour = 60 * kMin;
constexpr std::int64_t kDay = 24 * kHour;
constexpr std::int64_t kT0 = 1'790'000'000'000;  // 2026-09-21, a fixed past instant
// Asia/Shanghai midnight at or before kT0: KPI periods are whole days
constexpr std::int64_t kD0 = kT0 - (kT0 + 8 * kHour) % kDay;

// One summons as the transitions tell it.
struct Summon {
  std::int64_t dept = 0;
  bool lead = false;
  std::int64_t report_in_due = 0, handle_due = 0, summoned_at = 0;
  std::optional<std::int64_t> reported_in_at, submitted_at;
};

// One event as the transitions tell it (its place and subclass from the event row).
struct Fact {
  std::int64_t id = 0, grid = 0, community = 0, street = 0, subclass = 0, class_id = 0;
  std::string path, channel, state;
  std::int64_t reported_at = 0;
  bool accepted = false, whistled = false, reopened = false, closed_in_grid = false;
  std::optional<std::int64_t> closed_at;
  std::optional<std::int64_t> rating;
  std::int64_t complaints = 0;
  std::vector<Summon> summons;
};

struct Deadline {
  std::int64_t accept, report_in, handle, verify;
};

class EventKpis : public EventStoreTest {
 protected:
  void SetUp() override {
    EventStoreTest::SetUp();
    auto pop = demo::seed_population(*store_);
    ASSERT_TRUE(pop) << describe(pop.error());
    EXPECT_EQ(*pop, 9);  // the demo's nine communities
    auto again = demo::seed_population(*store_);
    ASSERT_TRUE(again);
    EXPECT_EQ(*again, 0);  // idempotent
  }

  // One workflow step; false when the workflow refused it (the test then ends that path).
  bool act(const auth::Principal& who, std::int64_t id, Action a, std::int64_t at,
           std::optional<int> rating = std::nullopt, std::optional<std::int64_t> merge = {}) {
    auto st = store_->write([&](Tx& tx) -> Status {
      OG_ASSIGN(auto cur, events::load_event(tx, id));
      events::ActRequest req;
      req.action = a;
      req.expected_version = cur.version;
      req.note = "测试";
      req.at = at;
      req.rating = rating;
      req.merge_into = merge;
      OG_ASSIGN(auto out, events::act(tx, audit::Actor::system("test"), who, id, req));
      (void)out;
      return ok_status();
    });
    EXPECT_TRUE(st) << events::action_code(a) << " on " << id << ": "
                    << (st ? "" : describe(st.error()));
    return st.ok();
  }

  // The workload: random paths through every branch of the workflow.
  void generate(int count, std::uint64_t seed = 20261121) {
    std::mt19937_64 rng(seed);
    auto uniform = [&](double a, double b) { return std::uniform_real_distribution<>(a, b)(rng); };
    auto chance = [&](double p) { return uniform(0, 1) < p; };
    auto after = [&](std::int64_t t, double min_minutes, double max_minutes) {
      return t + static_cast<std::int64_t>(uniform(min_minutes, max_minutes) * kMin);
    };
    auto admin = principal("admin", auth::Role::sysadmin, "110105");
    auto resident = principal("resident", auth::Role::resident, "110105-001-001");
    std::map<std::int64_t, auth::Principal> dept_staff;
    for (int d = 1; d <= 10; ++d) {
      const std::string code = "110105-D" + std::string(d < 10 ? "0" : "") + std::to_string(d);
      auto p = principal("dept", auth::Role::department_staff, code);
      dept_staff.emplace(p.grants[0].org_id, p);
    }
    const std::vector<std::string> grids{"110105-001-001-01", "110105-001-001-02",
                                         "110105-001-002-01", "110105-003-003-01"};
    const std::vector<std::int64_t> subs{subclass("0101"), subclass("0102"), subclass("0201")};
    std::map<std::string, std::int64_t> open_in_grid;

    for (int i = 0; i < count; ++i) {
      events::NewEvent in;
      in.subclass_id = subs[static_cast<std::size_t>(i) % subs.size()];
      in.title = "测试事件" + std::to_string(i);
      const auto& grid = grids[static_cast<std::size_t>(uniform(0, 1) * grids.size()) % 4];
      if (i % 9 == 4)
        in.community_id = unit("110105-001-001").id;  // the community's "no grid" queue
      else
        in.grid_id = unit(grid).id;
      const bool has_reporter = chance(0.7);
      in.channel = has_reporter ? events::Channel::resident : events::Channel::hotline;
      if (has_reporter) {
        in.reporter_id = resident.user_id;
        in.reporter_name = "王秀英";
      } else {
        in.external_ref = "kpi-" + std::to_string(seed) + "-" + std::to_string(i);
      }
      std::int64_t t = kT0 + static_cast<std::int64_t>(uniform(0, 20) * kDay);
      in.reported_at = t;
      auto filed = write_result(
          *store_, [&](Tx& tx) { return events::report(tx, audit::Actor::system("test"), in); });
      ASSERT_TRUE(filed) << describe(filed.error());
      const auto id = filed->event.id;
      const bool closed = [&] {
        const double path = uniform(0, 1);
        t = after(t, 10, 240);  // accept deadline: 120 min
        if (path < 0.07) {
          act(admin, id, Action::reject, t);
          return false;
        }
        if (path < 0.12) {  // a duplicate of the grid's latest event, if that is still open
          auto it = open_in_grid.find(grid);
          bool open = false;
          if (it != open_in_grid.end() && in.grid_id) {
            EXPECT_TRUE(store_->read([&](Tx& tx) -> Status {
              OG_ASSIGN(auto r, one_row(tx, "SELECT state FROM event WHERE id = ?", {it->second}));
              open = r.text(0) != "closed";
              return ok_status();
            }));
          }
          if (open) act(admin, id, Action::merge, t, std::nullopt, it->second);
          return false;  // merged, or stays reported
        }
        if (path < 0.18) return false;  // stays reported
        if (!act(admin, id, Action::accept, t)) return false;
        if (in.grid_id) open_in_grid[grid] = id;
        if (path < 0.26) return false;  // stays accepted
        if (path < 0.6) {               // in the grid
          if (!act(admin, id, Action::handle_in_grid, after(t, 5, 60))) return false;
          t = after(t, 60, 6 * 24 * 60);
          if (!act(admin, id, Action::resolve_in_grid, t)) return false;
          if (chance(0.2)) {  // reopened after the close, resolved again
            if (!act(admin, id, Action::reopen, t = after(t, 60, 24 * 60))) return false;
            if (chance(0.3)) return false;  // still open
            return act(admin, id, Action::resolve_in_grid, t = after(t, 60, 3 * 24 * 60));
          }
          return true;
        }
        // whistled: the subclass's lead and assisting departments
        if (!act(admin, id, Action::whistle, t = after(t, 10, 360))) return false;
        std::vector<std::int64_t> summoned;
        EXPECT_TRUE(store_->read([&](Tx& tx) -> Status {
          OG_ASSIGN(auto rows, tx.query("SELECT dept_id FROM event_dept WHERE event_id = ? "
                                        "ORDER BY role DESC, id",
                                        {id}));  // lead first
          for (const auto& r : rows) summoned.push_back(r.i64(0));
          return ok_status();
        }));
        if (summoned.empty()) return false;
        for (std::size_t d = summoned.size(); d-- > 0;) {  // assisting ones, then the lead
          if (chance(0.12)) continue;                      // never reports in
          if (!act(dept_staff.at(summoned[d]), id, Action::report_in, after(t, 10, 180)))
            return false;
        }
        const auto& lead = dept_staff.at(summoned[0]);
        bool lead_in = false;
        EXPECT_TRUE(store_->read([&](Tx& tx) -> Status {
          OG_ASSIGN(auto r, one_row(tx, "SELECT state FROM event WHERE id = ?", {id}));
          lead_in = r.text(0) == "handling";
          return ok_status();
        }));
        if (!lead_in) return false;
        t = after(t, 200, 4 * 24 * 60);
        if (!act(lead, id, Action::submit, t)) return false;
        if (chance(0.2)) {  // verification fails once
          if (!act(admin, id, Action::reopen, t = after(t, 30, 600))) return false;
          if (!act(lead, id, Action::submit, t = after(t, 60, 24 * 60))) return false;
        }
        if (chance(0.1)) return false;  // waiting for verification
        if (!act(admin, id, Action::verify, t = after(t, 30, 2 * 24 * 60))) return false;
        if (chance(0.1)) {  // reopened after the close, handled again
          if (!act(admin, id, Action::reopen, t = after(t, 60, 24 * 60))) return false;
          if (!act(lead, id, Action::submit, t = after(t, 60, 24 * 60))) return false;
          return act(admin, id, Action::verify, t = after(t, 30, 600));
        }
        return true;
      }();
      if (has_reporter && closed && chance(0.7))
        act(resident, id, Action::rate, after(t, 10, 600), static_cast<int>(uniform(1, 5.999)));
      if (has_reporter && chance(0.2)) {
        bool terminal = false;
        EXPECT_TRUE(store_->read([&](Tx& tx) -> Status {
          OG_ASSIGN(auto r, one_row(tx, "SELECT state FROM event WHERE id = ?", {id}));
          terminal = r.text(0) == "rejected" || r.text(0) == "merged";
          return ok_status();
        }));
        if (!terminal) act(resident, id, Action::complain, after(t, 10, 600));
      }
    }
    // one sweep at the end flags every open stage past its deadline
    auto swept = events::sweep(*store_, kT0 + 30 * kDay, 100000);
    ASSERT_TRUE(swept) << describe(swept.error());
    EXPECT_GT(swept->overdue, 0);
  }

  // Everything the comparison needs, read raw.
  void load_facts() {
    facts_.clear();
    ASSERT_TRUE(store_->read([&](Tx& tx) -> Status {
      OG_ASSIGN(auto subs, tx.query("SELECT id, accept_minutes, report_in_minutes, "
                                    "handle_minutes, verify_minutes FROM event_subclass"));
      for (const auto& r : subs)
        deadlines_[r.i64(0)] = Deadline{r.i64(1), r.i64(2), r.i64(3), r.i64(4)};
      OG_ASSIGN(auto units,
                tx.query("SELECT id, kind, code, path, population, active FROM org_unit"));
      for (const auto& r : units)
        units_.push_back({r.i64(0), r.text(1), r.text(2), r.text(3), r.opt_i64(4), r.i64(5) == 1});
      OG_ASSIGN(auto events, tx.query("SELECT id, COALESCE(grid_id, 0), community_id, "
                                      "street_id, org_path, subclass_id, channel, class_id "
                                      "FROM event ORDER BY id"));
      for (const auto& r : events) {
        Fact f;
        f.id = r.i64(0);
        f.grid = r.i64(1);
        f.community = r.i64(2);
        f.street = r.i64(3);
        f.path = r.text(4);
        f.subclass = r.i64(5);
        f.channel = r.text(6);
        f.class_id = r.i64(7);
        facts_[f.id] = f;
      }
      OG_ASSIGN(auto ts, tx.query("SELECT event_id, action, from_state, to_state, dept_id, "
                                  "data, at FROM event_transition ORDER BY id"));
      for (const auto& r : ts) {
        auto& f = facts_.at(r.i64(0));
        const auto action = r.text(1), from = r.text(2), to = r.text(3);
        const auto at = r.i64(6);
        const auto data = boost::json::parse(r.text(5));
        const auto& dl = deadlines_.at(f.subclass);
        f.state = to;
        if (action == "report") f.reported_at = at;
        if (action == "accept") f.accepted = true;
        if (to == "closed" && from != "closed") {
          f.closed_at = at;
          f.closed_in_grid = action == "resolve_in_grid";
        }
        if (action == "whistle") {
          f.whistled = true;
          const auto& ids = data.at("dept_ids").as_array();
          for (std::size_t i = 0; i < ids.size(); ++i)
            f.summons.push_back(Summon{ids[i].as_int64(),
                                       i == 0,
                                       at + dl.report_in * kMin,
                                       at + (dl.report_in + dl.handle) * kMin,
                                       at,
                                       {},
                                       {}});
        }
        for (auto& s : f.summons) {
          if (r.is_null(4) || s.dept != r.i64(4)) continue;
          if (action == "report_in" && !s.reported_in_at) s.reported_in_at = at;
          if (action == "submit") s.submitted_at = at;  // a resubmission replaces the first
        }
        if (action == "reopen") f.reopened = true;
        if (action == "rate") f.rating = data.at("rating").as_int64();
        if (action == "complain") ++f.complaints;
      }
      return ok_status();
    }));
    for (auto& [id, f] : facts_)
      if (f.state != "closed") f.closed_at.reset();
  }

  KpiSums event_sums(const Fact& f) const {
    KpiSums s;
    const auto& dl = deadlines_.at(f.subclass);
    const bool closed = f.state == "closed";
    s.reported = 1;
    s.accepted = f.accepted;
    s.rejected = f.state == "rejected";
    s.merged = f.state == "merged";
    s.closed = closed;
    s.whistled = f.whistled;
    s.rated = f.rating.has_value();
    s.rating_sum = f.rating.value_or(0);
    s.satisfied = f.rating.value_or(0) >= 4;
    s.complaints = f.complaints;
    if (closed) {
      const auto budget =
          (dl.accept + dl.handle + (f.whistled ? dl.accept + dl.report_in + dl.verify : 0)) * kMin;
      s.closed_on_time = *f.closed_at <= f.reported_at + budget;
      s.resolved_in_grid = f.closed_in_grid;
      s.reopened = f.reopened;
      s.handling_ms = *f.closed_at - f.reported_at;
      s.handling_hist[events::handling_bucket(s.handling_ms)] = 1;
    }
    return s;
  }
  static KpiSums summons_sums(const Summon& x) {
    KpiSums s;
    s.summoned = 1;
    s.report_ins = x.reported_in_at.has_value();
    s.report_ins_on_time = x.reported_in_at && *x.reported_in_at <= x.report_in_due;
    s.summoned_lead = x.lead;
    s.submitted = x.submitted_at.has_value();
    s.submitted_on_time = x.submitted_at && *x.submitted_at <= x.handle_due;
    s.dept_handling_ms = x.submitted_at ? *x.submitted_at - x.summoned_at : 0;
    return s;
  }
  std::string path_of(std::int64_t id) const {
    for (const auto& u : units_)
      if (u.id == id) return u.path;
    return "";
  }

  struct Expected {
    std::map<std::int64_t, KpiSums> rows;
    KpiSums total;
  };
  // The KPI table recomputed from the facts.
  Expected expected(const org::Scope& scope, const events::KpiQuery& q) const {
    Expected out;
    const std::string parent = q.parent_id ? path_of(*q.parent_id) : "";
    for (const auto& [id, f] : facts_) {
      if (f.reported_at < q.from || f.reported_at >= q.to) continue;
      if (f.path.rfind(parent, 0) != 0) continue;
      if (q.group == KpiGroup::department) {
        for (const auto& s : f.summons) {
          if (!scope.contains(f.path) && !scope.contains(path_of(s.dept))) continue;
          out.rows[s.dept].add(event_sums(f));
          out.rows[s.dept].add(summons_sums(s));
          out.total.add(event_sums(f));  // the total of the department rows
          out.total.add(summons_sums(s));
        }
        continue;
      }
      if (!scope.contains(f.path)) continue;
      const auto key = q.group == KpiGroup::grid        ? f.grid
                       : q.group == KpiGroup::community ? f.community
                                                        : f.street;
      auto sums = event_sums(f);
      for (const auto& s : f.summons) sums.add(summons_sums(s));
      out.rows[key].add(sums);
      out.total.add(sums);
    }
    return out;
  }

  void refresh(bool full = false) {
    auto r = events::refresh_kpi_rollup(*store_, full);
    ASSERT_TRUE(r) << describe(r.error());
  }

  void compare(const org::Scope& scope, const events::KpiQuery& q, const std::string& what) {
    SCOPED_TRACE(what);
    auto got = read_result(*store_, [&](Tx& tx) { return events::kpi_table(tx, scope, q); });
    ASSERT_TRUE(got) << describe(got.error());
    const auto want = expected(scope, q);
    EXPECT_EQ(got->total, want.total);
    // rows: every unit of the group in the scope (and under the parent), data or not
    const char* kind = q.group == KpiGroup::grid        ? "grid"
                       : q.group == KpiGroup::community ? "community"
                       : q.group == KpiGroup::street    ? "street"
                                                        : "department";
    const std::string parent = q.parent_id ? path_of(*q.parent_id) : "";
    std::set<std::int64_t> want_ids;
    for (const auto& u : units_) {
      if (u.kind != kind) continue;
      if (q.group == KpiGroup::department) {
        if (scope.contains(u.path) || want.rows.count(u.id)) want_ids.insert(u.id);
      } else if (scope.contains(u.path) && u.path.rfind(parent, 0) == 0) {
        want_ids.insert(u.id);
      }
    }
    std::set<std::int64_t> got_ids;
    for (const auto& row : got->items) {
      got_ids.insert(row.org_id);
      auto it = want.rows.find(row.org_id);
      EXPECT_EQ(row.sums, it == want.rows.end() ? KpiSums{} : it->second) << "row " << row.org_code;
    }
    EXPECT_EQ(got_ids, want_ids);
  }

  // Every kpi_rollup row as text, in key order.
  std::vector<std::string> rollup_rows() {
    static const char* const kColumns[] = {"grain",
                                           "day",
                                           "org_path",
                                           "dept_id",
                                           "dept_path",
                                           "grid_id",
                                           "community_id",
                                           "street_id",
                                           "reported",
                                           "accepted",
                                           "rejected",
                                           "merged",
                                           "closed",
                                           "closed_on_time",
                                           "resolved_in_grid",
                                           "whistled",
                                           "reopened",
                                           "rated",
                                           "rating_sum",
                                           "satisfied",
                                           "complaints",
                                           "handling_ms",
                                           "summoned",
                                           "report_ins",
                                           "report_ins_on_time",
                                           "summoned_lead",
                                           "submitted",
                                           "submitted_on_time",
                                           "dept_handling_ms",
                                           "closed_on_day",
                                           "overdue_on_day",
                                           "handling_hist",
                                           "class_counts",
                                           "channel_counts",
                                           "state_counts"};
    std::string sql = "SELECT ";
    for (const char* c : kColumns)
      sql += std::string(sql.size() > 7 ? " || '|' || " : "") + "CAST(" + c + " AS TEXT)";
    sql += " FROM kpi_rollup ORDER BY grain, day, org_path, dept_id";
    std::vector<std::string> out;
    EXPECT_TRUE(store_->read([&](Tx& tx) -> Status {
      OG_ASSIGN(auto rows, tx.query(sql));
      for (const auto& r : rows) out.push_back(r.text(0));
      return ok_status();
    }));
    return out;
  }

  // Is the event visible to the scope (its place, or a summoned department), and under `unit`
  // (by place; summoned to it when it is a department)?
  bool visible(const Fact& f, const org::Scope& scope, std::optional<std::int64_t> unit) const {
    bool seen = scope.contains(f.path);
    for (const auto& s : f.summons) seen = seen || scope.contains(path_of(s.dept));
    if (!seen || !unit) return seen;
    for (const auto& u : units_)
      if (u.id == *unit && u.kind == "department") {
        for (const auto& s : f.summons)
          if (s.dept == u.id) return true;
        return false;
      }
    return f.path.rfind(path_of(*unit), 0) == 0;
  }

  // Scopes and units to count from, including a scope holding two departments that some events
  // from outside it reached both of (they must count once).
  struct Case {
    std::string what;
    org::Scope scope;
    std::optional<std::int64_t> unit;
  };
  std::vector<Case> visibility_cases() {
    org::Scope two_departments = org::Scope::subtree(unit("110105-D01").path);
    two_departments.add(unit("110105-D02").path);
    two_departments.add(unit("110105-001-001").path);
    std::int64_t multi = 0;  // events outside community 1 summoned to both D01 and D02
    for (const auto& [id, f] : facts_) {
      int both = 0;
      for (const auto& s : f.summons)
        both += s.dept == unit("110105-D01").id || s.dept == unit("110105-D02").id;
      multi += both == 2 && !two_departments.contains(f.path);
    }
    EXPECT_GT(multi, 0) << "no event from elsewhere reached both departments";
    return {
        {"all", org::Scope::everything(), std::nullopt},
        {"community 1", org::Scope::subtree(unit("110105-001-001").path), std::nullopt},
        {"street 1", org::Scope::subtree(unit("110105-001").path), std::nullopt},
        {"D01", org::Scope::subtree(unit("110105-D01").path), std::nullopt},
        {"D01, street 2", org::Scope::subtree(unit("110105-D01").path), unit("110105-002").id},
        {"all, D02", org::Scope::everything(), unit("110105-D02").id},
        {"two departments", two_departments, std::nullopt},
        {"two departments, D01", two_departments, unit("110105-D01").id},
    };
  }

  struct UnitRow {
    std::int64_t id;
    std::string kind, code, path;
    std::optional<std::int64_t> population;
    bool active;
  };
  std::map<std::int64_t, Fact> facts_;
  std::map<std::int64_t, Deadline> deadlines_;
  std::vector<UnitRow> units_;
};

TEST_P(EventKpis, EveryFigureMatchesTheTransitions) {
  generate(70);
  refresh();
  load_facts();
  // the workload reached every branch
  std::map<std::string, int> states;
  int reopened = 0, rated = 0, complained = 0, late_report_ins = 0, missing = 0;
  for (const auto& [id, f] : facts_) {
    ++states[f.state];
    reopened += f.reopened;
    rated += f.rating.has_value();
    complained += f.complaints > 0;
    for (const auto& s : f.summons) {
      late_report_ins += s.reported_in_at && *s.reported_in_at > s.report_in_due;
      missing += !s.reported_in_at;
    }
  }
  for (const char* s : {"reported", "accepted", "rejected", "closed", "whistled", "submitted"})
    EXPECT_GT(states[s], 0) << s;
  EXPECT_GT(reopened, 0);
  EXPECT_GT(rated, 0);
  EXPECT_GT(complained, 0);
  EXPECT_GT(late_report_ins, 0);
  EXPECT_GT(missing, 0);

  const auto all = org::Scope::everything();
  const auto community1 = org::Scope::subtree(unit("110105-001-001").path);
  const auto street1 = org::Scope::subtree(unit("110105-001").path);
  const auto d01 = org::Scope::subtree(unit("110105-D01").path);
  struct Period {
    std::int64_t from, to;
  };
  const Period whole{kD0 - kDay, kD0 + 60 * kDay}, part{kD0 + 4 * kDay, kD0 + 11 * kDay};
  for (auto group : {KpiGroup::grid, KpiGroup::community, KpiGroup::street, KpiGroup::department}) {
    for (const auto& p : {whole, part}) {
      const std::string g(events::kpi_group_code(group));
      events::KpiQuery q{group, p.from, p.to, std::nullopt};
      compare(all, q, g + " all");
      compare(community1, q, g + " community1");
      compare(street1, q, g + " street1");
      compare(d01, q, g + " D01");
      q.parent_id = unit("110105-001").id;
      compare(all, q, g + " all under street 1");
    }
  }
}

TEST_P(EventKpis, ScopeNeverCountsAnotherCommunitysEvents) {
  generate(40);
  refresh();
  load_facts();
  const auto far = unit("110105-003-003");
  int far_events = 0;
  for (const auto& [id, f] : facts_) far_events += f.community == far.id;
  ASSERT_GT(far_events, 0);  // the far community has events to leak

  const auto community1 = unit("110105-001-001");
  events::KpiQuery q{KpiGroup::community, kD0 - kDay, kD0 + 60 * kDay, std::nullopt};
  auto got = read_result(*store_, [&](Tx& tx) {
    return events::kpi_table(tx, org::Scope::subtree(community1.path), q);
  });
  ASSERT_TRUE(got);
  ASSERT_EQ(got->items.size(), 1u);
  EXPECT_EQ(got->items[0].org_id, community1.id);
  std::int64_t mine = 0;
  for (const auto& [id, f] : facts_) mine += f.community == community1.id;
  EXPECT_EQ(got->total.reported, mine);
  EXPECT_EQ(got->items[0].sums.reported, mine);
  // the population is the community's own; the total has it too
  ASSERT_TRUE(got->items[0].population);
  EXPECT_GE(*got->items[0].population, 6000);
  EXPECT_LE(*got->items[0].population, 15000);
  EXPECT_EQ(got->total_population, got->items[0].population);

  // a street row sums its communities' residents
  q.group = KpiGroup::street;
  auto streets = read_result(
      *store_, [&](Tx& tx) { return events::kpi_table(tx, org::Scope::everything(), q); });
  ASSERT_TRUE(streets);
  ASSERT_EQ(streets->items.size(), 3u);
  for (const auto& row : streets->items) {
    std::int64_t sum = 0;
    for (const auto& u : units_)
      if (u.kind == "community" && u.path.rfind(path_of(row.org_id), 0) == 0)
        sum += u.population.value_or(0);
    EXPECT_EQ(row.population, sum) << row.org_code;
  }

  // series and breakdown: the same scope rule
  auto series = read_result(*store_, [&](Tx& tx) {
    return events::kpi_series(tx, org::Scope::subtree(community1.path), events::KpiInterval::month,
                              kD0 - kDay, kD0 + 60 * kDay, std::nullopt);
  });
  ASSERT_TRUE(series);
  std::int64_t reported = 0;
  for (const auto& p : *series) reported += p.reported;
  EXPECT_EQ(reported, mine);
  // asking for the far community's events from community 1 finds nothing
  auto far_series = read_result(*store_, [&](Tx& tx) {
    return events::kpi_breakdown(tx, org::Scope::subtree(community1.path),
                                 events::BreakdownBy::state, kD0 - kDay, kD0 + 60 * kDay, far.id);
  });
  ASSERT_TRUE(far_series);
  for (const auto& i : *far_series) EXPECT_EQ(i.count, 0) << i.key;
}

TEST_P(EventKpis, SeriesAndBreakdownMatchTheTransitions) {
  generate(50);
  refresh();
  load_facts();
  const std::int64_t from = kD0, to = from + 45 * kDay;
  auto series = read_result(*store_, [&](Tx& tx) {
    return events::kpi_series(tx, org::Scope::everything(), events::KpiInterval::day, from, to,
                              std::nullopt);
  });
  ASSERT_TRUE(series) << describe(series.error());
  ASSERT_EQ(series->size(), 45u);
  std::map<std::int64_t, std::array<std::int64_t, 3>>
      want;  // day index → reported, closed, overdue
  for (const auto& [id, f] : facts_) {
    ++want[(f.reported_at - from) / kDay][0];
    if (f.closed_at) ++want[(*f.closed_at - from) / kDay][1];
  }
  ASSERT_TRUE(store_->read([&](Tx& tx) -> Status {
    OG_ASSIGN(auto rows, tx.query("SELECT at FROM event_transition WHERE action = 'overdue'"));
    EXPECT_FALSE(rows.empty());
    for (const auto& r : rows) ++want[(r.i64(0) - from) / kDay][2];
    return ok_status();
  }));
  for (std::size_t d = 0; d < series->size(); ++d) {
    const auto& p = (*series)[d];
    const auto w = want[static_cast<std::int64_t>(d)];
    EXPECT_EQ(p.reported, w[0]) << p.period;
    EXPECT_EQ(p.closed, w[1]) << p.period;
    EXPECT_EQ(p.overdue, w[2]) << p.period;
  }
  EXPECT_EQ(series->front().period.size(), 10u);

  // months fold the days
  auto months = read_result(*store_, [&](Tx& tx) {
    return events::kpi_series(tx, org::Scope::everything(), events::KpiInterval::month, from, to,
                              std::nullopt);
  });
  ASSERT_TRUE(months);
  std::int64_t total = 0;
  for (const auto& m : *months) {
    EXPECT_EQ(m.period.size(), 7u);
    total += m.reported;
  }
  EXPECT_EQ(total, static_cast<std::int64_t>(facts_.size()));

  // breakdown by state and by channel over the cohort
  for (auto by : {events::BreakdownBy::state, events::BreakdownBy::channel}) {
    auto got = read_result(*store_, [&](Tx& tx) {
      return events::kpi_breakdown(tx, org::Scope::everything(), by, kD0 + 3 * kDay,
                                   kD0 + 15 * kDay, std::nullopt);
    });
    ASSERT_TRUE(got);
    std::map<std::string, std::int64_t> counts;
    for (const auto& [id, f] : facts_)
      if (f.reported_at >= kD0 + 3 * kDay && f.reported_at < kD0 + 15 * kDay)
        ++counts[by == events::BreakdownBy::state ? f.state : f.channel];
    std::int64_t sum = 0;
    for (const auto& i : *got) {
      EXPECT_EQ(i.count, counts[i.key]) << i.key;
      EXPECT_FALSE(i.name.empty());
      sum += i.count;
    }
    EXPECT_GT(sum, 0);
  }
  auto classes = read_result(*store_, [&](Tx& tx) {
    return events::kpi_breakdown(tx, org::Scope::everything(), events::BreakdownBy::event_class,
                                 from, to, std::nullopt);
  });
  ASSERT_TRUE(classes);
  EXPECT_EQ(classes->size(), 6u);
}

TEST_P(EventKpis, IncrementalRefreshFollowsNewAndOldEvents) {
  generate(30, 1);
  refresh();
  load_facts();
  const events::KpiQuery q{KpiGroup::community, kD0 - kDay, kD0 + 60 * kDay, std::nullopt};
  compare(org::Scope::everything(), q, "first");
  // reopen an event closed in the grid weeks ago, complain about another, and file new events
  std::int64_t reopened = 0, complained = 0;
  for (const auto& [id, f] : facts_) {
    if (!reopened && f.state == "closed" && f.closed_in_grid && f.community != 0) reopened = id;
    if (!complained && f.state == "accepted" && f.channel == "resident") complained = id;
  }
  ASSERT_NE(reopened, 0);
  auto admin = principal("admin", auth::Role::sysadmin, "110105");
  const auto closed_day = events::shanghai_day(*facts_.at(reopened).closed_at);
  ASSERT_TRUE(act(admin, reopened, Action::reopen, kT0 + 26 * kDay));
  if (complained) {
    auto resident = principal("resident", auth::Role::resident, "110105-001-001");
    ASSERT_TRUE(act(resident, complained, Action::complain, kT0 + 26 * kDay));
  }
  generate(20, 2);
  auto r = events::refresh_kpi_rollup(*store_);
  ASSERT_TRUE(r) << describe(r.error());
  EXPECT_FALSE(r->full);
  EXPECT_GT(r->days, 0);
  load_facts();
  compare(org::Scope::everything(), q, "after");
  // the reopened event's old close day no longer counts it
  auto series = read_result(*store_, [&](Tx& tx) {
    return events::kpi_series(tx, org::Scope::everything(), events::KpiInterval::day,
                              events::shanghai_day_start(closed_day),
                              events::shanghai_day_start(closed_day + 1), std::nullopt);
  });
  ASSERT_TRUE(series);
  ASSERT_EQ(series->size(), 1u);
  std::int64_t closes = 0;
  for (const auto& [id, f] : facts_)
    closes += f.closed_at && events::shanghai_day(*f.closed_at) == closed_day;
  EXPECT_EQ((*series)[0].closed, closes);
  // nothing new: nothing rebuilt; a full rebuild gives the same figures and the same rows,
  // months included (the refresh moved them by what their days changed)
  r = events::refresh_kpi_rollup(*store_);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->days, 0);
  const auto incremental = rollup_rows();
  refresh(true);
  compare(org::Scope::everything(), q, "full");
  EXPECT_EQ(rollup_rows(), incremental);
}

TEST_P(EventKpis, MonthRowsAreTheSumsOfTheirDays) {
  generate(40);
  refresh();
  // per month, place and department: events, summons, closes and flags of the day rows
  using Sums = std::array<std::int64_t, 5>;
  std::map<std::tuple<std::int64_t, std::string, std::int64_t>, Sums> days, months;
  ASSERT_TRUE(store_->read([&](Tx& tx) -> Status {
    OG_ASSIGN(auto rows, tx.query("SELECT grain, day, org_path, dept_id, reported, summoned, "
                                  "closed_on_day, overdue_on_day, handling_ms FROM kpi_rollup"));
    for (const auto& r : rows) {
      auto& into = r.i64(0) == 0 ? days : months;
      const auto month = events::month_first_day(r.i64(1));
      if (r.i64(0) == 1) {
        EXPECT_EQ(month, r.i64(1)) << "a month row starts its month";
      }
      auto& s = into[{month, r.text(2), r.i64(3)}];
      for (std::size_t i = 0; i < s.size(); ++i) s[i] += r.i64(4 + i);
    }
    return ok_status();
  }));
  std::erase_if(days, [](const auto& kv) { return kv.second == Sums{}; });
  EXPECT_FALSE(months.empty());
  EXPECT_EQ(months, days);
  // October 2026 lies wholly inside this period: the table reads it as month rows, and the
  // figures still match the transitions
  load_facts();
  const events::KpiQuery q{KpiGroup::department, kD0 - 10 * kDay, kD0 + 70 * kDay, std::nullopt};
  compare(org::Scope::everything(), q, "department, three months");
  compare(org::Scope::subtree(unit("110105-D01").path), q, "D01, three months");
}

TEST_P(EventKpis, BreakdownCountsEveryVisibleEventOnce) {
  generate(60);
  refresh();
  load_facts();
  std::map<std::int64_t, std::string> class_code;
  ASSERT_TRUE(store_->read([&](Tx& tx) -> Status {
    OG_ASSIGN(auto rows, tx.query("SELECT id, code FROM event_class"));
    for (const auto& r : rows) class_code[r.i64(0)] = r.text(1);
    return ok_status();
  }));
  const auto cases = visibility_cases();
  // Sep 20 – Nov 19: October whole (month rows), days at both ends
  const std::int64_t from = kD0 - kDay, to = kD0 + 60 * kDay;
  for (const auto& c : cases) {
    for (auto by : {events::BreakdownBy::event_class, events::BreakdownBy::channel,
                    events::BreakdownBy::state}) {
      SCOPED_TRACE(c.what + " by " + std::to_string(static_cast<int>(by)));
      auto got = read_result(*store_, [&](Tx& tx) {
        return events::kpi_breakdown(tx, c.scope, by, from, to, c.unit);
      });
      ASSERT_TRUE(got) << describe(got.error());
      std::map<std::string, std::int64_t> want;
      std::int64_t total = 0;
      for (const auto& [id, f] : facts_) {
        if (f.reported_at < from || f.reported_at >= to || !visible(f, c.scope, c.unit)) continue;
        ++want[by == events::BreakdownBy::event_class ? class_code.at(f.class_id)
               : by == events::BreakdownBy::channel   ? f.channel
                                                      : f.state];
        ++total;
      }
      std::int64_t sum = 0;
      for (const auto& i : *got) {
        EXPECT_EQ(i.count, want[i.key]) << i.key;
        sum += i.count;
      }
      EXPECT_EQ(sum, total);
    }
  }
}

TEST_P(EventKpis, SeriesCountsEveryVisibleEventOnce) {
  generate(60);
  refresh();
  load_facts();
  std::vector<std::pair<std::int64_t, std::int64_t>> flags;  // overdue flags: event, instant
  ASSERT_TRUE(store_->read([&](Tx& tx) -> Status {
    OG_ASSIGN(auto rows,
              tx.query("SELECT event_id, at FROM event_transition WHERE action = 'overdue'"));
    for (const auto& r : rows) flags.emplace_back(r.i64(0), r.i64(1));
    return ok_status();
  }));
  ASSERT_FALSE(flags.empty());
  const std::int64_t from = kD0 - kDay, to = kD0 + 60 * kDay;  // Sep 20 – Nov 19, by day
  for (const auto& c : visibility_cases()) {
    SCOPED_TRACE(c.what);
    auto got = read_result(*store_, [&](Tx& tx) {
      return events::kpi_series(tx, c.scope, events::KpiInterval::day, from, to, c.unit);
    });
    ASSERT_TRUE(got) << describe(got.error());
    ASSERT_EQ(got->size(), 61u);
    std::map<std::int64_t, std::array<std::int64_t, 3>> want;  // day → reported, closed, overdue
    for (const auto& [id, f] : facts_) {
      if (!visible(f, c.scope, c.unit)) continue;
      if (f.reported_at >= from && f.reported_at < to) ++want[(f.reported_at - from) / kDay][0];
      if (f.closed_at && *f.closed_at >= from && *f.closed_at < to)
        ++want[(*f.closed_at - from) / kDay][1];
    }
    for (const auto& [event, at] : flags)
      if (at >= from && at < to && visible(facts_.at(event), c.scope, c.unit))
        ++want[(at - from) / kDay][2];
    for (std::size_t d = 0; d < got->size(); ++d) {
      const auto& p = (*got)[d];
      const auto w = want[static_cast<std::int64_t>(d)];
      EXPECT_EQ(p.reported, w[0]) << p.period;
      EXPECT_EQ(p.closed, w[1]) << p.period;
      EXPECT_EQ(p.overdue, w[2]) << p.period;
    }
  }
}

TEST_P(EventKpis, UnknownParentIsInvalid) {
  events::KpiQuery q{KpiGroup::grid, kT0, kT0 + kDay, 999999};
  auto got = read_result(
      *store_, [&](Tx& tx) { return events::kpi_table(tx, org::Scope::everything(), q); });
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().code, "query.invalid");
  EXPECT_EQ(got.error().field, "parent_id");
}

ONEGRID_STORE_DRIVERS(EventKpis);

}  // namespace
}  // namespace onegrid::store::testing
