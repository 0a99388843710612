// SQLite connection: opening and configuring, cached prepared statements, binding, type mapping.
#include "store/sqlite/sqlite_conn.hpp"

namespace onegrid::store::sqlite {
namespace {

constexpr std::size_t kMaxCachedStatements = 512;

// Resets a statement after use so it can be reused and holds no parameter buffers.
struct StatementReset {
  sqlite3_stmt* stmt;
  ~StatementReset() {
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
  }
};

bool is_blank(const char* p) {
  for (; *p != '\0'; ++p)
    if (*p != ' ' && *p != '\t' && *p != '\r' && *p != '\n' && *p != ';') return false;
  return true;
}

Value column_value(sqlite3_stmt* stmt, int i) {
  switch (sqlite3_column_type(stmt, i)) {
    case SQLITE_INTEGER:
      return Value(static_cast<long long>(sqlite3_column_int64(stmt, i)));
    case SQLITE_FLOAT:
      return Value(sqlite3_column_double(stmt, i));
    case SQLITE_TEXT: {
      const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt, i));
      return Value(std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt, i))));
    }
    case SQLITE_BLOB: {
      Blob b;
      const auto* p = static_cast<const std::uint8_t*>(sqlite3_column_blob(stmt, i));
      if (p != nullptr) b.bytes.assign(p, p + sqlite3_column_bytes(stmt, i));
      return Value(std::move(b));
    }
    default:
      return Value();
  }
}

}  // namespace

Error sqlite_error(sqlite3* db, int rc, std::string_view context) {
  std::string msg = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  if (!context.empty()) msg = std::string(context) + ": " + msg;
  if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY)
    return conflict("store.unique_violation", std::move(msg));
  switch (rc & 0xff) {
    case SQLITE_CONSTRAINT:
      return conflict("store.constraint", std::move(msg));
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return unavailable_error("store.busy", std::move(msg));
    default:
      return internal_error("store.error", std::move(msg));
  }
}

Result<std::unique_ptr<Connection>> Connection::open(const std::string& path, Role role,
                                                     int busy_timeout_ms) {
  sqlite3* db = nullptr;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
  if (role == Role::writer) flags |= SQLITE_OPEN_CREATE;
  const int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close(db);
    return unavailable_error("store.unavailable",
                             "cannot open SQLite database '" + path + "': " + msg +
                                 " (does its directory exist and is it writable?)");
  }
  std::unique_ptr<Connection> c(new Connection(db));
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, busy_timeout_ms);
  // The writer's page cache holds a large transaction (a department extract's import) without
  // spilling it into the WAL page by page: up to 256 MiB, allocated only as pages are dirtied.
  // Statement journals (kept for each statement that could fail half-way) live in memory: on
  // disk they cost a write() per changed page of every INSERT.
  const char* setup = role == Role::writer
                          ? "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;"
                            " PRAGMA foreign_keys = ON; PRAGMA cache_size = -262144;"
                            " PRAGMA temp_store = MEMORY;"
                          : "PRAGMA foreign_keys = ON; PRAGMA query_only = 1;";
  if (auto st = c->exec_script(setup); !st) {
    Error e = std::move(st).error();
    e.message = "cannot use SQLite database '" + path + "': " + e.message;
    return e;
  }
  if (role == Role::writer) {
    OG_ASSIGN(auto rows, c->query("PRAGMA journal_mode", {}));
    if (rows.empty() || rows[0].text(0) != "wal")
      return internal_error("store.error", "SQLite database '" + path + "' refused WAL mode");
  }
  return c;
}

Connection::~Connection() {
  clear_cache();
  sqlite3_close(db_);
}

void Connection::clear_cache() {
  for (auto& [sql, cached] : cache_) sqlite3_finalize(cached.stmt);
  cache_.clear();
}

Status Connection::exec_script(const char* sql) {
  const int rc = sqlite3_exec(db_, sql, nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) return sqlite_error(db_, rc);
  return ok_status();
}

void Connection::rollback_quietly() {
  if (in_transaction()) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
}

Result<Connection::Cached*> Connection::prepare(std::string_view sql) {
  if (auto it = cache_.find(sql); it != cache_.end()) return &it->second;
  if (cache_.size() >= kMaxCachedStatements) clear_cache();  // no statement is active here
  sqlite3_stmt* stmt = nullptr;
  const char* tail = nullptr;
  const int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                    SQLITE_PREPARE_PERSISTENT, &stmt, &tail);
  if (rc != SQLITE_OK) return sqlite_error(db_, rc);
  if (stmt == nullptr) return internal_error("store.error", "empty SQL statement");
  // More than one statement? (Trailing blanks, semicolons and comments are fine.)
  const std::string rest(tail, sql.data() + sql.size());
  if (!is_blank(rest.c_str())) {
    sqlite3_stmt* next = nullptr;
    sqlite3_prepare_v2(db_, rest.c_str(), -1, &next, nullptr);
    const bool second = next != nullptr;
    sqlite3_finalize(next);
    if (second) {
      sqlite3_finalize(stmt);
      return internal_error("store.error",
                            "one statement per query/exec call: " + std::string(sql));
    }
  }
  auto [it, inserted] = cache_.emplace(std::string(sql), Cached{stmt, nullptr});
  return &it->second;
}

Status Connection::bind(sqlite3_stmt* stmt, std::span<const Value> params) {
  const int expected = sqlite3_bind_parameter_count(stmt);
  if (expected != static_cast<int>(params.size()))
    return internal_error("store.parameter_count",
                          "statement has " + std::to_string(expected) + " placeholders but " +
                              std::to_string(params.size()) +
                              " parameters were given: " + sqlite3_sql(stmt));
  for (int i = 0; i < expected; ++i) {
    const auto& v = params[static_cast<std::size_t>(i)].variant();
    int rc = SQLITE_OK;
    const int n = i + 1;
    // The parameters outlive the statement's use (it is reset before returning): SQLITE_STATIC.
    if (const auto* x = std::get_if<std::int64_t>(&v)) {
      rc = sqlite3_bind_int64(stmt, n, *x);
    } else if (const auto* d = std::get_if<double>(&v)) {
      rc = sqlite3_bind_double(stmt, n, *d);
    } else if (const auto* s = std::get_if<std::string>(&v)) {
      rc = sqlite3_bind_text64(stmt, n, s->data(), s->size(), SQLITE_STATIC, SQLITE_UTF8);
    } else if (const auto* b = std::get_if<Blob>(&v)) {
      rc = b->bytes.empty()
               ? sqlite3_bind_zeroblob(stmt, n, 0)
               : sqlite3_bind_blob64(stmt, n, b->bytes.data(), b->bytes.size(), SQLITE_STATIC);
    } else {
      rc = sqlite3_bind_null(stmt, n);
    }
    if (rc != SQLITE_OK) return sqlite_error(db_, rc, "binding parameter " + std::to_string(n));
  }
  return ok_status();
}

Result<Rows> Connection::query(std::string_view sql, std::span<const Value> params) {
  OG_ASSIGN(Cached * cached, prepare(sql));
  sqlite3_stmt* stmt = cached->stmt;
  StatementReset reset{stmt};
  OG_TRY(bind(stmt, params));
  Rows out;
  const int ncol = sqlite3_column_count(stmt);
  out.columns.reserve(static_cast<std::size_t>(ncol));
  for (int i = 0; i < ncol; ++i) out.columns.emplace_back(sqlite3_column_name(stmt, i));
  if (cached->columns == nullptr || *cached->columns != out.columns)
    cached->columns = intern_columns(out.columns);
  for (;;) {
    const int rc = sqlite3_step(stmt);
    if (rc == SQLITE_DONE) break;
    if (rc != SQLITE_ROW) return sqlite_error(db_, rc);
    Row row;
    row.columns = cached->columns;
    row.values.reserve(static_cast<std::size_t>(ncol));
    for (int i = 0; i < ncol; ++i) row.values.push_back(column_value(stmt, i));
    out.rows.push_back(std::move(row));
  }
  return out;
}

Result<std::int64_t> Connection::exec(std::string_view sql, std::span<const Value> params) {
  OG_ASSIGN(Cached * cached, prepare(sql));
  sqlite3_stmt* stmt = cached->stmt;
  StatementReset reset{stmt};
  OG_TRY(bind(stmt, params));
  const auto before = sqlite3_total_changes64(db_);
  for (;;) {
    const int rc = sqlite3_step(stmt);
    if (rc == SQLITE_DONE) break;
    if (rc != SQLITE_ROW) return sqlite_error(db_, rc);
  }
  // sqlite3_changes64 keeps the count of the last INSERT/UPDATE/DELETE; report 0 for others.
  if (sqlite3_total_changes64(db_) == before) return std::int64_t{0};
  return static_cast<std::int64_t>(sqlite3_changes64(db_));
}

}  // namespace onegrid::store::sqlite
