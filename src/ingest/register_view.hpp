#pragma once
// What an import needs to know about the register, loaded once per import inside its
// transaction and kept up to date as rows are applied: persons (with their blind indexes,
// match fields and provenance), rooms by match key, estate aliases, households, and the
// source's earlier records. Also the blocking indexes that keep entity resolution linear.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "base/result.hpp"
#include "ingest/match_model.hpp"
#include "store/store.hpp"

namespace onegrid::ingest {

// Which source supplied each of a person's fields: one byte per field, an index into a
// process-wide table of source codes (a million persons' provenance in 12 MB, not a map each).
class Provenance {
 public:
  static constexpr std::size_t kFields = 12;
  // name, gender, birth_date, ethnicity, id_number, phone, hukou_address, residence_type,
  // arrival_date, residence, household, relation; nullptr for another field.
  static const char* field_name(std::size_t i);
  void set(std::string_view field, const std::string& source);
  // As stored in person.provenance (people/provenance.hpp): the most frequent source as "*",
  // the others by field.
  std::string to_json() const;
  // Reads what to_json (or an older, fully spelled-out form) wrote.
  static Provenance parse(std::string_view stored);
  const std::string* get(std::string_view field) const;  // nullptr when unknown
  template <class F>
  void for_each(F&& fn) const {  // fn(field, source)
    for (std::size_t i = 0; i < kFields; ++i)
      if (slots_[i]) fn(field_name(i), source_code(slots_[i]));
  }
  bool operator==(const Provenance&) const = default;

 private:
  static int field_index(std::string_view field);
  static std::uint8_t intern(const std::string& source);
  static const std::string& source_code(std::uint8_t index);
  std::array<std::uint8_t, kFields> slots_{};
};

struct PersonState {
  std::int64_t id = 0;
  std::string name, initials;
  std::optional<char> gender;
  std::optional<people::Date> birth;
  std::string ethnicity, id_type, id_index, phone_index;
  // The addresses' text stays in the store; their hashes decide whether a row changes them.
  std::uint64_t hukou_hash = 0, actual_hash = 0;
  std::string residence_type, relation;
  std::optional<std::int64_t> room_id, household_id, hukou_room_id;
  std::optional<people::Date> arrival;
  Provenance provenance;
  std::vector<std::string> tags;  // tag codes held (any source)

  MatchRecord match_record(const std::string& room_key) const;
};

struct RoomInfo {
  std::int64_t id = 0;
  std::string match_key;
  std::string org_path;
  std::int64_t community_id = 0;
  std::optional<std::int64_t> grid_id;
};

struct RecordState {
  std::int64_t id = 0;
  std::string row_hash;
  std::optional<std::int64_t> person_id;
  std::string status;
};

class RegisterView {
 public:
  // Loads the register: persons, rooms, estates, address texts, households.
  static Result<RegisterView> load(store::Tx& tx);
  // Loads the records of the source a file is imported from (replacing another source's).
  Status load_records(store::Tx& tx, std::string_view source);

  // persons
  PersonState* person(std::int64_t id);
  std::optional<std::int64_t> by_id_index(const std::string& index) const;
  // Candidates for a record without a decisive ID: same phone, same initials + birth date,
  // same name + room. Deduplicated, at most 64.
  std::vector<std::int64_t> candidates(const MatchRecord& r, std::optional<std::int64_t> room_id,
                                       const std::string& name) const;
  void add_person(PersonState p);
  // Re-indexes a person after its identity, phone, name, birth or room changed.
  void reindex(const PersonState& before, const PersonState& after);
  std::size_t person_count() const { return persons_.size(); }

  // rooms
  const RoomInfo* room_by_key(const std::string& key) const;
  const RoomInfo* room(std::int64_t id) const;
  // The canonical estate name for a spelling (itself when it is canonical), or "".
  std::string canonical_estate(const std::string& estate) const;
  // A room a reviewer tied this exact address text to, if any.
  const RoomInfo* room_by_text(const std::string& text) const;

  // rooms with a housing row
  bool has_housing(std::int64_t room_id) const { return housed_.contains(room_id); }
  void add_housing(std::int64_t room_id) { housed_.insert(room_id); }

  // households: 户号 -> id
  std::optional<std::int64_t> household(const std::string& no) const;
  void add_household(const std::string& no, std::int64_t id) { households_[no] = id; }

  // this source's records: record_key -> state
  RecordState* record(const std::string& key);
  void put_record(const std::string& key, RecordState r) { records_[key] = std::move(r); }

 private:
  void index_person(const PersonState& p);
  void unindex_person(const PersonState& p);
  static std::string name_birth_key(const PersonState& p);

  std::unordered_map<std::int64_t, PersonState> persons_;
  std::unordered_map<std::string, std::int64_t> by_id_;
  std::unordered_multimap<std::string, std::int64_t> by_phone_;
  std::unordered_multimap<std::string, std::int64_t> by_name_birth_;
  std::unordered_multimap<std::string, std::int64_t> by_name_room_;
  std::unordered_map<std::string, RoomInfo> rooms_by_key_;
  std::unordered_map<std::int64_t, std::string> room_keys_;
  std::unordered_map<std::string, std::string> estate_alias_;
  std::unordered_map<std::string, std::int64_t> text_alias_;  // address text -> room id
  std::unordered_map<std::string, std::int64_t> households_;
  std::unordered_set<std::int64_t> housed_;
  std::unordered_map<std::string, RecordState> records_;
};

// The hash PersonState keeps of an address text (0 for none).
std::uint64_t text_hash(std::string_view text);

// "YYYY-MM-DD" -> Date, nullopt when empty or malformed.
std::optional<people::Date> parse_iso_date(std::string_view s);

}  // namespace onegrid::ingest
