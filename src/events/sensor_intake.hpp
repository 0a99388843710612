#pragma once
// 物联感知上报: what a device alarm that needs people becomes. The IoT ingest (MQTT) calls
// `report_sensor_alarm` for such an alarm; it is filed as an event on the sensor channel,
// idempotent on (device, alarm id) so a gateway's retries file it once, placed where the device
// is registered (grid or community) or where it says it is.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/result.hpp"
#include "events/event_store.hpp"
#include "store/store.hpp"

namespace onegrid::events {

struct SensorAlarm {
  std::string device_id;  // e.g. "SMOKE-110105-0012"
  std::string alarm_id;   // the device's or gateway's id of this alarm
  std::string kind;  // smoke | gas | water_leak | no_activity | e_bike_charging | overflow | …
  std::string subclass_code;  // an explicit taxonomy subclass; empty: the kind's default
  std::string description;
  std::string address;
  std::optional<double> lon, lat;            // stored with the event; placement is by …
  std::optional<std::int64_t> grid_id;       // … the grid the device is registered in (the
                                             // ingest locates unregistered ones with
                                             // org::GridLocator) …
  std::optional<std::int64_t> community_id;  // … or its community
  std::optional<std::int64_t> at;            // when the device raised it (default: now)
};

// The taxonomy subclass code an alarm kind files under by default ("" when there is none).
std::string_view default_subclass_for(std::string_view kind);
// The title shown for an alarm kind, in Chinese.
std::string sensor_title(std::string_view kind, std::string_view device_id);

// Files the alarm (or returns the event an earlier call filed for it: `created` false).
// event.unknown_alarm_kind when neither the kind nor subclass_code names a subclass.
Result<Reported> report_sensor_alarm(store::Tx& tx, const SensorAlarm& alarm);

}  // namespace onegrid::events
