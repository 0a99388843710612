#pragma once
// The event list's query-string filters (state, class, subclass, grid, community, street,
// department, channel, overdue, from/to, q, mine, no_grid, sort, after, limit), shared by the
// JSON list and the CSV export.

#include "base/result.hpp"
#include "events/event_store.hpp"
#include "http/message.hpp"

namespace onegrid::api {

// Errors: query.invalid naming the parameter.
Result<events::ListFilter> read_event_filter(const http::Request& req);

}  // namespace onegrid::api
