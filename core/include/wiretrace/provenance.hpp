// SPDX-License-Identifier: Apache-2.0
// Provenance: verified derived pairs become a forest of source trees. Every copy attaches to its
// best source; a roundup keeps each source that supplied a part of it no other source did;
// clusters follow the first (best) parent up to a root, so a roundup never merges two wire
// stories into one cluster (no union-find over pairs).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "wiretrace/align.hpp"

namespace wiretrace::provenance {

/// What the tie-breaks know about an article.
struct Node {
    bool has_time = false;
    std::int64_t published = 0;
    bool wire = false;  ///< a wire outlet, dateline or copyright line: the likelier original
};

/// One verified derived pair, oriented: `source` supplied text to `copy`.
struct Link {
    std::uint32_t copy = 0;
    std::uint32_t source = 0;
    std::uint32_t matched = 0;   ///< words of the copy inside shared runs with the source
    /// The texts are duplicates. A copy attaches to a duplicate before any other source: a
    /// duplicate of a trimmed copy was made from that copy, not from the wire story. (Near-
    /// duplicates get no such preference: two copies trimmed alike are near-duplicates of each
    /// other, and siblings.)
    bool duplicate = false;
    double coverage = 0;         ///< aligned share of the copy's words
    std::vector<align::TokenRange> copy_ranges;  ///< the copy's tokens in shared runs
    /// The copy's tokens that differ from the source inside aligned passages (substituted or
    /// inserted words): where another source agrees with the copy there, the copy shares that
    /// source's innovation and was more likely copied from it.
    std::vector<align::TokenRange> copy_edited;
};

struct Cluster {
    std::uint32_t root = 0;
    std::vector<std::uint32_t> members;  ///< the root first, then by depth, then by article number
};

struct Forest {
    /// Per article: its sources, the best first (empty for a root or an unrelated article).
    std::vector<std::vector<std::uint32_t>> parents;
    /// Per article: the root reached through first parents (itself for a root).
    std::vector<std::uint32_t> root;
    /// Per article: index into `clusters`, or kNone when it is alone.
    std::vector<std::uint32_t> cluster;
    /// Clusters of two or more articles, ordered by their root's article number.
    std::vector<Cluster> clusters;

    static constexpr std::uint32_t kNone = UINT32_MAX;
};

struct Options {
    /// Sources supplying within this many words of the best one are equally good: the most
    /// original-looking of them wins (chance matches and alignment noise are a few words; an
    /// intermediate copy's own lead or paragraphs are more).
    std::uint32_t margin_words = 12;
    /// A further source is kept (a roundup) when it supplies at least this many words of the
    /// copy that the sources before it did not ...
    std::uint32_t min_new_words = 12;
    /// ... and those new words are at least this share of what it supplies.
    double min_new_share = 0.5;
};

/// True when article x looks more like an original than y: a wire article, then a dated one,
/// then the earlier published, then the earlier in the corpus. The tie-break everywhere.
bool more_original(std::span<const Node> nodes, std::uint32_t x, std::uint32_t y);

/// Builds the forest of `nodes.size()` articles from their links (any order). The best source of
/// a copy is a duplicate of it if any, else the source that supplies the most of its words;
/// sources within Options::margin_words of that are ties.
/// Among the ties, the most original-looking source (wire, then earlier published, then earlier
/// in the corpus) wins unless another shares innovations with the copy: words where the copy
/// differs from the original-looking source but agrees with the other one (a copy of a copy keeps
/// the intermediate's substitutions; a sibling does not). So siblings of one wire story do not
/// become each other's source, while a copy still attaches to the copy it was made from.
/// Cycles (contradictory directions) are broken at the most original-looking member, which
/// becomes a root. Deterministic: the result depends on the links, not on their order (a pair
/// given twice keeps its link with the most matched words).
Forest build(std::span<const Node> nodes, std::vector<Link> links, const Options& options);

/// Every ancestor of `article` through any parent, nearest first (breadth-first), each once.
std::vector<std::uint32_t> ancestors(const Forest& forest, std::uint32_t article);

}  // namespace wiretrace::provenance
