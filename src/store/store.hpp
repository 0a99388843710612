#pragma once
// The store: one narrow interface over SQLite (embedded default) and PostgreSQL (scale).
// Modules talk SQL through Tx inside a transaction opened by Store::read or Store::write;
// they never see a driver. SQL is written once in the portable subset both engines accept,
// with '?' placeholders (the PostgreSQL driver rewrites them to $1, $2, …).
//
// Portable-SQL rules for module authors:
//   - integers are BIGINT, text is TEXT, booleans are INTEGER 0/1 (compare `col = 1`),
//     instants are BIGINT milliseconds since the Unix epoch (UTC), money in fen;
//   - `INSERT … RETURNING id` and `ON CONFLICT … DO UPDATE` work on both;
//   - never put a literal '?' inside a string literal in SQL (use a parameter instead).

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "base/result.hpp"

namespace onegrid::store {

enum class Driver { sqlite, postgres };

struct Blob {
  std::vector<std::uint8_t> bytes;
  bool operator==(const Blob&) const = default;
};

// A SQL parameter or column value.
class Value {
 public:
  using Variant = std::variant<std::monostate, std::int64_t, double, std::string, Blob>;

  Value() = default;
  Value(std::nullptr_t) {}                           // NOLINT
  Value(int v) : v_(std::int64_t{v}) {}              // NOLINT
  Value(long v) : v_(std::int64_t{v}) {}             // NOLINT
  Value(long long v) : v_(std::int64_t{v}) {}        // NOLINT
  Value(unsigned v) : v_(std::int64_t{v}) {}         // NOLINT
  Value(bool v) : v_(std::int64_t{v ? 1 : 0}) {}     // NOLINT
  Value(double v) : v_(v) {}                         // NOLINT
  Value(std::string v) : v_(std::move(v)) {}         // NOLINT
  Value(std::string_view v) : v_(std::string(v)) {}  // NOLINT
  Value(const char* v) : v_(std::string(v)) {}       // NOLINT
  Value(Blob v) : v_(std::move(v)) {}                // NOLINT
  template <class T>
  Value(const std::optional<T>& v) {  // NOLINT: absent optional binds NULL
    if (v) *this = Value(*v);
  }

  bool is_null() const { return v_.index() == 0; }
  bool is_int() const { return v_.index() == 1; }
  bool is_real() const { return v_.index() == 2; }
  bool is_text() const { return v_.index() == 3; }
  bool is_blob() const { return v_.index() == 4; }
  const Variant& variant() const { return v_; }

  // Lenient accessors: NULL reads as 0 / "" / empty; an integer column read as text is
  // formatted, a text column read as integer is parsed (PostgreSQL text results).
  std::int64_t as_int() const;
  double as_real() const;
  std::string as_text() const;
  const Blob& as_blob() const;

  bool operator==(const Value&) const = default;

 private:
  Variant v_;
};

// One result row; columns by index (fast) or by name (through the owning Rows).
struct Row {
  std::vector<Value> values;
  const std::vector<std::string>* columns = nullptr;

  const Value& at(std::size_t i) const { return values.at(i); }
  const Value& at(std::string_view column) const;
  bool is_null(std::size_t i) const { return at(i).is_null(); }
  std::int64_t i64(std::size_t i) const { return at(i).as_int(); }
  double f64(std::size_t i) const { return at(i).as_real(); }
  std::string text(std::size_t i) const { return at(i).as_text(); }
  std::optional<std::int64_t> opt_i64(std::size_t i) const;
  std::optional<std::string> opt_text(std::size_t i) const;
  std::int64_t i64(std::string_view c) const { return at(c).as_int(); }
  std::string text(std::string_view c) const { return at(c).as_text(); }
};

struct Rows {
  std::vector<std::string> columns;
  std::vector<Row> rows;  // each row's `columns` points at an interned, process-lifetime list

  bool empty() const { return rows.empty(); }
  std::size_t size() const { return rows.size(); }
  const Row& operator[](std::size_t i) const { return rows[i]; }
  auto begin() const { return rows.begin(); }
  auto end() const { return rows.end(); }
};

// One connection inside an open transaction. Not thread-safe; valid only during the callback.
class Tx {
 public:
  virtual ~Tx() = default;
  virtual Driver driver() const = 0;
  virtual Result<Rows> query(std::string_view sql, std::span<const Value> params) = 0;
  // Returns the number of rows changed.
  virtual Result<std::int64_t> exec(std::string_view sql, std::span<const Value> params) = 0;

  Result<Rows> query(std::string_view sql, std::initializer_list<Value> params = {}) {
    return query(sql, std::span<const Value>(params.begin(), params.size()));
  }
  Result<std::int64_t> exec(std::string_view sql, std::initializer_list<Value> params = {}) {
    return exec(sql, std::span<const Value>(params.begin(), params.size()));
  }
  // First row or nullopt.
  Result<std::optional<Row>> query_one(std::string_view sql,
                                       std::initializer_list<Value> params = {});
  Result<std::optional<Row>> query_one(std::string_view sql, std::span<const Value> params);
  // `INSERT … RETURNING id`: the returned id.
  Result<std::int64_t> insert(std::string_view sql, std::span<const Value> params);
  Result<std::int64_t> insert(std::string_view sql, std::initializer_list<Value> params);

  // Work for the end of a write transaction: `fn` runs once, just before COMMIT, after every
  // callback of the transaction (on SQLite, of its whole group commit), for index upkeep that
  // is cheaper done once per commit than once per write. Registrations under a key already
  // registered in this transaction are dropped. `fn` must be right whatever the callbacks left
  // (one that registered it may have been rolled back to its savepoint since); its failure
  // fails the transaction. For write transactions only.
  void before_commit(std::string_view key, std::function<Status(Tx&)> fn);
  // For the drivers: runs and forgets the registered work, in registration order.
  Status run_before_commit();

 private:
  std::vector<std::pair<std::string, std::function<Status(Tx&)>>> before_commit_;
};

struct PoolStats {
  int size = 0;                      // connections held
  int in_use = 0;                    // connections currently lent out
  std::uint64_t waits = 0;           // times a caller had to wait for a connection
  std::uint64_t group_commits = 0;   // SQLite writer: transactions committed
  std::uint64_t grouped_writes = 0;  // SQLite writer: write callbacks in them
};

using TxFn = std::function<Status(Tx&)>;

class Store {
 public:
  virtual ~Store() = default;
  virtual Driver driver() const = 0;
  // Runs fn in a read-only transaction over a consistent snapshot.
  virtual Status read(const TxFn& fn) = 0;
  // Runs fn in a read-write transaction. If fn returns an error nothing it did is kept.
  // When write returns ok the transaction is committed and durable (survives kill -9).
  // The SQLite driver may commit several callers' callbacks together (group commit), each
  // isolated by a savepoint; a callback must not assume it runs on the caller's thread.
  virtual Status write(const TxFn& fn) = 0;
  // Cheap reachability check for /readyz.
  virtual Status ping() = 0;
  // Engine-level consistency check (PRAGMA integrity_check; on PostgreSQL a catalog probe).
  virtual Status integrity_check() = 0;
  virtual PoolStats stats() const = 0;
};

struct StoreOptions {
  int readers = 4;             // SQLite reader connections / PostgreSQL pool size
  int busy_timeout_ms = 5000;  // SQLite busy_timeout; PostgreSQL pool wait
  int max_group = 256;         // SQLite: most write callbacks in one group commit
};

// Opens a store by URL: `sqlite:///abs/path/file.db`, `sqlite://relative.db`, a bare file path,
// or `postgresql://user@host:port/db` (also `postgres://`).
Result<std::unique_ptr<Store>> open_store(const std::string& url, const StoreOptions& options = {});

// Applies the embedded, versioned migrations not yet applied; returns the schema version.
Result<int> migrate(Store& store);
// The highest applied migration, 0 for an empty store.
Result<int> schema_version(Store& store);
// What this build migrates to: the highest embedded migration's version, and how many there are.
struct EmbeddedSchema {
  int version = 0;
  int migrations = 0;
};
Result<EmbeddedSchema> embedded_schema();

}  // namespace onegrid::store
