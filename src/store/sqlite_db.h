// SqliteDb: a thin RAII wrapper over one SQLite connection — opened in WAL mode with
// synchronous=FULL and a busy timeout, prepared statements with typed binds and columns, and
// transactions that roll back unless committed. Errors are values (code "sqlite_error").
// Thread rule: one connection per owner; not synchronized (SQLite's serialized mode is not
// relied on). Statements must not outlive their SqliteDb.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "common/result.h"

struct sqlite3;
struct sqlite3_stmt;

namespace probex::store {

class SqliteStatement {
 public:
  SqliteStatement() = default;
  SqliteStatement(SqliteStatement&& other) noexcept;
  SqliteStatement& operator=(SqliteStatement&& other) noexcept;
  SqliteStatement(const SqliteStatement&) = delete;
  SqliteStatement& operator=(const SqliteStatement&) = delete;
  ~SqliteStatement();

  // Binds by 1-based position. Text is copied.
  SqliteStatement& Bind(int index, std::int64_t value);
  SqliteStatement& Bind(int index, std::string_view value);
  SqliteStatement& BindNull(int index);
  SqliteStatement& Bind(int index, const std::optional<std::int64_t>& value);

  // true: a row is ready to read; false: done. Errors include SQLite's message.
  Result<bool> Step();
  // Steps until done (for statements without rows).
  Status Run();
  // Clears the bindings and rewinds for reuse.
  void Reset();

  std::int64_t ColumnInt64(int index) const;
  std::string ColumnText(int index) const;
  bool ColumnIsNull(int index) const;
  std::optional<std::int64_t> ColumnOptionalInt64(int index) const;

 private:
  friend class SqliteDb;
  SqliteStatement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  sqlite3* db_ = nullptr;
  sqlite3_stmt* stmt_ = nullptr;
  bool bind_failed_ = false;
};

class SqliteDb {
 public:
  // Opens (creating) the database file with WAL journaling and foreign keys on.
  static Result<std::unique_ptr<SqliteDb>> Open(const std::string& path);
  SqliteDb(const SqliteDb&) = delete;
  SqliteDb& operator=(const SqliteDb&) = delete;
  ~SqliteDb();

  // Runs one or more statements without results (schema, pragmas).
  Status Exec(std::string_view sql);
  Result<SqliteStatement> Prepare(std::string_view sql);
  std::int64_t LastInsertRowId() const;

  // BEGIN IMMEDIATE … COMMIT; the destructor rolls back what was not committed.
  class Transaction {
   public:
    Transaction(Transaction&& other) noexcept : db_(other.db_) { other.db_ = nullptr; }
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    Transaction& operator=(Transaction&&) = delete;
    ~Transaction();
    Status Commit();

   private:
    friend class SqliteDb;
    explicit Transaction(SqliteDb* db) : db_(db) {}
    SqliteDb* db_;
  };
  Result<Transaction> Begin();

 private:
  explicit SqliteDb(sqlite3* db) : db_(db) {}
  Error LastError(std::string_view what) const;
  sqlite3* db_;
};

}  // namespace probex::store
