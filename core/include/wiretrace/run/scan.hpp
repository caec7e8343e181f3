// SPDX-License-Identifier: Apache-2.0
// `scan`: a whole dump to provenance clusters. Reads and sketches the articles in a oneTBB
// pipeline (texts go to a spool file on disk, only compact sketches stay in memory), finds
// candidate pairs (LSH bands and the fingerprint join), verifies them in parallel with the
// alignment and decisions of `compare`, and builds the provenance forest.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "wiretrace/types.hpp"
#include "wiretrace/candidates/candidates.hpp"
#include "wiretrace/candidates/furniture.hpp"
#include "wiretrace/params.hpp"
#include "wiretrace/provenance/provenance.hpp"
#include "wiretrace/run/progress.hpp"
#include "wiretrace/io/reader.hpp"
#include "wiretrace/score/score.hpp"

namespace wiretrace::scan {

struct Options {
    io::ReaderOptions reader;
    Params params;
    /// candidates.max_document_frequency is the corpus boilerplate cap's ceiling (with
    /// furniture.corpus_share 0: the cap itself).
    candidates::Options candidates;
    /// The corpus boilerplate share and each outlet's furniture (candidates/furniture.hpp). The
    /// distributed scan measures no outlet furniture yet (code, embeds, captions and shared edge
    /// text are still blanked there).
    candidates::FurnitureOptions furniture;
    /// Keep this many of the most repeated passages (boilerplate and furniture) in
    /// Result::boilerplate; 0: none.
    std::uint32_t explain_boilerplate = 0;
    std::uint32_t lsh_bands = kDefaultLshBands;      ///< bands of minhash_size / lsh_bands rows each
    provenance::Options provenance;
    std::string spool_dir;             ///< where the text spool goes; empty: the system temp dir
    /// > 0: a memory budget in bytes. The fingerprint and band keys of the candidate join are
    /// sorted on disk (runs of a quarter and a sixteenth of the budget in spool_dir, merged as a
    /// stream), and only the fingerprints two or more articles share stay in memory. The result
    /// is the same as without it. 0: everything in memory (faster). Not available in the
    /// distributed scan (Error(bad_argument)).
    std::uint64_t max_memory_bytes = 0;
    bool all_relations = false;        ///< also report verified same-story pairs
    /// Keep the full verified score of every reported pair in Result::pair_scores (what the HTML
    /// report renders). Costs memory for each derived pair until the pairs are reported, and for
    /// each reported pair after. The distributed scan keeps none: with this option it throws
    /// Error(bad_argument) once it has a pair to report.
    bool keep_pair_scores = false;
    /// Keep every candidate pair and the sources that found it in Result::candidates (to study
    /// what the candidate stage finds). Not available in the distributed scan (Error(bad_argument)).
    bool keep_candidates = false;
};

/// What is kept of one article for the whole run: its metadata and where its text is spooled.
struct Article {
    std::string id;
    std::string outlet;
    std::string title;
    std::optional<std::int64_t> published;
    std::int64_t published_granularity = 0;
    std::uint32_t tokens = 0;
    bool wire = false;                 ///< wire outlet, dateline or copyright line
    std::uint64_t spool_offset = 0;
    std::uint64_t text_bytes = 0;
};

/// One reported pair: a derived pair along the provenance forest (an article and one of its
/// ancestors), or with Options::all_relations a verified same-story pair.
struct Pair {
    std::uint32_t a = 0;               ///< article numbers, a < b
    std::uint32_t b = 0;
    Relation relation = Relation::unrelated;
    Grade grade = Grade::none;         ///< how a derived pair was made
    std::optional<double> background_z; ///< score::PairScore::background_z
    /// Derived as one of several sources of the copy (score/source_union.hpp): the share of the
    /// copy's rare 2-word shingles attributed to this source. Empty for a pair derived on its own.
    std::optional<double> union_share;
    /// a or b: the source, as the provenance forest placed it (a derived pair always has one);
    /// empty for a same-story pair.
    std::optional<std::uint32_t> source;
    double coverage_a = 0;             ///< aligned share of a's words
    double coverage_b = 0;
    double jaccard = 0;
    double cosine = 0;
    /// The direction evidence that named `source` ("timestamp", "wire-dateline", ...). Empty: the
    /// direction is undecided (the texts cannot tell which was made from which) and `source` is
    /// where the forest placed it, a guess reports show as "source unknown" (decided()).
    std::string decided_by;
    bool decided() const { return !decided_by.empty(); }
    std::array<std::uint32_t, kEditKinds> edits{};  ///< edits by EditKind
    /// Reworded passages beside the verbatim ones (align::paraphrases), with a as side a. Computed
    /// only for the pairs a scan may report, after they are verified.
    std::vector<align::Paraphrase> paraphrases;
};

enum class Stage : std::uint8_t { read, candidates, verify, provenance };
std::string_view to_string(Stage stage);

struct StageTime {
    Stage stage;
    double seconds = 0;
    double cpu_seconds = 0;            ///< CPU time of the whole process (all threads) in the stage
    std::uint64_t peak_rss_bytes = 0;  ///< the largest resident set size during the stage
};

struct Stats {
    io::ReadStats read;
    candidates::Stats candidates;
    candidates::FurnitureStats furniture;  ///< boilerplate and furniture found and blanked
    std::uint64_t duplicate_ids = 0;   ///< records skipped because an earlier one had their id
    std::uint64_t text_bytes = 0;      ///< bytes of article text (spooled)
    std::uint64_t verified = 0;        ///< pairs aligned and scored
    std::uint64_t derived = 0;         ///< ... of which derived (before provenance)
    std::uint64_t union_copies = 0;    ///< articles derived from a union of sources
    std::uint64_t union_sources = 0;   ///< ... and the pairs those unions made derived
    std::uint64_t pairs = 0;           ///< pairs reported
    std::uint64_t clusters = 0;
    std::uint64_t clustered_articles = 0;
    /// What random pairs of this corpus share (score::Background); invalid for a corpus of fewer
    /// than score::kMinBackgroundArticles articles.
    score::Background background;
    std::vector<StageTime> stages;
};

namespace detail {
class Spool;
/// Closes a spool (defined where Spool is complete, so Result works with the declaration alone).
struct SpoolCloser {
    void operator()(const Spool* spool) const;
};
}  // namespace detail

struct Result {
    std::vector<Article> articles;
    std::vector<Pair> pairs;           ///< sorted by (a, b)
    /// With Options::keep_pair_scores, pair_scores[i] is the score the scan verified for pairs[i]:
    /// its alignment (passages, edits), direction evidence and figures, with pairs[i].a as side a.
    /// The direction is the pair's own; pairs[i].source is where provenance placed the source, and
    /// its edit counts are oriented from that source. Empty without keep_pair_scores.
    std::vector<score::PairScore> pair_scores;
    /// With Options::keep_candidates, every candidate pair (sorted by (a, b)); empty otherwise.
    std::vector<candidates::Pair> candidates;
    /// With Options::explain_boilerplate, the most repeated passages, most repeated first.
    std::vector<candidates::RepeatedPassage> boilerplate;
    provenance::Forest forest;
    /// Per article: the pair with its first parent (index into pairs), or -1 for roots/alone.
    std::vector<std::int64_t> parent_pair;
    Stats stats;
    /// The article texts: the scan's unlinked spool file, open while the Result lives (memory
    /// does not grow with the text). Read them with article_text / article_document.
    std::unique_ptr<const detail::Spool, detail::SpoolCloser> texts;
};

/// Progress (wiretrace::ProgressFn): the stage (to_string(Stage)), units done and the total (0
/// while reading: the total is unknown). Returning false cancels the scan (Error(io) "cancelled").

/// Runs the whole scan. Throws Error for unreadable inputs, strict-mode record errors, a spool
/// that cannot be written or read, or invalid options (Errc::bad_argument). Deterministic: the
/// result does not depend on the number of threads (set it with pipeline::ThreadLimit).
Result run(const std::vector<std::string>& inputs, const Options& options, const ProgressFn& progress = {});

/// The text of article `article` of a scan, read back from its spool. Thread-safe. Throws
/// Error(bad_argument) when the result holds no such article or no texts, Error(io) when the
/// spool cannot be read.
std::string article_text(const Result& result, std::uint32_t article);

/// Article `article` as a Document (metadata and text), e.g. to score or render it again.
/// Thread-safe; throws as article_text.
Document article_document(const Result& result, std::uint32_t article);

/// The one-line edit summary of a pair, e.g. "2 respellings, 1 substitution, 3 insertions".
std::string edit_summary(const Pair& pair);

}  // namespace wiretrace::scan
