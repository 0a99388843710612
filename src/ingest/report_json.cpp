// Import report serialisation; see report_json.hpp.
#include "ingest/report_json.hpp"

#include <boost/json.hpp>

namespace onegrid::ingest {
namespace json = boost::json;

json::object report_json(const ImportReport& r) {
  json::object o;
  o["batch_id"] = r.batch_id;
  o["dry_run"] = r.dry_run;
  o["source"] = r.source;
  o["encoding"] = r.encoding;
  json::array cols;
  for (const auto& [header, field] : r.columns)
    cols.push_back(json::object{{"header", header}, {"field", field}});
  o["columns"] = std::move(cols);
  json::array ignored;
  for (const auto& h : r.ignored_columns) ignored.emplace_back(h);
  o["ignored_columns"] = std::move(ignored);
  auto n = [](std::size_t v) { return static_cast<std::int64_t>(v); };
  o["rows"] = json::object{{"total", n(r.rows_total)},   {"new", n(r.rows_new)},
                           {"merged", n(r.rows_merged)}, {"updated", n(r.rows_updated)},
                           {"same", n(r.rows_same)},     {"review", n(r.rows_review)},
                           {"error", n(r.rows_error)}};
  o["address_unmatched"] = n(r.address_unmatched);
  o["match_review"] = n(r.match_review);
  o["warnings"] = n(r.warnings);
  o["errors"] = n(r.errors);
  json::array issues;
  for (const auto& i : r.issues)
    issues.push_back(json::object{{"row", n(i.row_no)},
                                  {"record_key", i.record_key},
                                  {"field", i.field},
                                  {"code", i.code},
                                  {"value", i.value},
                                  {"severity", i.error ? "error" : "warning"}});
  o["issues"] = std::move(issues);
  json::array changes;
  for (const auto& c : r.changes)
    changes.push_back(json::object{{"row", n(c.row_no)},
                                   {"record_key", c.record_key},
                                   {"person_id", c.person_id},
                                   {"field", c.field},
                                   {"before", c.before},
                                   {"after", c.after}});
  o["changes"] = std::move(changes);
  o["seconds"] = r.seconds;
  o["phases"] = json::object{{"load", r.phases.load},    {"clean", r.phases.clean},
                             {"wait", r.phases.wait},    {"match", r.phases.match},
                             {"write", r.phases.write},  {"indexes", r.phases.indexes},
                             {"commit", r.phases.commit}};
  return o;
}

}  // namespace onegrid::ingest
