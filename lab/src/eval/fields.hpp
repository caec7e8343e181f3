// SPDX-License-Identifier: Apache-2.0
// Private: reading the fields of truth and result lines, with errors that name file:line and
// quote the field at fault.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "eval/ids.hpp"
#include "wiretrace/lab/eval/parse.hpp"

namespace wiretrace::eval::detail {

/// "name:line".
std::string where(std::string_view name, std::size_t line);

/// Throws Error(bad_argument) naming `name:line`.
[[noreturn]] void fail(std::string_view name, std::size_t line, const std::string& message);

/// A field as quoted in an error message: shortened, with control characters escaped.
std::string show_field(std::string_view field);

/// True for a line of white space only.
bool is_blank(std::string_view line);

/// The tab-separated fields of `line`, into `fields` (cleared first).
void split_tabs(std::string_view line, std::vector<std::string_view>& fields);

/// Rejects NUL bytes and invalid UTF-8, naming the line of the first one.
void check_text(std::string_view bytes, std::string_view name);

/// A number from 0 to 1 in the column `column`.
double parse_fraction(std::string_view field, std::string_view column, std::string_view name, std::size_t line);

/// 0 or 1 in the column `column`.
bool parse_flag(std::string_view field, std::string_view column, std::string_view name, std::size_t line);

/// A non-empty id in the column `column`.
std::string parse_id(std::string_view field, std::string_view column, std::string_view name, std::size_t line);

/// Remembers the line of every unordered pair and rejects a pair listed twice.
class PairLines {
public:
    /// Throws naming `name:line` and the earlier line when {a, b} was added before.
    void add(std::string_view a, std::string_view b, std::string_view name, std::size_t line);

private:
    IdTable ids_;
    std::unordered_map<std::uint64_t, std::size_t> lines_;
};

/// Rejects a pair of an article with itself, and a source that is neither end of the pair.
void check_pair(const PredictedPair& p, std::string_view name, std::size_t line);

}  // namespace wiretrace::eval::detail
