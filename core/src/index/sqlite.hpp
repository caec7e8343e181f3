// SPDX-License-Identifier: Apache-2.0
// A thin RAII layer over the SQLite C API for the index: a connection and prepared statements
// whose failures become wiretrace::Error naming the index file.
#pragma once

#include <cstdint>
#include <span>
#include <sqlite3.h>
#include <string>
#include <string_view>

namespace wiretrace::index::detail {

class Database {
public:
    /// Opens `path` with the SQLite open flags; throws Error(io) when it cannot be opened.
    /// `uri`, when not empty, is what SQLite opens instead (with SQLITE_OPEN_URI; messages still
    /// name `path`).
    Database(const std::string& path, int flags, const std::string& uri = {});
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    sqlite3* handle() const { return db_; }
    const std::string& path() const { return path_; }

    /// Runs statements without results (and without parameters).
    void exec(const char* sql);
    /// Throws the Error for SQLite result `rc` (which is an error), naming the file and what was done.
    [[noreturn]] void fail(int rc, std::string_view doing) const;

private:
    sqlite3* db_ = nullptr;
    std::string path_;
};

/// A prepared statement. Bind indexes are 1-based, column indexes 0-based (as in SQLite).
class Statement {
public:
    Statement(Database& db, const char* sql);
    ~Statement();
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    Statement& bind(int i, std::int64_t v);
    Statement& bind(int i, std::string_view v);
    Statement& bind_blob(int i, std::span<const unsigned char> v);
    Statement& bind_null(int i);

    /// Steps once: true when a row is available, false when done. Throws on errors.
    bool step();
    /// Resets the statement (keeps the bindings' slots, clears them) for the next use.
    void reset();

    bool is_null(int col) const;
    std::int64_t int64(int col) const;
    std::string text(int col) const;
    std::span<const unsigned char> blob(int col) const;

private:
    Database& db_;
    sqlite3_stmt* stmt_ = nullptr;
};

/// BEGIN IMMEDIATE (a writer) or BEGIN (a reader: one consistent snapshot for several
/// statements, and one lock round trip instead of one per statement) on construction, ROLLBACK
/// on destruction unless commit() ran.
class Transaction {
public:
    enum class Kind : std::uint8_t { write, read };
    explicit Transaction(Database& db, Kind kind = Kind::write);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    void commit();

private:
    Database& db_;
    bool open_ = true;
};

}  // namespace wiretrace::index::detail
