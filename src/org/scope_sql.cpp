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
  sql += " AND ";
  append_scope_condition(sql, params, scope, path_expr);
}

void append_scope_condition(std::string& sql, std::vector<store::Value>& params, const Scope& scope,
                            std::string_view path_expr) {
  if (scope.all) {
    sql += "1 = 1";
    return;
  }
  std::vector<const std::string*> roots;
  for (const auto& p : scope.paths)
    if (well_formed(p)) roots.push_back(&p);
  if (roots.empty()) {
    sql += "1 = 0";
    return;
  }
  sql += "(";
  for (std::size_t i = 0; i < roots.size(); ++i) {
    if (i) sql += " OR ";
    // The subtree of "/1/4/" is every path in ["/1/4/", "/1/40"): paths hold only digits and
    // '/', and '0' follows '/' in byte order. A range uses the path index and, unlike LIKE with a
    // bound pattern, does not make SQLite re-prepare the statement on every execution.
    std::string upper = *roots[i];
    upper.back() = '0';
    sql += "(";
    sql += path_expr;
    sql += " >= ? AND ";
    sql += path_expr;
    sql += " < ?)";
    params.emplace_back(*roots[i]);
    params.emplace_back(std::move(upper));
  }
  sql += ")";
}

}  // namespace onegrid::org
