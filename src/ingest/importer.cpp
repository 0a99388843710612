// Importing a department extract; see importer.hpp. The row loop lives in Applier: one
// instance per import, inside the import's write transaction.
#include "ingest/importer.hpp"

#include <boost/json.hpp>
#include <chrono>
#include <map>

#include "auth/sodium.hpp"
#include "ingest/bulk_indexes.hpp"
#include "ingest/bulk_insert.hpp"
#include "ingest/change_log.hpp"
#include "ingest/delimited.hpp"
#include "ingest/normalize.hpp"
#include "ingest/register_view.hpp"
#include "ingest/sources.hpp"
#include "people/masking.hpp"

namespace onegrid::ingest {
namespace json = boost::json;
using store::Value;

namespace {

using Clock = std::chrono::steady_clock;

// Adds the time since `from` to `into` and restarts `from`.
void lap(Clock::time_point& from, double& into) {
  const auto now = Clock::now();
  into += std::chrono::duration<double>(now - from).count();
  from = now;
}

constexpr const char* kDryRunCode = "import.dry_run";

std::string opt_date(const std::optional<people::Date>& d) {
  return d ? people::format_date(*d) : std::string();
}

Value date_value(const std::optional<people::Date>& d) {
  return d ? Value(people::format_date(*d)) : Value();
}

Value opt_id(const std::optional<std::int64_t>& v) {
  return v ? Value(static_cast<long long>(*v)) : Value();
}

std::string provenance_json(const PersonState& p) {
  json::object o;
  p.provenance.for_each([&](const char* field, const std::string& source) { o[field] = source; });
  return json::serialize(o);
}

// The record's cleaned values, masked, for reviewers.
std::string record_data(const CleanRow& r) {
  json::object o;
  o["name"] = r.name;
  if (r.gender) o["gender"] = std::string(1, *r.gender);
  if (r.birth) o["birth_date"] = people::format_date(*r.birth);
  if (r.id) o["id_masked"] = people::mask_id_number(r.id->value);
  if (!r.phone.empty()) o["phone_masked"] = people::mask_phone(r.phone);
  if (!r.actual_address.empty()) o["address"] = r.actual_address;
  if (!r.hukou_address.empty()) o["hukou_address"] = r.hukou_address;
  if (!r.tags.empty()) {
    json::array tags;
    for (const auto& t : r.tags) tags.emplace_back(t);
    o["tags"] = std::move(tags);
  }
  if (!r.room_use.empty()) o["room_use"] = r.room_use;
  if (r.area_m2) o["area_m2"] = *r.area_m2;
  return json::serialize(o);
}

bool is_head(std::string_view relation) {
  return relation == "本人" || relation == "户主";
}

// Whether a parsed address without its estate names the room with this match key
// ("花家地西里|5|2|301").
bool same_numbers(const ParsedAddress& a, const std::string& key) {
  ParsedAddress with_estate = a;
  with_estate.estate = key.substr(0, key.find('|'));
  return address_key(with_estate) == key;
}

// One import's row loop.
class Applier {
 public:
  Applier(store::Tx& tx, RegisterView& view, const people::PiiVault& vault,
          const SourcePolicy& source, std::map<std::string, SourcePolicy> all,
          const ImportOptions& opt, ImportReport& rep, std::int64_t batch_id)
      : tx_(tx),
        view_(view),
        vault_(vault),
        src_(source),
        all_(std::move(all)),
        opt_(opt),
        rep_(rep),
        batch_(batch_id) {}

  // Picks the ids this import assigns to the persons, records and households it creates.
  Status start();
  Status apply(const CleanRow& row);
  Status record_error(std::size_t row_no, const std::string& key);
  // Writes what is still waiting; moves PostgreSQL's sequences past the assigned ids.
  Status finish();
  Status flush_when_full() {
    return persons_.full() || records_.full() || households_.full() || tags_.full() ||
                   changes_.full() || reviews_.full()
               ? flush_all()
               : ok_status();
  }

 private:
  struct ColumnChange {
    std::string column;
    Value before, after;
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
  Result<std::int64_t> resolve_person(const CleanRow& row, const RecordState* rec,
                                      const RoomInfo* room, bool& created, double& review_score,
                                      std::int64_t& review_candidate);
  Result<std::int64_t> create_person(const CleanRow& row, const RoomInfo* room);
  Result<bool> update_person(PersonState& p, const CleanRow& row, const RoomInfo* room);
  Result<std::optional<std::int64_t>> household_for(const CleanRow& row, const RoomInfo* room);
  Status apply_tags(PersonState& p, const CleanRow& row);
  Result<bool> apply_housing(const CleanRow& row, const RoomInfo& room,
                             std::optional<std::int64_t> owner);
  Result<std::int64_t> upsert_record(const CleanRow* row, std::size_t row_no,
                                     const std::string& key, std::optional<std::int64_t> person,
                                     std::optional<std::int64_t> room, const char* status);
  Status queue_review(const char* kind, std::int64_t record_id, std::optional<std::int64_t> person,
                      std::optional<double> score, json::object detail,
                      const std::string& org_path);
  void sample(const CleanRow& row, std::int64_t person, const std::string& field,
              std::string before, std::string after);
  bool lives_in_room(const CleanRow& row) const {
    return !row.is_housing || row.room_use == "owner_occupied";
  }

  store::Tx& tx_;
  RegisterView& view_;
  const people::PiiVault& vault_;
  const SourcePolicy& src_;
  std::map<std::string, SourcePolicy> all_;
  const ImportOptions& opt_;
  ImportReport& rep_;
  std::int64_t batch_;

  // New rows wait here and are written a few hundred at a time (households before the persons
  // that belong to them, persons before their records). Anything that reads or updates a
  // waiting row, or must refer to one through a foreign key, flushes first.
  Status flush_all();
  // The waiting row of a person or record this import created and has not written yet.
  std::vector<Value>* waiting_person(std::int64_t id) {
    const auto first = next_person_ - static_cast<std::int64_t>(persons_.size());
    return id >= first ? &persons_.row(static_cast<std::size_t>(id - first)) : nullptr;
  }
  std::vector<Value>* waiting_record(std::int64_t id) {
    const auto first = next_record_ - static_cast<std::int64_t>(records_.size());
    return id >= first ? &records_.row(static_cast<std::size_t>(id - first)) : nullptr;
  }
  // Stores a person's changed columns: in its waiting row, or with an UPDATE.
  Status write_person(std::int64_t id, const std::vector<ColumnChange>& cols,
                      const std::string& provenance);
  BulkInsert persons_{"person",
                      {"id",           "name",          "name_initials",  "gender",
                       "birth_date",   "ethnicity",     "id_type",        "id_enc",
                       "id_index",     "id_masked",     "phone_enc",      "phone_index",
                       "phone_masked", "hukou_address", "hukou_room_id",  "actual_address",
                       "room_id",      "arrival_date",  "residence_type", "household_id",
                       "relation",     "community_id",  "org_path",       "batch_id",
                       "provenance",   "created_at",    "updated_at"}};
  BulkInsert records_{"import_record",
                      {"id", "source", "record_key", "batch_id", "row_no", "row_hash", "person_id",
                       "room_id", "status", "data", "updated_at"}};
  BulkInsert tags_{"person_tag", {"person_id", "tag", "source", "since", "batch_id"}};
  BulkInsert reviews_{
      "review_item",
      {"kind", "batch_id", "record_id", "person_id", "score", "detail", "org_path", "created_at"}};
  BulkInsert changes_{
      "register_change",
      {"batch_id", "object_type", "object_id", "field", "old_value", "new_value", "source", "at"}};
  // Logs a change (written with the next flush, in order, so roll-back can replay it).
  void change(const Change& c) {
    changes_.add({c.batch_id, c.object_type, static_cast<long long>(c.object_id), c.field,
                  c.old_value, c.new_value, c.source, c.at});
  }
  BulkInsert households_{
      "household",
      {"id", "household_no", "head_person_id", "room_id", "org_path", "created_at", "updated_at"}};
  static constexpr std::size_t kHeadColumn = 2;                       // households_: head_person_id
  std::unordered_map<std::int64_t, std::size_t> waiting_households_;  // id -> row
  std::int64_t first_person_ = 0, next_person_ = 0;
  std::int64_t first_record_ = 0, next_record_ = 0;
  std::int64_t first_household_ = 0, next_household_ = 0;
};

Status Applier::start() {
  // Imports assign ids themselves: on PostgreSQL they take turns (SQLite has one writer).
  if (tx_.driver() == store::Driver::postgres)
    OG_TRY(tx_.query("SELECT pg_advisory_xact_lock(7310007)"));
  OG_ASSIGN(first_person_, first_free_id(tx_, "person"));
  OG_ASSIGN(first_record_, first_free_id(tx_, "import_record"));
  OG_ASSIGN(first_household_, first_free_id(tx_, "household"));
  next_person_ = first_person_;
  next_record_ = first_record_;
  next_household_ = first_household_;
  return ok_status();
}

Status Applier::flush_all() {
  OG_TRY(households_.flush(tx_));
  waiting_households_.clear();
  OG_TRY(persons_.flush(tx_));
  OG_TRY(tags_.flush(tx_));
  OG_TRY(records_.flush(tx_));
  OG_TRY(reviews_.flush(tx_));  // they refer to records
  return changes_.flush(tx_);
}

Status Applier::finish() {
  OG_TRY(flush_all());
  OG_TRY(sync_id_sequence(tx_, "person", first_person_));
  OG_TRY(sync_id_sequence(tx_, "import_record", first_record_));
  return sync_id_sequence(tx_, "household", first_household_);
}

const RoomInfo* Applier::resolve_room(const ParsedAddress& a) const {
  if (!a.complete()) return nullptr;
  std::string estate = view_.canonical_estate(a.estate);
  if (estate.empty()) return nullptr;
  ParsedAddress canon = a;
  canon.estate = estate;
  if (const RoomInfo* r = view_.room_by_key(address_key(canon))) return r;
  return nullptr;
}

int Applier::rank_of(const std::string& source, FieldGroup g) const {
  auto it = all_.find(source);
  return it == all_.end() ? kUnrankedPriority : it->second.rank(g);
}

bool Applier::wins(const PersonState& p, const char* field, FieldGroup g,
                   bool current_empty) const {
  if (current_empty) return true;
  const std::string* current = p.provenance.get(field);
  if (!current) return true;
  return src_.rank(g) <= rank_of(*current, g);  // a tie: the newer import wins
}

void Applier::sample(const CleanRow& row, std::int64_t person, const std::string& field,
                     std::string before, std::string after) {
  if (rep_.changes.size() >= opt_.max_changes) return;
  rep_.changes.push_back(
      ChangeSample{row.row_no, row.record_key, person, field, std::move(before), std::move(after)});
}

Result<std::int64_t> Applier::create_person(const CleanRow& row, const RoomInfo* room) {
  PersonState p;
  p.name = row.name;
  p.initials = row.name_initials;
  p.gender = row.gender;
  p.birth = row.birth;
  p.ethnicity = row.ethnicity;
  p.hukou_hash = text_hash(row.hukou_address);
  p.hukou_room_id = hukou_room(row.hukou_address);
  p.residence_type = row.residence_type;
  p.arrival = row.arrival;
  p.relation = row.relation;
  OG_ASSIGN(p.household_id, household_for(row, room));
  const bool lives = room && lives_in_room(row);
  if (lives) {
    p.room_id = room->id;
    p.actual_hash = text_hash(row.actual_address);
  }
  const std::string actual_address = lives ? row.actual_address : std::string();
  Value id_enc, phone_enc;
  std::string id_masked, phone_masked;
  if (row.id) {
    p.id_type = "resident_id";
    p.id_index = vault_.blind_index("id", row.id->value);
    id_enc = store::Blob{vault_.seal(row.id->value)};
    id_masked = people::mask_id_number(row.id->value);
  } else if (!row.other_id.empty()) {
    p.id_type = row.id_type;
    p.id_index = vault_.blind_index("id", row.other_id);
    id_enc = store::Blob{vault_.seal(row.other_id)};
    id_masked = people::mask_id_number(row.other_id);
  }
  if (!row.phone.empty()) {
    p.phone_index = vault_.blind_index("phone", row.phone);
    phone_enc = store::Blob{vault_.seal(row.phone)};
    phone_masked = people::mask_phone(row.phone);
  }
  for (const char* f :
       {"name", "gender", "birth_date", "ethnicity", "id_number", "phone", "hukou_address",
        "residence_type", "arrival_date", "residence", "household", "relation"})
    p.provenance.set(f, src_.code);
  const std::string& path = lives ? room->org_path : opt_.org_path;
  p.id = next_person_++;
  persons_.add({static_cast<long long>(p.id),
                p.name,
                p.initials,
                p.gender ? Value(std::string(1, *p.gender)) : Value(),
                date_value(p.birth),
                p.ethnicity,
                p.id_type,
                id_enc,
                p.id_index.empty() ? Value() : Value(p.id_index),
                id_masked,
                phone_enc,
                p.phone_index.empty() ? Value() : Value(p.phone_index),
                phone_masked,
                row.hukou_address,
                opt_id(p.hukou_room_id),
                actual_address,
                opt_id(p.room_id),
                date_value(p.arrival),
                p.residence_type,
                opt_id(p.household_id),
                p.relation,
                lives ? Value(static_cast<long long>(room->community_id)) : Value(),
                path,
                batch_,
                provenance_json(p),
                opt_.now_ms,
                opt_.now_ms});
  if (p.household_id && is_head(p.relation)) {
    if (auto w = waiting_households_.find(*p.household_id); w != waiting_households_.end()) {
      households_.row(w->second)[kHeadColumn] = static_cast<long long>(p.id);
    } else {  // head_person_id has no foreign key: the person may still be waiting
      OG_TRY(tx_.exec("UPDATE household SET head_person_id = ?, updated_at = ? WHERE id = ?",
                      {p.id, opt_.now_ms, *p.household_id}));
    }
  }
  sample(row, p.id, "new_person", "",
         p.name + (actual_address.empty() ? "" : " · " + actual_address));
  const std::int64_t id = p.id;
  view_.add_person(std::move(p));
  return id;
}

Result<std::int64_t> Applier::resolve_person(const CleanRow& row, const RecordState* rec,
                                             const RoomInfo* room, bool& created,
                                             double& review_score, std::int64_t& review_candidate) {
  created = false;
  review_candidate = 0;
  std::string id_index;
  if (row.id) id_index = vault_.blind_index("id", row.id->value);
  if (!row.id && !row.other_id.empty()) id_index = vault_.blind_index("id", row.other_id);
  if (!id_index.empty())
    if (auto pid = view_.by_id_index(id_index)) return *pid;
  // The same record key of the same source is the same person, unless its ID says otherwise.
  if (rec && rec->person_id && view_.person(*rec->person_id)) {
    const PersonState* p = view_.person(*rec->person_id);
    if (id_index.empty() || p->id_index.empty() || p->id_index == id_index) return p->id;
  }
  MatchRecord mr;
  mr.name = row.name;
  mr.name_initials = row.name_initials;
  mr.birth = row.birth;
  mr.gender = row.gender;
  if (!row.phone.empty()) mr.phone = vault_.blind_index("phone", row.phone);
  if (room) mr.address_key = room->match_key;
  const auto lives_room =
      room && lives_in_room(row) ? std::optional<std::int64_t>(room->id) : std::nullopt;
  double best = -1e9;
  std::int64_t best_id = 0;
  for (std::int64_t cid : view_.candidates(mr, lives_room, row.name)) {
    const PersonState* c = view_.person(cid);
    if (!c) continue;
    if (!id_index.empty() && !c->id_index.empty()) continue;  // different ID numbers
    std::string room_key;
    if (c->room_id)
      if (const RoomInfo* r = view_.room(*c->room_id)) room_key = r->match_key;
    MatchScore s = score_pair(mr, c->match_record(room_key), opt_.thresholds);
    if (s.total > best) {
      best = s.total;
      best_id = cid;
    }
  }
  if (best_id != 0 && best >= opt_.thresholds.merge_at) return best_id;
  if (best_id != 0 && best >= opt_.thresholds.separate_below) {
    review_score = best;
    review_candidate = best_id;
  }
  created = true;
  return create_person(row, room);
}

Result<std::optional<std::int64_t>> Applier::household_for(const CleanRow& row,
                                                           const RoomInfo* room) {
  if (row.household_no.empty()) return std::optional<std::int64_t>();
  if (auto id = view_.household(row.household_no)) return std::optional<std::int64_t>(*id);
  const std::int64_t id = next_household_++;
  waiting_households_[id] = households_.size();
  households_.add({static_cast<long long>(id), row.household_no, Value(),
                   room ? Value(static_cast<long long>(room->id)) : Value(),
                   room ? room->org_path : opt_.org_path, opt_.now_ms, opt_.now_ms});
  view_.add_household(row.household_no, id);
  change(Change{batch_, "household", id, "*create", std::nullopt, std::nullopt, src_.code,
                opt_.now_ms});
  return std::optional<std::int64_t>(id);
}

Result<bool> Applier::update_person(PersonState& p, const CleanRow& row, const RoomInfo* room) {
  std::vector<Value>* waiting = waiting_person(p.id);
  std::vector<ColumnChange> cols;
  PersonState before = p;
  // The stored address texts, read only when a row is about to change one.
  std::optional<std::pair<std::string, std::string>> addresses;
  auto stored_addresses = [&]() -> Result<std::pair<std::string, std::string>> {
    if (!addresses && waiting) {
      addresses.emplace((*waiting)[persons_.column("hukou_address")].as_text(),
                        (*waiting)[persons_.column("actual_address")].as_text());
    } else if (!addresses) {
      OG_ASSIGN(auto r, tx_.query_one("SELECT hukou_address, actual_address FROM person"
                                      " WHERE id = ?",
                                      {p.id}));
      if (!r) return internal_error("register.person_missing", "person vanished mid-import");
      addresses.emplace(r->text(0), r->text(1));
    }
    return *addresses;
  };
  auto text_field = [&](const char* field, const char* column, FieldGroup g, std::string& cur,
                        const std::string& next) {
    if (next.empty() || next == cur || !wins(p, field, g, cur.empty())) return;
    sample(row, p.id, field, cur, next);
    cols.push_back({column, cur, next});
    cur = next;
    p.provenance.set(field, src_.code);
  };
  if (row.name != p.name && !row.name.empty() &&
      wins(p, "name", FieldGroup::identity, p.name.empty())) {
    cols.push_back({"name_initials", p.initials, row.name_initials});
    p.initials = row.name_initials;
  }
  text_field("name", "name", FieldGroup::identity, p.name, row.name);
  if (row.gender && row.gender != p.gender && wins(p, "gender", FieldGroup::identity, !p.gender)) {
    sample(row, p.id, "gender", p.gender ? std::string(1, *p.gender) : "",
           std::string(1, *row.gender));
    cols.push_back({"gender", p.gender ? Value(std::string(1, *p.gender)) : Value(),
                    std::string(1, *row.gender)});
    p.gender = row.gender;
    p.provenance.set("gender", src_.code);
  }
  if (row.birth && row.birth != p.birth && wins(p, "birth_date", FieldGroup::identity, !p.birth)) {
    sample(row, p.id, "birth_date", opt_date(p.birth), opt_date(row.birth));
    cols.push_back({"birth_date", date_value(p.birth), date_value(row.birth)});
    p.birth = row.birth;
    p.provenance.set("birth_date", src_.code);
  }
  text_field("ethnicity", "ethnicity", FieldGroup::identity, p.ethnicity, row.ethnicity);
  if (!row.hukou_address.empty() && text_hash(row.hukou_address) != p.hukou_hash &&
      wins(p, "hukou_address", FieldGroup::hukou, p.hukou_hash == 0)) {
    OG_ASSIGN(auto stored, stored_addresses());
    sample(row, p.id, "hukou_address", stored.first, row.hukou_address);
    cols.push_back({"hukou_address", stored.first, row.hukou_address});
    p.hukou_hash = text_hash(row.hukou_address);
    p.provenance.set("hukou_address", src_.code);
    auto room_of_hukou = hukou_room(row.hukou_address);
    if (room_of_hukou != p.hukou_room_id) {
      cols.push_back({"hukou_room_id", opt_id(p.hukou_room_id), opt_id(room_of_hukou)});
      p.hukou_room_id = room_of_hukou;
    }
  }
  text_field("residence_type", "residence_type", FieldGroup::hukou, p.residence_type,
             row.residence_type);
  if (row.arrival && row.arrival != p.arrival &&
      wins(p, "arrival_date", FieldGroup::residence, !p.arrival)) {
    sample(row, p.id, "arrival_date", opt_date(p.arrival), opt_date(row.arrival));
    cols.push_back({"arrival_date", date_value(p.arrival), date_value(row.arrival)});
    p.arrival = row.arrival;
    p.provenance.set("arrival_date", src_.code);
  }

  // identifiers: compared by blind index, old ciphertext read back for the change log
  std::string id_plain = row.id ? row.id->value : row.other_id;
  std::string id_index = id_plain.empty() ? "" : vault_.blind_index("id", id_plain);
  bool id_change = !id_index.empty() && id_index != p.id_index &&
                   wins(p, "id_number", FieldGroup::identity, p.id_index.empty());
  std::string phone_index = row.phone.empty() ? "" : vault_.blind_index("phone", row.phone);
  bool phone_change = !phone_index.empty() && phone_index != p.phone_index &&
                      wins(p, "phone", FieldGroup::contact, p.phone_index.empty());
  if (id_change || phone_change) {
    std::optional<store::Row> cur;
    if (waiting) {
      store::Row r;
      for (const char* c : {"id_type", "id_enc", "id_masked", "phone_enc", "phone_masked"})
        r.values.push_back((*waiting)[persons_.column(c)]);
      cur = std::move(r);
    } else {
      OG_ASSIGN(cur, tx_.query_one("SELECT id_type, id_enc, id_masked, phone_enc, phone_masked"
                                   " FROM person WHERE id = ?",
                                   {p.id}));
    }
    if (!cur) return internal_error("register.person_missing", "person vanished mid-import");
    if (id_change) {
      std::string type = row.id ? "resident_id" : row.id_type;
      std::string masked = people::mask_id_number(id_plain);
      sample(row, p.id, "id_number", cur->text(2), masked);
      cols.push_back({"id_type", cur->at(0), type});
      cols.push_back({"id_enc", cur->at(1), store::Blob{vault_.seal(id_plain)}});
      cols.push_back({"id_index", p.id_index.empty() ? Value() : Value(p.id_index), id_index});
      cols.push_back({"id_masked", cur->at(2), masked});
      p.id_type = type;
      p.id_index = id_index;
      p.provenance.set("id_number", src_.code);
    }
    if (phone_change) {
      std::string masked = people::mask_phone(row.phone);
      sample(row, p.id, "phone", cur->text(4), masked);
      cols.push_back({"phone_enc", cur->at(3), store::Blob{vault_.seal(row.phone)}});
      cols.push_back(
          {"phone_index", p.phone_index.empty() ? Value() : Value(p.phone_index), phone_index});
      cols.push_back({"phone_masked", cur->at(4), masked});
      p.phone_index = phone_index;
      p.provenance.set("phone", src_.code);
    }
  }

  // residence: the room (and with it the scope) follows the winning source
  if (room && lives_in_room(row) && p.room_id != room->id &&
      wins(p, "residence", FieldGroup::residence, !p.room_id)) {
    const RoomInfo* old_room = p.room_id ? view_.room(*p.room_id) : nullptr;
    OG_ASSIGN(auto stored, stored_addresses());
    sample(row, p.id, "residence", stored.second, row.actual_address);
    cols.push_back({"room_id", opt_id(p.room_id), static_cast<long long>(room->id)});
    cols.push_back({"actual_address", stored.second, row.actual_address});
    cols.push_back({"org_path", old_room ? old_room->org_path : opt_.org_path, room->org_path});
    cols.push_back({"community_id",
                    old_room ? Value(static_cast<long long>(old_room->community_id)) : Value(),
                    static_cast<long long>(room->community_id)});
    p.room_id = room->id;
    p.actual_hash = text_hash(row.actual_address);
    p.provenance.set("residence", src_.code);
  }

  OG_ASSIGN(auto household, household_for(row, room));
  if (household && household != p.household_id &&
      wins(p, "household", FieldGroup::hukou, !p.household_id)) {
    cols.push_back({"household_id", opt_id(p.household_id), static_cast<long long>(*household)});
    p.household_id = household;
    p.provenance.set("household", src_.code);
  }
  text_field("relation", "relation", FieldGroup::hukou, p.relation, row.relation);
  if (household && is_head(row.relation)) {
    if (auto w = waiting_households_.find(*household); w != waiting_households_.end())
      households_.row(w->second)[kHeadColumn] = static_cast<long long>(p.id);
    else
      OG_TRY(tx_.exec("UPDATE household SET head_person_id = ?, updated_at = ? WHERE id = ?",
                      {p.id, opt_.now_ms, *household}));
  }
  if (cols.empty()) return false;
  // person.household_id refers to household: a household still waiting is written first
  if (!waiting && household && waiting_households_.contains(*household)) {
    OG_TRY(households_.flush(tx_));
    waiting_households_.clear();
  }
  Columns old_cols, new_cols;
  for (auto& c : cols) {
    old_cols.emplace_back(c.column, c.before);
    new_cols.emplace_back(c.column, c.after);
  }
  std::string provenance = provenance_json(p);
  old_cols.emplace_back("provenance", provenance_json(before));
  new_cols.emplace_back("provenance", provenance);
  OG_TRY(write_person(p.id, cols, provenance));
  change(Change{batch_, "person", p.id, "*update", columns_json(old_cols), columns_json(new_cols),
                src_.code, opt_.now_ms});
  view_.reindex(before, p);
  return true;
}

Status Applier::write_person(std::int64_t id, const std::vector<ColumnChange>& cols,
                             const std::string& provenance) {
  if (std::vector<Value>* row = waiting_person(id)) {
    for (const auto& c : cols) (*row)[persons_.column(c.column)] = c.after;
    (*row)[persons_.column("provenance")] = provenance;
    return ok_status();
  }
  std::string sql = "UPDATE person SET ";
  std::vector<Value> params;
  for (const auto& c : cols) {
    sql += c.column + " = ?, ";
    params.push_back(c.after);
  }
  sql += "provenance = ?, version = version + 1, updated_at = ? WHERE id = ?";
  params.emplace_back(provenance);
  params.emplace_back(opt_.now_ms);
  params.emplace_back(static_cast<long long>(id));
  OG_TRY(tx_.exec(sql, params));
  return ok_status();
}

Status Applier::apply_tags(PersonState& p, const CleanRow& row) {
  for (const auto& tag : row.tags) {
    bool held = false;
    for (const auto& t : p.tags) held = held || t == tag;
    if (held) continue;
    tags_.add(
        {static_cast<long long>(p.id), tag, src_.code, people::format_date(opt_.today), batch_});
    change(
        Change{batch_, "person_tag", p.id, tag, std::nullopt, src_.code, src_.code, opt_.now_ms});
    sample(row, p.id, "tag", "", tag);
    p.tags.push_back(tag);
  }
  return ok_status();
}

Result<bool> Applier::apply_housing(const CleanRow& row, const RoomInfo& room,
                                    std::optional<std::int64_t> owner) {
  OG_ASSIGN(auto cur, tx_.query_one("SELECT room_use, area_m2, owner_person_id, owner_name,"
                                    " source, provenance FROM housing WHERE room_id = ?",
                                    {room.id}));
  Value use = row.room_use.empty() ? Value("other") : Value(row.room_use);
  Value area = row.area_m2 ? Value(*row.area_m2) : Value();
  if (!cur) {
    OG_TRY(
        tx_.exec("INSERT INTO housing (room_id, room_use, area_m2, owner_person_id,"
                 " owner_name, source, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                 {room.id, use, area, opt_id(owner), row.name, src_.code, opt_.now_ms}));
    change(Change{batch_, "housing", room.id, "*create", std::nullopt, std::nullopt, src_.code,
                  opt_.now_ms});
    return true;
  }
  Columns before{{"room_use", cur->at(0)},
                 {"area_m2", cur->at(1)},
                 {"owner_person_id", cur->at(2)},
                 {"owner_name", cur->at(3)},
                 {"source", cur->at(4)}};
  Columns after{{"room_use", use},
                {"area_m2", area},
                {"owner_person_id", opt_id(owner)},
                {"owner_name", row.name},
                {"source", src_.code}};
  bool same = true;
  for (std::size_t i = 0; i < before.size(); ++i) {
    const Value& a = before[i].second;
    const Value& b = after[i].second;
    if (a.is_real() || b.is_real()) {
      same = same && a.is_null() == b.is_null() && a.as_real() == b.as_real();
    } else {
      same = same && a.as_text() == b.as_text();
    }
  }
  if (same) return false;
  if (rank_of(cur->text(4), FieldGroup::housing) < src_.rank(FieldGroup::housing)) return false;
  OG_TRY(
      tx_.exec("UPDATE housing SET room_use = ?, area_m2 = ?, owner_person_id = ?,"
               " owner_name = ?, source = ?, updated_at = ? WHERE room_id = ?",
               {use, area, opt_id(owner), row.name, src_.code, opt_.now_ms, room.id}));
  change(Change{batch_, "housing", room.id, "*update", columns_json(before), columns_json(after),
                src_.code, opt_.now_ms});
  sample(row, owner.value_or(0), "room_use", cur->text(0), use.as_text());
  return true;
}

Result<std::int64_t> Applier::upsert_record(const CleanRow* row, std::size_t row_no,
                                            const std::string& key,
                                            std::optional<std::int64_t> person,
                                            std::optional<std::int64_t> room, const char* status) {
  std::string hash = row ? row->content_hash : "error";
  // Reviewers see a row's values; linked rows are seen through their person.
  std::string data = row && std::string_view(status) != "linked" ? record_data(*row) : "{}";
  RecordState* rec = view_.record(key);
  if (!rec) {
    const std::int64_t id = next_record_++;
    records_.add({static_cast<long long>(id), src_.code, key, batch_,
                  static_cast<long long>(row_no), hash, opt_id(person), opt_id(room), status, data,
                  opt_.now_ms});
    view_.put_record(key, RecordState{id, hash, person, status});
    return id;
  }
  std::vector<Value>* waiting = waiting_record(rec->id);  // a key twice in one file
  std::optional<store::Row> cur;
  if (waiting) {
    store::Row r;
    for (const char* c :
         {"batch_id", "row_no", "row_hash", "person_id", "room_id", "status", "data"})
      r.values.push_back((*waiting)[records_.column(c)]);
    cur = std::move(r);
  } else {
    OG_ASSIGN(cur, tx_.query_one("SELECT batch_id, row_no, row_hash, person_id, room_id,"
                                 " status, data FROM import_record WHERE id = ?",
                                 {rec->id}));
  }
  if (!cur) return internal_error("register.record_missing", "import record vanished");
  Columns before{{"batch_id", cur->at(0)},  {"row_no", cur->at(1)},  {"row_hash", cur->at(2)},
                 {"person_id", cur->at(3)}, {"room_id", cur->at(4)}, {"status", cur->at(5)},
                 {"data", cur->at(6)}};
  Columns after{{"batch_id", batch_},
                {"row_no", static_cast<long long>(row_no)},
                {"row_hash", hash},
                {"person_id", opt_id(person)},
                {"room_id", opt_id(room)},
                {"status", status},
                {"data", data}};
  if (waiting) {
    for (const auto& [column, value] : after) (*waiting)[records_.column(column)] = value;
  } else {
    OG_TRY(
        tx_.exec("UPDATE import_record SET batch_id = ?, row_no = ?, row_hash = ?,"
                 " person_id = ?, room_id = ?, status = ?, data = ?, updated_at = ?"
                 " WHERE id = ?",
                 {batch_, static_cast<long long>(row_no), hash, opt_id(person), opt_id(room),
                  status, data, opt_.now_ms, rec->id}));
  }
  change(Change{batch_, "import_record", rec->id, "*update", columns_json(before),
                columns_json(after), src_.code, opt_.now_ms});
  rec->row_hash = hash;
  rec->person_id = person;
  rec->status = status;
  return rec->id;
}

Status Applier::queue_review(const char* kind, std::int64_t record_id,
                             std::optional<std::int64_t> person, std::optional<double> score,
                             json::object detail, const std::string& org_path) {
  reviews_.add({kind, batch_, static_cast<long long>(record_id), opt_id(person),
                score ? Value(*score) : Value(), json::serialize(detail), org_path, opt_.now_ms});
  return ok_status();
}

Status Applier::record_error(std::size_t row_no, const std::string& key) {
  ++rep_.rows_total;
  ++rep_.rows_error;
  RecordState* rec = view_.record(key);
  if (rec && rec->status == "error") return ok_status();
  OG_TRY(upsert_record(nullptr, row_no, key, std::nullopt, std::nullopt, "error"));
  return ok_status();
}

Status Applier::apply(const CleanRow& row) {
  ++rep_.rows_total;
  RecordState* rec = view_.record(row.record_key);
  if (rec && rec->row_hash == row.content_hash) {
    ++rep_.rows_same;
    return ok_status();
  }
  const RoomInfo* room = row.address ? resolve_room(*row.address) : nullptr;
  if (!room && !row.actual_address.empty()) room = view_.room_by_text(row.actual_address);
  bool address_unmatched = !row.actual_address.empty() && room == nullptr;

  std::optional<std::int64_t> person_id;
  bool created = false, updated = false;
  double review_score = 0;
  std::int64_t review_candidate = 0;
  const bool has_person = !row.name.empty() || row.id || !row.other_id.empty();
  if (has_person) {
    OG_ASSIGN(std::int64_t pid,
              resolve_person(row, rec, room, created, review_score, review_candidate));
    person_id = pid;
    PersonState* p = view_.person(pid);
    if (!p) return internal_error("register.person_missing", "resolved person not loaded");
    // "5号楼2门301室" names no estate: it is the person's known room when the numbers agree.
    if (address_unmatched && p->room_id && row.address && row.address->estate.empty())
      if (const RoomInfo* known = view_.room(*p->room_id);
          known && same_numbers(*row.address, known->match_key)) {
        room = known;
        address_unmatched = false;
      }
    if (!created) {
      OG_ASSIGN(updated, update_person(*p, row, room));
    }
    const std::size_t tags_before = p->tags.size();
    OG_TRY(apply_tags(*p, row));
    updated = updated || p->tags.size() != tags_before;
  }
  if (row.is_housing && room) {
    OG_ASSIGN(bool housing_changed, apply_housing(row, *room, person_id));
    updated = updated || housing_changed;
  }
  const bool review = address_unmatched || review_candidate != 0;
  OG_ASSIGN(std::int64_t record_id,
            upsert_record(&row, row.row_no, row.record_key, person_id,
                          room ? std::optional<std::int64_t>(room->id) : std::nullopt,
                          review ? "review" : "linked"));
  const std::string& path = room ? room->org_path : opt_.org_path;
  if (address_unmatched) {
    ++rep_.address_unmatched;
    json::object d{{"text", row.actual_address}, {"source", src_.code}};
    if (row.address) {
      d["estate"] = row.address->estate;
      if (row.address->building) d["building"] = *row.address->building;
      if (row.address->unit) d["unit"] = *row.address->unit;
      d["room"] = row.address->room;
    }
    OG_TRY(queue_review("address", record_id, person_id, std::nullopt, std::move(d), path));
  }
  if (review_candidate != 0) {
    ++rep_.match_review;
    json::object d{{"new_person", *person_id}, {"source", src_.code}};
    OG_TRY(queue_review("match", record_id, review_candidate, review_score, std::move(d), path));
  }
  if (review) ++rep_.rows_review;
  if (created) {
    ++rep_.rows_new;
  } else if (updated) {
    ++rep_.rows_updated;
  } else {
    ++rep_.rows_merged;
  }
  return ok_status();
}

bool looks_like_housing(const HeaderMap& map, std::string_view source) {
  return source == "housing" || map.column(Field::owner_name) || map.column(Field::room_use);
}

}  // namespace

Result<ImportReport> import_extract(store::Store& store, const people::PiiVault& vault,
                                    std::string_view bytes, const ImportOptions& opt) {
  const auto t0 = Clock::now();
  ImportReport rep;
  auto& ph = rep.phases;
  Clock::time_point done_at;
  rep.dry_run = opt.dry_run;
  rep.source = opt.source;
  if (bytes.empty()) return invalid_input("import.empty", "the file is empty", "file");

  Status st = store.write([&](store::Tx& tx) -> Status {
    OG_ASSIGN(SourcePolicy src, get_source(tx, opt.source));
    OG_ASSIGN(auto sources, list_sources(tx));
    std::map<std::string, SourcePolicy> all;
    for (auto& s : sources) all[s.code] = std::move(s);

    std::optional<Mapping> mapping = opt.mapping;
    if (!mapping && !src.mapping_toml.empty()) {
      OG_ASSIGN(Mapping m, parse_mapping(src.mapping_toml));
      mapping = std::move(m);
    }
    const Encoding detected = detect_encoding(bytes);
    Encoding enc = detected;
    if (opt.encoding) {
      enc = *opt.encoding;
    } else if (mapping && mapping->encoding) {
      auto e = parse_encoding(*mapping->encoding);
      if (!e)
        return invalid_input("import.mapping_field", "unknown encoding in mapping", "mapping");
      enc = *e;
    }
    rep.encoding = std::string(encoding_code(enc));
    // UTF-8 is read in place (a copy of a 250 MB extract is 250 MB of peak memory); GBK and
    // GB18030 are converted.
    std::string converted;
    std::string_view text = bytes;
    if (enc == Encoding::utf8 && detected == Encoding::utf8) {
      text = bytes;
    } else if (enc == Encoding::utf8_bom && detected == Encoding::utf8_bom &&
               detect_encoding(bytes.substr(3)) == Encoding::utf8) {
      text = bytes.substr(3);
    } else {
      OG_ASSIGN(converted, to_utf8(bytes, enc));
      text = converted;
    }
    const char delim = detect_delimiter(text);

    // header first: it decides the columns before any row is read
    std::vector<std::string> header;
    OG_TRY(for_each_row(text, delim, [&](std::size_t, std::span<const std::string> f) {
      header.assign(f.begin(), f.end());
      return false;
    }));
    if (header.empty()) return invalid_input("import.empty", "the file has no header", "file");
    if (mapping && mapping->key_column) mapping->columns[*mapping->key_column] = Field::record_key;
    HeaderMap map = map_headers(header, mapping ? &*mapping : nullptr);
    for (const auto& [field, col] : map.columns)
      rep.columns.emplace_back(header[col], std::string(field_code(field)));
    rep.ignored_columns = map.ignored;
    const bool housing = looks_like_housing(map, src.code);
    if (housing ? !map.column(Field::actual_address)
                : !map.column(Field::name) && !map.column(Field::id_number))
      return invalid_input("import.no_columns",
                           housing ? "no address column (房屋坐落 / 房屋地址)"
                                   : "neither a name nor an ID number column (姓名 / 身份证号)",
                           "file");

    // Persons no room places are scoped to the importer's unit, by default the whole district.
    ImportOptions scoped = opt;
    if (scoped.org_path.empty()) {
      OG_ASSIGN(auto root, tx.query_one("SELECT id, path FROM org_unit WHERE parent_id IS NULL"
                                        " ORDER BY id LIMIT 1"));
      if (root) {
        scoped.org_id = root->i64(0);
        scoped.org_path = root->text(1);
      }
    }
    auto at = Clock::now();
    OG_ASSIGN(RegisterView view, RegisterView::load(tx, src.code));
    lap(at, ph.load);
    OG_ASSIGN(std::int64_t batch,
              tx.insert("INSERT INTO import_batch (source, file_name, file_sha256, encoding,"
                        " state, org_id, org_path, created_by, created_at)"
                        " VALUES (?, ?, ?, ?, 'committed', ?, ?, ?, ?) RETURNING id",
                        {src.code, opt.file_name, auth::sha256_hex(bytes), rep.encoding,
                         scoped.org_id ? Value(static_cast<long long>(scoped.org_id)) : Value(),
                         scoped.org_path,
                         opt.user_id ? Value(static_cast<long long>(opt.user_id)) : Value(),
                         opt.now_ms}));
    Applier applier(tx, view, vault, src, std::move(all), scoped, rep, batch);
    OG_TRY(applier.start());
    // Large files (SQLite): indexes are built once at the end instead of row by row.
    DeferredIndexes deferred;
    // Only when the file mostly adds people (a first load): a file that mostly updates the
    // persons already there loses more rebuilding than it saves.
    const std::size_t lines = estimate_rows(text);
    if (lines >= opt.defer_indexes_from_rows && lines > 2 * view.person_count())
      OG_TRY(deferred.drop(tx, {"person", "import_record"}));
    lap(at, ph.write);  // the batch row, dropping indexes
    RowContext ctx{&map, opt.today, housing};
    std::vector<RowIssue> issues;
    Status loop = ok_status();
    OG_TRY(for_each_row(text, delim, [&](std::size_t index, std::span<const std::string> f) {
      if (index == 0) return true;
      issues.clear();
      lap(at, ph.clean);  // includes splitting the line into fields
      auto row = clean_row(f, index, ctx, issues);
      lap(at, ph.clean);
      for (auto& is : issues) {
        (is.error ? rep.errors : rep.warnings) += 1;
        if (rep.issues.size() < opt.max_issues) rep.issues.push_back(std::move(is));
      }
      loop = row ? applier.apply(*row)
                 : applier.record_error(index, map.column(Field::record_key) &&
                                                       *map.column(Field::record_key) < f.size()
                                                   ? clean_cell(f[*map.column(Field::record_key)])
                                                   : std::to_string(index));
      lap(at, ph.match);
      if (loop.ok()) loop = applier.flush_when_full();
      lap(at, ph.write);
      return loop.ok();
    }));
    OG_TRY(loop);
    OG_TRY(applier.finish());
    lap(at, ph.write);
    OG_TRY(deferred.rebuild(tx));
    lap(at, ph.indexes);
    if (rep.rows_total == 0) return invalid_input("import.empty", "the file has no rows", "file");
    OG_TRY(
        tx.exec("UPDATE import_batch SET rows_total = ?, rows_new = ?, rows_merged = ?,"
                " rows_updated = ?, rows_same = ?, rows_review = ?, rows_error = ?"
                " WHERE id = ?",
                {static_cast<long long>(rep.rows_total), static_cast<long long>(rep.rows_new),
                 static_cast<long long>(rep.rows_merged), static_cast<long long>(rep.rows_updated),
                 static_cast<long long>(rep.rows_same), static_cast<long long>(rep.rows_review),
                 static_cast<long long>(rep.rows_error), batch}));
    rep.batch_id = batch;
    done_at = Clock::now();
    if (opt.dry_run) return make_error(ErrorKind::conflict, kDryRunCode, "dry run: rolled back");
    return ok_status();
  });
  // committing (or rolling back) and freeing the in-memory view
  if (done_at != Clock::time_point()) lap(done_at, ph.commit);
  if (!st && !(opt.dry_run && st.error().code == kDryRunCode)) return st.error();
  if (opt.dry_run) rep.batch_id = 0;
  rep.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  return rep;
}

}  // namespace onegrid::ingest
