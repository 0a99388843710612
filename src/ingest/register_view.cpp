// The import's in-memory view of the register; see register_view.hpp.
#include "ingest/register_view.hpp"

#include <boost/json.hpp>
#include <charconv>
#include <deque>
#include <mutex>

#include "people/provenance.hpp"

namespace onegrid::ingest {
namespace json = boost::json;

std::optional<people::Date> parse_iso_date(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  people::Date d;
  auto num = [&](std::size_t at, std::size_t n, int& out) {
    auto r = std::from_chars(s.data() + at, s.data() + at + n, out);
    return r.ec == std::errc() && r.ptr == s.data() + at + n;
  };
  if (!num(0, 4, d.year) || !num(5, 2, d.month) || !num(8, 2, d.day)) return std::nullopt;
  return d;
}

namespace {
using people::kProvenanceFields;
static_assert(kProvenanceFields.size() == Provenance::kFields);
std::mutex g_sources_mu;
std::deque<std::string>& sources() {
  static std::deque<std::string> table{""};  // index 0: no source
  return table;
}
}  // namespace

const char* Provenance::field_name(std::size_t i) {
  return i < kFields ? kProvenanceFields[i] : nullptr;
}

int Provenance::field_index(std::string_view field) {
  for (std::size_t i = 0; i < kFields; ++i)
    if (field == kProvenanceFields[i]) return static_cast<int>(i);
  return -1;
}

std::uint8_t Provenance::intern(const std::string& source) {
  std::lock_guard lock(g_sources_mu);
  auto& table = sources();
  for (std::size_t i = 1; i < table.size(); ++i)
    if (table[i] == source) return static_cast<std::uint8_t>(i);
  if (table.size() >= 255) return 0;  // more sources than any district has: not recorded
  table.push_back(source);
  return static_cast<std::uint8_t>(table.size() - 1);
}

const std::string& Provenance::source_code(std::uint8_t index) {
  std::lock_guard lock(g_sources_mu);
  // A deque: references to entries stay valid while others are added.
  return sources()[index];
}

void Provenance::set(std::string_view field, const std::string& source) {
  if (int i = field_index(field); i >= 0) slots_[static_cast<std::size_t>(i)] = intern(source);
}

std::string Provenance::to_json() const {
  std::array<int, 256> count{};
  std::uint8_t common = 0;
  bool complete = true;
  for (auto slot : slots_) {
    complete = complete && slot != 0;
    if (slot != 0 && ++count[slot] > count[common]) common = slot;
  }
  json::object o;
  if (complete && count[common] > 1) o["*"] = source_code(common);
  for (std::size_t i = 0; i < kFields; ++i)
    if (slots_[i] != 0 && !(o.contains("*") && slots_[i] == common))
      o[kProvenanceFields[i]] = source_code(slots_[i]);
  return json::serialize(o);
}

Provenance Provenance::parse(std::string_view stored) {
  Provenance p;
  std::error_code ec;
  json::value v = json::parse(stored, ec);
  if (ec || !v.is_object()) return p;
  const auto& o = v.as_object();
  if (const auto* all = o.if_contains("*"); all && all->is_string()) {
    const std::uint8_t slot = intern(std::string(all->as_string()));
    p.slots_.fill(slot);
  }
  for (const auto& [k, src] : o)
    if (k != "*" && src.is_string()) p.set(k, std::string(src.as_string()));
  return p;
}

const std::string* Provenance::get(std::string_view field) const {
  int i = field_index(field);
  if (i < 0 || slots_[static_cast<std::size_t>(i)] == 0) return nullptr;
  return &source_code(slots_[static_cast<std::size_t>(i)]);
}

std::uint64_t text_hash(std::string_view text) {
  if (text.empty()) return 0;
  std::uint64_t h = 1469598103934665603ull;  // FNV-1a
  for (unsigned char c : text) h = (h ^ c) * 1099511628211ull;
  return h | 1;  // never 0, which means "no text"
}

MatchRecord PersonState::match_record(const std::string& room_key) const {
  MatchRecord r;
  r.name = name;
  r.name_initials = initials;
  r.birth = birth;
  r.gender = gender;
  r.phone = phone_index;
  r.address_key = room_key;
  return r;
}

Result<RegisterView> RegisterView::load(store::Tx& tx) {
  RegisterView v;
  OG_ASSIGN(auto rooms,
            tx.query("SELECT id, match_key, org_path, community_id, grid_id FROM address"
                     " WHERE level = 'room' AND active = 1"));
  for (const auto& r : rooms) {
    RoomInfo info{r.i64(0), r.text(1), r.text(2), r.i64(3), r.opt_i64(4)};
    v.room_keys_[info.id] = info.match_key;
    v.rooms_by_key_.emplace(info.match_key, std::move(info));
  }
  OG_ASSIGN(auto estates,
            tx.query("SELECT name FROM address WHERE level = 'estate' AND active = 1"));
  for (const auto& r : estates) v.estate_alias_[r.text(0)] = r.text(0);
  OG_ASSIGN(auto aliases, tx.query("SELECT a.alias, e.name FROM address_alias a"
                                   " JOIN address e ON e.id = a.address_id"));
  for (const auto& r : aliases) v.estate_alias_.emplace(r.text(0), r.text(1));

  OG_ASSIGN(auto texts, tx.query("SELECT text, room_id FROM address_text_alias"));
  for (const auto& r : texts) v.text_alias_[r.text(0)] = r.i64(1);

  OG_ASSIGN(auto housed, tx.query("SELECT room_id FROM housing"));
  for (const auto& r : housed) v.housed_.insert(r.i64(0));

  OG_ASSIGN(auto households, tx.query("SELECT household_no, id FROM household"));
  for (const auto& r : households) v.households_[r.text(0)] = r.i64(1);

  // Persons in chunks: a million rows materialised at once would cost gigabytes.
  std::int64_t after = 0;
  for (;;) {
    OG_ASSIGN(auto persons,
              tx.query("SELECT id, name, name_initials, gender, birth_date, ethnicity, id_type,"
                       " id_index, phone_index, hukou_address, actual_address, residence_type,"
                       " relation, room_id, household_id, arrival_date, provenance, hukou_room_id"
                       " FROM person WHERE merged_into IS NULL AND id > ? ORDER BY id LIMIT 20000",
                       {after}));
    if (persons.empty()) break;
    for (const auto& r : persons) {
      PersonState p;
      p.id = r.i64(0);
      p.name = r.text(1);
      p.initials = r.text(2);
      if (auto g = r.text(3); !g.empty()) p.gender = g[0];
      p.birth = parse_iso_date(r.text(4));
      p.ethnicity = r.text(5);
      p.id_type = r.text(6);
      p.id_index = r.text(7);
      p.phone_index = r.text(8);
      p.hukou_hash = text_hash(r.text(9));
      p.actual_hash = text_hash(r.text(10));
      p.residence_type = r.text(11);
      p.relation = r.text(12);
      p.room_id = r.opt_i64(13);
      p.household_id = r.opt_i64(14);
      p.arrival = parse_iso_date(r.text(15));
      p.provenance = Provenance::parse(r.text(16));
      p.hukou_room_id = r.opt_i64(17);
      after = p.id;
      v.add_person(std::move(p));
    }
  }
  OG_ASSIGN(auto tags, tx.query("SELECT person_id, tag FROM person_tag"));
  for (const auto& r : tags)
    if (auto* p = v.person(r.i64(0))) p->tags.push_back(r.text(1));
  return v;
}

Status RegisterView::load_records(store::Tx& tx, std::string_view source) {
  records_ = {};
  std::int64_t after_record = 0;
  for (;;) {
    OG_ASSIGN(auto records,
              tx.query("SELECT record_key, id, row_hash, person_id, status FROM import_record"
                       " WHERE source = ? AND id > ? ORDER BY id LIMIT 50000",
                       {source, after_record}));
    if (records.empty()) break;
    for (const auto& r : records) {
      records_[r.text(0)] = RecordState{r.i64(1), r.text(2), r.opt_i64(3), r.text(4)};
      after_record = r.i64(1);
    }
  }
  return ok_status();
}

PersonState* RegisterView::person(std::int64_t id) {
  auto it = persons_.find(id);
  return it == persons_.end() ? nullptr : &it->second;
}

std::optional<std::int64_t> RegisterView::by_id_index(const std::string& index) const {
  auto it = by_id_.find(index);
  if (it == by_id_.end()) return std::nullopt;
  return it->second;
}

std::string RegisterView::name_birth_key(const PersonState& p) {
  if (!p.birth || p.initials.empty()) return {};
  return p.initials + '|' + people::format_date(*p.birth);
}

void RegisterView::index_person(const PersonState& p) {
  if (!p.id_index.empty()) by_id_[p.id_index] = p.id;
  if (!p.phone_index.empty()) by_phone_.emplace(p.phone_index, p.id);
  if (auto k = name_birth_key(p); !k.empty()) by_name_birth_.emplace(k, p.id);
  if (p.room_id && !p.name.empty())
    by_name_room_.emplace(p.name + '|' + std::to_string(*p.room_id), p.id);
}

void RegisterView::unindex_person(const PersonState& p) {
  auto erase = [&](std::unordered_multimap<std::string, std::int64_t>& m, const std::string& k) {
    auto [a, b] = m.equal_range(k);
    for (auto it = a; it != b; ++it)
      if (it->second == p.id) {
        m.erase(it);
        return;
      }
  };
  if (!p.id_index.empty()) {
    auto it = by_id_.find(p.id_index);
    if (it != by_id_.end() && it->second == p.id) by_id_.erase(it);
  }
  if (!p.phone_index.empty()) erase(by_phone_, p.phone_index);
  if (auto k = name_birth_key(p); !k.empty()) erase(by_name_birth_, k);
  if (p.room_id && !p.name.empty()) erase(by_name_room_, p.name + '|' + std::to_string(*p.room_id));
}

void RegisterView::add_person(PersonState p) {
  index_person(p);
  const std::int64_t id = p.id;
  persons_[id] = std::move(p);
}

void RegisterView::reindex(const PersonState& before, const PersonState& after) {
  unindex_person(before);
  index_person(after);
}

std::vector<std::int64_t> RegisterView::candidates(const MatchRecord& r,
                                                   std::optional<std::int64_t> room_id,
                                                   const std::string& name) const {
  std::vector<std::int64_t> out;
  auto add_range = [&](const std::unordered_multimap<std::string, std::int64_t>& m,
                       const std::string& key) {
    auto [a, b] = m.equal_range(key);
    for (auto it = a; it != b && out.size() < 64; ++it) {
      bool seen = false;
      for (auto id : out) seen = seen || id == it->second;
      if (!seen) out.push_back(it->second);
    }
  };
  if (!r.phone.empty()) add_range(by_phone_, r.phone);
  if (r.birth && !r.name_initials.empty())
    add_range(by_name_birth_, r.name_initials + '|' + people::format_date(*r.birth));
  if (room_id && !name.empty()) add_range(by_name_room_, name + '|' + std::to_string(*room_id));
  return out;
}

const RoomInfo* RegisterView::room_by_key(const std::string& key) const {
  auto it = rooms_by_key_.find(key);
  return it == rooms_by_key_.end() ? nullptr : &it->second;
}

const RoomInfo* RegisterView::room(std::int64_t id) const {
  auto k = room_keys_.find(id);
  if (k == room_keys_.end()) return nullptr;
  return room_by_key(k->second);
}

std::string RegisterView::canonical_estate(const std::string& estate) const {
  auto it = estate_alias_.find(estate);
  return it == estate_alias_.end() ? std::string() : it->second;
}

const RoomInfo* RegisterView::room_by_text(const std::string& text) const {
  auto it = text_alias_.find(text);
  return it == text_alias_.end() ? nullptr : room(it->second);
}

std::optional<std::int64_t> RegisterView::household(const std::string& no) const {
  auto it = households_.find(no);
  if (it == households_.end()) return std::nullopt;
  return it->second;
}

RecordState* RegisterView::record(const std::string& key) {
  auto it = records_.find(key);
  return it == records_.end() ? nullptr : &it->second;
}

}  // namespace onegrid::ingest
