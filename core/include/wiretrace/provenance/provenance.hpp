// SPDX-License-Identifier: Apache-2.0
// Provenance: verified derived pairs become a forest of source trees. Every copy attaches to its
// best source; a roundup keeps each source that supplied a part of it no other source did;
// clusters follow the first (best) parent up to a root, so a roundup never merges two wire
// stories into one cluster (no union-find over pairs).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "wiretrace/align/align.hpp"

namespace wiretrace::provenance {

/// What the tie-breaks know about an article.
struct Node {
    bool has_time = false;
    std::int64_t published = 0;
    bool wire = false;  ///< a wire outlet, dateline or copyright line: the likelier original
    bool aggregator = false;  ///< an outlet the user named an aggregator: the less likely original
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
    /// Above 0: the source is one of a union of sources judged together (score/source_union.hpp),
    /// this the share of the copy it explains. Every source of a union becomes a parent of the
    /// copy, the largest share first, whatever text they align.
    double union_share = 0;
    /// The copy's tokens in shared runs with the source, one range per maximal run (runs that
    /// continue each other in both texts are one), ordered by position in the copy.
    std::vector<align::TokenRange> copy_ranges;
    /// range_passage[i]: the aligned passage (runs chained across small gaps) that holds
    /// copy_ranges[i], as a number shared by the ranges of one passage. Empty: each range is a
    /// passage of its own.
    std::vector<std::uint32_t> range_passage;
    /// gap_keys[i] identifies what stands in the copy between copy_ranges[i] and copy_ranges[i+1]:
    /// a hash of those words, or, when the runs touch in the copy (the source has words there the
    /// copy lacks, or the next run comes from elsewhere in the source), a hash marking a join
    /// before the next word. Equal keys are the same edit: a name changed at every mention
    /// counts once; kBlankGap marks a gap a blank made (no edit). Empty, or one fewer than
    /// copy_ranges.
    std::vector<std::uint64_t> gap_keys;
    /// Words one token of the copy is worth (text::words_per_token; 1 for text written with
    /// spaces): the word counts of Options are compared with token counts through it.
    double words_per_token = 1;
};

/// One text's side of a derived pair, as provenance weighs it when that text is the copy: its
/// tokens in maximal shared runs (runs that continue each other in both texts are one; a run no
/// passage holds whole is a passage of its own), in its own order, the passage holding each, and
/// the key of each gap between consecutive runs (the hash of the words there, or of the next word
/// marked as a join when the runs touch). The fields of Link of the same names.
struct CopySide {
    std::vector<align::TokenRange> ranges;
    std::vector<std::uint32_t> range_passage;
    std::vector<std::uint64_t> gap_keys;
    double words_per_token = 1;  ///< Link::words_per_token: set by the caller, who has the text
};

/// The gap key of a gap a blank made (CopySide::gap_keys): the words that differ there are words
/// the other text blanked (furniture, a caption), so the texts may be the same there. evidence()
/// counts no edit for it.
inline constexpr std::uint64_t kBlankGap = 0x626c616e6b2d6761ULL;  // "blank-ga"

/// Both sides of a derived pair from its alignment and the tokens of its texts (either may turn
/// out to be the copy). `blanks_a`/`blanks_b`: the spans each text had blanked before scoring
/// (score::Analysis::blanks; empty: none). A gap between two runs is keyed kBlankGap when a blank
/// stands at it (in the one text from the end of the one run to the start of the next, or in the
/// other right after the one run or right before the next) and every word either text holds
/// there is a word the other text blanked there: a blank, not an edit, parts the texts (a caption
/// blanked in one copy and not in another joins the words around it, a line of furniture blanked
/// in the source leaves the copy's line unmatched).
void copy_sides(const align::Alignment& alignment, std::span<const text::Token> tokens_a,
                std::span<const text::Token> tokens_b, CopySide& side_a, CopySide& side_b,
                std::span<const text::Blank> blanks_a = {}, std::span<const text::Blank> blanks_b = {});

/// The link of a copy to a source: `matched` words of the copy in shared runs, `coverage` its
/// aligned share, `copy_side` its side of the pair (copy_sides).
Link make_link(std::uint32_t copy, std::uint32_t source, std::uint32_t matched, bool duplicate, double coverage,
               const CopySide& copy_side);

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

/// The word counts here are words of text written with spaces: in a copy written without spaces
/// they are compared with token counts through Link::words_per_token (text::word_weight).
struct Options {
    /// An edit evidence stretch that is not pinned between words of the other source inside one
    /// shared run (a block the copy shares with one source only) counts when it is at least this
    /// many words long and stands in a passage that also holds words of the other source: shorter
    /// ones are chance matches or shared stock phrases (a credit line, an 8-word title and name),
    /// and a block alone in its passage may be boilerplate. The engine's long passage
    /// (Params::rewrite_long_passage_tokens, 12 words) is the same bound: a run that long is
    /// copying, not chance.
    std::uint32_t long_words = 12;
    /// A further source is kept (a roundup) when it supplies at least this many words of the
    /// copy that the sources before it did not ...
    std::uint32_t min_new_words = 12;
    /// ... and those new words are at least this share of what it supplies.
    double min_new_share = 0.5;
};

/// How strongly the text says that `copy` was made from x rather than from y (links of the same
/// copy): the places where the copy follows x and not y. A gap of y's alignment (the copy holds
/// other words than y there, or y's words around it are not side by side in y) that lies inside
/// one run shared with x is an edit the copy shares with x: each distinct one counts 1 (a gap of
/// Options::long_words or more counts its words; a gap a blank made, kBlankGap, counts nothing). A stretch shared with x and not with y at the
/// edge of a run, or a run of x that y does not touch, counts its words when it is long and its
/// passage holds words of y too (see Options::long_words). Zero when nothing in the copy prefers
/// x. A copy made from y keeps none of x's edits but keeps y's words that x lacks, so a sibling x
/// shows little evidence and y much; a copy made from x (a copy of a copy) keeps x's changes
/// and nothing of y that x does not have.
std::uint32_t evidence(const Link& x, const Link& y, const Options& options);

/// True when article x looks more like an original than y: not an aggregator's page, then a wire
/// article, then a dated one, then the earlier published, then the earlier in the corpus. The
/// tie-break everywhere.
bool more_original(std::span<const Node> nodes, std::uint32_t x, std::uint32_t y);

/// Builds the forest of `nodes.size()` articles from their links (any order). The best source of
/// a copy is chosen among its duplicates if it has any, else among all its sources. Two sources
/// that supply the same part of the copy are weighed by evidence(): the one it prefers wins, even
/// evidence goes to the more original-looking one (wire, then earlier published, then earlier in
/// the corpus). A copy of a copy keeps the intermediate's substitutions, new paragraphs and
/// deletions, and nothing the intermediate lacks, so it attaches to the intermediate; a copy
/// whose text holds nothing to tell them apart attaches to the original, and so does a sibling's
/// copy, which holds words of the original the sibling dropped or changed. Of the sources no other
/// source of the same part beats, the one that supplies the most words is the first parent (two
/// sources supply different parts, as a roundup's do, when each has at least
/// Options::min_new_share of its words outside the other). Further sources are kept when they
/// supply Options::min_new_words words that no chosen source does, and Options::min_new_share of
/// what they supply (roundups); an ancestor of a chosen source needs only the words (an earlier
/// take of a story, whose paragraph the copy put back). The sources are chosen twice: the second
/// time a source x is also weighed against the union of the sources the first time gave x that
/// are sources of the copy too, and loses to them when the copy follows x where x departs from
/// them no more often than it follows them where x departs (long stretches of theirs that x lacks
/// count wherever they stand): a sibling, or another copy that combined the same takes, is then
/// not a source, and the copy attaches to what both were made from.
/// Cycles (contradictory directions) are broken at the most original-looking member, which
/// becomes a root. Deterministic: the result depends on the links, not on their order (a pair
/// given twice keeps its link with the most matched words).
Forest build(std::span<const Node> nodes, std::vector<Link> links, const Options& options);

/// Story versions: when an outlet (or a wire) re-issues a story it updated (a write-through, a new
/// lede, "UPDATE 2"), the newer text keeps most of the older one and the older one is most of the
/// newer. Such a derived pair is a version, not a copy, when the evidence a general rule can see
/// says so: the same named outlet, both dated and the newer published later but within
/// `max_gap_seconds` (a story is updated within its news cycle; an outlet's daily market report
/// a week later on the same template is another report, not a version), the texts not
/// duplicates (a repost of the same text is a duplicate), the newer keeping at least
/// `min_older_kept` of the older's words and at least `min_newer_from_older` of the newer's words
/// coming from the older (an outlet's follow-up story that quotes a paragraph of its earlier one
/// keeps far less). The titles are not weighed: versions are retitled as often as not.
struct VersionRule {
    double min_older_kept = 0.6;        ///< aligned share of the older text's words
    double min_newer_from_older = 0.4;  ///< aligned share of the newer text's words
    std::int64_t max_gap_seconds = 2 * 86400;  ///< the newer published at most this long after
};

/// One article as the version rule sees it.
struct Issue {
    std::string_view outlet;               ///< empty: unknown (never the same outlet as another)
    std::optional<std::int64_t> published;  ///< empty: undated
};

/// True when `newer`, derived from `older` with `relation` and the given aligned shares (of the
/// older's words, of the newer's), is a newer version of it (VersionRule).
bool is_version(const Issue& older, const Issue& newer, Relation relation, double older_kept,
                double newer_from_older, const VersionRule& rule = {});

/// Every ancestor of `article` through any parent, nearest first (breadth-first), each once.
std::vector<std::uint32_t> ancestors(const Forest& forest, std::uint32_t article);

}  // namespace wiretrace::provenance
