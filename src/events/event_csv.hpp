#pragma once
// 导出: events as a CSV file that Excel opens as it is — UTF-8 with a byte-order mark, CRLF line
// ends, RFC 4180 quoting, Chinese headers, times in Asia/Shanghai, and cells that a spreadsheet
// would run as a formula (= + - @, tab, CR first) defused with a leading single quote.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "events/event.hpp"

namespace onegrid::events {

class CsvWriter {
 public:
  CsvWriter();  // starts with the UTF-8 BOM
  void row(const std::vector<std::string>& cells);
  std::size_t rows() const { return rows_; }
  const std::string& text() const { return out_; }
  std::string take() { return std::move(out_); }

  // One cell as written: formula-defused, then quoted when it holds , " CR or LF.
  static std::string cell(std::string_view value);

 private:
  std::string out_;
  std::size_t rows_ = 0;
};

// "2026-11-25 11:18:00" in Asia/Shanghai (UTC+8, no daylight saving); "" for nullopt.
std::string shanghai_time(std::int64_t ms);
// events-YYYYMMDD.csv for the Asia/Shanghai date of `now_ms`.
std::string event_csv_file_name(std::int64_t now_ms);

// 编号, 标题, 大类, 小类, 状态, 来源, 街道, 社区, 网格, 地址, 上报人, 上报时间, 受理时间, 结案时间,
// 是否超时, 评价
const std::vector<std::string>& event_csv_header();
std::vector<std::string> event_csv_row(const Event& e);

}  // namespace onegrid::events
