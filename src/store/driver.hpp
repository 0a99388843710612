#pragma once
// Driver-internal surface shared by the store's drivers and the migration runner; not for
// modules (they only see store.hpp).

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "store/store.hpp"

namespace onegrid::store {

// A Tx that can also run a multi-statement script (migrations: triggers, $$ bodies), through
// sqlite3_exec or PQexec's simple-query protocol, inside the already open transaction.
class ScriptTx : public Tx {
 public:
  virtual Status exec_script(std::string_view script) = 0;
};

// Column-name lists live for the whole process, so a Row's `columns` pointer stays valid however
// its Rows is moved and after query_one hands out a lone Row. One entry per distinct list.
const std::vector<std::string>* intern_columns(const std::vector<std::string>& names);

inline Error unavailable_error(std::string code, std::string message) {
  return make_error(ErrorKind::unavailable, std::move(code), std::move(message));
}

// Drivers' factories (open.cpp parses the URL and calls one of them).
Result<std::unique_ptr<Store>> open_sqlite(const std::string& path, const StoreOptions& options);
Result<std::unique_ptr<Store>> open_postgres(const std::string& conninfo,
                                             const StoreOptions& options);

}  // namespace onegrid::store
