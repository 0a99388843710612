#pragma once
// 组织: the org tree's units and its rules — which kind of unit may sit under which, what a
// valid code is. Pure domain logic; org_store.hpp persists it.

#include <boost/json/value.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/result.hpp"

namespace onegrid::org {

enum class UnitKind { district, street, community, grid, department };

std::string_view kind_code(UnitKind k);
std::optional<UnitKind> parse_kind(std::string_view code);
std::string_view kind_name_zh(UnitKind k);

// district is the root; street under district; community under street; grid under community;
// department under district or street.
bool valid_parent(UnitKind child, std::optional<UnitKind> parent);
// Kinds whose units may carry a boundary polygon.
bool has_boundary(UnitKind k);

struct OrgUnit {
  std::int64_t id = 0;
  std::optional<std::int64_t> parent_id;
  UnitKind kind = UnitKind::grid;
  std::string code;
  std::string name;
  std::string name_en;
  std::string path;                     // "/1/4/17/"
  std::optional<std::string> boundary;  // GeoJSON geometry text
  std::optional<double> area_m2;
  std::optional<std::int64_t> worker_id;   // grids: the assigned grid worker
  std::string worker_name;                 // display name of that worker, when joined
  std::optional<std::int64_t> population;  // communities: recorded residents (常住人口), if any
  bool active = true;
  std::int64_t version = 1;
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
};

// A community's recorded residents: 0–10,000,000, and only on communities (streets and the
// district sum theirs); errors org.population_not_allowed / org.invalid_population.
Status validate_population(UnitKind kind, std::int64_t population);

// Code: 1–40 characters of [0-9A-Za-z-]; error org.invalid_code on field "code".
Status validate_code(std::string_view code);
Status validate_name(std::string_view name, std::string_view field);

// JSON for the API; the boundary is embedded as a GeoJSON object when `with_boundary`.
boost::json::value to_json(const OrgUnit& u, bool with_boundary);

// Depth of a path: "/1/" → 1, "/1/4/17/" → 3.
int path_depth(std::string_view path);

}  // namespace onegrid::org
