// SPDX-License-Identifier: Apache-2.0
// Error vocabulary of the core: fatal errors are thrown as wiretrace::Error, per-record problems
// are collected as Diagnostics and returned.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace wiretrace {

/// Error categories. Every value is triggered by at least one test.
enum class Errc : std::uint8_t {
    io,            ///< a file cannot be opened, read or written
    not_a_file,    ///< a path names a directory or a special file where a file was expected
    binary_input,  ///< the input holds NUL bytes: not text
    bad_utf8,      ///< invalid UTF-8 where the caller asked for strict validation
    too_large,     ///< a document is larger than the configured limit
    bad_argument,  ///< a parameter is out of range or inconsistent
    bad_format,    ///< an input is not in the expected format: a malformed record (fatal only
                   ///< in strict mode), or a truncated or corrupt gzip/zstd stream
};

/// A fatal error: the run cannot continue. `where` names the file (and line) when known.
class Error : public std::runtime_error {
public:
    Error(Errc code, std::string where, const std::string& message)
        : std::runtime_error(where.empty() ? message : where + ": " + message),
          code_(code), where_(std::move(where)) {}

    Errc code() const noexcept { return code_; }
    const std::string& where() const noexcept { return where_; }

private:
    Errc code_;
    std::string where_;
};

}  // namespace wiretrace
