// SPDX-License-Identifier: Apache-2.0
// `check`: is each article of the inputs a rewrite of a known story of an index? One article is
// checked by find_matches (sketch, look up, select, score); run() reads articles like scan's
// inputs and checks them in a pipeline (pipeline::run_batches), each worker thread with its own
// connection to the index; results come back in input order.
#pragma once

#include <optional>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "wiretrace/document.hpp"
#include "wiretrace/index/index.hpp"
#include "wiretrace/io/reader.hpp"
#include "wiretrace/params.hpp"
#include "wiretrace/run/progress.hpp"
#include "wiretrace/score/score.hpp"

namespace wiretrace::check {

/// The candidates and relations asked of the index for one article.
struct LookupOptions {
    std::uint32_t max_candidates = 16;   ///< known stories verified per article, most shared first
    std::uint32_t max_document_frequency = kDefaultMaxDocumentFrequency;  ///< fingerprints in more stories are boilerplate
    /// ... or in more than this share of the index's stories (candidates::corpus_cap, as scan's
    /// cap; at least kMinCorpusCap, at most max_document_frequency); 0: max_document_frequency alone
    double max_df_share = kDefaultMaxDfShare;
    std::uint32_t min_shared = kDefaultMinSharedFingerprints;        ///< fingerprints a candidate must share (or one band)
    double min_containment = kDefaultMinContainment;        ///< shared / fingerprints of the smaller side
    bool all_relations = false;          ///< also return same-story matches
};

/// One known story an article relates to, scored as `compare KNOWN ARTICLE` would score the two
/// texts without their furniture (see find_matches).
struct Match {
    Document known;
    score::StandalonePair pair;          ///< a = the known story, b = the checked article
    std::uint32_t shared_fingerprints = 0;
    std::uint32_t shared_bands = 0;
    /// A rewrite as one source of a union (score/source_union.hpp): the article is not derived
    /// from this story alone but from it and the other union members together; the share of the
    /// article's rare 2-word shingles attributed to this story. Empty for a story judged alone.
    std::optional<double> union_share;
};

struct LookupStats {
    std::uint64_t fingerprints = 0;      ///< distinct fingerprints of the article looked up
    std::uint64_t boilerplate = 0;       ///< ... skipped: in more than max_document_frequency stories
    std::uint64_t candidates = 0;        ///< known stories verified
};

/// The known stories of `idx` that `article` relates to: derived relations (and same-story ones
/// with LookupOptions::all_relations), best first: duplicates, near-duplicates, rewrites, then
/// same-story; within a relation the most aligned words first. The article is sketched with the
/// index's parameters; known stories sharing a band, or enough fingerprints
/// (candidates::shares_enough), are verified, the most shared first, as scan verifies a pair:
/// both texts without the outlets' furniture the index learned (index::Index::furniture), code,
/// embedded posts and captions (candidates::furniture_spans), and a derived pair of one outlet
/// whose furniture the index could not measure without the footer both end with. The matches
/// keep the whole texts (blanking keeps every byte offset). `params` gives the decision
/// thresholds; its sketch fields are taken from the index.
std::vector<Match> find_matches(const index::Index& idx, const Document& article, const Params& params,
                                const LookupOptions& options, LookupStats* stats = nullptr);

struct Options {
    io::ReaderOptions reader;
    Params params;                  ///< decision thresholds (sketch fields come from the index)
    LookupOptions lookup;           ///< candidates and relations asked of the index
    std::uint32_t top = 5;          ///< matches kept per article, best first
    double min_coverage = 0;        ///< matches whose source_coverage is lower are dropped
};

/// One checked article and the known stories it relates to, best first.
struct CheckedArticle {
    Document article;
    std::vector<Match> matches;
};

struct Stats {
    io::ReadStats read;
    std::uint64_t articles = 0;     ///< articles checked
    std::uint64_t matched = 0;      ///< ... of which with at least one match
    std::uint64_t matches = 0;      ///< matches reported
    std::uint64_t candidates = 0;   ///< known stories verified
};

/// The share of the source found in the other text (either side's when undecided).
double source_coverage(const Match& match);

/// Checks one article as run() does: its matches (find_matches), without those under
/// options.min_coverage, at most options.top. Adds the candidates verified to `*candidates`.
CheckedArticle check_article(const index::Index& idx, Document article, const Options& options,
                             std::uint64_t* candidates = nullptr);

/// Counts `checked` in `stats` (articles, matched, matches) as run() does.
void count(Stats& stats, const CheckedArticle& checked);

/// Called with each checked article, in input order, from one thread at a time.
using EmitFn = std::function<void(const CheckedArticle&)>;

/// Checks every article of `inputs` against the index at `db`. Progress: stage "check", done =
/// articles, found = matched; returning false stops after the batch in hand. Throws Error for
/// unreadable inputs, strict-mode record errors and an index that cannot be read.
Stats run(const std::string& db, const std::vector<std::string>& inputs, const Options& options,
          const EmitFn& emit, const ProgressFn& progress = {});

}  // namespace wiretrace::check
