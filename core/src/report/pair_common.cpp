// SPDX-License-Identifier: Apache-2.0
// Quoting of token ranges, the source document, wire signals and edit counts, shared by the pair
// renderings.
#include "report/pair_common.hpp"

#include <algorithm>
#include <cctype>
#include <fmt/format.h>

namespace wiretrace::report::detail {

Quoted quote(const Document& doc, const score::Analysis& an, align::TokenRange r, bool widen) {
    const auto& tokens = an.tokens;
    if (r.empty() || r.end > tokens.size()) {
        const std::uint32_t at = r.begin > 0 && r.begin <= tokens.size() ? tokens[r.begin - 1].end : 0;
        return {at, at, {}};
    }
    std::uint32_t begin = tokens[r.begin].begin;
    std::uint32_t end = tokens[r.end - 1].end;
    if (widen) {
        const std::string_view text = doc.text;
        const std::uint32_t floor = r.begin > 0 ? tokens[r.begin - 1].end : 0;
        const auto ceiling = r.end < tokens.size() ? tokens[r.end].begin : static_cast<std::uint32_t>(text.size());
        auto is_space = [&](std::uint32_t i) { return std::isspace(static_cast<unsigned char>(text[i])) != 0; };
        std::uint32_t b = begin;
        while (b > floor && !is_space(b - 1)) --b;
        if (b == 0 && text.starts_with("\xEF\xBB\xBF")) b = std::min<std::uint32_t>(3, begin);  // BOM
        std::uint32_t e = end;
        while (e < ceiling && !is_space(e)) ++e;
        begin = b;
        end = e;
    }
    return {begin, end, std::string_view(doc.text).substr(begin, end - begin)};
}

bool widens(EditKind kind) {
    return kind == EditKind::insertion || kind == EditKind::deletion || kind == EditKind::move;
}

std::string_view side_name(Side s) {
    switch (s) {
        case Side::a: return "a";
        case Side::b: return "b";
        case Side::undecided: break;
    }
    return "undecided";
}

const Document* source_doc(const PairView& p) {
    switch (p.score.direction.source) {
        case Side::a: return &p.a;
        case Side::b: return &p.b;
        case Side::undecided: break;
    }
    return nullptr;
}

std::string describe_wire(const score::WireSignals& w, std::string_view separator) {
    std::string out;
    if (w.dateline) out += fmt::format("{}{} dateline", separator, w.agency);
    if (w.copyright) out += fmt::format("{}wire copyright line", separator);
    if (w.credit_line) out += fmt::format("{}credit line", separator);
    return out;
}

std::map<std::string_view, std::size_t> edit_counts(const align::Alignment& al) {
    std::map<std::string_view, std::size_t> counts;
    for (const auto kind : {EditKind::respelling, EditKind::substitution,
                            EditKind::insertion, EditKind::deletion, EditKind::move}) {
        counts[to_string(kind)] = 0;
    }
    for (const auto& e : al.edits) ++counts[to_string(e.kind)];
    return counts;
}

}  // namespace wiretrace::report::detail
