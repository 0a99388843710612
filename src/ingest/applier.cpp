// The row loop of an import; see applier.hpp.
#include "ingest/applier.hpp"

#include <boost/json.hpp>

#include "people/masking.hpp"

namespace onegrid::ingest {
namespace json = boost::json;
using store::Value;

namespace {

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
  return p.provenance.to_json();
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

}  // namespace

Status Applier::start() {
  // Imports assign ids themselves: on PostgreSQL they take turns (SQLite has one writer).
  if (tx_.driver() == store::Driver::postgres)
    OG_TRY(tx_.query("SELECT pg_advisory_xact_lock(7310007)"));
  OG_ASSIGN(first_person_, store::first_free_id(tx_, "person"));
  OG_ASSIGN(first_record_, store::first_free_id(tx_, "import_record"));
  OG_ASSIGN(first_household_, store::first_free_id(tx_, "household"));
  next_person_ = first_person_;
  next_record_ = first_record_;
  next_household_ = first_household_;
  return ok_status();
}

Status Applier::flush_all() {
  waiting_households_.clear();
  waiting_housing_.clear();
  SharedTx::Work work = [households = households_.take(), persons = persons_.take(),
                         housing = housing_.take(), tags = tags_.take(), records = records_.take(),
                         reviews = reviews_.take(), changes = changes_.take(),
                         later = std::exchange(later_, {}),
                         log = late_changes_.take()](store::Tx& tx) mutable -> Status {
    OG_TRY(households.flush(tx));
    OG_TRY(persons.flush(tx));
    OG_TRY(housing.flush(tx));
    OG_TRY(tags.flush(tx));
    OG_TRY(records.flush(tx));
    OG_TRY(reviews.flush(tx));  // they refer to records
    OG_TRY(changes.flush(tx));
    for (auto& step : later) OG_TRY(step(tx, log));
    return log.flush(tx);
  };
  return shared_ ? shared_->post(std::move(work)) : work(tx_);
}

Status Applier::finish() {
  OG_TRY(flush_all());
  OG_TRY(store::sync_id_sequence(tx_, "person", first_person_));
  OG_TRY(store::sync_id_sequence(tx_, "import_record", first_record_));
  return store::sync_id_sequence(tx_, "household", first_household_);
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

PreparedRow prepare_row(CleanRow row, const people::PiiVault& vault) {
  PreparedRow pr;
  pr.id_plain = row.id ? row.id->value : row.other_id;
  if (!pr.id_plain.empty()) {
    pr.id_index = vault.blind_index("id", pr.id_plain);
    pr.id_sealed = vault.seal(pr.id_plain);
  }
  if (!row.phone.empty()) {
    pr.phone_index = vault.blind_index("phone", row.phone);
    pr.phone_sealed = vault.seal(row.phone);
  }
  pr.row = std::move(row);
  return pr;
}

Result<std::int64_t> Applier::create_person(const PreparedRow& pr, const RoomInfo* room) {
  const CleanRow& row = pr.row;
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
  if (!pr.id_plain.empty()) {
    p.id_type = row.id ? "resident_id" : row.id_type;
    p.id_index = pr.id_index;
    id_enc = store::Blob{pr.id_sealed};
    id_masked = people::mask_id_number(pr.id_plain);
  }
  if (!row.phone.empty()) {
    p.phone_index = pr.phone_index;
    phone_enc = store::Blob{pr.phone_sealed};
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
    } else {
      set_head(*p.household_id, p.id);
    }
  }
  sample(row, p.id, "new_person", "",
         p.name + (actual_address.empty() ? "" : " · " + actual_address));
  const std::int64_t id = p.id;
  view_.add_person(std::move(p));
  return id;
}

Result<std::int64_t> Applier::resolve_person(const PreparedRow& pr, const RecordState* rec,
                                             const RoomInfo* room, bool& created,
                                             double& review_score, std::int64_t& review_candidate) {
  const CleanRow& row = pr.row;
  created = false;
  review_candidate = 0;
  const std::string& id_index = pr.id_index;
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
  mr.phone = pr.phone_index;
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
  return create_person(pr, room);
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

Result<bool> Applier::update_person(PersonState& p, const PreparedRow& pr, const RoomInfo* room) {
  const CleanRow& row = pr.row;
  std::vector<Value>* waiting = waiting_person(p.id);
  std::vector<ColumnChange> cols;
  PersonState before = p;
  // What the view does not hold (address texts, sealed identifiers) is read now when the person
  // waits in memory or a sample of the change is still wanted; else the writer reads it right
  // before its UPDATE, for the change log (read_later).
  const bool read_now = waiting || rep_.changes.size() < opt_.max_changes;
  // The stored address texts, read only when a row is about to change one.
  std::optional<std::pair<std::string, std::string>> addresses;
  auto stored_addresses = [&]() -> Result<std::pair<std::string, std::string>> {
    if (!addresses && waiting) {
      addresses.emplace((*waiting)[persons_.column("hukou_address")].as_text(),
                        (*waiting)[persons_.column("actual_address")].as_text());
    } else if (!addresses && !read_now) {
      addresses.emplace();
    } else if (!addresses) {
      OG_TRY(before_reading());
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
    cols.push_back({"hukou_address", stored.first, row.hukou_address, !read_now});
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
  const std::string& id_plain = pr.id_plain;
  const std::string& id_index = pr.id_index;
  bool id_change = !id_index.empty() && id_index != p.id_index &&
                   wins(p, "id_number", FieldGroup::identity, p.id_index.empty());
  const std::string& phone_index = pr.phone_index;
  bool phone_change = !phone_index.empty() && phone_index != p.phone_index &&
                      wins(p, "phone", FieldGroup::contact, p.phone_index.empty());
  if (id_change || phone_change) {
    std::optional<store::Row> cur;
    if (waiting) {
      store::Row r;
      for (const char* c : {"id_type", "id_enc", "id_masked", "phone_enc", "phone_masked"})
        r.values.push_back((*waiting)[persons_.column(c)]);
      cur = std::move(r);
    } else if (!read_now) {
      cur = store::Row{std::vector<Value>(5), nullptr};
    } else {
      OG_TRY(before_reading());
      OG_ASSIGN(cur, tx_.query_one("SELECT id_type, id_enc, id_masked, phone_enc, phone_masked"
                                   " FROM person WHERE id = ?",
                                   {p.id}));
    }
    if (!cur) return internal_error("register.person_missing", "person vanished mid-import");
    if (id_change) {
      std::string type = row.id ? "resident_id" : row.id_type;
      std::string masked = people::mask_id_number(id_plain);
      sample(row, p.id, "id_number", cur->text(2), masked);
      cols.push_back({"id_type", cur->at(0), type, !read_now});
      cols.push_back({"id_enc", cur->at(1), store::Blob{pr.id_sealed}, !read_now});
      cols.push_back({"id_index", p.id_index.empty() ? Value() : Value(p.id_index), id_index});
      cols.push_back({"id_masked", cur->at(2), masked, !read_now});
      p.id_type = type;
      p.id_index = id_index;
      p.provenance.set("id_number", src_.code);
    }
    if (phone_change) {
      std::string masked = people::mask_phone(row.phone);
      sample(row, p.id, "phone", cur->text(4), masked);
      cols.push_back({"phone_enc", cur->at(3), store::Blob{pr.phone_sealed}, !read_now});
      cols.push_back(
          {"phone_index", p.phone_index.empty() ? Value() : Value(p.phone_index), phone_index});
      cols.push_back({"phone_masked", cur->at(4), masked, !read_now});
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
    cols.push_back({"actual_address", stored.second, row.actual_address, !read_now});
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
      set_head(*household, p.id);
  }
  if (cols.empty()) return false;
  OG_TRY(write_person(p.id, std::move(cols), provenance_json(before), provenance_json(p)));
  view_.reindex(before, p);
  return true;
}

void Applier::set_head(std::int64_t household, std::int64_t person) {
  later_.push_back(
      [household, person, now = opt_.now_ms](store::Tx& tx, store::BulkInsert&) -> Status {
        OG_TRY(tx.exec("UPDATE household SET head_person_id = ?, updated_at = ? WHERE id = ?",
                       {person, now, household}));
        return ok_status();
      });
}

Status Applier::before_reading() {
  return later_.empty() ? ok_status() : flush_all();
}

Status Applier::write_person(std::int64_t id, std::vector<ColumnChange> cols,
                             std::string provenance_before, std::string provenance) {
  if (std::vector<Value>* row = waiting_person(id)) {
    Columns old_cols, new_cols;
    for (const auto& c : cols) {
      (*row)[persons_.column(c.column)] = c.after;
      old_cols.emplace_back(c.column, c.before);
      new_cols.emplace_back(c.column, c.after);
    }
    (*row)[persons_.column("provenance")] = provenance;
    old_cols.emplace_back("provenance", std::move(provenance_before));
    new_cols.emplace_back("provenance", std::move(provenance));
    change(Change{batch_, "person", id, "*update", columns_json(old_cols), columns_json(new_cols),
                  src_.code, opt_.now_ms});
    return ok_status();
  }
  // Written with the next bulk inserts (after the households it may refer to), by the writer.
  later_.push_back([id, cols = std::move(cols), before = std::move(provenance_before),
                    after = std::move(provenance), batch = batch_, source = src_.code,
                    now = opt_.now_ms](store::Tx& tx, store::BulkInsert& log) mutable -> Status {
    std::string read;
    for (const auto& c : cols)
      if (c.read_later) read += (read.empty() ? "" : ", ") + c.column;
    if (!read.empty()) {
      OG_ASSIGN(auto cur, tx.query_one("SELECT " + read + " FROM person WHERE id = ?", {id}));
      if (!cur) return internal_error("register.person_missing", "person vanished mid-import");
      std::size_t i = 0;
      for (auto& c : cols)
        if (c.read_later) c.before = cur->at(i++);
    }
    std::string sql = "UPDATE person SET ";
    std::vector<Value> params;
    Columns old_cols, new_cols;
    for (auto& c : cols) {
      sql += c.column + " = ?, ";
      params.push_back(c.after);
      old_cols.emplace_back(c.column, std::move(c.before));
      new_cols.emplace_back(c.column, std::move(c.after));
    }
    sql += "provenance = ?, version = version + 1, updated_at = ? WHERE id = ?";
    params.emplace_back(after);
    params.emplace_back(now);
    params.emplace_back(static_cast<long long>(id));
    OG_TRY(tx.exec(sql, params));
    old_cols.emplace_back("provenance", std::move(before));
    new_cols.emplace_back("provenance", std::move(after));
    log.add({batch, "person", static_cast<long long>(id), "*update", columns_json(old_cols),
             columns_json(new_cols), source, now});
    return ok_status();
  });
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
  Value use = row.room_use.empty() ? Value("other") : Value(row.room_use);
  Value area = row.area_m2 ? Value(*row.area_m2) : Value();
  if (!view_.has_housing(room.id)) {  // a room's first housing row waits with the other inserts
    housing_.add({static_cast<long long>(room.id), use, area, opt_id(owner), row.name, src_.code,
                  opt_.now_ms});
    waiting_housing_.insert(room.id);
    view_.add_housing(room.id);
    change(Change{batch_, "housing", room.id, "*create", std::nullopt, std::nullopt, src_.code,
                  opt_.now_ms});
    return true;
  }
  if (waiting_housing_.contains(room.id)) OG_TRY(flush_all());  // the room twice in one file
  OG_ASSIGN(auto cur, tx_.query_one("SELECT room_use, area_m2, owner_person_id, owner_name,"
                                    " source, provenance FROM housing WHERE room_id = ?",
                                    {room.id}));
  if (!cur) return internal_error("register.housing_missing", "housing row vanished mid-import");
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

Status Applier::apply(const PreparedRow& pr) {
  const CleanRow& row = pr.row;
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
              resolve_person(pr, rec, room, created, review_score, review_candidate));
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
      OG_ASSIGN(updated, update_person(*p, pr, room));
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

}  // namespace onegrid::ingest
