// SPDX-License-Identifier: Apache-2.0
// What every rendering of one scored pair (text, JSON, HTML) computes the same way: the original
// bytes of a token range, the source document, the edit counts.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "wiretrace/report/pair.hpp"

namespace wiretrace::report::detail {

/// The original bytes of a token range: [byte_begin, byte_end) of the document's text.
struct Quoted {
    std::uint32_t byte_begin = 0;
    std::uint32_t byte_end = 0;
    std::string_view text;
};

/// The original bytes spanned by a token range. An empty range is the insertion point just
/// after the token before it. With `widen`, the span grows to the punctuation around it (up to
/// the neighbouring tokens, without the white space), so a quoted block reads as written:
/// "(John Schults/Reuters)" rather than "John Schults/Reuters".
Quoted quote(const Document& doc, const score::Analysis& an, align::TokenRange r, bool widen = false);

/// Insertions, deletions and moves quote whole stretches of text: widened to their punctuation.
bool widens(EditKind kind);

/// "a", "b" or "undecided".
std::string_view side_name(Side s);

/// The document judged the source, or nullptr when undecided.
const Document* source_doc(const PairView& p);

/// The wire signals of a text, each preceded by `separator`: e.g. ", AP dateline, credit line";
/// empty when it has none.
std::string describe_wire(const score::WireSignals& w, std::string_view separator);

/// Number of edits of each kind, every kind present (zero included), keyed by its report name.
std::map<std::string_view, std::size_t> edit_counts(const align::Alignment& al);

}  // namespace wiretrace::report::detail
