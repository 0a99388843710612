#include "events/kpi_sql.hpp"

#include "events/kpi_rollup.hpp"

namespace onegrid::events::kpi_sql {

const std::string& event_columns() {
  static const std::string cols = [] {
    const std::string budget =
        "60000 * (s.accept_minutes + s.handle_minutes + CASE WHEN e.was_whistled = 1 THEN "
        "s.accept_minutes + s.report_in_minutes + s.verify_minutes ELSE 0 END)";
    return "COUNT(*), "
           "SUM(CASE WHEN e.accepted_at IS NOT NULL THEN 1 ELSE 0 END), "
           "SUM(CASE WHEN e.state = 'rejected' THEN 1 ELSE 0 END), "
           "SUM(CASE WHEN e.state = 'merged' THEN 1 ELSE 0 END), "
           "SUM(CASE WHEN e.state = 'closed' THEN 1 ELSE 0 END), "
           "SUM(CASE WHEN e.state = 'closed' AND e.closed_at <= e.reported_at + " +
           budget +
           " THEN 1 ELSE 0 END), "
           "SUM(CASE WHEN e.state = 'closed' AND e.resolved_in_grid = 1 THEN 1 ELSE 0 END), "
           "SUM(CASE WHEN e.was_whistled = 1 THEN 1 ELSE 0 END), "
           "SUM(CASE WHEN e.state = 'closed' AND e.reopen_count > 0 THEN 1 ELSE 0 END), "
           "SUM(CASE WHEN e.rating IS NOT NULL THEN 1 ELSE 0 END), "
           "SUM(CASE WHEN e.rating IS NOT NULL THEN e.rating ELSE 0 END), "
           "SUM(CASE WHEN e.rating >= 4 THEN 1 ELSE 0 END), "
           "SUM(e.complaints), "
           "SUM(CASE WHEN e.state = 'closed' THEN e.closed_at - e.reported_at ELSE 0 END)";
  }();
  return cols;
}

const std::string& summons_columns() {
  static const std::string cols =
      "COUNT(*), "
      "SUM(CASE WHEN d.reported_in_at IS NOT NULL THEN 1 ELSE 0 END), "
      "SUM(CASE WHEN d.reported_in_at <= d.report_in_due THEN 1 ELSE 0 END), "
      "SUM(CASE WHEN d.role = 'lead' THEN 1 ELSE 0 END), "
      "SUM(CASE WHEN d.submitted_at IS NOT NULL THEN 1 ELSE 0 END), "
      "SUM(CASE WHEN d.submitted_at <= d.handle_due THEN 1 ELSE 0 END), "
      "SUM(CASE WHEN d.submitted_at IS NOT NULL THEN d.submitted_at - d.summoned_at ELSE 0 "
      "END)";
  return cols;
}

const std::string& bucket_column() {
  static const std::string col = "CASE WHEN e.state = 'closed' THEN " +
                                 handling_bucket_sql("e.closed_at - e.reported_at") +
                                 " ELSE -1 END";
  return col;
}

void add_event_sums(const store::Row& r, std::size_t at, int bucket, KpiSums& s) {
  KpiSums x;
  x.reported = r.i64(at + 0);
  x.accepted = r.i64(at + 1);
  x.rejected = r.i64(at + 2);
  x.merged = r.i64(at + 3);
  x.closed = r.i64(at + 4);
  x.closed_on_time = r.i64(at + 5);
  x.resolved_in_grid = r.i64(at + 6);
  x.whistled = r.i64(at + 7);
  x.reopened = r.i64(at + 8);
  x.rated = r.i64(at + 9);
  x.rating_sum = r.i64(at + 10);
  x.satisfied = r.i64(at + 11);
  x.complaints = r.i64(at + 12);
  x.handling_ms = r.i64(at + 13);
  if (bucket >= 0 && x.closed > 0) x.handling_hist[bucket] = x.closed;
  s.add(x);
}

void add_summons_sums(const store::Row& r, std::size_t at, KpiSums& s) {
  s.summoned += r.i64(at + 0);
  s.report_ins += r.i64(at + 1);
  s.report_ins_on_time += r.i64(at + 2);
  s.summoned_lead += r.i64(at + 3);
  s.submitted += r.i64(at + 4);
  s.submitted_on_time += r.i64(at + 5);
  s.dept_handling_ms += r.i64(at + 6);
}

const std::string& rollup_sum_columns() {
  static const std::string cols =
      "r.reported, r.accepted, r.rejected, r.merged, r.closed, r.closed_on_time, "
      "r.resolved_in_grid, r.whistled, r.reopened, r.rated, r.rating_sum, r.satisfied, "
      "r.complaints, r.handling_ms, r.summoned, r.report_ins, r.report_ins_on_time, "
      "r.summoned_lead, r.submitted, r.submitted_on_time, r.dept_handling_ms, r.handling_hist";
  return cols;
}

void add_rollup_sums(const store::Row& r, std::size_t at, KpiSums& s, std::int64_t times) {
  if (times != 1) {
    KpiSums x;
    add_rollup_sums(r, at, x);
    s.add(x, times);
    return;
  }
  add_event_sums(r, at, -1, s);
  add_summons_sums(r, at + kEventColumns, s);
  add_hist(r.text(at + kEventColumns + kSummonsColumns), s.handling_hist);
}

}  // namespace onegrid::events::kpi_sql
