// SPDX-License-Identifier: Apache-2.0
// The metrics of eval: pair, direction, containment, classification and cluster figures, and
// evaluate(), which computes them step by step.
#include "wiretrace/lab/eval/metrics.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <limits>
#include <map>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "eval/fields.hpp"
#include "eval/ids.hpp"
#include "wiretrace/error.hpp"

namespace wiretrace::eval {
namespace {

using namespace detail;

std::optional<double> ratio(std::size_t num, std::size_t den) {
    if (den == 0) return std::nullopt;
    return static_cast<double>(num) / static_cast<double>(den);
}

/// 2TP / (2TP + FP + FN): the harmonic mean of precision and recall, defined (0) when only one
/// of them is null, and null when there is nothing to measure.
std::optional<double> f1_of(std::size_t tp, std::size_t fp, std::size_t fn) { return ratio(2 * tp, 2 * tp + fp + fn); }

/// The confusion matrix of the labelled pairs, from the pair counts: truth derived pairs are
/// true positives or false negatives, truth same-story pairs predicted derived or not.
Confusion labelled_confusion(const PairMetrics& pm) {
    Confusion m{};
    m[kDerivedClass][kDerivedClass] = pm.true_positives;
    m[kDerivedClass][kNotDerivedClass] = pm.false_negatives;
    m[kNotDerivedClass][kDerivedClass] = pm.same_story_as_derived;
    m[kNotDerivedClass][kNotDerivedClass] = pm.same_story_pairs - pm.same_story_as_derived;
    return m;
}

/// Precision, recall and F1 of class k, the other class being the negatives.
ClassMetrics class_metrics(const Confusion& m, std::size_t k) {
    const std::size_t other = kPairClasses - 1 - k;
    const std::size_t tp = m[k][k];
    const std::size_t fn = m[k][other];
    const std::size_t fp = m[other][k];
    return {Rate{tp, tp + fp}, Rate{tp, tp + fn}, f1_of(tp, fp, fn)};
}

std::uint64_t pairs_within(std::uint64_t k) { return k < 2 ? 0 : k * (k - 1) / 2; }

/// The sums both cluster metrics need, from one pass over the contingency table of two
/// clusterings (cells: items sharing a truth and a predicted label).
struct Contingency {
    double bcubed_precision = 0.0;  ///< sum over items of |cell| / |predicted cluster|
    double bcubed_recall = 0.0;     ///< sum over items of |cell| / |truth cluster|
    std::uint64_t index = 0;        ///< sum over cells of C(|cell|, 2)
    std::uint64_t truth_pairs = 0;  ///< sum over truth clusters of C(size, 2)
    std::uint64_t predicted_pairs = 0;
};

/// Sums over the groups of equal `first` in `cells` (sorted, (first, second) label pairs) of
/// sum_cells |cell|^2 / |group| and C(|group|, 2); also the cell sums when `index` is given.
void group_sums(const std::vector<std::pair<std::uint64_t, std::uint64_t>>& cells, double& share_sum,
                std::uint64_t& group_pairs, std::uint64_t* index) {
    const std::size_t n = cells.size();
    for (std::size_t begin = 0; begin < n;) {
        std::size_t end = begin;
        std::uint64_t squares = 0;
        while (end < n && cells[end].first == cells[begin].first) {
            std::size_t cell_end = end;
            while (cell_end < n && cells[cell_end] == cells[end]) ++cell_end;
            const std::uint64_t cell = cell_end - end;
            squares += cell * cell;
            if (index != nullptr) *index += pairs_within(cell);
            end = cell_end;
        }
        const std::uint64_t group = end - begin;
        share_sum += static_cast<double>(squares) / static_cast<double>(group);
        group_pairs += pairs_within(group);
        begin = end;
    }
}

// Two sorts of the n label pairs rather than hash maps keyed by labels: no allocation per
// cluster, and O(n log n) whatever the labels are.
Contingency contingency(std::span<const std::uint64_t> truth, std::span<const std::uint64_t> predicted) {
    if (truth.size() != predicted.size()) {
        throw Error(Errc::bad_argument, "",
                    fmt::format("clusterings of {} and {} items cannot be compared", truth.size(), predicted.size()));
    }
    Contingency c;
    std::vector<std::pair<std::uint64_t, std::uint64_t>> cells(truth.size());
    for (std::size_t i = 0; i < truth.size(); ++i) cells[i] = {truth[i], predicted[i]};
    std::sort(cells.begin(), cells.end());
    group_sums(cells, c.bcubed_recall, c.truth_pairs, &c.index);
    for (auto& cell : cells) std::swap(cell.first, cell.second);
    std::sort(cells.begin(), cells.end());
    group_sums(cells, c.bcubed_precision, c.predicted_pairs, nullptr);
    return c;
}

// --- evaluate, step by step ---------------------------------------------------------------------

/// The ids of the truth and the results as dense integers, and the truth's tree over them.
struct Interned {
    IdTable ids;
    std::vector<std::pair<std::uint32_t, std::uint32_t>> truth_ends;   ///< (copy, source) of each truth line
    std::vector<std::pair<std::uint32_t, std::uint32_t>> pair_ends;    ///< (a, b) of each result pair
    std::vector<std::pair<std::uint32_t, std::uint32_t>> member_ends;  ///< (id, root) of each member line
    std::vector<std::uint32_t> root;                                   ///< by id: its truth root
};

/// Interns every id of the truth and the results and finds every article's truth root. Throws
/// Error(bad_argument) when the direct parents of the truth form a cycle.
Interned intern_ids(std::span<const TruthPair> truth, const Results& results) {
    Interned in;
    IdTable& ids = in.ids;
    ids.reserve(2 * truth.size() + results.pairs.size() + results.members.size());
    std::vector<std::uint32_t> parent;
    std::vector<std::size_t> via;
    direct_parents(truth, ids, in.truth_ends, parent, via);
    in.pair_ends.resize(results.pairs.size());
    for (std::size_t i = 0; i < results.pairs.size(); ++i) {
        in.pair_ends[i] = {ids.intern(results.pairs[i].a), ids.intern(results.pairs[i].b)};
    }
    in.member_ends.resize(results.members.size());
    for (std::size_t i = 0; i < results.members.size(); ++i) {
        const PredictedMember& m = results.members[i];
        in.member_ends[i] = {ids.intern(m.id), ids.intern(m.root)};
        for (const std::string& p : m.parents) ids.intern(p);
    }
    for (const PredictedCluster& c : results.clusters) ids.intern(c.root);
    parent.resize(ids.size(), kNone);
    if (const auto node = find_roots(parent, in.root)) {
        throw Error(
            Errc::bad_argument, "",
            fmt::format("the direct parents of the truth form a cycle through {}", show_field(ids.name(*node))));
    }
    return in;
}

/// How each truth line counts in the pair metrics (flags by line).
struct TruthLines {
    std::unordered_map<std::uint64_t, std::size_t> by_pair;  ///< pair key -> its first line
    std::vector<char> counted;      ///< the first entry of its pair
    std::vector<char> excluded;     ///< derived, below the minimum coverage
    std::vector<char> untraceable;  ///< derived, not traceable
    std::vector<char> found;        ///< predicted derived (set by score_predictions)
    std::vector<char> predicted;    ///< derived, predicted derived, counted or not (set by score_predictions)
};

/// Sorts the truth lines into same-story, excluded, untraceable and counted derived pairs, and
/// counts the first three in `pm`.
TruthLines sort_truth(std::span<const TruthPair> truth, const Interned& in, double min_coverage, PairMetrics& pm) {
    TruthLines lines;
    lines.by_pair.reserve(truth.size());
    lines.counted.assign(truth.size(), 0);
    lines.excluded.assign(truth.size(), 0);
    lines.untraceable.assign(truth.size(), 0);
    lines.found.assign(truth.size(), 0);
    lines.predicted.assign(truth.size(), 0);
    for (std::size_t i = 0; i < truth.size(); ++i) {
        const TruthPair& t = truth[i];
        if (!lines.by_pair.emplace(pair_key(in.truth_ends[i].first, in.truth_ends[i].second), i).second) continue;
        lines.counted[i] = 1;
        if (!is_derived(t.relation)) {
            ++pm.same_story_pairs;
        } else if (t.coverage_of_source < min_coverage) {
            lines.excluded[i] = 1;
            ++pm.excluded_truth;
        } else if (!t.traceable) {
            lines.untraceable[i] = 1;
            ++pm.untraceable_truth;
        }
    }
    return lines;
}

/// Scores every derived prediction (the first of its pair) against the truth: true and false
/// positives, precision by relation, relation agreement, direction and containment error; marks
/// the truth lines found.
void score_predictions(std::span<const TruthPair> truth, const Results& results, const Interned& in,
                       TruthLines& lines, Report& rep) {
    PairMetrics& pm = rep.pairs;
    std::unordered_set<std::uint64_t> predicted_seen;
    predicted_seen.reserve(results.pairs.size());
    double error_source = 0.0;
    double error_copy = 0.0;
    for (std::size_t i = 0; i < results.pairs.size(); ++i) {
        const PredictedPair& p = results.pairs[i];
        if (!is_derived(p.relation)) continue;
        const auto [a, b] = in.pair_ends[i];
        if (a == b || !predicted_seen.insert(pair_key(a, b)).second) continue;
        RelationMetrics& by_predicted = pm.by_relation[derived_index(p.relation)];
        const auto it = lines.by_pair.find(pair_key(a, b));
        if (it != lines.by_pair.end() && is_derived(truth[it->second].relation)) {
            const TruthPair& t = truth[it->second];
            lines.predicted[it->second] = 1;
            if (lines.excluded[it->second]) {
                ++pm.ignored_predictions;
                continue;
            }
            if (lines.untraceable[it->second]) {
                ++pm.untraceable_found;
                continue;
            }
            lines.found[it->second] = 1;
            ++pm.true_positives;
            ++by_predicted.precision.hits;
            ++by_predicted.precision.total;
            ++pm.relation_agreement.total;
            if (p.relation == t.relation) ++pm.relation_agreement.hits;
            ++rep.direction.total;
            if (!p.source) {
                ++rep.direction_undecided;
            } else if (*p.source == t.source_id) {
                ++rep.direction.hits;
            }
            const bool source_is_a = p.a == t.source_id;
            error_source += std::abs((source_is_a ? p.coverage_a : p.coverage_b) - t.coverage_of_source);
            error_copy += std::abs((source_is_a ? p.coverage_b : p.coverage_a) - t.coverage_of_copy);
        } else {
            ++pm.false_positives;
            ++by_predicted.precision.total;
            if (it != lines.by_pair.end()) ++pm.same_story_as_derived;
            if (in.root[a] == in.root[b]) ++pm.false_positives_same_cluster;
        }
    }
    if (pm.true_positives > 0) {
        rep.containment_error_source = error_source / static_cast<double>(pm.true_positives);
        rep.containment_error_copy = error_copy / static_cast<double>(pm.true_positives);
    }
}

/// The counted truth derived pairs not found (false negatives), and recall by relation, by
/// coverage band and by link.
void count_recall(std::span<const TruthPair> truth, const TruthLines& lines, PairMetrics& pm) {
    for (std::size_t i = 0; i < truth.size(); ++i) {
        const TruthPair& t = truth[i];
        if (!lines.counted[i] || lines.excluded[i] || lines.untraceable[i] || !is_derived(t.relation)) continue;
        const bool hit = lines.found[i] != 0;
        if (!hit) ++pm.false_negatives;
        for (Rate* r : {&pm.by_relation[derived_index(t.relation)].recall,
                        &pm.by_coverage[coverage_band(t.coverage_of_source)], t.direct ? &pm.direct : &pm.transitive}) {
            ++r->total;
            if (hit) ++r->hits;
        }
    }
}

/// Recall by kind of copy over the traceable truth derived pairs with a kind, whatever their
/// coverage, and over those the headline counts.
std::vector<KindMetrics> kind_recall(std::span<const TruthPair> truth, const TruthLines& lines) {
    std::map<std::string_view, KindMetrics> by_kind;
    for (std::size_t i = 0; i < truth.size(); ++i) {
        const TruthPair& t = truth[i];
        if (!lines.counted[i] || !is_derived(t.relation) || !t.traceable || t.kind.empty()) continue;
        KindMetrics& k = by_kind[t.kind];
        const bool hit = lines.predicted[i] != 0;
        for (Rate* r : {&k.recall, lines.excluded[i] ? nullptr : &k.recall_min_coverage, t.direct ? &k.direct : nullptr}) {
            if (r == nullptr) continue;
            ++r->total;
            if (hit) ++r->hits;
        }
    }
    std::vector<KindMetrics> out;
    out.reserve(by_kind.size());
    for (auto& [kind, k] : by_kind) {
        k.kind = std::string(kind);
        out.push_back(std::move(k));
    }
    return out;
}

/// Precision, recall and F1 from the counts.
void set_rates(PairCounts& c) {
    c.precision = ratio(c.true_positives, c.true_positives + c.false_positives);
    c.recall = ratio(c.true_positives, c.true_positives + c.false_negatives);
    c.f1 = f1_of(c.true_positives, c.false_positives, c.false_negatives);
}

/// The headline rates, and the same with the untraceable truth pairs counted.
void finish_pair_rates(PairMetrics& pm) {
    set_rates(pm);
    PairCounts& all = pm.with_untraceable;
    all.true_positives = pm.true_positives + pm.untraceable_found;
    all.false_positives = pm.false_positives;
    all.false_negatives = pm.false_negatives + pm.untraceable_truth - pm.untraceable_found;
    set_rates(all);
}

/// Fills `predicted_label` and `predicted_root` of every id from its first member line (an id
/// without one is a cluster alone, and kNone its root); returns the number of predicted clusters.
std::size_t predicted_clusters(const Results& results, const Interned& in, std::vector<std::uint64_t>& predicted_label,
                               std::vector<std::uint32_t>& predicted_root) {
    const std::size_t n = in.ids.size();
    predicted_label.assign(n, std::numeric_limits<std::uint64_t>::max());
    predicted_root.assign(n, kNone);
    std::unordered_map<std::uint64_t, std::uint64_t> dense_cluster;
    for (std::size_t i = 0; i < results.members.size(); ++i) {
        const auto [id, member_root] = in.member_ends[i];
        if (predicted_root[id] != kNone) continue;  // the first member line of an article counts
        const auto [it, inserted] = dense_cluster.emplace(results.members[i].cluster, dense_cluster.size());
        predicted_label[id] = it->second;
        predicted_root[id] = member_root;
    }
    for (std::size_t i = 0; i < n; ++i) {
        if (predicted_root[i] == kNone) predicted_label[i] = dense_cluster.size() + i;  // alone
    }
    return dense_cluster.size();
}

/// Root accuracy over the truth clusters of 2+ members: a hit when the plurality of the
/// members' predicted roots (a tie or no vote is a miss) is the truth root. Counts the truth
/// clusters of 2+ into `truth_clusters`.
Rate root_accuracy(const std::vector<std::uint32_t>& root, const std::vector<std::uint32_t>& predicted_root,
                   std::size_t& truth_clusters) {
    const std::size_t n = root.size();
    Rate rate;
    std::vector<std::uint32_t> by_root(n);
    for (std::size_t i = 0; i < n; ++i) by_root[i] = static_cast<std::uint32_t>(i);
    std::stable_sort(by_root.begin(), by_root.end(),
                     [&](std::uint32_t x, std::uint32_t y) { return root[x] < root[y]; });
    std::unordered_map<std::uint32_t, std::size_t> votes;
    for (std::size_t begin = 0; begin < n;) {
        std::size_t end = begin + 1;
        while (end < n && root[by_root[end]] == root[by_root[begin]]) ++end;
        if (end - begin >= 2) {
            ++truth_clusters;
            ++rate.total;
            votes.clear();
            for (std::size_t k = begin; k < end; ++k) {
                if (predicted_root[by_root[k]] != kNone) ++votes[predicted_root[by_root[k]]];
            }
            std::size_t best = 0;
            std::size_t best_count = 0;
            std::uint32_t winner = kNone;
            for (const auto& [candidate, count] : votes) {
                if (count > best) {
                    best = count;
                    best_count = 1;
                    winner = candidate;
                } else if (count == best) {
                    ++best_count;
                }
            }
            if (best_count == 1 && winner == root[by_root[begin]]) ++rate.hits;
        }
        begin = end;
    }
    return rate;
}

/// The cluster metrics of JSONL results: items, clusters, B-cubed, ARI and root accuracy.
ClusterMetrics cluster_metrics(const Results& results, const Interned& in) {
    ClusterMetrics cm;
    cm.evaluated = true;
    cm.items = in.ids.size();
    const std::vector<std::uint64_t> truth_labels(in.root.begin(), in.root.end());
    std::vector<std::uint64_t> predicted_labels;
    std::vector<std::uint32_t> predicted_root;
    cm.predicted_clusters = predicted_clusters(results, in, predicted_labels, predicted_root);
    cm.bcubed = bcubed(truth_labels, predicted_labels);
    cm.ari = adjusted_rand_index(truth_labels, predicted_labels);
    cm.root = root_accuracy(in.root, predicted_root, cm.truth_clusters);
    return cm;
}

}  // namespace

// --- vocabulary --------------------------------------------------------------------------------

std::size_t derived_index(Relation relation) {
    for (std::size_t i = 0; i < kDerivedRelations.size(); ++i) {
        if (kDerivedRelations[i] == relation) return i;
    }
    return kDerivedRelations.size();
}

std::size_t coverage_band(double coverage) {
    if (coverage < kCoverageBandLow) return 0;
    if (coverage < kCoverageBandHigh) return 1;
    return 2;
}

std::string_view coverage_band_name(std::size_t band) {
    switch (band) {
    case 0: return "<0.3";
    case 1: return "0.3-0.6";
    default: return ">=0.6";
    }
}

std::string_view class_name(std::size_t pair_class) {
    return pair_class == kDerivedClass ? "derived" : "not_derived";
}

// --- metrics -----------------------------------------------------------------------------------

std::optional<BCubed> bcubed(std::span<const std::uint64_t> truth, std::span<const std::uint64_t> predicted) {
    const Contingency c = contingency(truth, predicted);
    if (truth.empty()) return std::nullopt;
    // Summed per item, |cell| / |cluster| over the |cell| items of a cell is |cell|^2 / |cluster|.
    const auto n = static_cast<double>(truth.size());
    BCubed out;
    out.precision = c.bcubed_precision / n;
    out.recall = c.bcubed_recall / n;
    // Every item shares its own cluster on both sides, so precision and recall are > 0.
    out.f1 = 2.0 * out.precision * out.recall / (out.precision + out.recall);
    return out;
}

std::optional<double> adjusted_rand_index(std::span<const std::uint64_t> truth,
                                          std::span<const std::uint64_t> predicted) {
    const Contingency c = contingency(truth, predicted);
    if (truth.size() < 2) return std::nullopt;
    const std::uint64_t total = pairs_within(truth.size());
    // The denominator max - expected is 0 exactly when both sums are 0 (all singletons on both
    // sides) or both equal `total` (one cluster on both sides): the clusterings agree. Decided on
    // the integers, since the floating-point expression need not round to exactly 0.
    if (c.truth_pairs == c.predicted_pairs && (c.truth_pairs == 0 || c.truth_pairs == total)) return 1.0;
    const auto st = static_cast<long double>(c.truth_pairs);
    const auto sp = static_cast<long double>(c.predicted_pairs);
    const long double expected = st * sp / static_cast<long double>(total);
    const long double maximum = (st + sp) / 2.0L;
    return static_cast<double>((static_cast<long double>(c.index) - expected) / (maximum - expected));
}

ClassificationMetrics classification(const Confusion& confusion) {
    ClassificationMetrics c;
    c.confusion = confusion;
    double f1_sum = 0.0;
    double f1_weighted = 0.0;
    std::size_t f1_defined = 0;
    for (std::size_t k = 0; k < kPairClasses; ++k) {
        const ClassMetrics& m = c.by_class[k] = class_metrics(confusion, k);
        c.items += m.recall.total;
        c.accuracy.hits += m.recall.hits;
        if (!m.f1) continue;  // the class has neither items nor predictions
        f1_sum += *m.f1;
        f1_weighted += static_cast<double>(m.recall.total) * *m.f1;
        ++f1_defined;
    }
    c.evaluated = c.items > 0;
    c.accuracy.total = c.items;
    if (f1_defined > 0) c.macro_f1 = f1_sum / static_cast<double>(f1_defined);
    if (c.evaluated) c.weighted_f1 = f1_weighted / static_cast<double>(c.items);
    return c;
}

Report evaluate(std::span<const TruthPair> truth, const Results& results, const Options& options) {
    Report rep;
    rep.min_coverage = options.min_coverage;
    rep.results_format = results.format;
    rep.truth_lines = truth.size();
    rep.result_pairs = results.pairs.size();
    rep.result_members = results.members.size();
    const Interned in = intern_ids(truth, results);
    TruthLines lines = sort_truth(truth, in, options.min_coverage, rep.pairs);
    score_predictions(truth, results, in, lines, rep);
    count_recall(truth, lines, rep.pairs);
    rep.pairs.by_kind = kind_recall(truth, lines);
    rep.pairs.same_story_precision = Rate{rep.pairs.true_positives, rep.pairs.true_positives + rep.pairs.same_story_as_derived};
    finish_pair_rates(rep.pairs);
    rep.classification = classification(labelled_confusion(rep.pairs));
    if (results.format == ResultsFormat::jsonl) rep.clusters = cluster_metrics(results, in);
    return rep;
}

}  // namespace wiretrace::eval
