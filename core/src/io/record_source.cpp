// SPDX-License-Identifier: Apache-2.0
// What every source of records shares: skipping a bad record, clearing a record, blank text.
#include "io/record_source.hpp"

#include <algorithm>
#include <fmt/format.h>

#include "wiretrace/error.hpp"

namespace wiretrace::io::detail {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

}  // namespace

void ReadContext::skip(SkipReason kind, const std::string& file, std::uint64_t line, std::string_view id,
                       std::string reason) {
    if (options.strict) {
        Errc code = Errc::bad_format;
        if (kind == SkipReason::too_large) code = Errc::too_large;
        if (kind == SkipReason::bad_utf8) code = Errc::bad_utf8;
        if (kind == SkipReason::nul_byte) code = Errc::binary_input;
        if (kind == SkipReason::unreadable) code = Errc::io;
        std::string where = line == 0 ? file : fmt::format("{}:{}", file, line);
        throw Error(code, std::move(where), id.empty() ? reason : fmt::format("id={}: {}", id, reason));
    }
    ++stats.skipped;
    ++stats.skipped_by_reason[static_cast<std::size_t>(kind)];
    if (stats.diagnostics.size() < options.max_diagnostics) {
        stats.diagnostics.push_back(Diagnostic{file, line, std::string(id), kind, std::move(reason)});
    }
}

void ReadContext::unparsed_time(const std::string& file, std::uint64_t line, std::string_view id,
                                std::string reason) {
    if (options.strict) {
        throw Error(Errc::bad_format, line == 0 ? file : fmt::format("{}:{}", file, line),
                    id.empty() ? reason : fmt::format("id={}: {}", id, reason));
    }
    ++stats.unparsed_times;
    if (stats.time_diagnostics.size() < options.max_diagnostics) {
        stats.time_diagnostics.push_back(Diagnostic{file, line, std::string(id), SkipReason::wrong_type, std::move(reason)});
    }
}

bool is_blank(std::string_view s) { return std::all_of(s.begin(), s.end(), is_space); }

void clear_record(Record& out) {
    out.doc.id.clear();
    out.doc.text.clear();
    out.doc.title.clear();
    out.doc.outlet.clear();
    out.doc.published.reset();
    out.doc.published_granularity = 1;
    out.url.clear();
    out.byline.clear();
}

}  // namespace wiretrace::io::detail
