// SPDX-License-Identifier: Apache-2.0
// Scoring of results (pair lists and provenance clusters) against ground truth: the truth and
// result file formats, the pair, direction, containment, classification and cluster metrics, and
// their reports.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <ostream>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "wiretrace/score/score.hpp"

namespace wiretrace::eval {

/// Version of the `eval` JSON schema (field "schema": "wiretrace.eval/1"). Bump on any change
/// that removes or renames a field; adding fields keeps the version.
inline constexpr int kEvalSchemaVersion = 1;

/// Coverage bands of the truth `coverage_of_source` for recall by band: [0, 0.3), [0.3, 0.6),
/// [0.6, 1].
inline constexpr double kCoverageBandLow = 0.3;
inline constexpr double kCoverageBandHigh = 0.6;
inline constexpr std::size_t kCoverageBands = 3;

/// The derived relations, in the order of the per-relation arrays below.
inline constexpr std::array<Relation, 3> kDerivedRelations = {
    Relation::duplicate, Relation::near_duplicate, Relation::rewrite};

/// Index of a derived relation in kDerivedRelations (0 duplicate, 1 near-duplicate, 2 rewrite);
/// kDerivedRelations.size() for same-story and unrelated.
std::size_t derived_index(Relation relation);

/// Parses "duplicate", "near-duplicate", "rewrite", "same-story", "unrelated".
std::optional<Relation> parse_relation(std::string_view name);

/// The band of a coverage: 0 for < 0.3, 1 for [0.3, 0.6), 2 for >= 0.6.
std::size_t coverage_band(double coverage);

/// "<0.3", "0.3-0.6", ">=0.6".
std::string_view coverage_band_name(std::size_t band);

// ---------------------------------------------------------------------------------------------
// Inputs
// ---------------------------------------------------------------------------------------------

/// One line of a truth file: `copy_id source_id relation coverage_of_source coverage_of_copy
/// [direct [traceable]]`.
struct TruthPair {
    std::string copy_id;
    std::string source_id;
    Relation relation = Relation::rewrite;  ///< derived, or same_story (a hard negative)
    double coverage_of_source = 0.0;                      ///< share of the source found in the copy, in [0, 1]
    double coverage_of_copy = 0.0;                        ///< share of the copy taken from the source, in [0, 1]
    bool direct = true;                                   ///< source is the direct parent (false: a further ancestor)
    /// The copy's text holds a trace of this source itself (false: only of the source's own
    /// sources, so no text method can tell it from them); see README.md, "Truth TSV".
    bool traceable = true;
    std::size_t line = 0;                                 ///< 1-based line in the truth file (0: built in code)
};

/// A predicted pair: a TSV row or a JSONL `pair` line.
struct PredictedPair {
    std::string a;
    std::string b;
    Relation relation = Relation::unrelated;
    std::optional<std::string> source;  ///< a or b; nullopt when undecided
    double coverage_a = 0.0;            ///< predicted share of a found in b
    double coverage_b = 0.0;            ///< predicted share of b found in a
    std::size_t line = 0;
};

/// A JSONL `member` line: one article of a predicted provenance cluster.
struct PredictedMember {
    std::uint64_t cluster = 0;
    std::string id;
    std::string root;
    std::vector<std::string> parents;         ///< empty for the root
    std::optional<Relation> relation;  ///< nullopt for the root
    std::size_t line = 0;
};

/// A JSONL `cluster` line.
struct PredictedCluster {
    std::uint64_t cluster = 0;
    std::string root;
    std::uint64_t size = 0;
    std::size_t line = 0;
};

enum class ResultsFormat : std::uint8_t { tsv, jsonl };

/// "tsv" or "jsonl".
std::string_view to_string(ResultsFormat format);

/// A parsed result file. Only JSONL carries clusters (`members`, `clusters`).
struct Results {
    ResultsFormat format = ResultsFormat::tsv;
    std::vector<PredictedPair> pairs;
    std::vector<PredictedMember> members;
    std::vector<PredictedCluster> clusters;
};

/// Parses a truth TSV (format in README.md, "wiretrace eval"). Lines starting with '#' and
/// blank lines are skipped; a row has 5 fields, or 6 with `direct` (0 or 1; 1 when absent).
/// The same (copy, source) listed twice is merged (a direct line wins over a transitive one,
/// otherwise the first line counts); the same pair listed in both directions, as derived and as
/// same-story, or with a copy equal to its source, is an error, as is a cycle of direct parents.
/// Throws Error naming `name:line` (bad_argument for a malformed line, bad_utf8 for invalid
/// UTF-8, binary_input for NUL bytes).
std::vector<TruthPair> parse_truth(std::string_view bytes, std::string_view name);

/// JSONL when the first non-blank byte is '{', TSV otherwise (also for an empty input).
ResultsFormat detect_results_format(std::string_view bytes);

/// Parses a result file in the detected format. TSV: '#' lines and blank lines skipped, rows
/// `id_a id_b relation source_id coverage_a coverage_b` (source_id `-` when undecided). JSONL,
/// parsed with simdjson On-Demand one line at a time: `pair`, `member` and `cluster` lines are
/// read, other types (`summary`, unknown ones) are skipped. A pair listed twice, an article in
/// two member lines, or a source that is neither a nor b is an error. Throws Error naming
/// `name:line`.
Results parse_results(std::string_view bytes, std::string_view name);

// ---------------------------------------------------------------------------------------------
// Metrics
// ---------------------------------------------------------------------------------------------

/// A rate with its counts: `hits` of `total`. The value is null when `total` is 0 (nothing to
/// measure), never a division by zero.
struct Rate {
    std::size_t hits = 0;
    std::size_t total = 0;
    std::optional<double> value() const {
        if (total == 0) return std::nullopt;
        return static_cast<double>(hits) / static_cast<double>(total);
    }
};

/// Pair metrics of one derived relation.
struct RelationMetrics {
    Rate recall;     ///< truth pairs of this relation that were predicted derived (any relation)
    Rate precision;  ///< predicted pairs of this relation that are truly derived (any relation)
};

/// Precision, recall and F1 from the three counts.
struct PairCounts {
    std::size_t true_positives = 0;
    std::size_t false_positives = 0;
    std::size_t false_negatives = 0;
    std::optional<double> precision;  ///< TP / (TP + FP); null without predicted derived pairs
    std::optional<double> recall;     ///< TP / (TP + FN); null without true derived pairs
    std::optional<double> f1;         ///< 2TP / (2TP + FP + FN); null when both sets are empty
};

/// Metrics over unordered pairs {a, b}. True derived pairs are the truth lines with a derived
/// relation (direct and transitive) whose coverage_of_source is at least the minimum coverage and
/// that are traceable; predicted derived pairs are result pairs with a derived relation, except
/// those matching a truth pair removed by the minimum coverage or untraceable (they count neither
/// as true nor as false positives).
struct PairMetrics : PairCounts {
    std::array<RelationMetrics, kDerivedRelations.size()> by_relation{};
    std::array<Rate, kCoverageBands> by_coverage{};  ///< recall by band of coverage_of_source
    Rate direct;                                     ///< recall of direct (parent) pairs
    Rate transitive;                                 ///< recall of transitive (further ancestor) pairs
    Rate relation_agreement;                         ///< true positives whose predicted relation equals the truth one
    std::size_t excluded_truth = 0;                  ///< truth derived pairs below the minimum coverage
    std::size_t ignored_predictions = 0;             ///< predictions matching those excluded pairs
    std::size_t untraceable_truth = 0;               ///< truth derived pairs (not below the minimum coverage) that are not traceable
    std::size_t untraceable_found = 0;               ///< ... of which predicted derived (ignored above)
    /// The headline figures with the untraceable truth pairs counted as true derived pairs: those
    /// found are true positives, the others false negatives.
    PairCounts with_untraceable;
    std::size_t same_story_pairs = 0;                ///< truth same-story pairs (hard negatives)
    std::size_t same_story_as_derived = 0;           ///< of those, predicted derived (false positives)
    std::size_t false_positives_same_cluster = 0;    ///< false positives inside one truth cluster
};

/// B-cubed precision, recall and F1 (Amigó et al. 2009): per-item precision is
/// |predicted cluster ∩ true cluster| / |predicted cluster|, per-item recall divides by
/// |true cluster|; both are averaged over the items, and F1 is their harmonic mean.
struct BCubed {
    double precision = 0.0;
    double recall = 0.0;
    double f1 = 0.0;
};

/// B-cubed over items labelled by two clusterings (`truth[i]`, `predicted[i]` are the cluster
/// labels of item i; labels are arbitrary integers). Null when there are no items. Throws
/// Error(bad_argument) when the spans differ in size. O(n) expected time.
std::optional<BCubed> bcubed(std::span<const std::uint64_t> truth, std::span<const std::uint64_t> predicted);

/// The adjusted Rand index of two clusterings (Hubert & Arabie 1985). Null with fewer than two
/// items; 1 when its denominator is 0 with two or more items, which happens exactly when both
/// clusterings put every item alone or both put all items together (they agree). Throws
/// Error(bad_argument) when the spans differ in size. O(n) expected time.
std::optional<double> adjusted_rand_index(std::span<const std::uint64_t> truth,
                                          std::span<const std::uint64_t> predicted);

/// Cluster metrics. Truth cluster of an article: its root, found by following `direct` parents
/// (the first listed one for roundups) to an article without a parent. Predicted cluster: its
/// `member` line's cluster, or alone when it has none. Items: every id in the truth or the
/// results (articles in neither are singletons on both sides and are left out).
struct ClusterMetrics {
    bool evaluated = false;  ///< false for TSV results: every metric below is then null
    std::size_t items = 0;
    std::size_t truth_clusters = 0;      ///< truth clusters with 2+ members
    std::size_t predicted_clusters = 0;  ///< distinct clusters of the member lines
    std::optional<BCubed> bcubed;
    std::optional<double> ari;
    /// Truth clusters with 2+ members whose members' predicted roots (plurality vote among the
    /// members that have a member line; a tie or no vote is wrong) equal the truth root.
    Rate root;
};

/// The classes of the classification report over labelled pairs: index 0 derived (a truth
/// duplicate, near-duplicate or rewrite pair), 1 not derived (a truth same-story pair).
inline constexpr std::size_t kDerivedClass = 0;
inline constexpr std::size_t kNotDerivedClass = 1;
inline constexpr std::size_t kPairClasses = 2;

/// "derived", "not_derived".
std::string_view class_name(std::size_t pair_class);

/// A 2x2 confusion matrix: `confusion[truth][predicted]`, indexed by kDerivedClass and
/// kNotDerivedClass.
using Confusion = std::array<std::array<std::size_t, kPairClasses>, kPairClasses>;

/// Precision, recall and F1 of one class, as for the derived pairs: precision is null when the
/// class is never predicted, recall when it has no items, F1 when both (otherwise F1 =
/// 2TP / (2TP + FP + FN), 0 when only one of them is null).
struct ClassMetrics {
    Rate precision;            ///< items predicted this class that are of it
    Rate recall;               ///< items of this class predicted as it; total is the support
    std::optional<double> f1;  ///< null when the class has neither items nor predictions
};

/// The classification report over labelled pairs. Items: the truth pairs that count in the
/// pair metrics (derived pairs not removed by the minimum coverage, and same-story pairs);
/// predicted derived when the results hold the pair with a derived relation, in either order.
/// Result pairs outside the truth are not items.
struct ClassificationMetrics {
    bool evaluated = false;  ///< false without items: every figure below is then null
    std::size_t items = 0;
    Confusion confusion{};
    std::array<ClassMetrics, kPairClasses> by_class{};
    std::optional<double> macro_f1;     ///< mean of the class F1s that are not null
    std::optional<double> weighted_f1;  ///< class F1s weighted by support; null without items
    Rate accuracy;                      ///< items predicted their truth class
};

/// Every figure of the classification report from its confusion matrix. Pure.
ClassificationMetrics classification(const Confusion& confusion);

/// Everything `wiretrace eval` reports.
struct Report {
    double min_coverage = 0.0;
    ResultsFormat results_format = ResultsFormat::tsv;
    std::size_t truth_lines = 0;     ///< truth pairs read (after merging repeats)
    std::size_t result_pairs = 0;    ///< result pairs read, any relation
    std::size_t result_members = 0;  ///< member lines read
    PairMetrics pairs;
    Rate direction;                                  ///< true positives whose predicted source is the truth one
    std::size_t direction_undecided = 0;             ///< true positives without a predicted source
    std::optional<double> containment_error_source;  ///< mean |coverage - truth| of the source side
    std::optional<double> containment_error_copy;    ///< same for the copy side
    ClassificationMetrics classification;            ///< derived / not derived over the labelled pairs
    ClusterMetrics clusters;
};

struct Options {
    /// Truth derived pairs with coverage_of_source below this are left out of the pair metrics
    /// (and predictions matching them are ignored). Cluster metrics always use the whole truth.
    double min_coverage = 0.0;
};

/// Scores `results` against `truth`. Pure: no I/O. If the same unordered pair is listed more
/// than once (parse_truth and parse_results reject or merge such input), the first entry counts.
/// Throws Error(bad_argument) when the direct parents of the truth form a cycle.
Report evaluate(std::span<const TruthPair> truth, const Results& results, const Options& options = {});

// ---------------------------------------------------------------------------------------------
// Reports
// ---------------------------------------------------------------------------------------------

/// The file names shown in the reports.
struct Inputs {
    std::string truth;
    std::string results;
};

/// The JSON document (schema wiretrace.eval/1, documented in README.md), one line.
void write_json(std::ostream& out, const Report& report, const Inputs& inputs);

/// A readable table of the same figures ("n/a" for null).
void write_text(std::ostream& out, const Report& report, const Inputs& inputs);

}  // namespace wiretrace::eval
