// PostgreSQL connection: connecting, session setup, prepared-statement cache, result decoding.
#include "store/postgres/pg_conn.hpp"

#include <charconv>
#include <vector>

#include "store/postgres/pg_sql.hpp"

namespace onegrid::store::postgres {
namespace {

constexpr Oid kByteaOid = 17;
constexpr std::size_t kMaxPrepared = 512;

void ignore_notice(void*, const char*) {}  // NOTICEs ("… already exists, skipping") are noise

std::string trimmed(const char* s) {
  std::string out = s != nullptr ? s : "";
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  return out;
}

bool result_ok(const PGresult* r) {
  const auto st = PQresultStatus(r);
  return st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK || st == PGRES_EMPTY_QUERY;
}

}  // namespace

Error pg_error(PGconn* conn, const PGresult* res, std::string_view context) {
  const char* state = res != nullptr ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
  std::string msg = res != nullptr ? trimmed(PQresultErrorMessage(res)) : "";
  if (msg.empty()) msg = trimmed(PQerrorMessage(conn));
  if (!context.empty()) msg = std::string(context) + ": " + msg;
  const std::string_view s = state != nullptr ? state : "";
  if (PQstatus(conn) == CONNECTION_BAD || s.starts_with("08") || s == "57P01" || s == "57P02" ||
      s == "57P03")
    return unavailable_error("store.unavailable", std::move(msg));
  if (s == "23505") return conflict("store.unique_violation", std::move(msg));
  // P0001: RAISE EXCEPTION in a trigger, the counterpart of SQLite's RAISE(ABORT, …).
  if (s.starts_with("23") || s == "P0001") return conflict("store.constraint", std::move(msg));
  if (s == "40001" || s == "40P01") return conflict("store.serialization", std::move(msg));
  return internal_error("store.error", std::move(msg));
}

Result<std::unique_ptr<Connection>> Connection::connect(const std::string& conninfo) {
  PGconn* raw = PQconnectdb(conninfo.c_str());
  if (raw == nullptr)
    return unavailable_error("store.unavailable", "cannot allocate a PostgreSQL connection");
  std::unique_ptr<Connection> c(new Connection(raw));
  if (PQstatus(raw) != CONNECTION_OK)
    return unavailable_error("store.unavailable",
                             "cannot connect to PostgreSQL: " + trimmed(PQerrorMessage(raw)));
  OG_TRY(c->setup());
  return c;
}

Status Connection::setup() {
  PQsetNoticeProcessor(conn_, ignore_notice, nullptr);
  if (PQsetClientEncoding(conn_, "UTF8") != 0) return pg_error(conn_, nullptr, "client_encoding");
  OG_TRY(exec_script("SET timezone = 'UTC'; SET bytea_output = 'hex'"));
  return ok_status();
}

Status Connection::reset() {
  cache_.clear();  // the server forgot them with the old session
  PQreset(conn_);
  if (!healthy()) return pg_error(conn_, nullptr, "reconnecting to PostgreSQL");
  return setup();
}

Result<std::string> Connection::exec_script(const char* sql) {
  ResultPtr r(PQexec(conn_, sql), PQclear);
  if (!r || !result_ok(r.get())) return pg_error(conn_, r.get());
  return std::string(PQcmdStatus(r.get()));
}

void Connection::rollback_quietly() {
  const auto st = transaction_status();
  if (st == PQTRANS_INTRANS || st == PQTRANS_INERROR) ResultPtr(PQexec(conn_, "ROLLBACK"), PQclear);
}

Result<ResultPtr> Connection::run(std::string_view sql, std::span<const Value> params,
                                  Prepared** used) {
  // Blob parameters are sent as binary bytea; their positions are part of the statement's key.
  std::string key(sql);
  bool any_blob = false;
  for (const auto& p : params) any_blob = any_blob || p.is_blob();
  if (any_blob) {
    key += '\0';
    for (const auto& p : params) key += p.is_blob() ? 'b' : '.';
  }
  auto it = cache_.find(key);
  if (it == cache_.end()) {
    int n = 0;
    const std::string text = rewrite_placeholders(sql, n);
    if (n != static_cast<int>(params.size()))
      return internal_error("store.parameter_count",
                            "statement has " + std::to_string(n) + " placeholders but " +
                                std::to_string(params.size()) +
                                " parameters were given: " + std::string(sql));
    if (cache_.size() >= kMaxPrepared && transaction_status() == PQTRANS_INTRANS) {
      if (exec_script("DEALLOCATE ALL")) cache_.clear();
    }
    std::vector<Oid> types(params.size(), 0);  // 0: let the server infer from context
    for (std::size_t i = 0; i < params.size(); ++i)
      if (params[i].is_blob()) types[i] = kByteaOid;
    std::string name = "og_" + std::to_string(++counter_);
    ResultPtr prep(PQprepare(conn_, name.c_str(), text.c_str(), n, types.data()), PQclear);
    if (!prep || !result_ok(prep.get())) return pg_error(conn_, prep.get());
    it = cache_.emplace(std::move(key), Prepared{std::move(name), n, nullptr}).first;
  }

  const std::size_t n = params.size();
  std::vector<std::string> storage(n);
  std::vector<const char*> values(n, nullptr);
  std::vector<int> lengths(n, 0), formats(n, 0);
  static const char empty_bytes[1] = {0};
  for (std::size_t i = 0; i < n; ++i) {
    const auto& v = params[i].variant();
    if (const auto* x = std::get_if<std::int64_t>(&v)) {
      storage[i] = format_param(*x);
      values[i] = storage[i].c_str();
    } else if (const auto* d = std::get_if<double>(&v)) {
      storage[i] = format_param(*d);
      values[i] = storage[i].c_str();
    } else if (const auto* s = std::get_if<std::string>(&v)) {
      values[i] = s->c_str();
    } else if (const auto* b = std::get_if<Blob>(&v)) {
      values[i] = b->bytes.empty() ? empty_bytes : reinterpret_cast<const char*>(b->bytes.data());
      lengths[i] = static_cast<int>(b->bytes.size());
      formats[i] = 1;
    }
  }
  ResultPtr r(PQexecPrepared(conn_, it->second.name.c_str(), static_cast<int>(n), values.data(),
                             lengths.data(), formats.data(), 0),
              PQclear);
  if (!r || !result_ok(r.get())) {
    const char* state = r ? PQresultErrorField(r.get(), PG_DIAG_SQLSTATE) : nullptr;
    const std::string_view s = state != nullptr ? state : "";
    Error e = pg_error(conn_, r.get());
    // Statement gone (26000) or its cached plan invalid after a schema change (0A000): prepare
    // it afresh next time.
    if (s == "26000" || s == "0A000") cache_.erase(it);
    return e;
  }
  *used = &it->second;
  return r;
}

Result<Rows> Connection::query(std::string_view sql, std::span<const Value> params) {
  Prepared* p = nullptr;
  OG_ASSIGN(ResultPtr r, run(sql, params, &p));
  const PGresult* res = r.get();
  const int nf = PQnfields(res), nt = PQntuples(res);
  Rows out;
  out.columns.reserve(static_cast<std::size_t>(nf));
  for (int c = 0; c < nf; ++c) out.columns.emplace_back(PQfname(res, c));
  if (p->columns == nullptr || *p->columns != out.columns) p->columns = intern_columns(out.columns);
  std::vector<Oid> types(static_cast<std::size_t>(nf));
  for (int c = 0; c < nf; ++c) types[static_cast<std::size_t>(c)] = PQftype(res, c);
  out.rows.reserve(static_cast<std::size_t>(nt));
  for (int t = 0; t < nt; ++t) {
    Row row;
    row.columns = p->columns;
    row.values.reserve(static_cast<std::size_t>(nf));
    for (int c = 0; c < nf; ++c) {
      if (PQgetisnull(res, t, c))
        row.values.emplace_back();
      else
        row.values.push_back(decode_value(types[static_cast<std::size_t>(c)], PQgetvalue(res, t, c),
                                          PQgetlength(res, t, c)));
    }
    out.rows.push_back(std::move(row));
  }
  return out;
}

Result<std::int64_t> Connection::exec(std::string_view sql, std::span<const Value> params) {
  Prepared* p = nullptr;
  OG_ASSIGN(ResultPtr r, run(sql, params, &p));
  // Rows changed by INSERT/UPDATE/DELETE/MERGE; 0 for anything else (as on SQLite).
  const std::string_view tag = PQcmdStatus(r.get());
  if (tag.starts_with("SELECT")) return std::int64_t{0};
  const std::string_view tuples = PQcmdTuples(r.get());
  std::int64_t n = 0;
  std::from_chars(tuples.data(), tuples.data() + tuples.size(), n);
  return n;
}

}  // namespace onegrid::store::postgres
