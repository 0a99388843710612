// `onegrid bench-data events --events N`: millions of events for the KPI benchmark
// (bench/kpi_bench.sh), written straight into the tables in big multi-row transactions. The
// demo seed walks every event through the real workflow and is far too slow for 5 million; this
// draws each event's whole path at once with the demo seed's probabilities and timings
// (acceptance, in-grid handling or a whistle with lead and assisting departments, late stages,
// reopenings, ratings, complaints, events still open at every stage) and writes the event row,
// its summoned departments and one `overdue` transition per missed deadline, then rebuilds the
// KPI rollup. It writes no full timelines, attachments, audit records or notifications: the
// KPIs read none of them.
// `onegrid bench-data people --persons N --out DIR` writes the import benchmark's department
// extracts (demo/people_extracts.hpp) after seeding enough standard addresses.

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <random>

#include "app/commands.hpp"
#include "app/config.hpp"
#include "app/setup.hpp"
#include "base/clock.hpp"
#include "demo/address_seed.hpp"
#include "demo/people_extracts.hpp"
#include "demo/population_seed.hpp"
#include "demo/seed.hpp"
#include "events/kpi_rollup.hpp"
#include "events/search_index.hpp"
#include "events/taxonomy_store.hpp"

namespace onegrid::app {
namespace {

constexpr std::int64_t kMin = 60'000;
constexpr std::int64_t kHour = 60 * kMin;
constexpr std::int64_t kDay = 24 * kHour;
constexpr std::size_t kRowsPerInsert = 100;
constexpr std::size_t kEventsPerTx = 20'000;

struct Grid {
  std::int64_t id, community, street;
  std::string path;
};

struct EventRow {
  std::int64_t id = 0, class_id = 0, subclass_id = 0;
  std::string state = "reported";
  const char* channel = "grid_worker";
  int priority = 2;
  const Grid* grid = nullptr;
  std::optional<std::int64_t> lead_dept;
  std::optional<std::string> stage;
  std::optional<std::int64_t> stage_started_at, stage_due_at;
  bool overdue = false, was_whistled = false, resolved_in_grid = false;
  std::int64_t reopen_count = 0;
  std::optional<int> rating;
  std::int64_t complaints = 0;
  std::int64_t reported_at = 0;
  std::optional<std::int64_t> accepted_at, closed_at;
  std::int64_t updated_at = 0;
};

struct DeptRow {
  std::int64_t event_id, dept_id;
  std::string path;
  bool lead;
  std::int64_t summoned_at, report_in_due;
  std::optional<std::int64_t> reported_in_at;
  std::int64_t handle_due;
  std::optional<std::int64_t> submitted_at;
};

struct OverdueRow {
  std::int64_t event_id;
  std::string state;
  std::optional<std::int64_t> dept_id;
  std::int64_t at;
};

class Generator {
 public:
  Generator(std::uint64_t seed, std::int64_t now) : rng_(seed), now_(now) {}

  double uniform(double a, double b) { return std::uniform_real_distribution<>(a, b)(rng_); }
  bool chance(double p) { return uniform(0, 1) < p; }
  std::int64_t minutes(double a, double b) {
    return static_cast<std::int64_t>(uniform(a, b) * kMin);
  }
  // How long a stage takes: mostly well inside its deadline, late with probability `late`.
  std::int64_t within(std::int64_t deadline_min, double late) {
    const double f = chance(late) ? uniform(1.05, 2.5) : uniform(0.05, 0.9);
    return static_cast<std::int64_t>(f * static_cast<double>(deadline_min) * kMin);
  }

  // Draws the event's path up to `now`; fills its row, its summons and its missed deadlines.
  void simulate(const events::EventSubclass& sub,
                const std::map<std::int64_t, std::string>& dept_paths, EventRow& e,
                std::vector<DeptRow>& depts, std::vector<OverdueRow>& overdue) {
    const auto& dl = sub.deadlines;
    std::int64_t t = e.reported_at;
    // enter: the event is in `state` from `at` with a stage deadline (or none)
    auto enter = [&](const char* state, const char* stage, std::int64_t at,
                     std::int64_t deadline_min) {
      e.state = state;
      e.updated_at = at;
      if (stage) {
        e.stage = stage;
        e.stage_started_at = at;
        e.stage_due_at = at + deadline_min * kMin;
      } else {
        e.stage.reset();
        e.stage_started_at.reset();
        e.stage_due_at.reset();
      }
    };
    // leave the current stage at `at`: a stage left after its deadline was flagged at the time
    auto leave = [&](std::int64_t at) {
      if (e.stage_due_at && at > *e.stage_due_at && *e.stage_due_at < now_)
        overdue.push_back({e.id, e.state, std::nullopt, *e.stage_due_at});
    };
    // still open at `now`: flagged if its deadline passed
    auto open = [&] {
      if (e.stage_due_at && *e.stage_due_at < now_) {
        e.overdue = true;
        overdue.push_back({e.id, e.state, std::nullopt, *e.stage_due_at});
      }
    };
    enter("reported", "accept", t, dl.accept);
    const auto accept_at = t + within(dl.accept, 0.07);
    if (accept_at >= now_) return open();
    leave(accept_at);
    if (chance(0.03)) return enter("rejected", nullptr, accept_at, 0);
    if (chance(0.02)) return enter("merged", nullptr, accept_at, 0);
    e.accepted_at = accept_at;
    enter("accepted", "handle", accept_at, dl.handle);
    const bool whistle = sub.lead_dept_id && chance(sub.priority == 1 ? 0.8 : 0.35);
    if (!whistle) {
      t = accept_at + minutes(5, 90);
      if (t >= now_) return open();
      enter("in_grid", "handle", t, dl.handle);
      t += within(dl.handle, 0.06);
      if (t >= now_) return open();
      leave(t);
      enter("closed", nullptr, t, 0);
      e.resolved_in_grid = true;
      e.closed_at = t;
      if (chance(0.05)) {  // reopened by the community, resolved again
        t += minutes(60, 24 * 60);
        if (t >= now_) return rate(e);
        e.reopen_count = 1;
        e.closed_at.reset();
        e.resolved_in_grid = false;
        enter("in_grid", "handle", t, dl.handle);
        t += within(dl.handle, 0.1);
        if (t >= now_) return open();
        leave(t);
        enter("closed", nullptr, t, 0);
        e.resolved_in_grid = true;
        e.closed_at = t;
      }
      return rate(e);
    }
    if (chance(0.5)) {  // the community escalates; the street whistles within its accept time
      t = accept_at + minutes(10, 60);
      if (t >= now_) return open();
      enter("escalated", "accept", t, dl.accept);
      t += within(dl.accept, 0.06);
    } else {
      t = accept_at + minutes(10, 240);
    }
    if (t >= now_) return open();
    leave(t);
    const std::int64_t w = t;
    e.was_whistled = true;
    e.lead_dept = sub.lead_dept_id;
    enter("whistled", "report_in", w, dl.report_in);
    std::vector<std::int64_t> summoned{*sub.lead_dept_id};
    for (auto a : sub.assist_dept_ids) summoned.push_back(a);
    const std::size_t first = depts.size();
    for (std::size_t i = 0; i < summoned.size(); ++i) {
      const bool late = i == 0 ? chance(0.1) : chance(0.08);
      const auto due = w + dl.report_in * kMin;
      const auto at = w + within(dl.report_in, late ? 1.0 : 0.0);
      DeptRow d{e.id, summoned[i],  dept_paths.at(summoned[i]), i == 0,      w,
                due,  std::nullopt, due + dl.handle * kMin,     std::nullopt};
      if (at < now_) d.reported_in_at = at;
      if ((at > due || at >= now_) && due < now_)
        overdue.push_back({e.id, "whistled", summoned[i], due});
      depts.push_back(std::move(d));
    }
    auto& lead = depts[first];
    if (!lead.reported_in_at) {
      e.overdue = lead.report_in_due < now_;
      return;
    }
    t = *lead.reported_in_at;
    e.stage_due_at.reset();  // the report-in lateness was flagged per department above
    enter("handling", "handle", t, dl.handle);
    t += within(dl.handle, 0.08);
    if (t >= now_) return open();
    leave(t);
    lead.submitted_at = t;
    enter("submitted", "verify", t, dl.verify);
    if (chance(0.1)) {  // verification fails once: handled and submitted again
      t += within(dl.verify, 0.06);
      if (t >= now_) return open();
      leave(t);
      e.reopen_count = 1;
      enter("handling", "handle", t, dl.handle);
      t += within(dl.handle, 0.1);
      if (t >= now_) return open();
      leave(t);
      lead.submitted_at = t;
      enter("submitted", "verify", t, dl.verify);
    }
    t += within(dl.verify, 0.06);
    if (t >= now_) return open();
    leave(t);
    enter("closed", nullptr, t, 0);
    e.closed_at = t;
    rate(e);
  }

 private:
  // The reporter rates most closed events (more 5s than 1s); a few complain.
  void rate(EventRow& e) {
    if (e.state == "closed" && chance(0.65)) {
      const double u = uniform(0, 1);
      e.rating = u < 0.55 ? 5 : u < 0.85 ? 4 : u < 0.95 ? 3 : u < 0.98 ? 2 : 1;
    }
    if (chance(0.04)) e.complaints = 1;
  }

  std::mt19937_64 rng_;
  std::int64_t now_;
};

std::string placeholders(std::size_t rows, std::size_t cols) {
  std::string one = "(";
  for (std::size_t c = 0; c < cols; ++c) one += c ? ", ?" : "?";
  one += ")";
  std::string out;
  for (std::size_t r = 0; r < rows; ++r) out += (r ? ", " : "") + one;
  return out;
}

// Inserts `rows` (each a vector of `cols` values) in multi-row statements.
Status insert_rows(store::Tx& tx, const std::string& head, std::size_t cols,
                   const std::vector<store::Value>& values) {
  const std::size_t n = values.size() / cols;
  for (std::size_t i = 0; i < n; i += kRowsPerInsert) {
    const std::size_t k = std::min(kRowsPerInsert, n - i);
    std::span<const store::Value> part(values.data() + i * cols, k * cols);
    OG_TRY(tx.exec(head + placeholders(k, cols), part));
  }
  return ok_status();
}

int run_bench_events(Config& cfg, int count) {
  setup_logging(cfg);
  auto st = open_migrated_store(cfg);
  if (!st) return fail(st.error());
  store::Store& store = **st;
  if (auto r = demo::seed_demo(store, 1); !r) return fail(r.error());
  if (auto t = ensure_taxonomy(store); !t) return fail(t.error());
  if (auto p = demo::seed_population(store); !p) return fail(p.error());

  std::vector<Grid> grids;
  std::vector<events::EventSubclass> subs;
  std::map<std::int64_t, std::string> dept_paths;
  std::int64_t next_id = 1;
  auto loaded = store.read([&](store::Tx& tx) -> Status {
    OG_ASSIGN(auto rows, tx.query("SELECT g.id, g.parent_id, c.parent_id, g.path FROM org_unit g "
                                  "JOIN org_unit c ON c.id = g.parent_id WHERE g.kind = 'grid' "
                                  "AND g.active = 1 ORDER BY g.id"));
    for (const auto& r : rows) grids.push_back({r.i64(0), r.i64(1), r.i64(2), r.text(3)});
    OG_ASSIGN(auto depts,
              tx.query("SELECT id, path FROM org_unit WHERE kind = 'department' ORDER BY id"));
    for (const auto& r : depts) dept_paths[r.i64(0)] = r.text(1);
    OG_ASSIGN(subs, events::list_subclasses(tx, false));
    OG_ASSIGN(auto max, tx.query("SELECT COALESCE(MAX(id), 0) FROM event"));
    next_id = (max.empty() ? 0 : max[0].i64(0)) + 1;
    return ok_status();
  });
  if (!loaded) return fail(loaded.error());
  if (grids.empty() || subs.empty())
    return fail(internal_error("bench.no_demo", "the store has no grids or no taxonomy"));

  const std::int64_t now = now_ms();
  Generator gen(static_cast<std::uint64_t>(count) * 7919 + 17, now);
  // Filing times over the past year, fewer at night.
  std::vector<std::int64_t> times;
  times.reserve(static_cast<std::size_t>(count));
  while (times.size() < static_cast<std::size_t>(count)) {
    const auto t = now - 365 * kDay + static_cast<std::int64_t>(gen.uniform(0, 365.0 * kDay));
    const double hour = static_cast<double>((t + 8 * kHour) % kDay) / kHour;
    if (gen.chance(hour >= 7 && hour <= 21 ? 1.0 : 0.25)) times.push_back(t);
  }
  std::sort(times.begin(), times.end());

  const std::string event_head =
      "INSERT INTO event (id, class_id, subclass_id, state, channel, priority, title, grid_id, "
      "community_id, street_id, org_path, reporter_name, lead_dept_id, stage, stage_started_at, "
      "stage_due_at, overdue, was_whistled, resolved_in_grid, reopen_count, rating, complaints, "
      "reported_at, accepted_at, closed_at, version, updated_at) VALUES ";
  constexpr std::size_t kEventCols = 27;
  const std::string dept_head =
      "INSERT INTO event_dept (event_id, dept_id, dept_path, role, summoned_at, report_in_due, "
      "reported_in_at, handle_due, submitted_at) VALUES ";
  constexpr std::size_t kDeptCols = 9;
  const std::string overdue_head =
      "INSERT INTO event_transition (event_id, action, from_state, to_state, actor_name, "
      "actor_role, dept_id, at) VALUES ";
  constexpr std::size_t kOverdueCols = 8;

  const auto started = std::chrono::steady_clock::now();
  std::size_t done = 0;
  std::int64_t summons = 0, flags = 0;
  while (done < times.size()) {
    const std::size_t end = std::min(times.size(), done + kEventsPerTx);
    std::vector<store::Value> ev, dv, ov;
    ev.reserve((end - done) * kEventCols);
    std::vector<DeptRow> depts;
    std::vector<OverdueRow> overdue;
    for (std::size_t i = done; i < end; ++i) {
      EventRow e;
      e.id = next_id++;
      e.reported_at = times[i];
      e.grid = &grids[static_cast<std::size_t>(gen.uniform(0, 1) * grids.size()) % grids.size()];
      const auto& sub =
          subs[static_cast<std::size_t>(gen.uniform(0, 1) * subs.size()) % subs.size()];
      e.class_id = sub.class_id;
      e.subclass_id = sub.id;
      e.priority = sub.priority;
      const double c = gen.uniform(0, 1);
      e.channel = c < 0.5    ? "grid_worker"
                  : c < 0.68 ? "resident"
                  : c < 0.9  ? "hotline"
                  : c < 0.94 ? "open311"
                             : "sensor";
      gen.simulate(sub, dept_paths, e, depts, overdue);
      for (store::Value v : {store::Value(e.id),
                             store::Value(e.class_id),
                             store::Value(e.subclass_id),
                             store::Value(e.state),
                             store::Value(e.channel),
                             store::Value(e.priority),
                             store::Value(sub.name),
                             store::Value(e.grid->id),
                             store::Value(e.grid->community),
                             store::Value(e.grid->street),
                             store::Value(e.grid->path),
                             store::Value("bench"),
                             store::Value(e.lead_dept),
                             store::Value(e.stage),
                             store::Value(e.stage_started_at),
                             store::Value(e.stage_due_at),
                             store::Value(e.overdue),
                             store::Value(e.was_whistled),
                             store::Value(e.resolved_in_grid),
                             store::Value(e.reopen_count),
                             store::Value(e.rating),
                             store::Value(e.complaints),
                             store::Value(e.reported_at),
                             store::Value(e.accepted_at),
                             store::Value(e.closed_at),
                             store::Value(1),
                             store::Value(std::max(e.updated_at, e.reported_at))})
        ev.push_back(std::move(v));
    }
    for (const auto& d : depts)
      for (store::Value v :
           {store::Value(d.event_id), store::Value(d.dept_id), store::Value(d.path),
            store::Value(d.lead ? "lead" : "assist"), store::Value(d.summoned_at),
            store::Value(d.report_in_due), store::Value(d.reported_in_at),
            store::Value(d.handle_due), store::Value(d.submitted_at)})
        dv.push_back(std::move(v));
    for (const auto& o : overdue)
      for (store::Value v : {store::Value(o.event_id), store::Value("overdue"),
                             store::Value(o.state), store::Value(o.state), store::Value("系统"),
                             store::Value("system"), store::Value(o.dept_id), store::Value(o.at)})
        ov.push_back(std::move(v));
    auto written = store.write([&](store::Tx& tx) -> Status {
      OG_TRY(insert_rows(tx, event_head, kEventCols, ev));
      OG_TRY(insert_rows(tx, dept_head, kDeptCols, dv));
      OG_TRY(insert_rows(tx, overdue_head, kOverdueCols, ov));
      events::index_events_at_commit(tx);
      return ok_status();
    });
    if (!written) return fail(written.error());
    summons += static_cast<std::int64_t>(depts.size());
    flags += static_cast<std::int64_t>(overdue.size());
    done = end;
    if (done % 500'000 < kEventsPerTx || done == times.size()) {
      const double secs =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
      std::fprintf(stderr, "bench-data: %zu events (%.0f/s)\n", done,
                   static_cast<double>(done) / std::max(secs, 1e-3));
    }
  }
  auto finished = store.write([&](store::Tx& tx) -> Status {
    if (tx.driver() == store::Driver::postgres)
      OG_TRY(
          tx.query("SELECT setval(pg_get_serial_sequence('event', 'id'), (SELECT MAX(id) FROM "
                   "event))"));
    OG_TRY(tx.exec("ANALYZE"));
    return ok_status();
  });
  if (!finished) return fail(finished.error());
  const auto rolled_from = std::chrono::steady_clock::now();
  auto rollup = events::refresh_kpi_rollup(store, true);
  if (!rollup) return fail(rollup.error());
  std::fprintf(
      stderr, "bench-data: KPI rollup of %d days rebuilt in %.1f s\n", rollup->days,
      std::chrono::duration<double>(std::chrono::steady_clock::now() - rolled_from).count());
  std::printf("bench-data: %zu events, %lld summons, %lld overdue flags\n", times.size(),
              static_cast<long long>(summons), static_cast<long long>(flags));
  return 0;
}

// `bench-data people`: enough standard-address rooms in the store, then the four department
// extracts and the truth file (demo/people_extracts.hpp).
int run_bench_people(Config& cfg, std::int64_t persons, const std::string& out,
                     std::uint64_t seed) {
  setup_logging(cfg);
  auto st = open_migrated_store(cfg);
  if (!st) return fail(st.error());
  store::Store& store = **st;
  if (auto r = demo::seed_demo(store, 1); !r) return fail(r.error());
  demo::AddressSeedOptions ao;
  ao.min_rooms = static_cast<std::int64_t>(static_cast<double>(persons) * demo::kRoomsPerPerson);
  auto seeded = demo::seed_addresses(store, ao);
  if (!seeded) return fail(seeded.error());
  std::fprintf(stderr, "bench-data: %lld rooms added (%lld in the store) in %.1f s\n",
               static_cast<long long>(seeded->rooms), static_cast<long long>(seeded->rooms_total),
               seeded->seconds);
  auto rooms = demo::list_rooms(store);
  if (!rooms) return fail(rooms.error());
  auto r = demo::write_people_extracts(*rooms, {persons, out, seed});
  if (!r) return fail(r.error());
  std::fprintf(stderr,
               "bench-data: %lld persons in %lld households (%lld rooms; aged 60+ %lld, 80+ %lld, "
               "living alone %lld, migrants %lld, overseas %lld)\n"
               "bench-data: police %lld, civil %lld, health %lld, housing %lld rows; truth %lld; "
               "%.1f MB in %.1f s\n",
               static_cast<long long>(r->persons), static_cast<long long>(r->households),
               static_cast<long long>(r->rooms_used), static_cast<long long>(r->aged60),
               static_cast<long long>(r->aged80), static_cast<long long>(r->living_alone),
               static_cast<long long>(r->migrants), static_cast<long long>(r->overseas),
               static_cast<long long>(r->police), static_cast<long long>(r->civil),
               static_cast<long long>(r->health), static_cast<long long>(r->housing),
               static_cast<long long>(r->truth), static_cast<double>(r->bytes) / 1e6, r->seconds);
  return 0;
}

}  // namespace

void add_bench_data_command(CLI::App& app, Config& cfg) {
  auto* bench = app.add_subcommand("bench-data", "Generate bulk data for the benchmarks");
  bench->require_subcommand(1);
  auto* ev = bench->add_subcommand(
      "events", "Append N events of the past year (rows, summons, overdue flags) for bench/kpi");
  add_store_options(*ev, cfg);
  static int count = 200'000;
  ev->add_option("--events", count, "How many events")
      ->check(CLI::Range(1, 100'000'000))
      ->capture_default_str();
  ev->final_callback([ev, &cfg] {
    auto st = finalize(*ev, cfg);
    if (!st) {
      std::fprintf(stderr, "onegrid: %s\n", st.error().message.c_str());
      std::exit(2);
    }
    std::exit(run_bench_events(cfg, count));
  });
  auto* people = bench->add_subcommand(
      "people", "Write four department extracts (police, civil, health, housing) and the truth");
  add_store_options(*people, cfg);
  static std::int64_t persons = 100'000;
  static std::string out_dir;
  static std::uint64_t people_seed = 1;
  people->add_option("--persons", persons, "How many persons")
      ->check(CLI::Range(std::int64_t{1}, std::int64_t{20'000'000}))
      ->capture_default_str();
  people->add_option("--out", out_dir, "Directory for the files")->required();
  people->add_option("--seed", people_seed, "Random seed")->capture_default_str();
  people->final_callback([people, &cfg] {
    auto st = finalize(*people, cfg);
    if (!st) {
      std::fprintf(stderr, "onegrid: %s\n", st.error().message.c_str());
      std::exit(2);
    }
    std::exit(run_bench_people(cfg, persons, out_dir, people_seed));
  });
}

}  // namespace onegrid::app
