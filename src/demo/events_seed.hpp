#pragma once
// Demo events: a year of the district's event handling, simulated in time order through the
// real workflow (events::report / events::act with past instants) and the real deadline sweep,
// so the timeline, supervision, red/yellow cards and every KPI page show something meaningful:
// in-grid resolutions, escalations and whistles, late report-ins, reopenings, ratings,
// complaints, rejections and merges, with the last days' events still open at every stage.

#include <cstdint>

#include "base/result.hpp"
#include "store/store.hpp"

namespace onegrid::demo {

struct EventSeedReport {
  int events = 0;
  int transitions = 0;
  bool already_seeded = false;
};

// Files `count` events ending at `now` (ms). Deterministic for a given count and now-day.
// Does nothing when the store already holds events.
Result<EventSeedReport> seed_events(store::Store& store, int count, std::int64_t now);

}  // namespace onegrid::demo
