#pragma once
// The import report as JSON: what the API returns for a dry run or a commit, and what
// `onegrid import --json` prints.

#include <boost/json/object.hpp>

#include "ingest/importer.hpp"

namespace onegrid::ingest {

boost::json::object report_json(const ImportReport& r);

}  // namespace onegrid::ingest
