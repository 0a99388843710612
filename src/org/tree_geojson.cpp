#include "org/tree_geojson.hpp"

#include <algorithm>
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <cmath>
#include <map>

#include "org/boundary.hpp"
#include "org/org_store.hpp"

namespace onegrid::org {
namespace {

int kind_rank(UnitKind k) {
  switch (k) {
    case UnitKind::district:
      return 0;
    case UnitKind::street:
      return 1;
    case UnitKind::department:
      return 2;
    case UnitKind::community:
      return 3;
    case UnitKind::grid:
      return 4;
  }
  return 5;
}

struct Feature {
  std::size_t index = 0;
  UnitKind kind = UnitKind::grid;
  std::string code, parent_code, name, name_en;
  boost::json::value geometry;
};

std::string at(std::size_t i, const char* rest) {
  return "features[" + std::to_string(i) + "]" + rest;
}

Result<std::string> prop_text(const boost::json::object& props, std::size_t i, const char* key,
                              bool required) {
  auto it = props.find(key);
  if (it == props.end() || it->value().is_null()) {
    if (required)
      return invalid_input("org.import_missing_property", std::string(key) + " is required",
                           at(i, ".properties.") + key);
    return std::string();
  }
  if (!it->value().is_string())
    return invalid_input("org.import_bad_property", std::string(key) + " must be a string",
                         at(i, ".properties.") + key);
  return std::string(it->value().as_string());
}

Result<std::vector<Feature>> parse_features(std::string_view text) {
  boost::system::error_code ec;
  auto doc = boost::json::parse(text, ec);
  if (ec) return invalid_input("json.malformed", "not valid JSON: " + ec.message());
  if (!doc.is_object() || doc.as_object().if_contains("type") == nullptr ||
      doc.as_object().at("type") != "FeatureCollection" ||
      !doc.as_object().if_contains("features") || !doc.as_object().at("features").is_array())
    return invalid_input("org.import_not_collection", "expected a GeoJSON FeatureCollection",
                         "type");
  std::vector<Feature> out;
  const auto& features = doc.as_object().at("features").as_array();
  for (std::size_t i = 0; i < features.size(); ++i) {
    const auto& f = features[i];
    if (!f.is_object() || !f.as_object().if_contains("properties") ||
        !f.as_object().at("properties").is_object())
      return invalid_input("org.import_bad_feature", "each feature needs a properties object",
                           at(i, ""));
    const auto& props = f.as_object().at("properties").as_object();
    Feature feat;
    feat.index = i;
    OG_ASSIGN(auto kind, prop_text(props, i, "kind", true));
    auto k = parse_kind(kind);
    if (!k)
      return invalid_input("org.invalid_kind", "unknown kind: " + kind, at(i, ".properties.kind"));
    feat.kind = *k;
    OG_ASSIGN(feat.code, prop_text(props, i, "code", true));
    OG_ASSIGN(feat.parent_code, prop_text(props, i, "parent_code", false));
    OG_ASSIGN(feat.name, prop_text(props, i, "name", true));
    OG_ASSIGN(feat.name_en, prop_text(props, i, "name_en", false));
    if (auto* g = f.as_object().if_contains("geometry")) feat.geometry = *g;
    out.push_back(std::move(feat));
  }
  std::stable_sort(out.begin(), out.end(), [](const Feature& a, const Feature& b) {
    return kind_rank(a.kind) < kind_rank(b.kind);
  });
  return out;
}

// Normalised text of a geometry so an unchanged polygon compares equal to the stored one.
Result<std::optional<std::string>> normalised(const Feature& f) {
  if (f.geometry.is_null()) return std::optional<std::string>{};
  auto b = normalize_boundary(f.geometry);
  if (!b) {
    Error e = b.error();
    e.field = at(f.index, ".geometry");
    return e;
  }
  return std::optional<std::string>(b->geojson);
}

constexpr const char* kDryRun = "org.import_dry_run";

}  // namespace

boost::json::value feature_collection(const std::vector<OrgUnit>& units) {
  std::map<std::int64_t, std::string> code_of;
  for (const auto& u : units) code_of[u.id] = u.code;
  boost::json::array features;
  for (const auto& u : units) {
    boost::system::error_code ec;
    boost::json::value geometry = nullptr;
    if (u.boundary) {
      geometry = boost::json::parse(*u.boundary, ec);
      if (ec) geometry = nullptr;
    }
    std::string parent_code;
    if (u.parent_id && code_of.count(*u.parent_id)) parent_code = code_of[*u.parent_id];
    boost::json::object props{
        {"id", u.id},
        {"code", u.code},
        {"kind", kind_code(u.kind)},
        {"name", u.name},
        {"name_en", u.name_en},
        {"parent_code",
         parent_code.empty() ? boost::json::value(nullptr) : boost::json::value(parent_code)},
        {"area_m2", u.area_m2 ? boost::json::value(std::llround(*u.area_m2)) : nullptr},
        {"worker_name", u.worker_name}};
    features.push_back(boost::json::object{
        {"type", "Feature"}, {"id", u.code}, {"geometry", geometry}, {"properties", props}});
  }
  return boost::json::object{{"type", "FeatureCollection"}, {"features", std::move(features)}};
}

Result<boost::json::value> import_geojson(store::Store& store, const audit::Actor& actor,
                                          const Scope& scope, std::string_view text, bool dry_run) {
  OG_ASSIGN(auto features, parse_features(text));
  boost::json::object report;
  auto run = [&](store::Tx& tx) -> Status {
    boost::json::array items;
    int created = 0, updated = 0, unchanged = 0;
    std::map<std::string, std::int64_t> ids;  // code -> id, for parents created in this import
    for (const auto& f : features) {
      OG_ASSIGN(auto geometry, normalised(f));
      OG_ASSIGN(auto existing, find_by_code(tx, Scope::everything(), f.code));
      if (existing) {
        if (!scope.contains(existing->path))
          return forbidden("org.import_out_of_scope", "unit " + f.code + " is outside your scope");
        if (existing->kind != f.kind)
          return invalid_input("org.import_kind_change",
                               "unit " + f.code + " exists with another kind",
                               at(f.index, ".properties.kind"));
        ids[f.code] = existing->id;
        if (!f.parent_code.empty()) {
          OG_ASSIGN(auto parent, find_by_code(tx, Scope::everything(), f.parent_code));
          if (!parent || parent->id != existing->parent_id)
            return invalid_input(
                "org.import_move_unsupported",
                "unit " + f.code + " exists under another parent; moving units is not supported",
                at(f.index, ".properties.parent_code"));
        }
        UnitPatch p;
        if (existing->name != f.name) p.name = f.name;
        if (existing->name_en != f.name_en) p.name_en = f.name_en;
        // a feature without geometry leaves the stored boundary as it is
        if (geometry && existing->boundary != geometry) {
          p.set_boundary = true;
          p.boundary = f.geometry;
        }
        if (!p.name && !p.name_en && !p.set_boundary) {
          ++unchanged;
          items.push_back(
              boost::json::object{{"code", f.code}, {"action", "unchanged"}, {"id", existing->id}});
          continue;
        }
        OG_ASSIGN(auto u,
                  update_unit(tx, actor, scope, existing->id, existing->version, p, "org.import"));
        ++updated;
        items.push_back(boost::json::object{{"code", f.code}, {"action", "updated"}, {"id", u.id}});
        continue;
      }
      NewUnit in;
      in.kind = f.kind;
      in.code = f.code;
      in.name = f.name;
      in.name_en = f.name_en;
      if (!f.geometry.is_null()) in.boundary = f.geometry;
      if (!f.parent_code.empty()) {
        auto it = ids.find(f.parent_code);
        if (it != ids.end()) {
          in.parent_id = it->second;
        } else {
          OG_ASSIGN(auto parent, find_by_code(tx, scope, f.parent_code));
          if (!parent)
            return invalid_input("org.import_unknown_parent", "no unit with code " + f.parent_code,
                                 at(f.index, ".properties.parent_code"));
          in.parent_id = parent->id;
        }
      }
      auto u = create_unit(tx, actor, scope, in, "org.import");
      if (!u) {
        Error e = u.error();
        if (e.field.empty() || e.field == "parent_id" || e.field == "code" || e.field == "name")
          e.field = at(f.index, e.field.empty() ? "" : (".properties." + e.field).c_str());
        else if (e.field == "boundary")
          e.field = at(f.index, ".geometry");
        return e;
      }
      ids[f.code] = u->id;
      ++created;
      items.push_back(boost::json::object{{"code", f.code}, {"action", "created"}, {"id", u->id}});
    }
    report = boost::json::object{{"dry_run", dry_run},
                                 {"created", created},
                                 {"updated", updated},
                                 {"unchanged", unchanged},
                                 {"items", std::move(items)}};
    if (dry_run) return conflict(kDryRun, "dry run: rolled back");
    return ok_status();
  };
  auto st = store.write(run);
  if (!st && st.error().code != kDryRun) return st.error();
  return boost::json::value(std::move(report));
}

}  // namespace onegrid::org
