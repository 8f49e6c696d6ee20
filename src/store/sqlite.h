// A thin RAII layer over SQLite that turns its result codes into Status.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "base/status.h"

namespace collegium::store {

class Statement;

class Sqlite {
 public:
  // Opens (creating if asked) the database at `path` through the VFS named `vfs`
  // (empty: the default one).
  static Result<Sqlite> open(const std::string& path, bool create, const std::string& vfs = {});

  Sqlite(Sqlite&& other) noexcept;
  Sqlite& operator=(Sqlite&& other) noexcept;
  Sqlite(const Sqlite&) = delete;
  Sqlite& operator=(const Sqlite&) = delete;
  ~Sqlite();

  // Runs one or more statements that return no rows.
  Status exec(std::string_view sql);
  Result<Statement> prepare(std::string_view sql);
  int64_t changes() const;
  sqlite3* handle() const { return db_; }

  // The error of the last failed call as a Status (io_error for disk faults and a full
  // disk, corrupt for a damaged file, unavailable when locked, internal for a constraint
  // violation: rules are decide()'s, so a failed constraint is a bug).
  Status error(std::string_view context) const { return error_of(db_, context); }
  static Status error_of(sqlite3* db, std::string_view context);

 private:
  explicit Sqlite(sqlite3* db) : db_(db) {}
  sqlite3* db_ = nullptr;
};

class Statement {
 public:
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&& other) noexcept;
  Statement(const Statement&) = delete;
  ~Statement();

  // Parameters are 1-based, as in SQLite.
  Statement& bind(int index, int64_t value);
  Statement& bind(int index, std::string_view text);
  Statement& bind_blob(int index, std::span<const uint8_t> blob);
  Statement& bind_null(int index);
  // A double, kept bit for bit (SQLite's REAL is an IEEE double). Named apart from bind()
  // so that an int argument is never silently taken for one.
  Statement& bind_double(int index, double value);

  // Runs to the next row: true if a row is there, false when done.
  Result<bool> step();
  // Runs a statement that returns no rows, then resets it for reuse.
  Status run();
  void reset();  // clears bindings too

  int64_t column_int(int i) const;
  double column_double(int i) const;
  std::string_view column_text(int i) const;
  std::span<const uint8_t> column_blob(int i) const;
  bool column_is_null(int i) const;
  int column_count() const;

 private:
  friend class Sqlite;
  Statement(sqlite3_stmt* stmt, sqlite3* db) : stmt_(stmt), db_(db) {}
  sqlite3_stmt* stmt_ = nullptr;
  sqlite3* db_ = nullptr;
};

}  // namespace collegium::store
