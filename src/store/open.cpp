// open_store: picks the driver from the URL scheme and checks the options.
#include <string_view>

#include "store/driver.hpp"
#include "store/store.hpp"

namespace onegrid::store {

Result<std::unique_ptr<Store>> open_store(const std::string& url, const StoreOptions& options) {
  if (options.readers < 1)
    return invalid_input("store.bad_options", "StoreOptions.readers must be at least 1", "readers");
  if (options.busy_timeout_ms < 0)
    return invalid_input("store.bad_options", "StoreOptions.busy_timeout_ms must not be negative",
                         "busy_timeout_ms");
  if (options.max_group < 1)
    return invalid_input("store.bad_options", "StoreOptions.max_group must be at least 1",
                         "max_group");
  if (url.empty()) return invalid_input("store.bad_url", "empty store URL", "url");

  const std::string_view u = url;
  const auto sep = u.find("://");
  if (sep == std::string_view::npos) {
    if (u == ":memory:" || u.starts_with("file:"))
      return invalid_input("store.bad_url",
                           "in-memory and file: URI SQLite databases are not supported; "
                           "give a file path: " +
                               url,
                           "url");
    return open_sqlite(url, options);  // a bare path
  }
  const std::string_view scheme = u.substr(0, sep);
  if (scheme == "sqlite") {
    // sqlite:///abs/path.db -> /abs/path.db; sqlite://rel/path.db -> rel/path.db
    const std::string path(u.substr(sep + 3));
    if (path.empty()) return invalid_input("store.bad_url", "no file path in " + url, "url");
    return open_sqlite(path, options);
  }
  if (scheme == "postgresql" || scheme == "postgres") return open_postgres(url, options);
  return invalid_input("store.bad_url",
                       "unknown store URL scheme '" + std::string(scheme) +
                           "' (use sqlite:///path.db, a file path, or postgresql://…)",
                       "url");
}

}  // namespace onegrid::store
