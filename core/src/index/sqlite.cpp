// SPDX-License-Identifier: Apache-2.0
#include "index/sqlite.hpp"

#include <fmt/format.h>

#include "wiretrace/error.hpp"

namespace wiretrace::index::detail {
namespace {

/// Corruption and "not a database" are format errors of the file; the rest are I/O errors.
Errc errc_for(int rc) {
    switch (rc & 0xff) {
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
    case SQLITE_FORMAT:
    case SQLITE_MISMATCH: return Errc::bad_format;
    case SQLITE_TOOBIG: return Errc::too_large;
    case SQLITE_MISUSE:
    case SQLITE_RANGE: return Errc::bad_argument;
    default: return Errc::io;
    }
}

}  // namespace

Database::Database(const std::string& path, int flags, const std::string& uri) : path_(path) {
    const int rc = sqlite3_open_v2(uri.empty() ? path.c_str() : uri.c_str(), &db_,
                                   flags | SQLITE_OPEN_NOMUTEX | (uri.empty() ? 0 : SQLITE_OPEN_URI), nullptr);
    if (rc != SQLITE_OK) {
        const std::string message = db_ != nullptr ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
        sqlite3_close(db_);
        db_ = nullptr;
        throw Error(Errc::io, path, fmt::format("cannot open the index: {}", message));
    }
    sqlite3_extended_result_codes(db_, 1);
    // A writer holds the lock for one batch; readers and a second writer wait that long.
    sqlite3_busy_timeout(db_, 30000);
}

Database::~Database() { sqlite3_close_v2(db_); }

void Database::exec(const char* sql) {
    const int rc = sqlite3_exec(db_, sql, nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK) fail(rc, sql);
}

void Database::fail(int rc, std::string_view doing) const {
    std::string message = db_ != nullptr ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
    if ((rc & 0xff) == SQLITE_NOTADB) message = "not a wiretrace index (" + message + ")";
    if ((rc & 0xff) == SQLITE_CORRUPT) message = "the index is corrupted (" + message + ")";
    const std::size_t cut = doing.find_first_of("(\n");
    throw Error(errc_for(rc), path_, fmt::format("{} [{}]", message, doing.substr(0, std::min(cut, std::size_t{60}))));
}

Statement::Statement(Database& db, const char* sql) : db_(db) {
    const int rc = sqlite3_prepare_v3(db.handle(), sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt_, nullptr);
    if (rc != SQLITE_OK) db.fail(rc, sql);
}

Statement::~Statement() { sqlite3_finalize(stmt_); }

Statement& Statement::bind(int i, std::int64_t v) {
    const int rc = sqlite3_bind_int64(stmt_, i, v);
    if (rc != SQLITE_OK) db_.fail(rc, sqlite3_sql(stmt_));
    return *this;
}

Statement& Statement::bind(int i, std::string_view v) {
    const int rc = sqlite3_bind_text64(stmt_, i, v.data(), v.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
    if (rc != SQLITE_OK) db_.fail(rc, sqlite3_sql(stmt_));
    return *this;
}

Statement& Statement::bind_blob(int i, std::span<const unsigned char> v) {
    // An empty span may have no data pointer, which SQLite would store as NULL.
    const int rc = v.empty() ? sqlite3_bind_zeroblob(stmt_, i, 0)
                             : sqlite3_bind_blob64(stmt_, i, v.data(), v.size(), SQLITE_TRANSIENT);
    if (rc != SQLITE_OK) db_.fail(rc, sqlite3_sql(stmt_));
    return *this;
}

Statement& Statement::bind_null(int i) {
    const int rc = sqlite3_bind_null(stmt_, i);
    if (rc != SQLITE_OK) db_.fail(rc, sqlite3_sql(stmt_));
    return *this;
}

bool Statement::step() {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    const std::string sql = sqlite3_sql(stmt_);
    sqlite3_reset(stmt_);
    db_.fail(rc, sql);
}

void Statement::reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
}

bool Statement::is_null(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }

std::int64_t Statement::int64(int col) const { return sqlite3_column_int64(stmt_, col); }

std::string Statement::text(int col) const {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, col));
    return p == nullptr ? std::string() : std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col)));
}

std::span<const unsigned char> Statement::blob(int col) const {
    const auto* p = static_cast<const unsigned char*>(sqlite3_column_blob(stmt_, col));
    return p == nullptr ? std::span<const unsigned char>() : std::span(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col)));
}

Transaction::Transaction(Database& db, Kind kind) : db_(db) {
    db_.exec(kind == Kind::write ? "BEGIN IMMEDIATE" : "BEGIN");
}

Transaction::~Transaction() {
    if (open_) sqlite3_exec(db_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
}

void Transaction::commit() {
    db_.exec("COMMIT");
    open_ = false;
}

}  // namespace wiretrace::index::detail
