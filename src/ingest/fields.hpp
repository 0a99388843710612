#pragma once
// The canonical fields of an extract row and how a file's header names map to them: by synonym
// (姓名/名字, 身份证号/公民身份号码/证件号码 …) or by an explicit mapping (TOML). Pure.

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.hpp"

namespace onegrid::ingest {

enum class Field {
  record_key,     // 序号, 编号, 记录号, 房屋编号, 记录编号, 人员编号, 档案号
  name,           // 姓名, 名字, 居民姓名, 人员姓名
  gender,         // 性别
  birth_date,     // 出生日期, 出生年月, 生日, 出生年月日
  ethnicity,      // 民族
  id_type,        // 证件类型, 证件种类
  id_number,      // 身份证号, 公民身份号码, 证件号码, 身份证号码, 身份证
  phone,          // 联系电话, 手机号码, 电话, 手机, 联系方式, 手机号
  hukou_address,  // 户籍地址, 户籍地, 户籍所在地, 户口所在地
  actual_address,  // 现住址, 居住地址, 实际居住地址, 现居住地址, 住址, 房屋地址, 房屋坐落
  arrival_date,     // 来本地日期, 入住日期, 来京日期, 迁入日期, 居住起始日期
  residence_type,   // 人员类型, 居住类型, 人口类型, 户籍类型
  household_no,     // 户号, 户编号
  relation,         // 与户主关系, 关系
  care_tags,        // 人员类别, 关爱类别, 特殊人群类别, 救助类别, 标签
  health_tags,      // 健康标签, 健康状况, 慢病类别
  room_use,         // 房屋用途, 使用性质, 房屋性质, 使用情况
  area,             // 建筑面积, 面积, 房屋面积
  owner_name,       // 产权人, 房主姓名, 业主姓名, 所有权人
  owner_id_number,  // 产权人证件号码, 产权人身份证号
  owner_phone,      // 产权人电话, 业主电话, 产权人联系电话
};

std::string_view field_code(Field f);  // "id_number"
std::optional<Field> parse_field(std::string_view code);
std::string_view field_name_zh(Field f);  // the first synonym: "身份证号"

// Which column holds each field. A column whose header matches nothing is listed in `ignored`.
struct HeaderMap {
  std::map<Field, std::size_t> columns;
  std::vector<std::string> ignored;
  std::optional<std::size_t> column(Field f) const;
};

// An explicit mapping from a TOML file:
//   encoding = "gbk"            # optional override
//   key = "档案号"               # optional: the record-key column
//   [columns]
//   "公民身份号码" = "id_number"  # header -> field code
struct Mapping {
  std::optional<std::string> encoding;
  std::optional<std::string> key_column;
  std::map<std::string, Field> columns;
};
// Errors (invalid, field "mapping"): "import.mapping_syntax", "import.mapping_field".
Result<Mapping> parse_mapping(std::string_view toml_text);
Result<Mapping> load_mapping(const std::filesystem::path& file);

// Headers are compared after clean-up (full-width, spaces, a trailing "：" or "*" removed).
// The explicit mapping wins over synonyms; the first column wins when two match one field.
HeaderMap map_headers(const std::vector<std::string>& headers, const Mapping* mapping = nullptr);

}  // namespace onegrid::ingest
