#include "events/event.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <charconv>
#include <cstdio>

#include "base/clock.hpp"

namespace onegrid::events {
namespace {

struct ChannelInfo {
  Channel channel;
  std::string_view code;
  std::string_view name_zh;
};
constexpr ChannelInfo kChannels[] = {
    {Channel::grid_worker, "grid_worker", "网格员上报"},
    {Channel::resident, "resident", "居民上报"},
    {Channel::hotline, "hotline", "12345热线"},
    {Channel::open311, "open311", "Open311"},
    {Channel::sensor, "sensor", "物联感知"},
    {Channel::console, "console", "平台录入"},
};

boost::json::value opt(const std::optional<std::int64_t>& v) {
  return v ? boost::json::value(*v) : boost::json::value(nullptr);
}
boost::json::value opt_time(const std::optional<std::int64_t>& v) {
  return v ? boost::json::value(format_utc(*v)) : boost::json::value(nullptr);
}

}  // namespace

std::string_view channel_code(Channel c) {
  for (const auto& i : kChannels)
    if (i.channel == c) return i.code;
  return {};
}
std::optional<Channel> parse_channel(std::string_view code) {
  for (const auto& i : kChannels)
    if (i.code == code) return i.channel;
  return std::nullopt;
}
std::string_view channel_name_zh(Channel c) {
  for (const auto& i : kChannels)
    if (i.channel == c) return i.name_zh;
  return {};
}
const std::vector<Channel>& all_channels() {
  static const std::vector<Channel> v = [] {
    std::vector<Channel> out;
    for (const auto& i : kChannels) out.push_back(i.channel);
    return out;
  }();
  return v;
}

std::string receipt_code(std::int64_t id, std::int64_t reported_at) {
  // The civil date in Asia/Shanghai (UTC+8, no daylight saving).
  const std::string day = format_utc(reported_at + 8LL * 3600 * 1000).substr(0, 10);
  char buf[40];
  std::snprintf(buf, sizeof buf, "SJ%s%s%s%08lld", day.substr(0, 4).c_str(),
                day.substr(5, 2).c_str(), day.substr(8, 2).c_str(), static_cast<long long>(id));
  return buf;
}

std::string receipt_code(const Event& e) {
  return receipt_code(e.id, e.reported_at);
}

std::optional<std::int64_t> id_from_receipt(std::string_view code) {
  if (code.size() < 18 || (code.substr(0, 2) != "SJ" && code.substr(0, 2) != "sj"))
    return std::nullopt;
  for (char c : code.substr(2))
    if (c < '0' || c > '9') return std::nullopt;
  std::int64_t id = 0;
  auto digits = code.substr(10);
  auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), id);
  if (ec != std::errc() || id <= 0) return std::nullopt;
  return id;
}

boost::json::value to_json(const Event& e) {
  boost::json::object o;
  o.reserve(48);  // every key below, without rehashing on the way
  o["id"] = e.id;
  o["code"] = receipt_code(e);
  o["class_id"] = e.class_id;
  o["class_name"] = e.class_name;
  o["subclass_id"] = e.subclass_id;
  o["subclass_name"] = e.subclass_name;
  o["state"] = state_code(e.state);
  o["state_name"] = state_name_zh(e.state);
  o["channel"] = channel_code(e.channel);
  o["priority"] = e.priority;
  o["title"] = e.title;
  o["description"] = e.description;
  o["address"] = e.address;
  if (e.address_id)
    o["standard_address"] = boost::json::object{
        {"id", *e.address_id}, {"code", e.address_code}, {"name", e.standard_address}};
  else
    o["standard_address"] = nullptr;
  if (e.lon && e.lat)
    o["location"] = boost::json::array{*e.lon, *e.lat};
  else
    o["location"] = nullptr;
  o["grid_id"] = opt(e.grid_id);
  o["grid_name"] = e.grid_name;
  o["community_id"] = e.community_id;
  o["community_name"] = e.community_name;
  o["street_id"] = e.street_id;
  o["street_name"] = e.street_name;
  o["reporter_id"] = opt(e.reporter_id);
  o["reporter_name"] = e.reporter_name;
  o["external_ref"] = e.external_ref ? boost::json::value(*e.external_ref) : nullptr;
  o["merged_into"] = opt(e.merged_into);
  o["lead_dept_id"] = opt(e.lead_dept_id);
  o["lead_dept_name"] = e.lead_dept_name;
  o["stage"] = e.stage ? boost::json::value(stage_code(*e.stage)) : nullptr;
  o["stage_due_at"] = opt_time(e.stage_due_at);
  o["overdue"] = e.overdue;
  o["was_whistled"] = e.was_whistled;
  o["resolved_in_grid"] = e.resolved_in_grid;
  o["reopen_count"] = e.reopen_count;
  o["rating"] = e.rating ? boost::json::value(*e.rating) : nullptr;
  o["rating_comment"] = e.rating_comment;
  o["complaints"] = e.complaints;
  o["reported_at"] = format_utc(e.reported_at);
  o["accepted_at"] = opt_time(e.accepted_at);
  o["closed_at"] = opt_time(e.closed_at);
  o["version"] = e.version;
  o["updated_at"] = format_utc(e.updated_at);
  return o;
}

boost::json::value to_json(const Summons& s) {
  return boost::json::object{{"dept_id", s.dept_id},
                             {"dept_name", s.dept_name},
                             {"role", s.lead ? "lead" : "assist"},
                             {"summoned_at", format_utc(s.summoned_at)},
                             {"report_in_due", format_utc(s.report_in_due)},
                             {"reported_in_at", opt_time(s.reported_in_at)},
                             {"handle_due", format_utc(s.handle_due)},
                             {"submitted_at", opt_time(s.submitted_at)}};
}

boost::json::value to_json(const Transition& t) {
  boost::json::array atts;
  for (auto id : t.attachment_ids) atts.push_back(id);
  return boost::json::object{{"id", t.id},
                             {"action", t.action},
                             {"from", t.from ? boost::json::value(state_code(*t.from)) : nullptr},
                             {"to", state_code(t.to)},
                             {"actor_id", opt(t.actor_id)},
                             {"actor_name", t.actor_name},
                             {"actor_role", t.actor_role},
                             {"dept_id", opt(t.dept_id)},
                             {"note", t.note},
                             {"data", t.data},
                             {"at", format_utc(t.at)},
                             {"attachment_ids", std::move(atts)}};
}

}  // namespace onegrid::events
