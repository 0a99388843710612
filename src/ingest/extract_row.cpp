// Row clean-up for department extracts; see extract_row.hpp.
#include "ingest/extract_row.hpp"

#include <sodium.h>

#include <array>
#include <cctype>
#include <string_view>

#include "auth/sodium.hpp"
#include "ingest/normalize.hpp"
#include "ingest/pinyin.hpp"
#include "people/care.hpp"
#include "people/masking.hpp"
#include "people/phone.hpp"

namespace onegrid::ingest {
namespace {

bool has(std::string_view s, std::string_view part) {
  return s.find(part) != std::string_view::npos;
}

std::string cell(std::span<const std::string> cells, const HeaderMap& map, Field f) {
  auto col = map.column(f);
  if (!col || *col >= cells.size()) return {};
  return clean_cell(cells[*col]);
}

void warn(std::vector<RowIssue>& issues, const CleanRow& row, std::string_view field,
          std::string code, std::string value) {
  issues.push_back(RowIssue{row.row_no, row.record_key, std::string(field), std::move(code),
                            std::move(value), false});
}

// BLAKE2b-128 over the cleaned values, separated by a unit separator.
std::string hash_row(const CleanRow& r) {
  auth::ensure_sodium();
  crypto_generichash_state st;
  crypto_generichash_init(&st, nullptr, 0, 16);
  auto add = [&](std::string_view s) {
    crypto_generichash_update(&st, reinterpret_cast<const unsigned char*>(s.data()), s.size());
    crypto_generichash_update(&st, reinterpret_cast<const unsigned char*>("\x1f"), 1);
  };
  add(r.name);
  add(r.gender ? std::string_view(&*r.gender, 1) : "");
  add(r.birth ? people::format_date(*r.birth) : "");
  add(r.ethnicity);
  add(r.id_type);
  add(r.id ? r.id->value : r.other_id);
  add(r.phone);
  add(r.hukou_address);
  add(r.actual_address);
  add(r.arrival ? people::format_date(*r.arrival) : "");
  add(r.residence_type);
  add(r.household_no);
  add(r.relation);
  for (const auto& t : r.tags) add(t);
  add(r.room_use);
  add(r.area_m2 ? std::to_string(*r.area_m2) : "");
  std::array<unsigned char, 16> out{};
  crypto_generichash_final(&st, out.data(), out.size());
  char hex[2 * 16 + 1];
  sodium_bin2hex(hex, sizeof hex, out.data(), out.size());
  return hex;
}

std::string id_type_from_word(std::string_view w) {
  if (w.empty() || has(w, "身份证") || has(w, "居民")) return "resident_id";
  if (has(w, "护照")) return "passport";
  return "other";
}

void read_tags(std::string_view text, CleanRow& row, std::string_view field,
               std::vector<RowIssue>& issues) {
  if (text.empty()) return;
  auto words = people::care_tags_from_cell(text);
  for (auto& t : words.tags) {
    bool dup = false;
    for (const auto& have : row.tags) dup = dup || have == t;
    if (!dup) row.tags.push_back(std::move(t));
  }
  for (auto& u : words.unknown) {
    // Age and living alone are derived from the register itself, whatever a source says.
    if (has(u, "老") || has(u, "独居") || has(u, "高龄") || has(u, "空巢") || has(u, "岁"))
      continue;
    warn(issues, row, field, "tag.unknown", std::move(u));
  }
}

}  // namespace

std::string residence_type_from_word(std::string_view w) {
  if (w.empty()) return {};
  if (has(w, "境外") || has(w, "外籍") || has(w, "港澳") || has(w, "台湾") || has(w, "外国"))
    return "overseas";
  if (has(w, "流动") || has(w, "来京") || has(w, "暂住") || has(w, "外来") || has(w, "非户籍") ||
      has(w, "居住证"))
    return "migrant";
  if (has(w, "户籍") || has(w, "常住") || has(w, "本地")) return "registered";
  return {};
}

std::string room_use_from_word(std::string_view w) {
  if (w.empty()) return {};
  if (has(w, "自住") || has(w, "自用") || has(w, "自有")) return "owner_occupied";
  if (has(w, "出租") || has(w, "租赁")) return "rented";
  if (has(w, "空置") || has(w, "闲置") || has(w, "空房")) return "vacant";
  if (has(w, "商") || has(w, "经营") || has(w, "办公")) return "commercial";
  return "other";
}

std::optional<CleanRow> clean_row(std::span<const std::string> cells, std::size_t row_no,
                                  const RowContext& ctx, std::vector<RowIssue>& issues) {
  const HeaderMap& map = *ctx.columns;
  CleanRow row;
  row.row_no = row_no;
  row.is_housing = ctx.housing;
  row.record_key = cell(cells, map, Field::record_key);
  if (row.record_key.empty()) row.record_key = std::to_string(row_no);

  // Housing rows describe a room and its owner; the owner's columns feed the person fields.
  const Field name_f = ctx.housing ? Field::owner_name : Field::name;
  const Field id_f = ctx.housing ? Field::owner_id_number : Field::id_number;
  const Field phone_f = ctx.housing ? Field::owner_phone : Field::phone;

  row.name = clean_spaces(cell(cells, map, name_f), true);
  row.name_initials = pinyin_initials(row.name);
  row.ethnicity = cell(cells, map, Field::ethnicity);
  if (!row.ethnicity.empty() && !has(row.ethnicity, "族")) row.ethnicity += "族";
  std::string id_type_word = cell(cells, map, Field::id_type);
  row.id_type = id_type_from_word(id_type_word);

  std::string id_text = clean_spaces(cell(cells, map, id_f), true);
  // Without a 证件类型 column a number starting with a letter is another document (a passport,
  // a Hong Kong/Macao/Taiwan permit), not a malformed ID number.
  if (!id_text.empty() && id_type_word.empty() &&
      std::isalpha(static_cast<unsigned char>(id_text[0])))
    row.id_type = "other";
  if (!id_text.empty()) {
    if (row.id_type == "resident_id") {
      auto id = people::parse_id_number(id_text, ctx.today);
      if (id) {
        row.id = std::move(id).value();
      } else {
        warn(issues, row, "id_number", id.error().code, people::mask_id_number(id_text));
      }
    } else {
      row.other_id = id_text;
    }
  } else {
    row.id_type.clear();
  }
  if (!row.id && row.other_id.empty()) row.id_type.clear();

  if (row.name.empty() && !row.id && !ctx.housing) {
    issues.push_back(RowIssue{row_no, row.record_key, "name", "row.no_name", "", /*error=*/true});
    return std::nullopt;
  }

  std::string g = cell(cells, map, Field::gender);
  row.gender = parse_gender(g);
  if (!g.empty() && !row.gender) warn(issues, row, "gender", "gender.invalid", g);
  if (row.id) {
    if (row.gender && *row.gender != row.id->gender)
      warn(issues, row, "gender", "gender.id_mismatch", g);
    row.gender = row.id->gender;
  }

  std::string b = cell(cells, map, Field::birth_date);
  row.birth = parse_date(b);
  if (!b.empty() && !row.birth) warn(issues, row, "birth_date", "date.invalid", b);
  if (row.id) {
    if (row.birth && *row.birth != row.id->birth &&
        !(row.birth->day == 1 && row.birth->year == row.id->birth.year &&
          row.birth->month == row.id->birth.month))
      warn(issues, row, "birth_date", "birth_date.id_mismatch", b);
    row.birth = row.id->birth;  // the ID number is the better witness
  }

  std::string p = cell(cells, map, phone_f);
  if (!p.empty()) {
    auto phone = people::normalize_phone(p);
    if (phone) {
      row.phone = std::move(phone).value();
    } else {
      warn(issues, row, "phone", "phone.invalid", people::mask_phone(p));
    }
  }

  row.hukou_address = cell(cells, map, Field::hukou_address);
  row.actual_address = cell(cells, map, Field::actual_address);
  if (!row.actual_address.empty()) row.address = parse_address(row.actual_address);
  if (ctx.housing && row.actual_address.empty()) {
    issues.push_back(
        RowIssue{row_no, row.record_key, "actual_address", "row.no_address", "", true});
    return std::nullopt;
  }

  std::string a = cell(cells, map, Field::arrival_date);
  row.arrival = parse_date(a);
  if (!a.empty() && !row.arrival) warn(issues, row, "arrival_date", "date.invalid", a);

  std::string rt = cell(cells, map, Field::residence_type);
  row.residence_type = residence_type_from_word(rt);
  if (!rt.empty() && row.residence_type.empty())
    warn(issues, row, "residence_type", "residence_type.unknown", rt);
  row.household_no = cell(cells, map, Field::household_no);
  row.relation = cell(cells, map, Field::relation);

  read_tags(cell(cells, map, Field::care_tags), row, "care_tags", issues);
  read_tags(cell(cells, map, Field::health_tags), row, "health_tags", issues);

  if (ctx.housing) {
    row.room_use = room_use_from_word(cell(cells, map, Field::room_use));
    std::string area = cell(cells, map, Field::area);
    row.area_m2 = parse_area(area);
    if (!area.empty() && !row.area_m2) warn(issues, row, "area", "area.invalid", area);
  }
  row.content_hash = hash_row(row);
  return row;
}

}  // namespace onegrid::ingest
