// The canonical extract fields, their header synonyms, the TOML mapping file and header
// matching. Headers are matched once per file, so clarity wins over speed here.

#include "ingest/fields.hpp"

#include <toml++/toml.h>

#include <array>
#include <fstream>
#include <set>
#include <sstream>

#include "base/file.hpp"
#include "ingest/normalize.hpp"

namespace onegrid::ingest {
namespace {

struct FieldInfo {
  Field field;
  std::string_view code;
  std::vector<std::string_view> synonyms;  // the first is the display name
};

// Keep in step with the comments on enum Field.
const std::array<FieldInfo, 21>& field_table() {
  static const std::array<FieldInfo, 21> table = {{
      {Field::record_key,
       "record_key",
       {"序号", "编号", "记录号", "房屋编号", "记录编号", "人员编号", "档案号"}},
      {Field::name, "name", {"姓名", "名字", "居民姓名", "人员姓名"}},
      {Field::gender, "gender", {"性别"}},
      {Field::birth_date, "birth_date", {"出生日期", "出生年月", "生日", "出生年月日"}},
      {Field::ethnicity, "ethnicity", {"民族"}},
      {Field::id_type, "id_type", {"证件类型", "证件种类"}},
      {Field::id_number,
       "id_number",
       {"身份证号", "公民身份号码", "证件号码", "身份证号码", "身份证", "证件号"}},
      {Field::phone,
       "phone",
       {"联系电话", "手机号码", "电话", "手机", "联系方式", "手机号", "电话号码"}},
      {Field::hukou_address,
       "hukou_address",
       {"户籍地址", "户籍地", "户籍所在地", "户口所在地", "户籍详址"}},
      {Field::actual_address,
       "actual_address",
       {"现住址", "居住地址", "实际居住地址", "现居住地址", "住址", "房屋地址", "房屋坐落",
        "现居住地"}},
      {Field::arrival_date,
       "arrival_date",
       {"来本地日期", "入住日期", "来京日期", "迁入日期", "居住起始日期"}},
      {Field::residence_type, "residence_type", {"人员类型", "居住类型", "人口类型", "户籍类型"}},
      {Field::household_no, "household_no", {"户号", "户编号"}},
      {Field::relation, "relation", {"与户主关系", "关系"}},
      {Field::care_tags, "care_tags", {"人员类别", "关爱类别", "特殊人群类别", "救助类别", "标签"}},
      {Field::health_tags, "health_tags", {"健康标签", "健康状况", "慢病类别"}},
      {Field::room_use, "room_use", {"房屋用途", "使用性质", "房屋性质", "使用情况"}},
      {Field::area, "area", {"建筑面积", "面积", "房屋面积"}},
      {Field::owner_name, "owner_name", {"产权人", "房主姓名", "业主姓名", "所有权人"}},
      {Field::owner_id_number, "owner_id_number", {"产权人证件号码", "产权人身份证号"}},
      {Field::owner_phone, "owner_phone", {"产权人电话", "业主电话", "产权人联系电话"}},
  }};
  return table;
}

const FieldInfo& info(Field f) {
  for (const auto& i : field_table())
    if (i.field == f) return i;
  return field_table()[0];
}

// What a header is compared as: half-width, no spaces, no "*" marking a required column, no
// trailing colon, no byte-order mark left over from a file read without decoding.
std::string clean_header(std::string_view raw) {
  std::string s = clean_spaces(to_halfwidth(raw), true);
  for (;;) {
    if (s.ends_with(':') || s.ends_with('*')) {
      s.pop_back();
    } else if (s.ends_with("：")) {  // U+FF1A is mapped by to_halfwidth; this is the safety net
      s.resize(s.size() - 3);
    } else {
      break;
    }
  }
  while (s.starts_with('*') || s.starts_with("\xEF\xBB\xBF")) s.erase(0, s[0] == '*' ? 1 : 3);
  return s;
}

std::optional<Field> synonym_field(std::string_view header) {
  static const std::map<std::string, Field, std::less<>> by_name = [] {
    std::map<std::string, Field, std::less<>> m;
    for (const auto& i : field_table()) {
      m.emplace(std::string(i.code), i.field);
      for (std::string_view s : i.synonyms) m.emplace(std::string(s), i.field);
    }
    return m;
  }();
  auto it = by_name.find(header);
  if (it == by_name.end()) return std::nullopt;
  return it->second;
}

Error syntax_error(std::string message) {
  return invalid_input("import.mapping_syntax", std::move(message), "mapping");
}

}  // namespace

std::string_view field_code(Field f) {
  return info(f).code;
}

std::optional<Field> parse_field(std::string_view code) {
  for (const auto& i : field_table())
    if (i.code == code) return i.field;
  return std::nullopt;
}

std::string_view field_name_zh(Field f) {
  return info(f).synonyms.front();
}

std::optional<std::size_t> HeaderMap::column(Field f) const {
  auto it = columns.find(f);
  if (it == columns.end()) return std::nullopt;
  return it->second;
}

Result<Mapping> parse_mapping(std::string_view toml_text) {
  toml::table doc;
  try {
    doc = toml::parse(toml_text);
  } catch (const toml::parse_error& e) {
    return syntax_error("mapping file: " + std::string(e.description()) + " (line " +
                        std::to_string(e.source().begin.line) + ")");
  }
  Mapping m;
  for (const auto& [key, node] : doc) {
    const std::string_view k = key.str();
    if (k == "encoding" || k == "key") {
      const auto* s = node.as_string();
      if (!s) return syntax_error("mapping file: \"" + std::string(k) + "\" must be a string");
      (k == "encoding" ? m.encoding : m.key_column) = s->get();
    } else if (k == "columns") {
      const auto* t = node.as_table();
      if (!t) return syntax_error("mapping file: [columns] must be a table");
      for (const auto& [header, value] : *t) {
        const auto* s = value.as_string();
        if (!s)
          return syntax_error("mapping file: the field for \"" + std::string(header.str()) +
                              "\" must be a string");
        auto field = parse_field(s->get());
        if (!field)
          return invalid_input("import.mapping_field",
                               "mapping file: unknown field \"" + s->get() + "\" for column \"" +
                                   std::string(header.str()) + "\"",
                               "mapping");
        m.columns[clean_header(header.str())] = *field;
      }
    } else {
      return syntax_error("mapping file: unknown key \"" + std::string(k) + "\"");
    }
  }
  if (m.key_column) *m.key_column = clean_header(*m.key_column);
  return m;
}

Result<Mapping> load_mapping(const std::filesystem::path& file) {
  auto text = read_whole_file(file);
  if (!text) return syntax_error("cannot read the mapping file " + file.string());
  return parse_mapping(*text);
}

HeaderMap map_headers(const std::vector<std::string>& headers, const Mapping* mapping) {
  HeaderMap out;
  std::vector<std::string> cleaned;
  cleaned.reserve(headers.size());
  for (const auto& h : headers) cleaned.push_back(clean_header(h));
  std::vector<bool> used(headers.size(), false);

  // The explicit mapping first: it wins over any synonym.
  if (mapping) {
    for (std::size_t i = 0; i < cleaned.size(); ++i) {
      std::optional<Field> f;
      if (mapping->key_column && cleaned[i] == *mapping->key_column) f = Field::record_key;
      if (auto it = mapping->columns.find(cleaned[i]); it != mapping->columns.end()) f = it->second;
      if (!f) continue;
      used[i] = true;  // a mapped column is never re-used by a synonym, even if its field is taken
      out.columns.emplace(*f, i);
    }
  }
  for (std::size_t i = 0; i < cleaned.size(); ++i) {
    if (used[i]) continue;
    if (auto f = synonym_field(cleaned[i]); f && !out.columns.contains(*f)) {
      out.columns.emplace(*f, i);
      used[i] = true;
    }
  }
  // Columns that feed no field: unknown headers and the later duplicates of a field.
  for (std::size_t i = 0; i < cleaned.size(); ++i) {
    bool feeds = false;
    for (const auto& [f, col] : out.columns) feeds = feeds || col == i;
    if (!feeds && !cleaned[i].empty()) out.ignored.push_back(headers[i]);
  }
  return out;
}

}  // namespace onegrid::ingest
