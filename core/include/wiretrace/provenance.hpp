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
    double coverage = 0;         ///< aligned share of the copy's words
    std::vector<align::TokenRange> copy_ranges;  ///< the copy's tokens in shared runs
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

/// Builds the forest of `nodes.size()` articles from their links (any order). The best source of
/// a copy supplies the most of its words; sources within Options::margin_words of that are ties,
/// won by the wire article, then the earlier published, then the earlier in the corpus: among
/// siblings of one wire story the wire story wins, so siblings do not become each other's source.
/// Cycles (contradictory directions) are broken at the most original-looking member, which
/// becomes a root. Deterministic: the result depends on the links, not on their order.
Forest build(std::span<const Node> nodes, std::vector<Link> links, const Options& options);

/// Every ancestor of `article` through any parent, nearest first (breadth-first), each once.
std::vector<std::uint32_t> ancestors(const Forest& forest, std::uint32_t article);

}  // namespace wiretrace::provenance
