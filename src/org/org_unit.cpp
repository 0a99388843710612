#include "org/org_unit.hpp"

#include <algorithm>
#include <array>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <cmath>

#include "base/clock.hpp"

namespace onegrid::org {
namespace {

struct KindInfo {
  UnitKind kind;
  std::string_view code;
  std::string_view zh;
};
constexpr std::array<KindInfo, 5> kKinds{{
    {UnitKind::district, "district", "区"},
    {UnitKind::street, "street", "街道"},
    {UnitKind::community, "community", "社区"},
    {UnitKind::grid, "grid", "网格"},
    {UnitKind::department, "department", "职能部门"},
}};

std::size_t utf8_chars(std::string_view s) {
  return static_cast<std::size_t>(std::count_if(
      s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

}  // namespace

std::string_view kind_code(UnitKind k) {
  for (const auto& i : kKinds)
    if (i.kind == k) return i.code;
  return "grid";
}

std::string_view kind_name_zh(UnitKind k) {
  for (const auto& i : kKinds)
    if (i.kind == k) return i.zh;
  return "";
}

std::optional<UnitKind> parse_kind(std::string_view code) {
  for (const auto& i : kKinds)
    if (i.code == code) return i.kind;
  return std::nullopt;
}

bool valid_parent(UnitKind child, std::optional<UnitKind> parent) {
  switch (child) {
    case UnitKind::district:
      return !parent.has_value();
    case UnitKind::street:
      return parent == UnitKind::district;
    case UnitKind::community:
      return parent == UnitKind::street;
    case UnitKind::grid:
      return parent == UnitKind::community;
    case UnitKind::department:
      return parent == UnitKind::district || parent == UnitKind::street;
  }
  return false;
}

bool has_boundary(UnitKind k) {
  return k != UnitKind::department;
}

Status validate_code(std::string_view code) {
  if (code.empty() || code.size() > 40)
    return invalid_input("org.invalid_code", "code must be 1-40 characters", "code");
  for (char c : code) {
    const bool ok =
        (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-';
    if (!ok)
      return invalid_input("org.invalid_code", "code may hold only letters, digits and '-'",
                           "code");
  }
  return ok_status();
}

Status validate_name(std::string_view name, std::string_view field) {
  if (name.empty() || utf8_chars(name) > 100)
    return invalid_input("org.invalid_name", std::string(field) + " must be 1-100 characters",
                         std::string(field));
  return ok_status();
}

boost::json::value to_json(const OrgUnit& u, bool with_boundary) {
  boost::json::object o{
      {"id", u.id},
      {"parent_id", u.parent_id ? boost::json::value(*u.parent_id) : boost::json::value(nullptr)},
      {"kind", kind_code(u.kind)},
      {"code", u.code},
      {"name", u.name},
      {"name_en", u.name_en},
      {"path", u.path},
      // whole square metres: enough for a grid, and integers print plainly in JSON
      {"area_m2",
       u.area_m2 ? boost::json::value(std::llround(*u.area_m2)) : boost::json::value(nullptr)},
      {"worker_id", u.worker_id ? boost::json::value(*u.worker_id) : boost::json::value(nullptr)},
      {"worker_name", u.worker_name},
      {"population",
       u.population ? boost::json::value(*u.population) : boost::json::value(nullptr)},
      {"active", u.active},
      {"version", u.version},
      {"created_at", format_utc(u.created_at)},
      {"updated_at", format_utc(u.updated_at)},
  };
  if (with_boundary) {
    boost::system::error_code ec;
    o["boundary"] = u.boundary ? boost::json::parse(*u.boundary, ec) : boost::json::value(nullptr);
    if (ec) o["boundary"] = nullptr;
  }
  return o;
}

Status validate_population(UnitKind kind, std::int64_t population) {
  if (kind != UnitKind::community)
    return invalid_input("org.population_not_allowed",
                         "only communities record residents; streets and the district sum theirs",
                         "population");
  if (population < 0 || population > 10'000'000)
    return invalid_input("org.invalid_population", "population: 0 to 10,000,000", "population");
  return ok_status();
}

int path_depth(std::string_view path) {
  return static_cast<int>(std::count(path.begin(), path.end(), '/')) - 1;
}

}  // namespace onegrid::org
