// Import sources and their priorities; see sources.hpp.
#include "ingest/sources.hpp"

#include <boost/json.hpp>

namespace onegrid::ingest {
namespace json = boost::json;

namespace {

constexpr std::string_view kGroups[] = {"identity", "hukou",  "residence", "contact",
                                        "care",     "health", "housing"};

bool valid_code(std::string_view c) {
  if (c.size() < 2 || c.size() > 32 || c[0] < 'a' || c[0] > 'z') return false;
  for (char ch : c)
    if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_')) return false;
  return true;
}

SourcePolicy from_row(const store::Row& r) {
  SourcePolicy s;
  s.code = r.text(0);
  s.name = r.text(1);
  s.name_en = r.text(2);
  s.builtin = r.i64(3) == 1;
  std::error_code ec;
  json::value v = json::parse(r.text(4), ec);
  if (!ec && v.is_object())
    for (const auto& [k, rank] : v.as_object())
      if (rank.is_int64()) s.priorities[std::string(k)] = static_cast<int>(rank.as_int64());
  s.mapping_toml = r.text(5);
  return s;
}

constexpr const char* kSelect =
    "SELECT code, name, name_en, builtin, priorities, mapping FROM import_source";

}  // namespace

std::string_view group_code(FieldGroup g) {
  return kGroups[static_cast<int>(g)];
}

int SourcePolicy::rank(FieldGroup g) const {
  auto it = priorities.find(std::string(group_code(g)));
  return it == priorities.end() ? kUnrankedPriority : it->second;
}

Result<std::vector<SourcePolicy>> list_sources(store::Tx& tx) {
  OG_ASSIGN(auto rows, tx.query(std::string(kSelect) + " ORDER BY builtin DESC, code"));
  std::vector<SourcePolicy> out;
  for (const auto& r : rows) out.push_back(from_row(r));
  return out;
}

Result<SourcePolicy> get_source(store::Tx& tx, std::string_view code) {
  OG_ASSIGN(auto row, tx.query_one(std::string(kSelect) + " WHERE code = ?", {code}));
  if (!row) return not_found("import.unknown_source", "no import source " + std::string(code));
  return from_row(*row);
}

Status create_source(store::Tx& tx, const SourcePolicy& s, std::int64_t now_ms) {
  if (!valid_code(s.code))
    return invalid_input("source.code", "code: 2-32 of a-z, 0-9, _ starting with a letter", "code");
  if (s.name.empty() || s.name.size() > 200)
    return invalid_input("source.name", "name is required", "name");
  json::object pri;
  for (const auto& [group, rank] : s.priorities) {
    bool known = false;
    for (auto g : kGroups) known = known || g == group;
    if (!known || rank < 1 || rank >= kUnrankedPriority)
      return invalid_input("source.priority",
                           "priorities: groups identity, hukou, residence, contact, care, "
                           "health, housing with ranks 1-8",
                           "priorities");
    pri[group] = rank;
  }
  OG_ASSIGN(auto existing, tx.query_one("SELECT 1 FROM import_source WHERE code = ?", {s.code}));
  if (existing) return conflict("source.exists", "import source exists: " + s.code);
  OG_TRY(tx.exec(
      "INSERT INTO import_source (code, name, name_en, builtin, priorities, mapping, created_at)"
      " VALUES (?, ?, ?, 0, ?, ?, ?)",
      {s.code, s.name, s.name_en, json::serialize(pri), s.mapping_toml, now_ms}));
  return ok_status();
}

}  // namespace onegrid::ingest
