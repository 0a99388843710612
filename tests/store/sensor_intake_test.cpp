// Device alarms filed as events on real stores: the sensor channel, the default subclass of the
// alarm kind, idempotence on (device, alarm), the community told, and clear errors.

#include "events/sensor_intake.hpp"
#include "audit/audit.hpp"
#include "demo/seed.hpp"
#include "event_fixture.hpp"
#include "events/taxonomy_store.hpp"
#include "store/tx_result.hpp"

namespace onegrid::store::testing {
namespace {

class SensorIntake : public EventStoreTest {
 protected:
  void SetUp() override {
    EventStoreTest::SetUp();
    grid_ = unit("110105-001-001-01").id;
  }
  Result<events::Reported> file(const events::SensorAlarm& a) {
    return write_result(*store_, [&](Tx& tx) { return events::report_sensor_alarm(tx, a); });
  }
  std::int64_t grid_ = 0;
};

TEST_P(SensorIntake, AnAlarmBecomesOneEventOnTheSensorChannel) {
  events::SensorAlarm a{"SMOKE-0012", "A-77", "smoke", "",    "3号楼2单元烟感报警",
                        "3号楼2单元", 116.47, 39.99,   grid_, std::nullopt,
                        std::nullopt};
  auto first = file(a);
  ASSERT_TRUE(first) << describe(first.error());
  EXPECT_TRUE(first->created);
  const auto& e = first->event;
  EXPECT_EQ(e.channel, events::Channel::sensor);
  EXPECT_EQ(e.state, events::State::reported);
  EXPECT_EQ(e.grid_id, grid_);
  EXPECT_EQ(e.subclass_name, "火情");
  EXPECT_EQ(e.priority, 1);
  EXPECT_EQ(e.title, "烟感报警（SMOKE-0012）");
  EXPECT_EQ(e.external_ref.value_or(""), "SMOKE-0012#A-77");
  // The gateway retries: the same event, nothing new.
  auto again = file(a);
  ASSERT_TRUE(again);
  EXPECT_FALSE(again->created);
  EXPECT_EQ(again->event.id, e.id);
  // Another alarm of the same device is another event.
  a.alarm_id = "A-78";
  auto other = file(a);
  ASSERT_TRUE(other);
  EXPECT_NE(other->event.id, e.id);
  ASSERT_TRUE(store_->read([&](Tx& tx) -> Status {
    OG_ASSIGN(auto n, one_row(tx, "SELECT COUNT(*) FROM event WHERE channel = 'sensor'"));
    EXPECT_EQ(n.i64(0), 2);
    OG_ASSIGN(auto told, one_row(tx,
                                 "SELECT COUNT(*) FROM notification WHERE event_id = ? AND "
                                 "kind = 'report'",
                                 {e.id}));
    EXPECT_GT(told.i64(0), 0) << "the grid's worker and community are told";
    return ok_status();
  }));
}

TEST_P(SensorIntake, ElderlyCareAlarmsGoToTheirSubclass) {
  EXPECT_EQ(events::default_subclass_for("no_activity"), "0601");
  events::SensorAlarm a{"CARE-3",     "1",          "no_activity", "",           "24小时无活动", "",
                        std::nullopt, std::nullopt, grid_,         std::nullopt, std::nullopt};
  auto r = file(a);
  ASSERT_TRUE(r) << describe(r.error());
  EXPECT_EQ(r->event.subclass_name, "独居老人求助");
}

TEST_P(SensorIntake, BadAlarmsAreRefusedWithAField) {
  events::SensorAlarm a{"X-1",        "1",          "teleport", "",           "",          "",
                        std::nullopt, std::nullopt, grid_,      std::nullopt, std::nullopt};
  auto r = file(a);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, "event.unknown_alarm_kind");
  EXPECT_EQ(r.error().field, "kind");
  a.kind = "smoke";
  a.device_id = "";
  EXPECT_EQ(file(a).error().code, "event.invalid_device");
  a.device_id = "X-1";
  a.subclass_code = "9999";
  EXPECT_EQ(file(a).error().code, "event.unknown_subclass");
  a.subclass_code = "";
  a.grid_id.reset();
  EXPECT_EQ(file(a).error().code, "event.location_required");
  ASSERT_TRUE(store_->read([&](Tx& tx) -> Status {
    OG_ASSIGN(auto n, one_row(tx, "SELECT COUNT(*) FROM event"));
    EXPECT_EQ(n.i64(0), 0) << "nothing half-filed";
    return ok_status();
  }));
}

INSTANTIATE_TEST_SUITE_P(Drivers, SensorIntake, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace onegrid::store::testing
