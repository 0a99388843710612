#include "events/sensor_intake.hpp"

#include <array>
#include <utility>

#include "audit/audit.hpp"

namespace onegrid::events {
namespace {

struct KindInfo {
  std::string_view kind, subclass, name;
};

// Device alarms and the default-taxonomy subclasses they become (src/events/taxonomy.cpp).
constexpr std::array<KindInfo, 8> kKinds{{
    {"smoke", "0401", "烟感报警"},
    {"gas", "0402", "燃气泄漏报警"},
    {"water_leak", "0403", "水浸报警"},
    {"no_activity", "0601", "独居老人长时间无活动"},
    {"fall", "0601", "独居老人跌倒报警"},
    {"e_bike_charging", "0502", "电动车违规充电告警"},
    {"overflow", "0101", "垃圾满溢"},
    {"fire_lane", "0501", "消防通道占用"},
}};

const KindInfo* info_of(std::string_view kind) {
  for (const auto& k : kKinds)
    if (k.kind == kind) return &k;
  return nullptr;
}

}  // namespace

std::string_view default_subclass_for(std::string_view kind) {
  const auto* k = info_of(kind);
  return k ? k->subclass : std::string_view();
}

std::string sensor_title(std::string_view kind, std::string_view device_id) {
  const auto* k = info_of(kind);
  return std::string(k ? k->name : std::string_view("物联设备告警")) + "（" +
         std::string(device_id) + "）";
}

Result<Reported> report_sensor_alarm(store::Tx& tx, const SensorAlarm& alarm) {
  if (alarm.device_id.empty() || alarm.device_id.size() > 64)
    return invalid_input("event.invalid_device", "a device id of 1–64 characters", "device_id");
  if (alarm.alarm_id.empty() || alarm.alarm_id.size() > 64)
    return invalid_input("event.invalid_alarm", "an alarm id of 1–64 characters", "alarm_id");
  std::string code = alarm.subclass_code.empty() ? std::string(default_subclass_for(alarm.kind))
                                                 : alarm.subclass_code;
  if (code.empty())
    return invalid_input("event.unknown_alarm_kind",
                         "no event subclass for alarm kind '" + alarm.kind + "'", "kind");
  OG_ASSIGN(auto sub,
            tx.query_one("SELECT id FROM event_subclass WHERE code = ? AND active = 1", {code}));
  if (!sub)
    return invalid_input("event.unknown_subclass", "no active event subclass " + code,
                         "subclass_code");
  NewEvent in;
  in.subclass_id = sub->i64(0);
  in.channel = Channel::sensor;
  in.title = sensor_title(alarm.kind, alarm.device_id);
  in.description = alarm.description;
  in.address = alarm.address;
  in.lon = alarm.lon;
  in.lat = alarm.lat;
  in.grid_id = alarm.grid_id;
  in.community_id = alarm.community_id;
  in.reporter_name = "物联感知设备";
  in.external_ref = alarm.device_id + "#" + alarm.alarm_id;
  in.reported_at = alarm.at;
  return report(tx, audit::Actor::system("iot:" + alarm.device_id), in);
}

}  // namespace onegrid::events
