// SPDX-License-Identifier: Apache-2.0
// The stages of scan::run() as functions, shared by the single-process scan (scan.cpp) and the
// distributed one (distributed.cpp): read and sketch, verify pairs, and assemble provenance and
// the reported pairs from the verified ones.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "run/spool.hpp"
#include "wiretrace/candidates/candidates.hpp"
#include "wiretrace/candidates/furniture.hpp"
#include "wiretrace/candidates/rare_terms.hpp"
#include "wiretrace/io/reader.hpp"
#include "wiretrace/run/scan.hpp"
#include "wiretrace/score/source_union.hpp"
#include "wiretrace/sketch/tfidf.hpp"

namespace wiretrace::scan::detail {

using Clock = std::chrono::steady_clock;

/// Calls the progress callback at most every 1/8 s, and at the end of a stage.
class ProgressMeter {
public:
    ProgressMeter(const ProgressFn& fn, Stage stage, std::uint64_t total) : fn_(fn), stage_(stage), total_(total) {}
    void add(std::uint64_t n);
    void finish() {
        if (fn_) report(done_.load());
    }

private:
    void report(std::uint64_t done);
    const ProgressFn& fn_;
    Stage stage_;
    std::uint64_t total_;
    std::atomic<std::uint64_t> done_{0};
    std::atomic<Clock::rep> last_{0};
    std::mutex mutex_;
    bool cancelled_ = false;
};

/// Times one stage into the stats: wall and CPU seconds (all threads) and its peak resident set
/// size (sampled on a thread of its own while the stage runs; exact when the stage raised the
/// process's high-water mark).
class StageTimer {
public:
    StageTimer(Stats& stats, Stage stage);
    ~StageTimer();
    StageTimer(const StageTimer&) = delete;
    StageTimer& operator=(const StageTimer&) = delete;

private:
    class Sampler;
    Stats& stats_;
    Stage stage_;
    Clock::time_point start_;
    double cpu_start_;
    std::uint64_t high_water_start_;
    std::unique_ptr<Sampler> sampler_;
};

/// Throws Error(bad_argument) for inconsistent options.
void check(const Options& o);

/// What the read stage keeps: articles, their sketches as join keys, document frequencies.
struct Sketched {
    std::vector<Article> articles;
    std::vector<candidates::DocInfo> info;
    std::vector<std::uint64_t> fingerprint_keys;
    std::vector<std::uint64_t> band_keys;
    tfidf::DocumentFrequencies df;
};

/// Reads every record of `reader` and sketches it in a oneTBB pipeline; texts go to `spool`.
/// Articles are numbered from 0 in reading order (the keys hold these numbers). Adds the text
/// bytes to stats.text_bytes; stats.read is left to the caller. With `fingerprint_runs` and
/// `band_runs`, the keys go there (sorted on disk) instead of Sketched's vectors.
Sketched read_and_sketch(io::ArticleReader& reader, const Options& o, Spool& spool, Stats& stats,
                         const ProgressFn& progress, KeyRuns* fingerprint_runs = nullptr,
                         KeyRuns* band_runs = nullptr);

/// The rare-word profiles (candidates/rare_terms.hpp) of `articles`, whose texts are in `spool`:
/// each text is tokenized again (keeping every article's distinct words from the read stage, until
/// the document frequencies are known, would cost memory; see README, "Candidates"). Parallel,
/// deterministic. Empty when o.tfidf_neighbours is 0.
candidates::RareTerms rare_terms(const std::vector<Article>& articles, const Spool& spool,
                                 const tfidf::DocumentFrequencies& df, const candidates::Options& o);

/// Fills `out` with article `n`'s document (text and metadata). Called from several threads.
using DocumentFn = std::function<void(std::uint32_t n, Document& out)>;

/// A DocumentFn over articles numbered from `first` whose texts are in `spool`.
DocumentFn spooled_documents(const std::vector<Article>& articles, std::uint32_t first, const Spool& spool);

/// What a scan blanks in its texts before verification (candidates/furniture.hpp): each outlet's
/// furniture (with a Furniture), code, embedded posts and captions. Thread-safe; counts the
/// words blanked in each article of [first, first + articles) once, however often it is loaded.
class Masker {
public:
    Masker(const candidates::Furniture* furniture, std::uint32_t first, std::uint32_t articles, const Params& params);
    /// Blanks article `n`'s furniture in doc.text and returns the analysis of what remains, with
    /// the wire signals of the whole text (a wire copyright line in a footer still names the wire).
    score::Analysis analyze(std::uint32_t n, Document& doc) const;
    /// Blanks article `n`'s furniture in doc.text.
    void mask(std::uint32_t n, Document& doc) const;
    /// Counts what would be blanked in article `n` (one of [first, first + articles)) unless it
    /// was counted already: the distributed scan counts each article at its owner, which also
    /// counts those it sends to other ranks.
    void count(std::uint32_t n, const Document& doc) const;
    /// Adds what was blanked (masked_articles and the words by kind) to `stats`.
    void add_to(candidates::FurnitureStats& stats) const;
    const Params& params() const { return params_; }
    /// True when the outlet named `name` has too few articles for its furniture to be measured
    /// (candidates::Furniture::too_small_to_measure; false without a Furniture).
    bool too_small_to_measure(std::string_view name) const {
        return furniture_ != nullptr && furniture_->too_small_to_measure(name);
    }
    /// Counts a same-outlet pair scored again without its shared edge text.
    void count_edge_pair() const { counts_[5].fetch_add(1, std::memory_order_relaxed); }

private:
    std::vector<candidates::MaskedSpan> spans(std::uint32_t n, const Document& doc,
                                              std::span<const text::Token> tokens) const;
    /// spans, remembering an article found without any (known_clean).
    std::vector<candidates::MaskedSpan> spans_once(std::uint32_t n, const Document& doc,
                                                   std::span<const text::Token> tokens) const;
    /// True when article `n` was found without furniture before: nothing to blank.
    bool known_clean(std::uint32_t n) const;
    const candidates::Furniture* furniture_;
    std::uint32_t first_;
    const Params& params_;
    mutable std::vector<std::atomic<std::uint8_t>> counted_;
    mutable std::vector<std::atomic<std::uint8_t>> clean_;  // 1: found without furniture (spans_once)
    mutable std::array<std::atomic<std::uint64_t>, 6> counts_{};  // articles, words by LineKind, edge pairs
};

/// The passages of a pair of one outlet's articles that end both texts (within 12 words of their
/// ends) and hold under half of either text's words: a footer the outlet left in both (its
/// comment notice, its "About us"), for an outlet too small for its furniture to be measured.
/// Shared leads are left alone: wire takes and story versions share theirs. Check uses it too.
std::vector<align::Passage> shared_footers(const score::PairScore& s, std::size_t words_a, std::size_t words_b);

/// What a pair that is not derived on its own offers to a union of sources
/// (score/source_union.hpp): the rare 2-word shingles its texts share, and how it would be
/// reported if the union made it derived.
struct UnionOffer {
    std::vector<score::UnionKey> shared;  ///< rare 2-word shingles (score::rare_bigram_set) of both, as union keys
    std::uint32_t shingles_a = 0;       ///< each text's rare 2-word shingles
    std::uint32_t shingles_b = 0;
    std::uint32_t longest_passage = 0;  ///< score::PairScore::longest_unnamed_passage
    Grade grade = Grade::none;          ///< score::describe_derived as a rewrite
    std::optional<std::uint32_t> source;  ///< its direction as a rewrite: a or b, empty when undecided
    std::string decided_by;
    /// The direction and phrase figures in full, for Verified::score (single-process scan only).
    score::Direction direction;
    double phrase_share = 0;
    double mean_phrase_run = 0;
    double source_phrase_share = 0;
};

/// A verified pair: the reported figures and the provenance link data.
struct Verified {
    Pair pair;
    std::uint32_t matched = 0;
    // Derived pairs and union offers only: each text's side as the copy of a provenance link.
    provenance::CopySide side_a;
    provenance::CopySide side_b;
    /// Derived pairs (their shingles only) and pairs not derived on their own that may be one
    /// source of a union (union_eligible); empty without a background or with unions off.
    std::optional<UnionOffer> offer;
    /// The full score, for Result::pair_scores; only for the pairs KeepScores names (the
    /// distributed scan neither keeps nor sends it).
    std::unique_ptr<score::PairScore> score;
};

/// Which verified pairs keep their full score (Verified::score): none by default; with
/// Options::keep_pair_scores those that may be reported (derived pairs, and same-story pairs with
/// Options::all_relations).
struct KeepScores {
    bool derived = false;
    bool same_story = false;
    static KeepScores reported(const Options& o) {
        return {o.keep_pair_scores, o.keep_pair_scores && o.all_relations};
    }
    bool operator()(Relation r) const { return is_derived(r) ? derived : same_story && r == Relation::same_story; }
};

using PairList = std::vector<std::pair<std::uint32_t, std::uint32_t>>;

/// copy_of[i] for a verified pair that is not derived.
inline constexpr std::uint32_t kNotDerived = UINT32_MAX;

/// Releases the union offers (and, for pairs not derived on their own, the copy sides) that
/// judge_unions cannot use: those of pairs whose texts can be no union's copy.
void release_idle_offers(std::vector<Verified>& verified, std::uint32_t articles);

/// The union stage (score::judge_union), run before provenance on the verified pairs (sorted by
/// pair code): every article is judged against the union of its derived sources and its candidate
/// sources among the pairs with an offer whose direction does not name the article as the source.
/// The sources a union adds become rewrites with Pair::union_share; their links (copy, source) are
/// returned with Link::union_share. `copy_of[i]` is the copy of verified[i]'s link when it is
/// derived (kNotDerived otherwise). Counts go to stats.
std::vector<provenance::Link> judge_unions(std::vector<Verified>& verified, std::span<const std::uint32_t> copy_of,
                                           std::uint32_t articles, const score::Background& background,
                                           const Params& params, Stats& stats);

/// Verifies pairs (a < b) in parallel against the corpus background (invalid: none); results
/// in the order of `pairs`.
/// With a masker, each text's furniture is blanked first, and a derived pair of two articles of
/// an outlet too small for its furniture to be measured is scored again without the passages
/// that end both texts (under half of either): the footer the outlet left in both.
std::vector<Verified> verify(const PairList& pairs, const DocumentFn& documents, const tfidf::DocumentFrequencies& df,
                             const score::Background& background, const Params& params, ProgressMeter& prog,
                             KeepScores keep = {}, const Masker* masker = nullptr);

/// The background samples of `pairs` ((copy, source), any order, a document may repeat): the
/// 2-word shingle containment of each copy in its source, in the order of `pairs`. Parallel.
std::vector<score::BackgroundSample> sample_background(const PairList& pairs, const DocumentFn& documents,
                                                       const tfidf::DocumentFrequencies& df, const Params& params,
                                                       const Masker* masker = nullptr);

/// The random (copy, source) pairs a scan of `articles` articles measures its background on:
/// none below score::kMinBackgroundArticles.
PairList background_pairs(std::uint32_t articles, const Params& params);

/// Verifies the pairs (a < b, sorted) that provenance needs beyond the candidates; results in
/// the order of the pairs.
using VerifyMoreFn = std::function<std::vector<Verified>(const PairList& pairs, ProgressMeter& prog)>;

/// The provenance stage: from the verified candidate pairs (sorted by pair code) and
/// result.articles, builds result.forest, result.pairs (and result.pair_scores with
/// Options::keep_pair_scores: the reported pairs must then carry their Verified::score, or it
/// throws Error(bad_argument)) and result.parent_pair and fills the
/// verified, derived, pairs and clusters counts of result.stats (times the stage). Calls
/// verify_more exactly twice: for the ancestor pairs of the forest, then for those of the forest
/// built again with the ancestor pairs found derived (an empty list when nothing changed).
void assemble(Result& result, std::vector<Verified> verified, const Options& o, const VerifyMoreFn& verify_more,
              const ProgressFn& progress);

}  // namespace wiretrace::scan::detail
