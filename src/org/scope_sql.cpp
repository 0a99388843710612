#include "org/scope_sql.hpp"

namespace onegrid::org {
namespace {

// "/1/4/17/": a root must be a well-formed materialised path, or it would widen the filter
// (an empty root would become LIKE '%', which matches everything).
bool well_formed(const std::string& p) {
  if (p.size() < 3 || p.front() != '/' || p.back() != '/') return false;
  std::size_t run = 0;  // digits since the last '/'
  for (std::size_t i = 1; i < p.size(); ++i) {
    if (p[i] == '/') {
      if (run == 0) return false;  // "//"
      run = 0;
    } else if (p[i] >= '0' && p[i] <= '9') {
      ++run;
    } else {
      return false;
    }
  }
  return true;
}

}  // namespace

void append_scope_filter(std::string& sql, std::vector<store::Value>& params, const Scope& scope,
                         std::string_view path_expr) {
  if (scope.all) return;
  std::vector<const std::string*> roots;
  for (const auto& p : scope.paths)
    if (well_formed(p)) roots.push_back(&p);
  if (roots.empty()) {
    sql += " AND 1 = 0";
    return;
  }
  sql += " AND (";
  for (std::size_t i = 0; i < roots.size(); ++i) {
    if (i) sql += " OR ";
    sql += path_expr;
    sql += " LIKE ?";
    // well-formed paths hold only digits and '/', so no LIKE metacharacter needs escaping
    params.emplace_back(*roots[i] + "%");
  }
  sql += ")";
}

}  // namespace onegrid::org
