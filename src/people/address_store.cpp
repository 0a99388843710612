// Address tree, building view and population statistics; see address_store.hpp.
#include "people/address_store.hpp"

#include <boost/json.hpp>
#include <map>

#include "ingest/register_view.hpp"
#include "org/scope_sql.hpp"
#include "people/calendar.hpp"
#include "people/care.hpp"
#include "store/row_json.hpp"

namespace onegrid::people {
namespace json = boost::json;
using store::Value;

Result<json::array> list_addresses(store::Tx& tx, const Viewer& v,
                                   std::optional<std::int64_t> parent_id,
                                   std::optional<std::int64_t> community_id) {
  if (parent_id.has_value() == community_id.has_value())
    return invalid_input("address.query", "give parent_id or community_id", "parent_id");
  std::string sql =
      "SELECT a.id, a.level, a.code, a.name, a.full_name, a.number, a.floors, a.grid_id,"
      " (SELECT COUNT(*) FROM address c WHERE c.parent_id = a.id) FROM address a WHERE"
      " a.active = 1";
  std::vector<Value> params;
  if (parent_id) {
    sql += " AND a.parent_id = ?";
    params.emplace_back(static_cast<long long>(*parent_id));
  } else {
    sql += " AND a.level = 'estate' AND a.community_id = ?";
    params.emplace_back(static_cast<long long>(*community_id));
  }
  // An estate spans grids: it is visible when any of its buildings is in scope.
  std::string scoped =
      " AND (a.level = 'estate' AND EXISTS (SELECT 1 FROM address b WHERE"
      " b.parent_id = a.id";
  org::append_scope_filter(scoped, params, v.scope, "b.org_path");
  scoped += ") OR a.level <> 'estate'";
  org::append_scope_filter(scoped, params, v.scope, "a.org_path");
  sql += scoped + ") ORDER BY a.number, a.name, a.id";
  OG_ASSIGN(auto rows, tx.query(sql, params));
  json::array out;
  for (const auto& r : rows) {
    json::object o{{"id", r.i64(0)},    {"level", r.text(1)},     {"code", r.text(2)},
                   {"name", r.text(3)}, {"full_name", r.text(4)}, {"children", r.i64(8)}};
    o["number"] = store::json_int(r, 5);
    o["floors"] = store::json_int(r, 6);
    o["grid_id"] = store::json_int(r, 7);
    out.push_back(std::move(o));
  }
  return out;
}

Result<json::object> building_view(store::Tx& tx, const Viewer& v, std::int64_t id) {
  std::string sql =
      "SELECT id, name, full_name, floors, footprint, lon, lat, grid_id, code FROM address"
      " WHERE id = ? AND level = 'building'";
  std::vector<Value> params{static_cast<long long>(id)};
  org::append_scope_filter(sql, params, v.scope, "org_path");
  OG_ASSIGN(auto b, tx.query_one(sql, params));
  if (!b) return not_found("address.not_found", "no such building in your scope");
  json::object out{{"id", b->i64(0)},
                   {"name", b->text(1)},
                   {"full_name", b->text(2)},
                   {"floors", b->i64(3)},
                   {"code", b->text(8)}};
  std::error_code ec;
  json::value fp = json::parse(b->text(4), ec);
  out["footprint"] = ec ? json::value(nullptr) : fp;
  out["grid_id"] = store::json_int(*b, 7);

  // Every room of the building with its unit and floor, housing and occupants.
  OG_ASSIGN(auto rooms,
            tx.query("SELECT u.id, u.name, u.number, f.number, r.id, r.name, h.room_use,"
                     " h.area_m2, (SELECT COUNT(*) FROM person p WHERE p.room_id = r.id"
                     " AND p.merged_into IS NULL)"
                     " FROM address u JOIN address f ON f.parent_id = u.id"
                     " JOIN address r ON r.parent_id = f.id"
                     " LEFT JOIN housing h ON h.room_id = r.id"
                     " WHERE u.parent_id = ? AND u.level = 'unit'"
                     " ORDER BY u.number, f.number DESC, r.name",
                     {id}));
  // Care tags and elderly counts per room (stored tags plus ages; living alone derived).
  OG_ASSIGN(auto tags, tx.query("SELECT p.room_id, t.tag, COUNT(*) FROM person p"
                                " JOIN person_tag t ON t.person_id = p.id"
                                " JOIN address f ON f.id = (SELECT parent_id FROM address"
                                " WHERE id = p.room_id)"
                                " JOIN address u ON u.id = f.parent_id"
                                " WHERE u.parent_id = ? AND p.merged_into IS NULL"
                                " GROUP BY p.room_id, t.tag",
                                {id}));
  OG_ASSIGN(auto births, tx.query("SELECT p.room_id, p.birth_date FROM person p"
                                  " JOIN address f ON f.id = (SELECT parent_id FROM address"
                                  " WHERE id = p.room_id)"
                                  " JOIN address u ON u.id = f.parent_id"
                                  " WHERE u.parent_id = ? AND p.merged_into IS NULL",
                                  {id}));
  std::map<std::int64_t, std::map<std::string, std::int64_t>> room_tags;
  for (const auto& t : tags) room_tags[t.i64(0)][t.text(1)] += t.i64(2);
  std::map<std::int64_t, std::vector<std::optional<Date>>> room_births;
  for (const auto& p : births) room_births[p.i64(0)].push_back(ingest::parse_iso_date(p.text(1)));
  for (auto& [room, list] : room_births)
    for (const auto& birth : list)
      for (const auto& t : derived_care_tags(birth, v.today, static_cast<int>(list.size())))
        room_tags[room][t] += 1;

  json::array units;
  std::int64_t cur_unit = -1;
  json::object* unit = nullptr;
  std::int64_t cur_floor = -1;
  json::array* floor_rooms = nullptr;
  for (const auto& r : rooms) {
    if (r.i64(0) != cur_unit) {
      cur_unit = r.i64(0);
      units.push_back(json::object{
          {"id", cur_unit}, {"name", r.text(1)}, {"number", r.i64(2)}, {"floors", json::array()}});
      unit = &units.back().as_object();
      cur_floor = -1;
    }
    if (r.i64(3) != cur_floor) {
      cur_floor = r.i64(3);
      auto& floors = unit->at("floors").as_array();
      floors.push_back(json::object{{"number", cur_floor}, {"rooms", json::array()}});
      floor_rooms = &floors.back().as_object().at("rooms").as_array();
    }
    json::object room{{"id", r.i64(4)},
                      {"name", r.text(5)},
                      {"use", store::json_text(r, 6)},
                      {"occupants", r.i64(8)}};
    room["area_m2"] = store::json_real(r, 7);
    json::object t;
    for (const auto& [tag, n] : room_tags[r.i64(4)]) t[tag] = n;
    room["tags"] = std::move(t);
    floor_rooms->push_back(std::move(room));
  }
  out["units"] = std::move(units);
  return out;
}

Result<json::object> population_stats(store::Tx& tx, const Viewer& v, const std::string& by) {
  if (by != "community" && by != "grid")
    return invalid_input("stats.by", "by: community or grid", "by");
  const std::string group = by == "community" ? "p.community_id" : "a.grid_id";
  const std::string age60 = born_by(v.today, 60), age80 = born_by(v.today, 80);
  std::string sql =
      "SELECT " + group +
      ", COUNT(*),"
      " SUM(CASE WHEN p.residence_type = 'migrant' THEN 1 ELSE 0 END),"
      " SUM(CASE WHEN p.residence_type = 'overseas' THEN 1 ELSE 0 END),"
      " SUM(CASE WHEN p.room_id IS NOT NULL AND p.residence_type = 'registered' AND"
      " (p.hukou_room_id IS NULL OR p.hukou_room_id <> p.room_id) THEN 1 ELSE 0 END),"
      " SUM(CASE WHEN p.hukou_room_id IS NOT NULL AND (p.room_id IS NULL OR"
      " p.room_id <> p.hukou_room_id) THEN 1 ELSE 0 END),"
      " SUM(CASE WHEN p.birth_date <= ? THEN 1 ELSE 0 END),"
      " SUM(CASE WHEN p.birth_date <= ? THEN 1 ELSE 0 END),"
      " SUM(CASE WHEN p.birth_date <= ? AND occ.n = 1 THEN 1 ELSE 0 END)"
      " FROM person p LEFT JOIN address a ON a.id = p.room_id"
      " LEFT JOIN (SELECT room_id, COUNT(*) AS n FROM person WHERE merged_into IS NULL AND"
      " room_id IS NOT NULL GROUP BY room_id) occ ON occ.room_id = p.room_id"
      " WHERE p.merged_into IS NULL";
  std::vector<Value> params{age60, age80, age60};
  org::append_scope_filter(sql, params, v.scope, "p.org_path");
  sql += " GROUP BY " + group;
  OG_ASSIGN(auto rows, tx.query(sql, params));

  std::string tag_sql = "SELECT " + group +
                        ", t.tag, COUNT(*) FROM person_tag t JOIN person p ON p.id ="
                        " t.person_id LEFT JOIN address a ON a.id = p.room_id"
                        " WHERE p.merged_into IS NULL";
  std::vector<Value> tag_params;
  org::append_scope_filter(tag_sql, tag_params, v.scope, "p.org_path");
  tag_sql += " GROUP BY " + group + ", t.tag";
  OG_ASSIGN(auto tag_rows, tx.query(tag_sql, tag_params));
  OG_ASSIGN(auto names, tx.query("SELECT id, name, code FROM org_unit WHERE kind = ?", {by}));
  std::map<std::int64_t, std::pair<std::string, std::string>> name_of;
  for (const auto& n : names) name_of[n.i64(0)] = {n.text(1), n.text(2)};

  static constexpr const char* kKeys[] = {
      "residents",       "migrants",   "overseas",   "here_hukou_elsewhere",
      "hukou_here_away", "elderly_60", "elderly_80", "living_alone"};
  std::map<std::int64_t, json::object> groups;  // 0: no group (not placed)
  json::object total;
  for (auto k : kKeys) total[k] = 0;
  total["tags"] = json::object();
  for (const auto& r : rows) {
    json::object o;
    const std::int64_t gid = r.is_null(0) ? 0 : r.i64(0);
    o["id"] = gid ? json::value(gid) : json::value(nullptr);
    auto it = name_of.find(gid);
    o["name"] = it == name_of.end() ? "" : it->second.first;
    o["code"] = it == name_of.end() ? "" : it->second.second;
    for (std::size_t i = 0; i < std::size(kKeys); ++i) {
      o[kKeys[i]] = r.i64(i + 1);
      total[kKeys[i]] = total[kKeys[i]].as_int64() + r.i64(i + 1);
    }
    o["tags"] = json::object();
    groups[gid] = std::move(o);
  }
  for (const auto& t : tag_rows) {
    const std::int64_t gid = t.is_null(0) ? 0 : t.i64(0);
    auto g = groups.find(gid);
    if (g == groups.end()) continue;
    g->second["tags"].as_object()[t.text(1)] = t.i64(2);
    auto& tt = total["tags"].as_object();
    tt[t.text(1)] = (tt.contains(t.text(1)) ? tt[t.text(1)].as_int64() : 0) + t.i64(2);
  }
  json::array items;
  for (auto& [gid, o] : groups) items.push_back(std::move(o));
  return json::object{{"by", by}, {"items", std::move(items)}, {"total", std::move(total)}};
}

}  // namespace onegrid::people
