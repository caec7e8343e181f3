// SPDX-License-Identifier: Apache-2.0
// The vocabulary every stage shares: article numbers and pair codes, the relation of two texts,
// the side a direction names, and the kinds of edit. Nothing here depends on another header of
// the engine, so low stages can name these without including high ones.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace wiretrace {

/// An article's number within one run (scan input order, or an index's row). 28 bits are used
/// by the candidate join (candidates::kMaxDocuments).
using DocId = std::uint32_t;

/// One unordered pair of articles as a sortable 64-bit code: the smaller number high.
using PairCode = std::uint64_t;
inline PairCode pair_code(DocId x, DocId y) {
    return x < y ? (static_cast<PairCode>(x) << 32) | y : (static_cast<PairCode>(y) << 32) | x;
}

/// How two texts relate. The first three and `version` are derived: one text was made from the
/// other. `version` is never a verdict on two texts alone: a scan names a derived pair a version
/// when the same outlet published the newer text later and it keeps most of the older one (an
/// updated story, a write-through: provenance::is_version); it comes last so that the values of
/// the others stay what they were.
enum class Relation : std::uint8_t { duplicate, near_duplicate, rewrite, same_story, unrelated, version };

/// "duplicate", "near-duplicate", "rewrite", "same-story", "unrelated", "version".
std::string_view to_string(Relation relation);

/// True for duplicate, near-duplicate, rewrite and version: one text is derived from the other.
inline bool is_derived(Relation r) {
    return r == Relation::duplicate || r == Relation::near_duplicate || r == Relation::rewrite ||
           r == Relation::version;
}

/// How a derived text was made from its source (README, "How it works"): `verbatim` copied with
/// at most trims and small edits (long shared runs), `light` rewritten but mostly in the
/// source's phrases, `heavy` mostly paraphrase (few shared phrases). `none` for pairs that are
/// not derived.
enum class Grade : std::uint8_t { none, verbatim, light, heavy };

/// "", "verbatim", "light", "heavy".
std::string_view to_string(Grade grade);

/// Which text of a pair (a or b) a direction names as the source.
enum class Side : std::uint8_t { a, b, undecided };

enum class EditKind : std::uint8_t {
    respelling,    ///< same folded word, different original spelling (neighbors / neighbours)
    substitution,  ///< 1-3 words replaced by 1-3 other words inside a passage
    insertion,     ///< words only in b
    deletion,      ///< words only in a
    move,          ///< a passage found at another place of the other text
};

/// Number of EditKind values.
inline constexpr std::size_t kEditKinds = 5;

/// The name used in reports: "respelling", "substitution", "insertion", "deletion", "move".
std::string_view to_string(EditKind kind);

}  // namespace wiretrace
