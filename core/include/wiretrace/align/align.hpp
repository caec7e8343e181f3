// SPDX-License-Identifier: Apache-2.0
// Alignment of one pair of texts: maximal shared runs, chained into passages, and the edits
// that turn one text into the other. Seed-and-extend, linear in the lengths plus the anchors.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "wiretrace/types.hpp"
#include "wiretrace/params.hpp"
#include "wiretrace/text/tokenize.hpp"

namespace wiretrace::align {

/// Half-open range of token indices.
struct TokenRange {
    std::uint32_t begin = 0;
    std::uint32_t end = 0;
    std::uint32_t size() const { return end - begin; }
    bool empty() const { return end == begin; }
    friend bool operator==(const TokenRange&, const TokenRange&) = default;
};

/// A maximal run of equal folded tokens: a[a_begin + i] == b[b_begin + i] for i < length.
struct Run {
    std::uint32_t a_begin;
    std::uint32_t b_begin;
    std::uint32_t length;
    friend bool operator==(const Run&, const Run&) = default;
};

/// Runs chained with small gaps into one aligned block of both texts.
struct Passage {
    TokenRange a;                 ///< tokens of text a spanned by the passage
    TokenRange b;                 ///< tokens of text b spanned by the passage
    std::uint32_t matched = 0;    ///< tokens inside runs (the same on both sides)
    std::uint32_t runs = 0;       ///< runs chained into this passage
    bool moved = false;           ///< out of order relative to the other passages
    bool quote = false;           ///< mostly inside quotation marks in both texts
    friend bool operator==(const Passage&, const Passage&) = default;
};

struct Edit {
    EditKind kind;
    TokenRange a;        ///< affected tokens of a (empty for an insertion)
    TokenRange b;        ///< affected tokens of b (empty for a deletion)
    std::int32_t passage = -1; ///< index of the passage it lies in, -1 when outside passages
    friend bool operator==(const Edit&, const Edit&) = default;
};

/// Everything the aligner found. Passages are ordered by their position in b; edits by their
/// position in b, then in a.
struct Alignment {
    std::vector<Run> runs;          ///< shared runs kept, clipped one-to-one (tiles), ordered by b
    std::vector<Passage> passages;
    std::vector<Edit> edits;
    std::uint32_t covered_a = 0;    ///< tokens of a inside passages
    std::uint32_t covered_b = 0;
    double coverage_a = 0;          ///< covered_a / tokens of a (0 for an empty text)
    double coverage_b = 0;
};

/// Aligns two tokenized texts. `text_a`/`text_b` are the original texts the tokens point into
/// (used to tell respellings from identical words). The result is symmetric: swapping the
/// arguments swaps every a/b field and nothing else.
Alignment align(std::string_view text_a, std::span<const text::Token> a,
                std::string_view text_b, std::span<const text::Token> b, const Params& params);

namespace detail {
/// align() tiling `max_runs` shared runs a pass, holding at most 1.5 times that many at once (0:
/// the default, as many as the pair has tokens). The result does not depend on it: a smaller
/// bound only finds the runs in more passes. For tests of that promise.
Alignment align_holding_runs(std::string_view text_a, std::span<const text::Token> a, std::string_view text_b,
                             std::span<const text::Token> b, const Params& params, std::size_t max_runs);
}  // namespace detail

/// The same alignment seen with a and b swapped: every a/b field exchanged, insertions and
/// deletions turned into each other, in the documented order (by b, then a). What align returns
/// with its arguments swapped.
Alignment mirrored(Alignment alignment);

}  // namespace wiretrace::align
