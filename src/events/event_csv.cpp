// The CSV export's writer and the columns of one event.

#include "events/event_csv.hpp"

#include "base/clock.hpp"
#include "events/workflow.hpp"

namespace onegrid::events {

CsvWriter::CsvWriter() : out_("\xEF\xBB\xBF") {}

std::string CsvWriter::cell(std::string_view v) {
  std::string s;
  if (!v.empty() &&
      (v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@' || v[0] == '\t' || v[0] == '\r'))
    s += '\'';
  s += v;
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string q = "\"";
  for (char c : s) {
    if (c == '"') q += '"';
    q += c;
  }
  q += '"';
  return q;
}

void CsvWriter::row(const std::vector<std::string>& cells) {
  for (std::size_t i = 0; i < cells.size(); ++i) {
    if (i) out_ += ',';
    out_ += cell(cells[i]);
  }
  out_ += "\r\n";
  ++rows_;
}

std::string shanghai_time(std::int64_t ms) {
  // format_utc gives "YYYY-MM-DDTHH:MM:SS.mmmZ"; shift by +8 h first.
  std::string t = format_utc(ms + 8LL * 3'600'000).substr(0, 19);
  t[10] = ' ';
  return t;
}

std::string event_csv_file_name(std::int64_t now_ms) {
  const std::string d = shanghai_time(now_ms);
  return "events-" + d.substr(0, 4) + d.substr(5, 2) + d.substr(8, 2) + ".csv";
}

const std::vector<std::string>& event_csv_header() {
  static const std::vector<std::string> h{
      "编号", "标题", "大类",   "小类",     "状态",     "来源",     "街道",     "社区",
      "网格", "地址", "上报人", "上报时间", "受理时间", "结案时间", "是否超时", "评价"};
  return h;
}

std::vector<std::string> event_csv_row(const Event& e) {
  auto when = [](const std::optional<std::int64_t>& t) {
    return t ? shanghai_time(*t) : std::string();
  };
  std::string rating;
  if (e.rating) {
    rating = std::to_string(*e.rating) + "分";
    if (!e.rating_comment.empty()) rating += "：" + e.rating_comment;
  }
  return {receipt_code(e),
          e.title,
          e.class_name,
          e.subclass_name,
          std::string(state_name_zh(e.state)),
          std::string(channel_name_zh(e.channel)),
          e.street_name,
          e.community_name,
          e.grid_id ? e.grid_name : std::string("无网格"),
          e.address,
          e.reporter_name,
          shanghai_time(e.reported_at),
          when(e.accepted_at),
          when(e.closed_at),
          e.overdue ? "是" : "否",
          rating};
}

}  // namespace onegrid::events
