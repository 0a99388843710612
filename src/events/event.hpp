#pragma once
// 事件: one reported event as the workflow and the pages see it, the intake channels, and its
// JSON form. Pure data; event_store.hpp persists it.

#include <boost/json/value.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "events/workflow.hpp"

namespace onegrid::events {

enum class Channel { grid_worker, resident, hotline, open311, sensor, console };
std::string_view channel_code(Channel c);
std::optional<Channel> parse_channel(std::string_view code);
std::string_view channel_name_zh(Channel c);
const std::vector<Channel>& all_channels();

struct Event {
  std::int64_t id = 0;
  std::int64_t class_id = 0;
  std::int64_t subclass_id = 0;
  State state = State::reported;
  Channel channel = Channel::console;
  int priority = 2;
  std::string title;
  std::string description;
  std::string address;
  std::optional<std::int64_t> address_id;  // the standard address (一标三实) the text names
  std::string address_code, standard_address;
  std::optional<double> lon, lat;
  std::optional<std::int64_t> grid_id;  // nullopt: in the community's "no grid" queue
  std::int64_t community_id = 0;
  std::int64_t street_id = 0;
  std::string org_path;  // the grid's (or the community's) materialised path
  std::optional<std::int64_t> reporter_id;
  std::string reporter_name;
  std::optional<std::string> external_ref;  // hotline ticket, Open311 token, sensor id
  std::optional<std::int64_t> merged_into;
  std::optional<std::int64_t> lead_dept_id;
  std::optional<Stage> stage;
  std::optional<std::int64_t> stage_started_at, stage_due_at;
  bool overdue = false;
  bool was_whistled = false;
  bool resolved_in_grid = false;
  std::int64_t reopen_count = 0;
  std::optional<int> rating;
  std::string rating_comment;
  std::int64_t complaints = 0;
  std::int64_t reported_at = 0;
  std::optional<std::int64_t> accepted_at, closed_at;
  std::int64_t version = 1;
  std::int64_t updated_at = 0;

  // Names joined in for display (not stored on the event row).
  std::string class_name, subclass_name, grid_name, community_name, street_name, lead_dept_name;
};

// The receipt code printed for the reporter: "SJ" + report date (Asia/Shanghai) + 8-digit id.
std::string receipt_code(const Event& e);
std::string receipt_code(std::int64_t id, std::int64_t reported_at);
// The id inside a receipt code, when `code` is one.
std::optional<std::int64_t> id_from_receipt(std::string_view code);

boost::json::value to_json(const Event& e);

// A department summoned by a whistle.
struct Summons {
  std::int64_t dept_id = 0;
  std::string dept_path;
  std::string dept_name;
  bool lead = false;
  std::int64_t summoned_at = 0;
  std::int64_t report_in_due = 0;
  std::optional<std::int64_t> reported_in_at;
  std::int64_t handle_due = 0;
  std::optional<std::int64_t> submitted_at;
};
boost::json::value to_json(const Summons& s);

// One step of the timeline.
struct Transition {
  std::int64_t id = 0;
  std::string action;  // an Action code, or "report"
  std::optional<State> from;
  State to = State::reported;
  std::optional<std::int64_t> actor_id;
  std::string actor_name;
  std::string actor_role;
  std::optional<std::int64_t> dept_id;
  std::string note;
  boost::json::value data;
  std::int64_t at = 0;
  std::vector<std::int64_t> attachment_ids;
};
boost::json::value to_json(const Transition& t);

}  // namespace onegrid::events
