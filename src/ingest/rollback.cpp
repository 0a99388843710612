// Batch roll-back; see rollback.hpp.
#include "ingest/rollback.hpp"

#include <string>

#include "ingest/change_log.hpp"

namespace onegrid::ingest {
namespace {

bool same_value(const store::Value& a, const store::Value& b) {
  if (a.is_null() || b.is_null()) return a.is_null() && b.is_null();
  if (a.is_blob() || b.is_blob()) return a.is_blob() && b.is_blob() && a.as_blob() == b.as_blob();
  if (a.is_real() || b.is_real()) return a.as_real() == b.as_real();
  return a.as_text() == b.as_text();
}

struct Target {
  const char* table;
  const char* key;
};

Target target_of(const std::string& object_type) {
  if (object_type == "person") return {"person", "id"};
  if (object_type == "housing") return {"housing", "room_id"};
  if (object_type == "household") return {"household", "id"};
  return {"import_record", "id"};
}

// Puts the old column values back when the row still holds what this batch wrote.
Result<bool> restore(store::Tx& tx, const Target& t, std::int64_t id, const Columns& before,
                     const Columns& after, std::int64_t now_ms) {
  std::string cols;
  for (const auto& [c, v] : after) cols += (cols.empty() ? "" : ", ") + c;
  OG_ASSIGN(auto cur,
            tx.query_one("SELECT " + cols + " FROM " + t.table + " WHERE " + t.key + " = ?", {id}));
  if (!cur) return false;
  for (std::size_t i = 0; i < after.size(); ++i)
    if (!same_value(cur->at(i), after[i].second)) return false;
  std::string sql = std::string("UPDATE ") + t.table + " SET ";
  std::vector<store::Value> params;
  for (const auto& [c, v] : before) {
    sql += c + " = ?, ";
    params.push_back(v);
  }
  sql += std::string("updated_at = ? WHERE ") + t.key + " = ?";
  params.emplace_back(static_cast<long long>(now_ms));
  params.emplace_back(static_cast<long long>(id));
  OG_TRY(tx.exec(sql, params));
  return true;
}

}  // namespace

Result<RollbackReport> rollback_batch(store::Tx& tx, std::int64_t batch_id, std::int64_t user_id,
                                      std::int64_t now_ms) {
  OG_ASSIGN(auto batch, tx.query_one("SELECT state FROM import_batch WHERE id = ?", {batch_id}));
  if (!batch) return not_found("import.batch_not_found", "no such import batch");
  if (batch->text(0) != "committed")
    return conflict("import.already_rolled_back", "this batch was already rolled back");
  RollbackReport rep;
  rep.batch_id = batch_id;

  OG_ASSIGN(auto changes, tx.query("SELECT object_type, object_id, field, old_value, new_value"
                                   " FROM register_change WHERE batch_id = ? ORDER BY id DESC",
                                   {batch_id}));
  for (const auto& c : changes) {
    const std::string type = c.text(0);
    const std::int64_t id = c.i64(1);
    const std::string field = c.text(2);
    if (type == "person_tag") {
      OG_ASSIGN(auto n, tx.exec("DELETE FROM person_tag WHERE person_id = ? AND tag = ?"
                                " AND batch_id = ?",
                                {id, field, batch_id}));
      (n > 0 ? rep.restored : rep.kept) += 1;
    } else if (field == "*update") {
      OG_ASSIGN(Columns before, columns_from_json(c.text(3)));
      OG_ASSIGN(Columns after, columns_from_json(c.text(4)));
      OG_ASSIGN(bool done, restore(tx, target_of(type), id, before, after, now_ms));
      (done ? rep.restored : rep.kept) += 1;
    } else if (field == "*create" && type == "housing") {
      OG_TRY(tx.exec("DELETE FROM housing WHERE room_id = ?", {id}));
      ++rep.restored;
    }
  }
  // Its review items go with it; then the records it created (records it updated were
  // restored above).
  OG_TRY(tx.exec("DELETE FROM review_item WHERE batch_id = ?", {batch_id}));
  OG_ASSIGN(rep.removed_records,
            tx.exec("DELETE FROM import_record WHERE batch_id = ?", {batch_id}));
  // Persons the batch created, unless another record, a merge or housing now refers to them.
  const char* orphan =
      " FROM person p WHERE p.batch_id = ?"
      " AND NOT EXISTS (SELECT 1 FROM import_record r WHERE r.person_id = p.id)"
      " AND NOT EXISTS (SELECT 1 FROM person_merge m WHERE m.survivor_id = p.id"
      " OR m.merged_id = p.id)"
      " AND NOT EXISTS (SELECT 1 FROM housing h WHERE h.owner_person_id = p.id)";
  OG_TRY(
      tx.exec(std::string("DELETE FROM person_tag WHERE person_id IN (SELECT p.id") + orphan + ")",
              {batch_id}));
  OG_TRY(tx.exec(std::string("UPDATE household SET head_person_id = NULL WHERE head_person_id"
                             " IN (SELECT p.id") +
                     orphan + ")",
                 {batch_id}));
  OG_ASSIGN(rep.removed_persons,
            tx.exec(std::string("DELETE FROM person WHERE id IN (SELECT p.id") + orphan + ")",
                    {batch_id}));
  OG_ASSIGN(auto left, tx.query_one("SELECT COUNT(*) FROM person WHERE batch_id = ?", {batch_id}));
  rep.kept += left ? left->i64(0) : 0;
  // Households it created that nobody belongs to any more.
  for (const auto& c : changes)
    if (c.text(0) == "household" && c.text(2) == "*create")
      OG_TRY(
          tx.exec("DELETE FROM household WHERE id = ? AND NOT EXISTS (SELECT 1 FROM person"
                  " WHERE household_id = ?)",
                  {c.i64(1), c.i64(1)}));
  OG_TRY(
      tx.exec("UPDATE import_batch SET state = 'rolled_back', rolled_back_by = ?,"
              " rolled_back_at = ? WHERE id = ?",
              {user_id ? store::Value(static_cast<long long>(user_id)) : store::Value(), now_ms,
               batch_id}));
  return rep;
}

}  // namespace onegrid::ingest
