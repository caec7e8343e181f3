// SPDX-License-Identifier: Apache-2.0
// The figures of `wiretrace eval`: pair, direction, containment, classification and cluster
// metrics of parsed results against parsed truth. Pure: no I/O.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "wiretrace/lab/eval/parse.hpp"
#include "wiretrace/types.hpp"

namespace wiretrace::eval {

/// Coverage bands of the truth `coverage_of_source` for recall by band: [0, 0.3), [0.3, 0.6),
/// [0.6, 1].
inline constexpr double kCoverageBandLow = 0.3;
inline constexpr double kCoverageBandHigh = 0.6;
inline constexpr std::size_t kCoverageBands = 3;

/// The derived relations, in the order of the per-relation arrays below.
inline constexpr std::array<Relation, 4> kDerivedRelations = {
    Relation::duplicate, Relation::near_duplicate, Relation::rewrite, Relation::version};

/// Index of a derived relation in kDerivedRelations (0 duplicate, 1 near-duplicate, 2 rewrite,
/// 3 version);
/// kDerivedRelations.size() for same-story and unrelated.
std::size_t derived_index(Relation relation);

/// The band of a coverage: 0 for < 0.3, 1 for [0.3, 0.6), 2 for >= 0.6.
std::size_t coverage_band(double coverage);

/// "<0.3", "0.3-0.6", ">=0.6".
std::string_view coverage_band_name(std::size_t band);

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

/// Recall of the truth derived pairs made one way (the truth's `kind` column: paraphrase,
/// multi-take, ...). Counted over the traceable derived pairs of that kind whatever their
/// coverage (a paraphrase keeps few words verbatim, so most fall below a minimum coverage), with
/// the subset the headline counts beside it.
struct KindMetrics {
    std::string kind;
    Rate recall;               ///< traceable derived pairs of this kind predicted derived (any relation)
    Rate recall_min_coverage;  ///< ... of those with coverage_of_source at least the minimum coverage
    Rate direct;               ///< ... of the direct (parent) pairs among them
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
    /// Precision against the hard negatives: true positives of TP + same-story pairs called
    /// derived (the precision if the only false positives were same-event articles).
    Rate same_story_precision;
    std::vector<KindMetrics> by_kind;                ///< sorted by kind; empty when the truth has no kinds
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

}  // namespace wiretrace::eval
