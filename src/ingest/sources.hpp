#pragma once
// Import sources (公安, 民政, 卫健, 住建 and any an admin adds) and their field-priority policy:
// for each group of person fields, the rank of the source (1 = most trusted). When two sources
// disagree on a field the better-ranked one wins; on a tie the newer import wins.

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.hpp"
#include "store/store.hpp"

namespace onegrid::ingest {

enum class FieldGroup { identity, hukou, residence, contact, care, health, housing };
std::string_view group_code(FieldGroup g);   // "identity"
inline constexpr int kUnrankedPriority = 9;  // a group a source's policy does not list

struct SourcePolicy {
  std::string code;  // police | civil | health | housing | [a-z][a-z0-9_]{1,31}
  std::string name;
  std::string name_en;
  bool builtin = false;
  std::map<std::string, int> priorities;  // group code -> 1..8
  std::string mapping_toml;               // default header mapping for the source's files

  int rank(FieldGroup g) const;
};

Result<std::vector<SourcePolicy>> list_sources(store::Tx& tx);
// Errors: "import.unknown_source" (not_found).
Result<SourcePolicy> get_source(store::Tx& tx, std::string_view code);
// Adds a source. Errors (invalid): "source.code", "source.name", "source.priority";
// (conflict) "source.exists".
Status create_source(store::Tx& tx, const SourcePolicy& source, std::int64_t now_ms);

}  // namespace onegrid::ingest
