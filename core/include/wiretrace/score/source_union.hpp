// SPDX-License-Identifier: Apache-2.0
// Several sources at once: a copy judged against the union of its candidate sources.
//
// A newspaper article is often built from several wire texts of one story (the first take, the
// updates, a rewrite) or from several stories (a roundup), each covering part of it. Judged one
// source at a time, no single source explains enough of the copy; together they do. The copy's
// rare 2-word shingles (the ones the corpus background is measured on, Background) are covered
// greedily by its candidate sources, each shingle attributed to the first chosen source holding
// it, and the union's containment is judged against the same background as a single pair: its
// chance level is what k unrelated sources of those sizes would cover together, its spread that
// of k independent pairs, and the bar is raised for having picked the best k of m candidates
// (a family-wise bound over the C(m, k) unions the greedy cover could have picked).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "wiretrace/params.hpp"
#include "wiretrace/score/background.hpp"
#include "wiretrace/score/score.hpp"

namespace wiretrace::score {

/// A rare 2-word shingle as the union compares it: the high 32 bits of its hash. A copy has a few
/// hundred rare shingles, so two of them collide with odds of about n^2 / 2^33 (1 in 100,000
/// for 300), and a scan keeps these for every verified pair until provenance: half the memory.
using UnionKey = std::uint32_t;

/// The union keys of sorted, unique shingle hashes: sorted, unique.
std::vector<UnionKey> union_keys(std::span<const std::uint64_t> shingles);

/// One candidate source of a copy, as the union sees it.
struct UnionCandidate {
    std::uint32_t source = 0;              ///< the caller's name for it (an article number)
    /// The copy's rare 2-word shingles (rare_bigram_set) that the source holds too, as union
    /// keys: sorted, unique.
    std::span<const UnionKey> shared;
    std::uint32_t source_shingles = 0;     ///< the source's own rare 2-word shingles
    /// Words of the longest passage it shares with the copy, capitalised words not counted
    /// (PairScore::longest_unnamed_passage).
    std::uint32_t longest_passage = 0;
    /// Derived on its own: a source the copy is already known to be made from. Its shingles are
    /// covered before any other source is considered.
    bool derived = false;
    /// Nothing says which of the two is the source (no timestamp, wire signal or structure): a
    /// peer, such as another newspaper's report of the same day. Peers are taken only when no
    /// other candidate adds enough: the more original-looking source is preferred, as in
    /// provenance.
    bool peer = false;
};

/// A source the union chose, in the order chosen.
struct UnionMember {
    std::size_t candidate = 0;  ///< index into the candidates
    std::uint32_t source = 0;   ///< UnionCandidate::source
    /// The share of the copy's rare 2-word shingles attributed to it: those it holds that no
    /// source chosen before it holds.
    double share = 0;
};

/// The verdict on one copy and its candidate sources.
struct UnionJudgement {
    bool derived = false;            ///< the union stands far enough above chance (and has a passage)
    std::vector<UnionMember> members; ///< the greedy cover (empty when fewer than two sources add enough)
    double containment = 0;          ///< share of the copy's rare 2-word shingles the members hold
    double expected = 0;             ///< what unrelated sources of those sizes would hold together
    double z = 0;                    ///< (containment - expected) in union spreads
    double required_z = 0;           ///< the bar: Params::rewrite_z raised for the choice among candidates
};

/// Fewest rare 2-word shingles a source must add to the union (besides standing above chance).
inline constexpr std::uint32_t kUnionMinNewShingles = 3;
/// What a source adds to the union must stand at least this many background spreads above what it
/// would share with the copy by chance: a sibling or an unrelated report of the topic adds names
/// and phrases at chance level and is left out.
inline constexpr double kUnionMemberSpreads = 1.0;

/// True when a pair that is not derived on its own may be one source of a union of sources: it
/// has a background z, unions are on (Params::union_max_sources), both texts are longer than one
/// long passage, they share kUnionMinNewShingles rare 2-word shingles (`shared`) and their
/// containment stands kUnionMemberSpreads above chance (background_z).
bool union_eligible(const PairScore& score, std::size_t shared, const Params& params);

/// The z a test among `tests` equally likely ones must reach to be as unlikely as one test at
/// `z` (a one-sided normal tail divided by the number of tests, Bonferroni): `z` itself for one
/// test, about 5.0 for z = 4 and 120 tests.
double family_z(double z, double tests);

/// Judges a copy with `copy_shingles` rare 2-word shingles against the union of `candidates`
/// (its possible sources), against `background`. The shingles of the derived candidates are
/// covered first; then the greedy cover takes, while the union holds fewer than
/// params.union_max_sources sources, the candidate that adds the most shingles not yet covered
/// (candidates that are not peers first; ties: more shared shingles, then the smaller source
/// number), when that adds at least kUnionMinNewShingles and stands kUnionMemberSpreads above the
/// candidate's chance containment (its z: what it adds less its chance containment, in spreads).
/// With m candidates not derived on their own:
/// - a copy with no derived source is derived from the union when it holds k >= 2 sources, one of
///   them shares a passage of params.min_passage_tokens words, and its z reaches
///   family_z(params.rewrite_z, C(m, k));
/// - a copy with derived sources (it is known to copy; its passages are there) adds only sources
///   whose own share, beyond what the sources before them explain, stands
///   family_z(params.rewrite_z, m) spreads above their chance containment: a sibling or a report
///   of the same event explains little that the copy's sources do not.
/// `members` are the sources the union adds (never the derived ones). Not derived with an invalid
/// background, no shingles or union_max_sources below 2.
UnionJudgement judge_union(std::uint32_t copy_shingles, std::span<const UnionCandidate> candidates,
                           const Background& background, const Params& params);

}  // namespace wiretrace::score
