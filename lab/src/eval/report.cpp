// SPDX-License-Identifier: Apache-2.0
// The reports of eval: JSON (schema wiretrace.eval/1) and a readable table.
#include "wiretrace/lab/eval/report.hpp"

#include <array>
#include <cstdint>
#include <fmt/format.h>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "wiretrace/report/json.hpp"
#include "wiretrace/text/utf8.hpp"

namespace wiretrace::eval {
namespace {

void write_optional(report::JsonWriter& w, const std::optional<double>& x) {
    if (x) {
        w.value(*x);
    } else {
        w.null();
    }
}

void write_count(report::JsonWriter& w, std::size_t n) { w.value(static_cast<std::uint64_t>(n)); }

std::string show(const std::optional<double>& x) { return x ? fmt::format("{:.4f}", *x) : std::string("n/a"); }

std::string plural(std::size_t n, std::string_view word) { return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s"); }

/// The `classification` object: items, the confusion matrix by truth class then predicted
/// class, the per-class figures, and the averages.
void write_classification_json(report::JsonWriter& w, const ClassificationMetrics& c) {
    w.key("classification").begin_object();
    w.key("evaluated").value(c.evaluated);
    w.key("items");
    write_count(w, c.items);
    w.key("confusion").begin_object();
    for (std::size_t truth = 0; truth < kPairClasses; ++truth) {
        w.key(class_name(truth)).begin_object();
        for (std::size_t predicted = 0; predicted < kPairClasses; ++predicted) {
            w.key(class_name(predicted));
            write_count(w, c.confusion[truth][predicted]);
        }
        w.end_object();
    }
    w.end_object();
    for (std::size_t k = 0; k < kPairClasses; ++k) {
        const ClassMetrics& m = c.by_class[k];
        w.key(class_name(k)).begin_object();
        write_optional(w.key("precision"), m.precision.value());
        write_optional(w.key("recall"), m.recall.value());
        write_optional(w.key("f1"), m.f1);
        w.key("support");
        write_count(w, m.recall.total);
        w.end_object();
    }
    write_optional(w.key("macro_f1"), c.macro_f1);
    write_optional(w.key("weighted_f1"), c.weighted_f1);
    write_optional(w.key("accuracy"), c.accuracy.value());
    w.end_object();
}

/// The classification block of the text report: the confusion matrix, then the per-class
/// figures and the averages.
void write_classification_text(std::ostream& out, const ClassificationMetrics& c) {
    if (!c.evaluated) {
        out << "classification: n/a (no labelled pairs: no truth derived or same-story pair is left)\n";
        return;
    }
    const std::array<std::size_t, kPairClasses> support = {c.by_class[kDerivedClass].recall.total,
                                                           c.by_class[kNotDerivedClass].recall.total};
    out << fmt::format("classification of labelled pairs: {} ({} derived, {} same-story)\n", plural(c.items, "item"),
                       support[kDerivedClass], support[kNotDerivedClass]);
    constexpr std::string_view kMatrixRow = "  {:<20}{:>10}{:>13}\n";
    out << fmt::format(kMatrixRow, "truth \\ predicted", class_name(kDerivedClass), class_name(kNotDerivedClass));
    for (std::size_t truth = 0; truth < kPairClasses; ++truth) {
        out << fmt::format(kMatrixRow, class_name(truth), c.confusion[truth][kDerivedClass],
                           c.confusion[truth][kNotDerivedClass]);
    }
    out << fmt::format("\n{:<22}{:>10}{:>10}{:>10}{:>10}\n", "by class", "precision", "recall", "F1", "support");
    for (std::size_t k = 0; k < kPairClasses; ++k) {
        const ClassMetrics& m = c.by_class[k];
        out << fmt::format("  {:<20}{:>10}{:>10}{:>10}{:>10}\n", class_name(k), show(m.precision.value()),
                           show(m.recall.value()), show(m.f1), support[k]);
    }
    out << fmt::format("  {:<20}{:>10}\n", "macro F1", show(c.macro_f1));
    out << fmt::format("  {:<20}{:>10}\n", "weighted F1", show(c.weighted_f1));
    out << fmt::format("  {:<20}{:>10}   ({} of {})\n", "accuracy", show(c.accuracy.value()), c.accuracy.hits,
                       plural(c.items, "item"));
}

}  // namespace

void write_json(std::ostream& out, const Report& rep, const Inputs& inputs) {
    std::string buf;
    report::JsonWriter w(buf);
    const PairMetrics& pm = rep.pairs;
    const ClusterMetrics& cm = rep.clusters;
    auto count = [&](std::string_view key, std::size_t n) {
        w.key(key);
        write_count(w, n);
    };
    auto number = [&](std::string_view key, const std::optional<double>& x) {
        w.key(key);
        write_optional(w, x);
    };
    auto rate = [&](const Rate& r, std::string_view hits, std::string_view total, std::string_view value) {
        count(total, r.total);
        count(hits, r.hits);
        number(value, r.value());
    };
    w.begin_object();
    w.key("schema").value(fmt::format("wiretrace.eval/{}", kEvalSchemaVersion));
    w.key("truth").value(inputs.truth);
    w.key("results").value(inputs.results);
    w.key("results_format").value(to_string(rep.results_format));
    w.key("min_coverage").value(rep.min_coverage);

    w.key("pairs").begin_object();
    number("precision", pm.precision);
    number("recall", pm.recall);
    number("f1", pm.f1);
    count("true_positives", pm.true_positives);
    count("false_positives", pm.false_positives);
    count("false_negatives", pm.false_negatives);
    count("truth_derived", pm.true_positives + pm.false_negatives);
    count("predicted_derived", pm.true_positives + pm.false_positives);
    count("excluded_truth", pm.excluded_truth);
    count("ignored_predictions", pm.ignored_predictions);
    count("untraceable_truth", pm.untraceable_truth);
    count("untraceable_found", pm.untraceable_found);
    w.key("with_untraceable").begin_object();
    number("precision", pm.with_untraceable.precision);
    number("recall", pm.with_untraceable.recall);
    number("f1", pm.with_untraceable.f1);
    count("true_positives", pm.with_untraceable.true_positives);
    count("false_positives", pm.with_untraceable.false_positives);
    count("false_negatives", pm.with_untraceable.false_negatives);
    w.end_object();
    count("false_positives_same_cluster", pm.false_positives_same_cluster);
    w.key("by_relation").begin_object();
    for (std::size_t i = 0; i < kDerivedRelations.size(); ++i) {
        w.key(to_string(kDerivedRelations[i])).begin_object();
        rate(pm.by_relation[i].recall, "found", "truth", "recall");
        rate(pm.by_relation[i].precision, "correct", "predicted", "precision");
        w.end_object();
    }
    w.end_object();
    w.key("by_coverage").begin_object();
    for (std::size_t band = 0; band < kCoverageBands; ++band) {
        w.key(coverage_band_name(band)).begin_object();
        rate(pm.by_coverage[band], "found", "truth", "recall");
        w.end_object();
    }
    w.end_object();
    w.key("by_link").begin_object();
    w.key("direct").begin_object();
    rate(pm.direct, "found", "truth", "recall");
    w.end_object();
    w.key("transitive").begin_object();
    rate(pm.transitive, "found", "truth", "recall");
    w.end_object();
    w.end_object();
    number("relation_agreement", pm.relation_agreement.value());
    w.key("by_kind").begin_object();
    for (const KindMetrics& k : pm.by_kind) {
        w.key(k.kind).begin_object();
        rate(k.recall, "found", "truth", "recall");
        w.key("min_coverage").begin_object();
        rate(k.recall_min_coverage, "found", "truth", "recall");
        w.end_object();
        w.key("direct").begin_object();
        rate(k.direct, "found", "truth", "recall");
        w.end_object();
        w.end_object();
    }
    w.end_object();
    w.end_object();

    count("same_story_pairs", pm.same_story_pairs);
    count("same_story_as_derived", pm.same_story_as_derived);
    number("same_story_precision", pm.same_story_precision.value());

    number("direction_accuracy", rep.direction.value());
    w.key("direction").begin_object();
    count("correct", rep.direction.hits);
    count("undecided", rep.direction_undecided);
    count("true_positives", rep.direction.total);
    w.end_object();

    w.key("containment_error").begin_object();
    number("source", rep.containment_error_source);
    number("copy", rep.containment_error_copy);
    w.end_object();

    write_classification_json(w, rep.classification);

    w.key("clusters").begin_object();
    w.key("evaluated").value(cm.evaluated);
    count("items", cm.items);
    count("truth_clusters", cm.truth_clusters);
    count("predicted_clusters", cm.predicted_clusters);
    w.end_object();
    w.key("bcubed").begin_object();
    number("precision", cm.bcubed ? std::optional<double>(cm.bcubed->precision) : std::nullopt);
    number("recall", cm.bcubed ? std::optional<double>(cm.bcubed->recall) : std::nullopt);
    number("f1", cm.bcubed ? std::optional<double>(cm.bcubed->f1) : std::nullopt);
    w.end_object();
    number("ari", cm.ari);
    number("root_accuracy", cm.root.value());
    w.key("roots").begin_object();
    count("correct", cm.root.hits);
    count("truth_clusters", cm.root.total);
    w.end_object();
    w.end_object();
    buf.push_back('\n');
    out << buf;
}

void write_text(std::ostream& out, const Report& rep, const Inputs& inputs) {
    const PairMetrics& pm = rep.pairs;
    const ClusterMetrics& cm = rep.clusters;
    constexpr std::string_view kRow = "  {:<20}{:>10}{:>10}{:>10}{:>10}{:>10}{:>10}\n";
    out << fmt::format("truth:    {}: {}, {}\n", text::escape_controls(inputs.truth),
                       plural(pm.true_positives + pm.false_negatives + pm.excluded_truth + pm.untraceable_truth,
                              "derived pair"),
                       plural(pm.same_story_pairs, "same-story pair"));
    if (pm.excluded_truth > 0) {
        out << fmt::format("          {} with coverage_of_source below {:.4f} left out ({} of them ignored)\n",
                           plural(pm.excluded_truth, "derived pair"), rep.min_coverage,
                           plural(pm.ignored_predictions, "prediction"));
    }
    if (pm.untraceable_truth > 0) {
        out << fmt::format("          {} untraceable (the copy holds no trace of that source's own words or edits) "
                           "left out ({} of them found)\n",
                           plural(pm.untraceable_truth, "derived pair"), plural(pm.untraceable_found, "prediction"));
    }
    out << fmt::format("results:  {} ({}): {}, {}\n", text::escape_controls(inputs.results), to_string(rep.results_format),
                       plural(rep.result_pairs, "pair"), plural(rep.result_members, "member line"));

    out << fmt::format("\n{:<22}{:>10}{:>10}{:>10}{:>10}{:>10}{:>10}\n", "derived pairs", "precision", "recall", "F1",
                       "TP", "FP", "FN");
    out << fmt::format(kRow, "all", show(pm.precision), show(pm.recall), show(pm.f1), pm.true_positives,
                       pm.false_positives, pm.false_negatives);
    if (pm.untraceable_truth > 0) {
        const PairCounts& all = pm.with_untraceable;
        out << fmt::format(kRow, "with untraceable", show(all.precision), show(all.recall), show(all.f1),
                           all.true_positives, all.false_positives, all.false_negatives);
    }

    out << fmt::format("\n{:<22}{:>10}{:>10}{:>10}{:>10}{:>10}{:>10}\n", "by relation", "truth", "found", "recall",
                       "predicted", "correct", "precision");
    for (std::size_t i = 0; i < kDerivedRelations.size(); ++i) {
        const RelationMetrics& r = pm.by_relation[i];
        out << fmt::format(kRow, to_string(kDerivedRelations[i]), r.recall.total, r.recall.hits,
                           show(r.recall.value()), r.precision.total, r.precision.hits, show(r.precision.value()));
    }
    out << fmt::format("\n{:<22}{:>10}{:>10}{:>10}\n", "by coverage of source", "truth", "found", "recall");
    for (std::size_t band = 0; band < kCoverageBands; ++band) {
        const Rate& r = pm.by_coverage[band];
        out << fmt::format("  {:<20}{:>10}{:>10}{:>10}\n", coverage_band_name(band), r.total, r.hits, show(r.value()));
    }
    out << fmt::format("\n{:<22}{:>10}{:>10}{:>10}\n", "by link", "truth", "found", "recall");
    for (const auto& [label, r] : {std::pair<std::string_view, const Rate&>{"direct", pm.direct},
                                   std::pair<std::string_view, const Rate&>{"transitive", pm.transitive}}) {
        out << fmt::format("  {:<20}{:>10}{:>10}{:>10}\n", label, r.total, r.hits, show(r.value()));
    }

    if (!pm.by_kind.empty()) {
        out << fmt::format("\n{:<22}{:>10}{:>10}{:>10}{:>10}{:>10}{:>10}\n", "by kind (any coverage)", "truth", "found",
                           "recall", fmt::format(">={:.2f}", rep.min_coverage), "found", "recall");
        for (const KindMetrics& k : pm.by_kind) {
            out << fmt::format(kRow, k.kind, k.recall.total, k.recall.hits, show(k.recall.value()),
                               k.recall_min_coverage.total, k.recall_min_coverage.hits,
                               show(k.recall_min_coverage.value()));
        }
    }

    out << "\n";
    out << fmt::format("{:<24}{} of {}   (precision against them {})\n", "same-story as derived",
                       pm.same_story_as_derived, plural(pm.same_story_pairs, "same-story pair"),
                       show(pm.same_story_precision.value()));
    out << fmt::format("{:<24}{}   ({} inside one truth cluster: siblings)\n", "false positives", pm.false_positives,
                       pm.false_positives_same_cluster);
    out << fmt::format("{:<24}{}   ({} of {})\n", "relation agreement", show(pm.relation_agreement.value()),
                       pm.relation_agreement.hits, plural(pm.relation_agreement.total, "true positive"));
    out << fmt::format("{:<24}{}   ({} of {}, {} undecided)\n", "direction accuracy", show(rep.direction.value()),
                       rep.direction.hits, plural(rep.direction.total, "true positive"), rep.direction_undecided);
    out << fmt::format("{:<24}source {}   copy {}   (mean absolute error over {})\n", "containment error",
                       show(rep.containment_error_source), show(rep.containment_error_copy),
                       plural(pm.true_positives, "true positive"));

    out << "\n";
    write_classification_text(out, rep.classification);

    out << "\n";
    if (!cm.evaluated) {
        out << "clusters: n/a (the results are a TSV pair list; cluster metrics need JSONL member lines)\n";
        return;
    }
    out << fmt::format("clusters: {} (every id in the truth or the results), {} of 2+ in the truth, {} "
                       "predicted\n",
                       plural(cm.items, "item"), plural(cm.truth_clusters, "cluster"), cm.predicted_clusters);
    if (cm.bcubed) {
        out << fmt::format("  {:<22}precision {:.4f}   recall {:.4f}   F1 {:.4f}\n", "B-cubed", cm.bcubed->precision,
                           cm.bcubed->recall, cm.bcubed->f1);
    } else {
        out << fmt::format("  {:<22}n/a\n", "B-cubed");
    }
    out << fmt::format("  {:<22}{}\n", "adjusted Rand index", show(cm.ari));
    out << fmt::format("  {:<22}{}   ({} of {} of 2+)\n", "root accuracy", show(cm.root.value()), cm.root.hits,
                       plural(cm.root.total, "truth cluster"));
}

}  // namespace wiretrace::eval
