#pragma once
// Turns a Scope into a SQL filter on a materialised-path expression, so every store query over
// scoped rows applies the caller's scope in one place.

#include <string>
#include <string_view>
#include <vector>

#include "org/scope.hpp"
#include "store/store.hpp"

namespace onegrid::org {

// Appends " AND ((<path_expr> >= ? AND <path_expr> < ?) OR …)", a byte-order prefix range per
// scope root (path columns are collated "C" on PostgreSQL); nothing for an all-seeing scope;
// " AND 1 = 0" for an empty scope.
void append_scope_filter(std::string& sql, std::vector<store::Value>& params, const Scope& scope,
                         std::string_view path_expr);
// The same filter as a bare condition "(…)" ("1 = 1" for all, "1 = 0" for none), for OR-ing
// with other visibility rules.
void append_scope_condition(std::string& sql, std::vector<store::Value>& params, const Scope& scope,
                            std::string_view path_expr);

}  // namespace onegrid::org
