// SPDX-License-Identifier: Apache-2.0
// Reading the fields of truth and result lines.
#include "eval/fields.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fmt/format.h>

#include "wiretrace/error.hpp"
#include "wiretrace/report/json.hpp"
#include "wiretrace/text/tokenize.hpp"
#include "wiretrace/text/utf8.hpp"

namespace wiretrace::eval::detail {
namespace {

constexpr std::size_t kQuotedFieldChars = 60;  ///< longest field quoted in an error message

}  // namespace

std::string where(std::string_view name, std::size_t line) { return fmt::format("{}:{}", name, line); }

void fail(std::string_view name, std::size_t line, const std::string& message) {
    throw Error(Errc::bad_argument, where(name, line), message);
}

std::string show_field(std::string_view field) {
    std::size_t cut = std::min(field.size(), kQuotedFieldChars);
    while (cut < field.size() && cut > 0 && (static_cast<unsigned char>(field[cut]) & 0xC0U) == 0x80U) --cut;
    std::string out;
    report::append_json_string(out, field.substr(0, cut));  // never cut inside a UTF-8 sequence
    if (cut < field.size()) out.insert(out.size() - 1, "...");
    return out;
}

bool is_blank(std::string_view line) { return line.find_first_not_of(" \t\r\v\f") == std::string_view::npos; }

void split_tabs(std::string_view line, std::vector<std::string_view>& fields) {
    fields.clear();
    std::size_t pos = 0;
    while (true) {
        const std::size_t tab = line.find('\t', pos);
        if (tab == std::string_view::npos) {
            fields.push_back(line.substr(pos));
            return;
        }
        fields.push_back(line.substr(pos, tab - pos));
        pos = tab + 1;
    }
}

void check_text(std::string_view bytes, std::string_view name) {
    const text::Utf8Report utf8 = text::check_utf8(bytes);
    if (utf8.nul_bytes > 0) {
        const auto line =
            1 + static_cast<std::size_t>(std::count(
                    bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(utf8.first_nul_offset), '\n'));
        throw Error(Errc::binary_input, where(name, line),
                    fmt::format("NUL byte at byte offset {}: not a text file", utf8.first_nul_offset));
    }
    if (utf8.invalid_sequences > 0) {
        throw Error(Errc::bad_utf8, where(name, utf8.first_invalid_line),
                    fmt::format("invalid UTF-8 at byte offset {}", utf8.first_invalid_offset));
    }
}

double parse_fraction(std::string_view field, std::string_view column, std::string_view name, std::size_t line) {
    double value = 0.0;
    const char* end = field.data() + field.size();
    const auto [ptr, ec] = std::from_chars(field.data(), end, value);
    if (ec != std::errc{} || ptr != end || !std::isfinite(value) || value < 0.0 || value > 1.0) {
        fail(name, line, fmt::format("{} must be a number from 0 to 1, found {}", column, show_field(field)));
    }
    return value;
}

bool parse_flag(std::string_view field, std::string_view column, std::string_view name, std::size_t line) {
    if (field != "0" && field != "1") fail(name, line, fmt::format("{} must be 0 or 1, found {}", column, show_field(field)));
    return field == "1";
}

std::string parse_id(std::string_view field, std::string_view column, std::string_view name, std::size_t line) {
    if (field.empty()) fail(name, line, fmt::format("{} is empty", column));
    return std::string(field);
}

void PairLines::add(std::string_view a, std::string_view b, std::string_view name, std::size_t line) {
    const auto [it, inserted] = lines_.emplace(pair_key(ids_.intern(a), ids_.intern(b)), line);
    if (!inserted) {
        fail(
            name, line,
            fmt::format("the pair {} / {} is already listed at line {}", show_field(a), show_field(b), it->second));
    }
}

void check_pair(const PredictedPair& p, std::string_view name, std::size_t line) {
    if (p.a == p.b) fail(name, line, fmt::format("a pair of {} with itself", show_field(p.a)));
    if (p.source && *p.source != p.a && *p.source != p.b) {
        fail(
            name, line,
            fmt::format("the source {} is neither {} nor {}", show_field(*p.source), show_field(p.a), show_field(p.b)));
    }
}

}  // namespace wiretrace::eval::detail
