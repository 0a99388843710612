#pragma once
// The row loop of an import (importer.hpp): one Applier per file, inside the job's write
// transaction. Each cleaned row is matched to a person (exact on the blind-indexed ID number,
// else the match model), merged field by field by the sources' priorities, placed in its room,
// and recorded; new rows wait in bulk inserts, changes go to the change log for roll-back.

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include <boost/json/object.hpp>

#include "base/result.hpp"
#include "ingest/address_parse.hpp"
#include "ingest/change_log.hpp"
#include "ingest/extract_row.hpp"
#include "ingest/importer.hpp"
#include "ingest/register_view.hpp"
#include "ingest/shared_tx.hpp"
#include "ingest/sources.hpp"
#include "people/pii_vault.hpp"
#include "store/bulk_insert.hpp"
#include "store/store.hpp"

namespace onegrid::ingest {

// A cleaned row with its identifiers' blind indexes and sealed values worked out ahead, on the
// thread that reads the file (the writer thread only matches and writes).
struct PreparedRow {
  CleanRow row;
  std::string id_plain;  // the resident ID number, else another document's number, else ""
  std::string id_index, phone_index;  // blind indexes; "" when absent
  std::vector<std::uint8_t> id_sealed, phone_sealed;
};
PreparedRow prepare_row(CleanRow row, const people::PiiVault& vault);

// One file's row loop. Given a SharedTx, it hands its bulk inserts to the transaction's own
// thread and goes on (shared_tx.hpp).
class Applier {
 public:
  Applier(store::Tx& tx, RegisterView& view, const SourcePolicy& source,
          const std::map<std::string, SourcePolicy>& all, const ImportOptions& opt,
          ImportReport& rep, std::int64_t batch_id)
      : tx_(tx),
        shared_(dynamic_cast<SharedTx*>(&tx)),
        view_(view),
        src_(source),
        all_(all),
        opt_(opt),
        rep_(rep),
        batch_(batch_id) {}

  // Picks the ids this import assigns to the persons, records and households it creates.
  Status start();
  Status apply(const PreparedRow& row);
  Status record_error(std::size_t row_no, const std::string& key);
  // Writes what is still waiting; moves PostgreSQL's sequences past the assigned ids.
  Status finish();
  Status flush_when_full() {
    return persons_.full() || records_.full() || households_.full() || tags_.full() ||
                   changes_.full() || reviews_.full() || housing_.full() ||
                   later_.size() >= kLaterPerFlush
               ? flush_all()
               : ok_status();
  }

 private:
  struct ColumnChange {
    std::string column;
    store::Value before, after;
    bool read_later = false;  // `before` is read from the store when the change is written
  };

  const RoomInfo* resolve_room(const ParsedAddress& a) const;
  // The room a 户籍地址 names, when it is in the register (for 人户分离).
  std::optional<std::int64_t> hukou_room(const std::string& text) const {
    if (text.empty()) return std::nullopt;
    const RoomInfo* r = resolve_room(parse_address(text));
    return r ? std::optional<std::int64_t>(r->id) : std::nullopt;
  }
  int rank_of(const std::string& source, FieldGroup g) const;
  bool wins(const PersonState& p, const char* field, FieldGroup g, bool current_empty) const;
  Result<std::int64_t> resolve_person(const PreparedRow& pr, const RecordState* rec,
                                      const RoomInfo* room, bool& created, double& review_score,
                                      std::int64_t& review_candidate);
  Result<std::int64_t> create_person(const PreparedRow& pr, const RoomInfo* room);
  Result<bool> update_person(PersonState& p, const PreparedRow& pr, const RoomInfo* room);
  Result<std::optional<std::int64_t>> household_for(const CleanRow& row, const RoomInfo* room);
  Status apply_tags(PersonState& p, const CleanRow& row);
  Result<bool> apply_housing(const CleanRow& row, const RoomInfo& room,
                             std::optional<std::int64_t> owner);
  Result<std::int64_t> upsert_record(const CleanRow* row, std::size_t row_no,
                                     const std::string& key, std::optional<std::int64_t> person,
                                     std::optional<std::int64_t> room, const char* status);
  Status queue_review(const char* kind, std::int64_t record_id, std::optional<std::int64_t> person,
                      std::optional<double> score, boost::json::object detail,
                      const std::string& org_path);
  void sample(const CleanRow& row, std::int64_t person, const std::string& field,
              std::string before, std::string after);
  bool lives_in_room(const CleanRow& row) const {
    return !row.is_housing || row.room_use == "owner_occupied";
  }

  store::Tx& tx_;
  SharedTx* shared_;  // or nullptr: bulk inserts run here
  RegisterView& view_;
  const SourcePolicy& src_;
  const std::map<std::string, SourcePolicy>& all_;
  const ImportOptions& opt_;
  ImportReport& rep_;
  std::int64_t batch_;

  // New rows wait here and are written a few hundred at a time (households before the persons
  // that belong to them, persons before their records). Anything that reads or updates a
  // waiting row, or must refer to one through a foreign key, flushes first.
  Status flush_all();
  // The waiting row of a person or record this import created and has not written yet.
  std::vector<store::Value>* waiting_person(std::int64_t id) {
    const auto first = next_person_ - static_cast<std::int64_t>(persons_.size());
    return id >= first ? &persons_.row(static_cast<std::size_t>(id - first)) : nullptr;
  }
  std::vector<store::Value>* waiting_record(std::int64_t id) {
    const auto first = next_record_ - static_cast<std::int64_t>(records_.size());
    return id >= first ? &records_.row(static_cast<std::size_t>(id - first)) : nullptr;
  }
  // Stores a person's changed columns and logs the change: in its waiting row, or with an
  // UPDATE the writer runs after the next bulk inserts.
  Status write_person(std::int64_t id, std::vector<ColumnChange> cols,
                      std::string provenance_before, std::string provenance);
  // Makes a written household's head a person (with the next bulk inserts).
  void set_head(std::int64_t household, std::int64_t person);
  // Before reading a person from the store: hands over the updates still waiting.
  Status before_reading();
  // Statements without an answer, run in order after the next bulk inserts; they may log
  // changes.
  std::vector<std::function<Status(store::Tx&, store::BulkInsert& log)>> later_;
  static constexpr std::size_t kLaterPerFlush = 2000;
  store::BulkInsert persons_{"person",
                             {"id",           "name",          "name_initials",  "gender",
                              "birth_date",   "ethnicity",     "id_type",        "id_enc",
                              "id_index",     "id_masked",     "phone_enc",      "phone_index",
                              "phone_masked", "hukou_address", "hukou_room_id",  "actual_address",
                              "room_id",      "arrival_date",  "residence_type", "household_id",
                              "relation",     "community_id",  "org_path",       "batch_id",
                              "provenance",   "created_at",    "updated_at"}};
  store::BulkInsert records_{"import_record",
                             {"id", "source", "record_key", "batch_id", "row_no", "row_hash",
                              "person_id", "room_id", "status", "data", "updated_at"}};
  store::BulkInsert tags_{"person_tag", {"person_id", "tag", "source", "since", "batch_id"}};
  store::BulkInsert housing_{
      "housing",
      {"room_id", "room_use", "area_m2", "owner_person_id", "owner_name", "source", "updated_at"}};
  std::unordered_set<std::int64_t> waiting_housing_;  // room ids in housing_
  store::BulkInsert reviews_{
      "review_item",
      {"kind", "batch_id", "record_id", "person_id", "score", "detail", "org_path", "created_at"}};
  store::BulkInsert changes_{
      "register_change",
      {"batch_id", "object_type", "object_id", "field", "old_value", "new_value", "source", "at"}};
  store::BulkInsert late_changes_{
      "register_change",
      {"batch_id", "object_type", "object_id", "field", "old_value", "new_value", "source", "at"}};
  // Logs a change (written with the next flush, in order, so roll-back can replay it).
  void change(const Change& c) {
    changes_.add({c.batch_id, c.object_type, static_cast<long long>(c.object_id), c.field,
                  c.old_value, c.new_value, c.source, c.at});
  }
  store::BulkInsert households_{
      "household",
      {"id", "household_no", "head_person_id", "room_id", "org_path", "created_at", "updated_at"}};
  static constexpr std::size_t kHeadColumn = 2;                       // households_: head_person_id
  std::unordered_map<std::int64_t, std::size_t> waiting_households_;  // id -> row
  std::int64_t first_person_ = 0, next_person_ = 0;
  std::int64_t first_record_ = 0, next_record_ = 0;
  std::int64_t first_household_ = 0, next_household_ = 0;
};

}  // namespace onegrid::ingest
