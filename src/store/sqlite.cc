#include "store/sqlite.h"

#include <fmt/format.h>

namespace collegium::store {

Result<Sqlite> Sqlite::open(const std::string& path, bool create, const std::string& vfs) {
  sqlite3* db = nullptr;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (create ? SQLITE_OPEN_CREATE : 0);
  int rc = sqlite3_open_v2(path.c_str(), &db, flags, vfs.empty() ? nullptr : vfs.c_str());
  if (rc != SQLITE_OK) {
    std::string msg = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close(db);
    return io_error(fmt::format("cannot open the database: {}", msg), path);
  }
  sqlite3_extended_result_codes(db, 1);
  return Sqlite(db);
}

Sqlite::Sqlite(Sqlite&& o) noexcept : db_(o.db_) {
  o.db_ = nullptr;
}
Sqlite& Sqlite::operator=(Sqlite&& o) noexcept {
  std::swap(db_, o.db_);
  return *this;
}
Sqlite::~Sqlite() {
  if (db_) sqlite3_close_v2(db_);
}

Status Sqlite::error_of(sqlite3* db, std::string_view context) {
  int rc = sqlite3_extended_errcode(db);
  std::string msg = fmt::format("{}: {}", context, sqlite3_errmsg(db));
  switch (rc & 0xff) {
    // Rules are checked by decide(), never by SQL: a constraint of our own schema that
    // fails is our bug, not a duplicate in the request. Internal (and I/O) errors reach a
    // reply only as their code, so SQLite's words, which name tables and columns, stay in
    // the log.
    case SQLITE_CONSTRAINT:
      return Status(Code::kInternal, msg);
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return corrupt(msg);
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return Status(Code::kUnavailable, msg);
    case SQLITE_FULL:
      return io_error(fmt::format("the disk is full ({})", msg));
    default:
      return io_error(msg);
  }
}

Status Sqlite::exec(std::string_view sql) {
  std::string s(sql);
  if (sqlite3_exec(db_, s.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) {
    return error("sql");
  }
  return {};
}

Result<Statement> Sqlite::prepare(std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                         &stmt, nullptr) != SQLITE_OK) {
    return error(fmt::format("prepare '{}'", sql.substr(0, 60)));
  }
  return Statement(stmt, db_);
}

int64_t Sqlite::changes() const {
  return sqlite3_changes64(db_);
}

Statement::Statement(Statement&& o) noexcept : stmt_(o.stmt_), db_(o.db_) {
  o.stmt_ = nullptr;
}
Statement& Statement::operator=(Statement&& o) noexcept {
  std::swap(stmt_, o.stmt_);
  std::swap(db_, o.db_);
  return *this;
}
Statement::~Statement() {
  if (stmt_) sqlite3_finalize(stmt_);
}

Statement& Statement::bind(int i, int64_t v) {
  sqlite3_bind_int64(stmt_, i, v);
  return *this;
}
Statement& Statement::bind(int i, std::string_view t) {
  sqlite3_bind_text64(stmt_, i, t.data(), t.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
  return *this;
}
Statement& Statement::bind_blob(int i, std::span<const uint8_t> b) {
  sqlite3_bind_blob64(stmt_, i, b.data(), b.size(), SQLITE_TRANSIENT);
  return *this;
}
Statement& Statement::bind_double(int i, double v) {
  sqlite3_bind_double(stmt_, i, v);
  return *this;
}
Statement& Statement::bind_null(int i) {
  sqlite3_bind_null(stmt_, i);
  return *this;
}

Result<bool> Statement::step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  Status s = Sqlite::error_of(db_, sqlite3_sql(stmt_));
  sqlite3_reset(stmt_);
  return s;
}

Status Statement::run() {
  auto r = step();
  reset();
  if (!r.ok()) return r.status();
  return {};
}

void Statement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

int64_t Statement::column_int(int i) const {
  return sqlite3_column_int64(stmt_, i);
}
double Statement::column_double(int i) const {
  return sqlite3_column_double(stmt_, i);
}
std::string_view Statement::column_text(int i) const {
  auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, i));
  return p ? std::string_view(p, static_cast<size_t>(sqlite3_column_bytes(stmt_, i)))
           : std::string_view();
}
std::span<const uint8_t> Statement::column_blob(int i) const {
  auto* p = static_cast<const uint8_t*>(sqlite3_column_blob(stmt_, i));
  return {p, static_cast<size_t>(sqlite3_column_bytes(stmt_, i))};
}
int Statement::column_count() const {
  return sqlite3_column_count(stmt_);
}
bool Statement::column_is_null(int i) const {
  return sqlite3_column_type(stmt_, i) == SQLITE_NULL;
}

}  // namespace collegium::store
