// SPDX-License-Identifier: Apache-2.0
// Params: every tunable of the engine in one place, with its documented default.
#pragma once

#include <cstdint>
#include <memory>

namespace wiretrace {

namespace text {
struct OutletRoles;  // text/wire.hpp
}

/// LSH bands over the MinHash signature (minhash_size / bands rows each): scan, index, check.
inline constexpr std::uint32_t kDefaultLshBands = 32;

/// The largest sketch parameters the CLI accepts, and an index may hold (index.cpp refuses an index
/// whose stored values are outside 1 to these): words per shingle, the winnowing window, the
/// MinHash size; the LSH bands are at most the MinHash size.
inline constexpr std::uint32_t kMaxShingleTokens = 64;
inline constexpr std::uint32_t kMaxWinnowWindow = 256;
inline constexpr std::uint32_t kMaxMinhashSize = 4096;

/// The floors of a fingerprint candidate, the same for scan's join and an index lookup:
/// fingerprints in more documents than this are boilerplate and skipped ...
inline constexpr std::uint32_t kDefaultMaxDocumentFrequency = 100;
/// ... or, in a scan, in more than this share of the corpus's documents (the cap is kept between
/// kMinCorpusCap and kDefaultMaxDocumentFrequency; `--max-df N` sets it absolutely) ...
inline constexpr double kDefaultMaxDfShare = 0.02;
inline constexpr std::uint32_t kMinCorpusCap = 20;
/// ... and a fingerprint in at least this share of one outlet's articles, and in at least
/// kDefaultFurnitureMinArticles of them, is that outlet's furniture (candidates/furniture.hpp) ...
inline constexpr double kDefaultFurnitureShare = 0.1;
inline constexpr std::uint32_t kDefaultFurnitureMinArticles = 4;
/// ... a pair must share at least this many fingerprints ...
inline constexpr std::uint32_t kDefaultMinSharedFingerprints = 2;
/// ... and at least this share of the fingerprints of one of its texts.
inline constexpr double kDefaultMinContainment = 0.1;

/// The third candidate source, rare words (candidates/rare_terms.hpp): each article is described by
/// its binary TF-IDF vector, idf = ln(N / df), so names, numbers and places weigh most. Each article
/// keeps this many nearest possible sources by that cosine (0: the source is off) ...
inline constexpr std::uint32_t kDefaultTfidfNeighbours = 2;
/// ... looking up the articles that hold one of its this many rarest words (words in 2 articles or
/// more); the cosine counts the weight of those words only ...
inline constexpr std::uint32_t kDefaultTfidfTerms = 48;
/// ... and must be at least this ...
inline constexpr double kDefaultTfidfMinCosine = 0.05;
/// ... and words in more articles than this are not indexed (they weigh little, and the bound
/// keeps the index and the work of the search in proportion to the corpus).
inline constexpr std::uint32_t kDefaultTfidfMaxPostings = 100;

/// Every tunable: sketch sizes, the thresholds of alignment and of the relation decision, and the
/// thresholds and weights of the direction evidence. Defaults are the starting points of
/// docs/algorithms, explained in README.md ("How it works"); calibration on generated corpora and
/// METER comes with the scan issue. Within a direction tier the weights matter; across tiers only
/// their order does.
struct Params {
    // --- sketches -------------------------------------------------------------------------
    std::uint32_t shingle_tokens = 5;   ///< k: words per shingle
    std::uint32_t minhash_size = 128;   ///< values in a MinHash signature
    std::uint32_t winnow_window = 8;    ///< w: shared runs of >= k+w-1 words share a fingerprint
    std::uint64_t seed = 0x77697265ULL; ///< seed of every hash family ("wire")

    // --- alignment ------------------------------------------------------------------------
    std::uint32_t anchor_tokens = 4;       ///< a shared run must be at least this many words
    std::uint32_t max_gap_tokens = 12;     ///< largest gap (either side) chained into a passage
    std::uint32_t min_passage_tokens = 8;  ///< shorter passages are chance matches and dropped
    // The floors of the relation decision below (rewrite_long_passage_tokens, and
    // min_passage_tokens where rewrite_z uses it) count words: a token each in text written with
    // spaces, by length in text written without (text::word_weight).
    double max_passage_stopword_share = 0.75; ///< passages with more stop words are dropped
    std::uint32_t max_anchor_occurrences = 64; ///< anchors repeated more often are skipped
    std::uint32_t max_substitution_tokens = 3; ///< n-for-m replacements up to this are substitutions

    // --- paraphrase alignment (align/paraphrase.hpp: sentences matched by shared rare words) ---
    std::uint32_t paraphrase_window_tokens = 15; ///< sentences over 1.5 times this are cut into
                                                 ///< windows of about this many words
    double paraphrase_max_df_share = 0.05;  ///< a rare word is in at most this share of the IDF's
                                            ///< documents (with fewer than 1 / this documents,
                                            ///< the IDF of the pair's sentences)
    double paraphrase_max_unit_share = 0.4;  ///< ... and in at most this share of the pair's
                                             ///< sentences (at least 2): it tells them apart
    std::uint32_t paraphrase_min_shared = 3;   ///< distinct rare words a paraphrase must share
    double paraphrase_min_score = 0.4;      ///< IDF-weighted share of the smaller side's rare words
    double paraphrase_max_chance = 0.1;     ///< the chance of sharing that many words by luck
                                            ///< (Poisson, header) at most this
    std::uint32_t paraphrase_max_postings = 32; ///< a word in more sentences than this proposes none
    std::uint32_t paraphrase_max_candidates = 8; ///< sentences of the other text scored per sentence

    // --- relation decisions (coverage = aligned fraction of a text's words) -------------
    double duplicate_coverage = 0.95;      ///< both sides at least this, no substantive edits
    double near_duplicate_coverage = 0.80; ///< both sides at least this ...
    double near_duplicate_jaccard = 0.80;  ///< ... or a shingle Jaccard at least this
    double rewrite_coverage = 0.30;        ///< either side's weighted coverage at least this
    std::uint32_t rewrite_long_passage_tokens = 12; ///< a rewrite needs one passage this long
    double rewrite_probability = 0.5;      ///< with that passage, a derived_probability at least this also
                                           ///< makes a rewrite (score::derived_probability; above 1: never)
    /// With a corpus background (score::Background), a pair whose 2-word shingle containment (the
    /// shingles holding a rare word) stands at least this many spreads above chance is a rewrite
    /// even without a long passage, when it shares one passage of min_passage_tokens words that are
    /// not capitalised (PairScore::longest_unnamed_passage).
    double rewrite_z = 4.0;
    /// A copy that no source explains alone is judged against the union of its candidate sources
    /// (score/source_union.hpp), of at most this many sources; below 2: never.
    std::uint32_t union_max_sources = 6;
    // --- grade of a derived pair (Grade, score::grade_of), read on the copy's phrase figures -----
    // Both constants are fitted on Clough & Stevenson's cut / light / heavy answers by
    // datasets/clough_grades.py (one-feature thresholds, maximum accuracy on the derived pairs; its
    // 10-fold cross-validation and the figures are in bench/results/2026-12-07-grades.txt).
    double verbatim_mean_run = 15.89; ///< mean length of the copy's stretches inside shared 3-word runs
                                      ///< from which the pair is verbatim (pasted sentences)
    double light_phrase_share = 0.701; ///< else this share of the copy's words inside 3-word runs of the
                                       ///< source, or of the source's in the copy, makes it light
    double quote_passage_weight = 0.5;     ///< quoted passages are weaker evidence of copying
    double same_story_cosine = 0.45;       ///< TF-IDF cosine above which unaligned texts are same-story

    double quote_passage_share = 0.5;      ///< a passage is a quote when more than this share of
                                           ///< its words stand inside quotation marks, in both texts

    // --- direction (tiers: timestamps, wire signals, structure, containment) -----------------
    std::int64_t timestamp_tolerance_seconds = 60; ///< timestamps closer than this do not decide
    double direction_min_margin = 1.0;     ///< net evidence weight in a tier needed to name a source
    double wire_outlet_weight = 3.0;       ///< a wire service as the outlet of one text only
    double wire_dateline_weight = 2.0;     ///< "PARIS (AP) —" in one text only
    double wire_copyright_weight = 2.0;    ///< a wire copyright line in one text only
    double credit_line_weight = 2.0;       ///< "With files from ..." in one text only (marks the copy)
    double structure_weight = 1.5;         ///< a truncation or a local lead
    double structure_edge_share = 0.8;     ///< share of a text's unaligned words at its end (truncation)
                                           ///< or its start (local lead)
    double structure_other_coverage = 0.9; ///< the other text must lie at least this much inside
    double structure_min_uncovered = 0.1;  ///< the unaligned block is at least this share of the text
    double containment_min_gap = 0.1;      ///< coverage difference below which containment says nothing
    double containment_full_gap = 0.3;     ///< difference that earns containment its full weight, 1
    /// Outlets the user names as sources by trade (weighed as wire outlets) and as aggregators
    /// (pages that quote others: never a source; the "aggregator" evidence decides before any
    /// other). Null: none named.
    std::shared_ptr<const text::OutletRoles> outlet_roles;
};

}  // namespace wiretrace
