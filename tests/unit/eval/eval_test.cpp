// SPDX-License-Identifier: Apache-2.0
// Tests of wiretrace::eval: truth and result parsing, and every metric on small hand-made cases
// whose values are computed by hand in the comments.
#include <catch2/catch.hpp>
#include <initializer_list>
#include <sstream>
#include <string>
#include <vector>

#include "wiretrace/error.hpp"
#include "wiretrace/lab/eval.hpp"
#include "wiretrace/report/scan_schema.hpp"

using namespace wiretrace;
using wiretrace::Relation;

namespace {

constexpr const char* kTruthHeader = "#copy_id\tsource_id\trelation\tcoverage_of_source\tcoverage_of_copy\tdirect\n";
constexpr const char* kResultsHeader = "#id_a\tid_b\trelation\tsource_id\tcoverage_a\tcoverage_b\n";

/// One tab-separated line.
std::string row(std::initializer_list<std::string> fields) {
    std::string line;
    bool first = true;
    for (const std::string& f : fields) {
        if (!first) line += '\t';
        line += f;
        first = false;
    }
    return line + "\n";
}

std::vector<eval::TruthPair> truth_of(const std::string& tsv) { return eval::parse_truth(tsv, "truth.tsv"); }

eval::Results results_of(const std::string& text) { return eval::parse_results(text, "results"); }

std::string pair_json(const std::string& a, const std::string& b, const std::string& relation,
                      const std::string& source, double coverage_a, double coverage_b) {
    const std::string src = source == "-" ? "null" : "\"" + source + "\"";
    return "{\"type\":\"pair\",\"a\":\"" + a + "\",\"b\":\"" + b + "\",\"relation\":\"" + relation +
           "\",\"source\":" + src + ",\"coverage_a\":" + std::to_string(coverage_a) +
           ",\"coverage_b\":" + std::to_string(coverage_b) + "}\n";
}

std::string member_json(int cluster, const std::string& id, const std::string& root) {
    const bool is_root = id == root;
    return "{\"type\":\"member\",\"cluster\":" + std::to_string(cluster) + ",\"id\":\"" + id + "\",\"root\":\"" + root +
           "\",\"parents\":" + (is_root ? std::string("[]") : "[\"" + root + "\"]") +
           ",\"relation\":" + (is_root ? std::string("null") : std::string("\"rewrite\"")) + "}\n";
}

const char* kSummaryJson = "{\"type\":\"summary\",\"config\":{\"seed\":7,\"a\":[1,{\"b\":null}]},\"docs\":6}\n";

/// The truth of the pair-metric cases: a -> b (duplicate), a -> c (rewrite), d -> e (rewrite),
/// d -> f (near-duplicate), and x / y written independently (same-story).
std::string pair_truth() {
    return kTruthHeader + row({"b", "a", "duplicate", "1", "1", "1"}) + row({"c", "a", "rewrite", "0.5", "0.4", "1"}) +
           row({"e", "d", "rewrite", "0.7", "0.6", "1"}) + row({"f", "d", "near-duplicate", "0.9", "0.9", "1"}) +
           row({"x", "y", "same-story", "0", "0", "1"});
}

/// The predictions of the pair-metric cases, as a TSV pair list.
std::string pair_results_tsv() {
    return kResultsHeader + row({"a", "b", "duplicate", "a", "1", "0.98"})  // TP, direction right
           + row({"c", "d", "rewrite", "-", "0.3", "0.4"})                  // FP
           + row({"d", "e", "near-duplicate", "e", "0.5", "0.6"})           // TP, direction wrong
           + row({"x", "y", "rewrite", "x", "0.6", "0.5"})                  // FP, a same-story pair
           + row({"g", "h", "duplicate", "g", "1", "1"})                    // FP
           + row({"b", "c", "near-duplicate", "-", "0.8", "0.8"})           // FP, siblings (root a)
           + row({"a", "f", "same-story", "-", "0.1", "0.1"});              // not derived: ignored
}

/// The same predictions as JSONL, in another order, with lines scan may add.
std::string pair_results_jsonl() {
    return std::string(kSummaryJson) + pair_json("b", "c", "near-duplicate", "-", 0.8, 0.8) +
           pair_json("a", "b", "duplicate", "a", 1, 0.98) + "\n" + pair_json("c", "d", "rewrite", "-", 0.3, 0.4) +
           pair_json("d", "e", "near-duplicate", "e", 0.5, 0.6) + pair_json("x", "y", "rewrite", "x", 0.6, 0.5) +
           "{\"coverage_b\":1,\"coverage_a\":1,\"source\":\"g\",\"relation\":\"duplicate\",\"b\":\"h\",\"a\":\"g\","
           "\"type\":\"pair\"}\n"  // the fields in any order, "type" last
           + pair_json("a", "f", "same-story", "-", 0.1, 0.1) + "{\"type\":\"run\",\"passage\":[1,2]}\n";
}

void check_pair_metrics(const eval::Report& r) {
    // TP = {a,b} {d,e}; FP = {c,d} {x,y} {g,h} {b,c}; FN = {a,c} {d,f}.
    const eval::PairMetrics& p = r.pairs;
    CHECK(p.true_positives == 2);
    CHECK(p.false_positives == 4);
    CHECK(p.false_negatives == 2);
    CHECK(*p.precision == Approx(2.0 / 6.0));  // 2 / (2 + 4)
    CHECK(*p.recall == Approx(0.5));           // 2 / (2 + 2)
    CHECK(*p.f1 == Approx(0.4));               // 2*2 / (2*2 + 4 + 2) = 2PR / (P + R)
    // Recall by truth relation: duplicate {a,b} found; near-duplicate {d,f} missed; rewrite
    // {a,c} missed and {d,e} found.
    CHECK(p.by_relation[0].recall.hits == 1);
    CHECK(p.by_relation[0].recall.total == 1);
    CHECK(p.by_relation[1].recall.hits == 0);
    CHECK(p.by_relation[1].recall.total == 1);
    CHECK(p.by_relation[2].recall.hits == 1);
    CHECK(p.by_relation[2].recall.total == 2);
    // Precision by predicted relation: duplicate {a,b} right, {g,h} wrong; near-duplicate
    // {d,e} right, {b,c} wrong; rewrite {c,d} and {x,y} wrong.
    CHECK(*p.by_relation[0].precision.value() == Approx(0.5));
    CHECK(*p.by_relation[1].precision.value() == Approx(0.5));
    CHECK(*p.by_relation[2].precision.value() == Approx(0.0));
    CHECK(p.by_relation[2].precision.total == 2);
    // Coverage bands of the truth: {a,c} 0.5 in the middle band; {a,b} 1, {d,e} 0.7, {d,f} 0.9.
    CHECK_FALSE(p.by_coverage[0].value().has_value());
    CHECK(p.by_coverage[1].hits == 0);
    CHECK(p.by_coverage[1].total == 1);
    CHECK(p.by_coverage[2].hits == 2);
    CHECK(p.by_coverage[2].total == 3);
    CHECK(p.direct.hits == 2);
    CHECK(p.direct.total == 4);
    CHECK(p.transitive.total == 0);
    CHECK(p.same_story_pairs == 1);
    CHECK(p.same_story_as_derived == 1);
    CHECK(p.false_positives_same_cluster == 1);           // {b,c}: both copies of a
    CHECK(*p.relation_agreement.value() == Approx(0.5));  // {d,e} is a rewrite called near-duplicate
    // Direction: {a,b} source a is right, {d,e} source e is wrong (d is the source).
    CHECK(r.direction.hits == 1);
    CHECK(r.direction.total == 2);
    CHECK(*r.direction.value() == Approx(0.5));
    // Containment: {a,b}: source a has 1.0 for 1, copy b 0.98 for 1; {d,e}: source d (side a)
    // has 0.5 for 0.7, copy e 0.6 for 0.6. Source (0 + 0.2) / 2, copy (0.02 + 0) / 2.
    CHECK(*r.containment_error_source == Approx(0.1));
    CHECK(*r.containment_error_copy == Approx(0.01));
    // Labelled pairs: the 4 derived ones (2 found, 2 missed) and {x,y} (predicted derived).
    CHECK(r.classification.confusion == eval::Confusion{{{2, 2}, {1, 0}}});
}

/// The truth of the classification cases: four derived pairs, and six same-story pairs sN / wN
/// (a newspaper's own story beside the wire story of the same event).
std::string classification_truth() {
    std::string tsv = kTruthHeader + row({"b", "a", "duplicate", "1", "1", "1"}) +
                      row({"c", "a", "rewrite", "0.8", "0.6", "1"}) + row({"e", "d", "rewrite", "0.7", "0.6", "1"}) +
                      row({"f", "d", "near-duplicate", "0.9", "0.9", "1"});
    for (const char* n : {"1", "2", "3", "4", "5", "6"}) {
        tsv += row({std::string("s").append(n), std::string("w").append(n), "same-story", "0", "0", "0"});
    }
    return tsv;
}

/// Predictions giving the confusion cells distinct counts: derived pairs 3 found (one in the
/// other order), 1 missed (listed as same-story); same-story pairs 2 called derived (one in the
/// other order), 4 not (one listed as same-story, one as unrelated, two absent); and a derived
/// prediction outside the truth, which is not an item.
std::string classification_results() {
    return kResultsHeader + row({"a", "b", "duplicate", "a", "1", "1"})     // derived -> derived
           + row({"c", "a", "rewrite", "a", "0.6", "0.8"})                  // derived -> derived
           + row({"d", "e", "rewrite", "d", "0.7", "0.6"})                  // derived -> derived
           + row({"d", "f", "same-story", "-", "0.1", "0.1"})               // derived -> not derived
           + row({"s1", "w1", "rewrite", "w1", "0.3", "0.3"})               // same-story -> derived
           + row({"w2", "s2", "near-duplicate", "-", "0.8", "0.8"})         // same-story -> derived
           + row({"s3", "w3", "same-story", "-", "0.1", "0.1"})             // same-story -> not derived
           + row({"s4", "w4", "unrelated", "-", "0", "0"})                  // same-story -> not derived
           + row({"z1", "z2", "duplicate", "z1", "1", "1"});                // not labelled: no item
}

/// TP 3, FN 1, FP 2, TN 4. Derived: precision 3/5, recall 3/4, F1 6/9. Not derived: precision
/// 4/5, recall 4/6, F1 8/11. Macro (2/3 + 8/11) / 2 = 23/33; weighted (4 * 2/3 + 6 * 8/11) / 10
/// = 116/165; accuracy 7/10.
void check_classification(const eval::ClassificationMetrics& c) {
    CHECK(c.evaluated);
    CHECK(c.items == 10);
    CHECK(c.confusion[eval::kDerivedClass][eval::kDerivedClass] == 3);
    CHECK(c.confusion[eval::kDerivedClass][eval::kNotDerivedClass] == 1);
    CHECK(c.confusion[eval::kNotDerivedClass][eval::kDerivedClass] == 2);
    CHECK(c.confusion[eval::kNotDerivedClass][eval::kNotDerivedClass] == 4);
    const eval::ClassMetrics& derived = c.by_class[eval::kDerivedClass];
    CHECK(derived.precision.hits == 3);
    CHECK(derived.precision.total == 5);
    CHECK(*derived.precision.value() == Approx(3.0 / 5.0));
    CHECK(derived.recall.total == 4);  // the support
    CHECK(*derived.recall.value() == Approx(3.0 / 4.0));
    CHECK(*derived.f1 == Approx(6.0 / 9.0));
    const eval::ClassMetrics& not_derived = c.by_class[eval::kNotDerivedClass];
    CHECK(not_derived.precision.hits == 4);
    CHECK(not_derived.precision.total == 5);
    CHECK(*not_derived.precision.value() == Approx(4.0 / 5.0));
    CHECK(not_derived.recall.total == 6);
    CHECK(*not_derived.recall.value() == Approx(4.0 / 6.0));
    CHECK(*not_derived.f1 == Approx(8.0 / 11.0));
    CHECK(*c.macro_f1 == Approx(23.0 / 33.0));
    CHECK(*c.weighted_f1 == Approx(116.0 / 165.0));
    CHECK(c.accuracy.hits == 7);
    CHECK(c.accuracy.total == 10);
    CHECK(*c.accuracy.value() == Approx(0.7));
}

template <class Fn> void require_error(Fn&& fn, Errc code, const std::string& where, const std::string& needle) {
    try {
        fn();
        FAIL("no error thrown; expected " << where << ": " << needle);
    } catch (const Error& e) {
        CHECK(e.code() == code);
        CHECK(e.where() == where);
        CHECK_THAT(e.what(), Catch::Contains(needle));
    }
}

}  // namespace

TEST_CASE("eval: hand-made pairs give hand-computed precision, recall, F1, direction and containment", "[eval]") {
    const auto truth = truth_of(pair_truth());
    REQUIRE(truth.size() == 5);
    const eval::Results tsv = results_of(pair_results_tsv());
    REQUIRE(tsv.format == eval::ResultsFormat::tsv);
    REQUIRE(tsv.pairs.size() == 7);
    const eval::Report r = eval::evaluate(truth, tsv);
    check_pair_metrics(r);
    CHECK_FALSE(r.clusters.evaluated);  // a TSV pair list has no clusters
    CHECK_FALSE(r.clusters.bcubed.has_value());
    CHECK_FALSE(r.clusters.ari.has_value());
    CHECK_FALSE(r.clusters.root.value().has_value());
}

TEST_CASE("eval: TSV and JSONL results give the same pair metrics", "[eval]") {
    const auto truth = truth_of(pair_truth());
    const eval::Results jsonl = results_of(pair_results_jsonl());
    REQUIRE(jsonl.format == eval::ResultsFormat::jsonl);
    REQUIRE(jsonl.pairs.size() == 7);  // summary, run lines skipped
    const eval::Report from_jsonl = eval::evaluate(truth, jsonl);
    check_pair_metrics(from_jsonl);
    CHECK(from_jsonl.clusters.evaluated);

    std::ostringstream a, b;
    eval::write_json(a, eval::evaluate(truth, results_of(pair_results_tsv())), {"t", "r"});
    eval::write_json(b, from_jsonl, {"t", "r"});
    const std::string ja = a.str(), jb = b.str();
    // Everything before the cluster part is identical except results_format.
    const auto cut_a = ja.find("\"clusters\"");
    const auto cut_b = jb.find("\"clusters\"");
    REQUIRE(cut_a != std::string::npos);
    std::string head_a = ja.substr(0, cut_a), head_b = jb.substr(0, cut_b);
    head_a.replace(head_a.find("\"tsv\""), 5, "\"jsonl\"");
    CHECK(head_a == head_b);
}

TEST_CASE("eval: B-cubed and ARI of the six-item example", "[eval]") {
    // Truth {a,b,c} {d,e,f}; predicted {a,b} {c,d,e} {f}.
    // Contingency (rows truth, columns predicted):   {a,b} {c,d,e} {f}
    //                                     {a,b,c}      2      1     0
    //                                     {d,e,f}      0      2     1
    // Index = sum C(n_ij, 2) = C(2,2) + C(2,2) = 2. Rows: C(3,2) + C(3,2) = 6. Columns:
    // C(2,2) + C(3,2) + C(1,2) = 4. Pairs: C(6,2) = 15. Expected = 6 * 4 / 15 = 1.6;
    // max = (6 + 4) / 2 = 5; ARI = (2 - 1.6) / (5 - 1.6) = 0.4 / 3.4 = 2/17 = 0.117647...
    // B-cubed precision per item: a 2/2, b 2/2, c 1/3, d 2/3, e 2/3, f 1/1 -> sum 14/3, mean 7/9.
    // Recall per item: a 2/3, b 2/3, c 1/3, d 2/3, e 2/3, f 1/3 -> sum 10/3, mean 5/9.
    // F1 = 2 (7/9)(5/9) / (12/9) = 35/54.
    const std::vector<std::uint64_t> truth = {1, 1, 1, 2, 2, 2};
    const std::vector<std::uint64_t> predicted = {10, 10, 20, 20, 20, 30};
    const auto b3 = eval::bcubed(truth, predicted);
    REQUIRE(b3.has_value());
    CHECK(b3->precision == Approx(7.0 / 9.0));
    CHECK(b3->recall == Approx(5.0 / 9.0));
    CHECK(b3->f1 == Approx(35.0 / 54.0));
    CHECK(*eval::adjusted_rand_index(truth, predicted) == Approx(2.0 / 17.0));
    // Symmetric in the two clusterings (ARI), and B-cubed swaps precision and recall.
    CHECK(*eval::adjusted_rand_index(predicted, truth) == Approx(2.0 / 17.0));
    CHECK(eval::bcubed(predicted, truth)->precision == Approx(5.0 / 9.0));

    SECTION("the same through truth and member lines") {
        // Truth: b, c copies of a; e, f copies of d. Predicted clusters from member lines:
        // 1 = {a (root), b}, 2 = {c, d (root), e}; f has no member line: alone.
        const auto t = truth_of(
            kTruthHeader + row({"b", "a", "duplicate", "1", "1", "1"}) + row({"c", "a", "rewrite", "0.5", "0.5", "1"}) +
            row({"e", "d", "rewrite", "0.5", "0.5", "1"}) + row({"f", "d", "rewrite", "0.5", "0.5", "1"}));
        std::string jsonl = member_json(1, "a", "a") + member_json(1, "b", "a") + member_json(2, "c", "d") +
                            member_json(2, "d", "d") + member_json(2, "e", "d") +
                            "{\"type\":\"cluster\",\"cluster\":1,\"root\":\"a\",\"size\":2}\n";
        const eval::Report r = eval::evaluate(t, results_of(jsonl));
        REQUIRE(r.clusters.evaluated);
        CHECK(r.clusters.items == 6);
        CHECK(r.clusters.truth_clusters == 2);
        CHECK(r.clusters.predicted_clusters == 2);
        CHECK(r.clusters.bcubed->precision == Approx(7.0 / 9.0));
        CHECK(r.clusters.bcubed->recall == Approx(5.0 / 9.0));
        CHECK(r.clusters.bcubed->f1 == Approx(35.0 / 54.0));
        CHECK(*r.clusters.ari == Approx(2.0 / 17.0));
        // Roots: truth cluster a votes a, a (members a, b), d (member c) -> a, right; truth
        // cluster d votes d, d (f has no vote) -> d, right.
        CHECK(r.clusters.root.hits == 2);
        CHECK(r.clusters.root.total == 2);
        // No predicted pairs: pair precision is null, recall 0, F1 0.
        CHECK_FALSE(r.pairs.precision.has_value());
        CHECK(*r.pairs.recall == 0.0);
        CHECK(*r.pairs.f1 == 0.0);

        // Cluster 2 rooted at c instead: truth cluster d votes c, c -> wrong root.
        jsonl = member_json(1, "a", "a") + member_json(1, "b", "a") + member_json(2, "c", "c") +
                member_json(2, "d", "c") + member_json(2, "e", "c");
        const eval::Report wrong = eval::evaluate(t, results_of(jsonl));
        CHECK(wrong.clusters.root.hits == 1);
        CHECK(*wrong.clusters.root.value() == Approx(0.5));
        CHECK(*wrong.clusters.ari == Approx(2.0 / 17.0));  // the partition is unchanged

        // A tie is wrong: truth cluster a = {a, b, c}, a votes a, b votes b, c has no line.
        jsonl = member_json(1, "a", "a") + member_json(2, "b", "b");
        const eval::Report tie = eval::evaluate(t, results_of(jsonl));
        CHECK(tie.clusters.root.hits == 0);
        CHECK(tie.clusters.root.total == 2);
    }
}

TEST_CASE("eval: degenerate clusterings", "[eval]") {
    using V = std::vector<std::uint64_t>;
    SECTION("no items: B-cubed and ARI are null") {
        CHECK_FALSE(eval::bcubed(V{}, V{}).has_value());
        CHECK_FALSE(eval::adjusted_rand_index(V{}, V{}).has_value());
    }
    SECTION("a single item: B-cubed 1, ARI null (no pair of items)") {
        const auto b3 = eval::bcubed(V{4}, V{9});
        CHECK(b3->precision == 1.0);
        CHECK(b3->recall == 1.0);
        CHECK(b3->f1 == 1.0);
        CHECK_FALSE(eval::adjusted_rand_index(V{4}, V{9}).has_value());
    }
    SECTION("both all singletons, or both one cluster: they agree, ARI 1") {
        CHECK(*eval::adjusted_rand_index(V{1, 2, 3, 4}, V{5, 6, 7, 8}) == 1.0);
        CHECK(*eval::adjusted_rand_index(V{1, 1, 1}, V{2, 2, 2}) == 1.0);
        CHECK(eval::bcubed(V{1, 1, 1}, V{2, 2, 2})->f1 == 1.0);
    }
    SECTION("one cluster against all singletons: ARI 0, B-cubed precision 1 recall 1/n") {
        CHECK(*eval::adjusted_rand_index(V{1, 1, 1, 1}, V{1, 2, 3, 4}) == Approx(0.0).margin(1e-12));
        const auto b3 = eval::bcubed(V{1, 1, 1, 1}, V{1, 2, 3, 4});
        CHECK(b3->precision == 1.0);
        CHECK(b3->recall == Approx(0.25));
        CHECK(b3->f1 == Approx(0.4));  // 2 * 1 * 0.25 / 1.25
    }
    SECTION("a perfect match under other labels") {
        CHECK(*eval::adjusted_rand_index(V{1, 1, 2, 2, 3}, V{7, 7, 5, 5, 6}) == Approx(1.0));
    }
    SECTION("sizes that differ are an error") {
        CHECK_THROWS_AS(eval::bcubed(V{1, 2}, V{1}), Error);
        CHECK_THROWS_AS(eval::adjusted_rand_index(V{1}, V{1, 2}), Error);
    }
}

TEST_CASE("eval: empty truth and empty results", "[eval]") {
    SECTION("both empty: every rate is null, no division by zero") {
        const eval::Report r = eval::evaluate(truth_of(""), results_of(""));
        CHECK(r.results_format == eval::ResultsFormat::tsv);  // an empty file is an empty pair list
        CHECK(r.pairs.true_positives + r.pairs.false_positives + r.pairs.false_negatives == 0);
        CHECK_FALSE(r.pairs.precision.has_value());
        CHECK_FALSE(r.pairs.recall.has_value());
        CHECK_FALSE(r.pairs.f1.has_value());
        CHECK_FALSE(r.direction.value().has_value());
        CHECK_FALSE(r.containment_error_source.has_value());
        CHECK_FALSE(r.containment_error_copy.has_value());
        CHECK_FALSE(r.clusters.evaluated);
        std::ostringstream json, text;
        eval::write_json(json, r, {"t", "r"});
        eval::write_text(text, r, {"t", "r"});
        CHECK_THAT(json.str(), Catch::Contains("\"precision\":null,\"recall\":null,\"f1\":null"));
        CHECK_THAT(json.str(), Catch::Contains("\"ari\":null"));
        CHECK_THAT(json.str(), Catch::Contains("\"schema\":\"wiretrace.eval/1\""));
        CHECK_THAT(text.str(), Catch::Contains("n/a"));
    }
    SECTION("both empty, JSONL with only a summary: no items, cluster metrics null") {
        const eval::Report r = eval::evaluate(truth_of(kTruthHeader), results_of(kSummaryJson));
        CHECK(r.clusters.evaluated);
        CHECK(r.clusters.items == 0);
        CHECK_FALSE(r.clusters.bcubed.has_value());
        CHECK_FALSE(r.clusters.ari.has_value());
        CHECK_FALSE(r.clusters.root.value().has_value());
    }
    SECTION("empty truth, some predictions: precision 0, recall null, F1 0") {
        const eval::Report r = eval::evaluate(truth_of(kTruthHeader), results_of(pair_results_tsv()));
        CHECK(r.pairs.false_positives == 6);
        CHECK(*r.pairs.precision == 0.0);
        CHECK_FALSE(r.pairs.recall.has_value());
        CHECK(*r.pairs.f1 == 0.0);
        CHECK_FALSE(r.direction.value().has_value());
    }
    SECTION("truth, no predictions: precision null, recall 0, F1 0") {
        const eval::Report r = eval::evaluate(truth_of(pair_truth()), results_of(kResultsHeader));
        CHECK(r.pairs.false_negatives == 4);
        CHECK_FALSE(r.pairs.precision.has_value());
        CHECK(*r.pairs.recall == 0.0);
        CHECK(*r.pairs.f1 == 0.0);
        CHECK_FALSE(r.containment_error_source.has_value());
    }
    SECTION("a single article in a cluster of its own") {
        const eval::Report r = eval::evaluate(truth_of(""), results_of(member_json(1, "a", "a")));
        CHECK(r.clusters.items == 1);
        CHECK(r.clusters.bcubed->f1 == 1.0);
        CHECK_FALSE(r.clusters.ari.has_value());
        CHECK_FALSE(r.clusters.root.value().has_value());  // no truth cluster of 2+
    }
}

TEST_CASE("eval: all predictions wrong", "[eval]") {
    // Truth a -> b, c -> d; predicted a-c and b-d, with a-c clustered: nothing right.
    const auto truth = truth_of(row({"b", "a", "rewrite", "0.5", "0.5"}) + row({"d", "c", "rewrite", "0.5", "0.5"}));
    const std::string jsonl = pair_json("a", "c", "rewrite", "a", 0.5, 0.5) +
                              pair_json("b", "d", "duplicate", "-", 1, 1) + member_json(1, "a", "a") +
                              member_json(1, "c", "a") + member_json(2, "b", "b") + member_json(2, "d", "b");
    const eval::Report r = eval::evaluate(truth, results_of(jsonl));
    CHECK(r.pairs.true_positives == 0);
    CHECK(r.pairs.false_positives == 2);
    CHECK(r.pairs.false_negatives == 2);
    CHECK(*r.pairs.precision == 0.0);
    CHECK(*r.pairs.recall == 0.0);
    CHECK(*r.pairs.f1 == 0.0);                     // defined: 0 / (0 + 2 + 2)
    CHECK_FALSE(r.direction.value().has_value());  // no true positive to orient
    CHECK_FALSE(r.containment_error_source.has_value());
    // Truth {a,b} {c,d}, predicted {a,c} {b,d}: every item's clusters share only itself.
    // B-cubed 1/2 each. ARI: index 0, rows 1 + 1, columns 1 + 1, pairs 6: expected 2*2/6 = 2/3,
    // max 2, ARI = (0 - 2/3) / (2 - 2/3) = -0.5.
    CHECK(r.clusters.bcubed->precision == Approx(0.5));
    CHECK(r.clusters.bcubed->recall == Approx(0.5));
    CHECK(*r.clusters.ari == Approx(-0.5));
    // Roots: truth cluster a votes a, b (tie) -> wrong; truth cluster c votes a, b -> wrong.
    CHECK(r.clusters.root.hits == 0);
    CHECK(*r.clusters.root.value() == 0.0);
}

TEST_CASE("eval: a chain (copy of a copy) and its transitive pair", "[eval]") {
    // a is the wire story, b a copy of a, c a copy of b: c -> a is listed as transitive.
    const auto truth =
        truth_of(kTruthHeader + row({"b", "a", "near-duplicate", "0.9", "0.95", "1"}) +
                 row({"c", "b", "rewrite", "0.6", "0.5", "1"}) + row({"c", "a", "rewrite", "0.55", "0.45", "0"}));
    REQUIRE(truth.size() == 3);
    CHECK_FALSE(truth[2].direct);
    // scan found b-a and c-b but called c-a "same-story".
    const std::string jsonl = pair_json("a", "b", "near-duplicate", "a", 0.9, 0.95) +
                              pair_json("b", "c", "rewrite", "b", 0.6, 0.5) +
                              pair_json("a", "c", "same-story", "-", 0.1, 0.1) + member_json(1, "a", "a") +
                              member_json(1, "b", "a") + member_json(1, "c", "a");
    const eval::Report r = eval::evaluate(truth, results_of(jsonl));
    CHECK(r.pairs.true_positives == 2);
    CHECK(r.pairs.false_negatives == 1);
    CHECK(r.pairs.direct.hits == 2);
    CHECK(r.pairs.direct.total == 2);
    CHECK(r.pairs.transitive.hits == 0);
    CHECK(r.pairs.transitive.total == 1);
    CHECK(*r.direction.value() == 1.0);
    // One truth cluster {a, b, c} rooted at a (c -> b -> a), predicted the same.
    CHECK(r.clusters.truth_clusters == 1);
    CHECK(r.clusters.bcubed->f1 == 1.0);
    CHECK(*r.clusters.ari == 1.0);  // both one cluster: they agree
    CHECK(*r.clusters.root.value() == 1.0);

    SECTION("a found transitive pair orients to the ancestor") {
        const std::string found = pair_json("c", "a", "rewrite", "a", 0.45, 0.55);
        const eval::Report t = eval::evaluate(truth, results_of(found));
        CHECK(t.pairs.transitive.hits == 1);
        CHECK(*t.direction.value() == 1.0);
        // Source a is side b here: |0.55 - 0.55| and |0.45 - 0.45|.
        CHECK(*t.containment_error_source == Approx(0.0).margin(1e-12));
        CHECK(*t.containment_error_copy == Approx(0.0).margin(1e-12));
    }
}

TEST_CASE("eval: a roundup of two wire stories belongs to its first listed parent", "[eval]") {
    // r combines s1 and s2; c copies r (so c derives from s1 and s2 too).
    const std::string lines_s1_first =
        row({"r", "s1", "rewrite", "0.6", "0.4", "1"}) + row({"r", "s2", "rewrite", "0.5", "0.3", "1"});
    const std::string lines_s2_first =
        row({"r", "s2", "rewrite", "0.5", "0.3", "1"}) + row({"r", "s1", "rewrite", "0.6", "0.4", "1"});
    const std::string rest = row({"c", "r", "duplicate", "1", "1", "1"}) +
                             row({"c", "s1", "rewrite", "0.6", "0.4", "0"}) +
                             row({"c", "s2", "rewrite", "0.5", "0.3", "0"});
    // scan clusters s1, r, c and finds every pair except c-s2.
    const std::string jsonl =
        pair_json("r", "s1", "rewrite", "s1", 0.4, 0.6) + pair_json("r", "s2", "rewrite", "s2", 0.3, 0.5) +
        pair_json("c", "r", "duplicate", "-", 1, 1) + pair_json("c", "s1", "rewrite", "s1", 0.4, 0.6) +
        member_json(1, "s1", "s1") + member_json(1, "r", "s1") + member_json(1, "c", "s1");

    const eval::Report r = eval::evaluate(truth_of(lines_s1_first + rest), results_of(jsonl));
    CHECK(r.pairs.true_positives == 4);
    CHECK(r.pairs.false_negatives == 1);
    CHECK(r.pairs.direct.hits == 3);
    CHECK(r.pairs.direct.total == 3);
    CHECK(r.pairs.transitive.hits == 1);
    CHECK(r.pairs.transitive.total == 2);
    CHECK(*r.pairs.recall == Approx(0.8));
    CHECK(r.direction.hits == 3);  // c-r undecided
    CHECK(r.direction_undecided == 1);
    // Truth clusters {s1, r, c} and {s2}: exactly the prediction.
    CHECK(r.clusters.items == 4);
    CHECK(r.clusters.truth_clusters == 1);
    CHECK(r.clusters.bcubed->f1 == 1.0);
    CHECK(*r.clusters.ari == 1.0);
    CHECK(*r.clusters.root.value() == 1.0);

    // s2 listed first: truth clusters {s2, r, c} and {s1}. Predicted {s1, r, c} {s2}:
    // index C(2,2) = 1, rows 3 + 0, columns 3 + 0, pairs 6: expected 1.5, max 3,
    // ARI = (1 - 1.5) / (3 - 1.5) = -1/3. The truth cluster of s2 votes s1, s1: wrong root.
    const eval::Report other = eval::evaluate(truth_of(lines_s2_first + rest), results_of(jsonl));
    CHECK(other.pairs.true_positives == 4);  // pairs do not depend on the order
    CHECK(*other.clusters.ari == Approx(-1.0 / 3.0));
    CHECK(other.clusters.root.hits == 0);
    CHECK(other.clusters.root.total == 1);
}

TEST_CASE("eval: --min-coverage leaves low-coverage truth pairs out", "[eval]") {
    const auto truth =
        truth_of(kTruthHeader + row({"b", "a", "rewrite", "0.2", "0.3", "1"}) +
                 row({"d", "c", "duplicate", "0.8", "0.8", "1"}) + row({"f", "e", "rewrite", "0.5", "0.4", "1"}));
    const auto results =
        results_of(kResultsHeader + row({"a", "b", "rewrite", "a", "0.2", "0.3"}) +
                   row({"c", "d", "duplicate", "c", "0.8", "0.8"}) + row({"g", "h", "duplicate", "-", "1", "1"}));
    SECTION("without the option every pair counts") {
        const eval::Report r = eval::evaluate(truth, results);
        CHECK(r.pairs.true_positives == 2);
        CHECK(r.pairs.false_positives == 1);
        CHECK(r.pairs.false_negatives == 1);
        CHECK(*r.pairs.precision == Approx(2.0 / 3.0));
        CHECK(*r.pairs.recall == Approx(2.0 / 3.0));
        CHECK(r.pairs.by_coverage[0].total == 1);
    }
    SECTION("0.5: a-b is left out and its prediction is neither right nor wrong; 0.5 itself stays") {
        const eval::Report r = eval::evaluate(truth, results, eval::Options{0.5});
        CHECK(r.pairs.excluded_truth == 1);
        CHECK(r.pairs.ignored_predictions == 1);
        CHECK(r.pairs.true_positives == 1);
        CHECK(r.pairs.false_positives == 1);
        CHECK(r.pairs.false_negatives == 1);  // e-f (0.5) is kept and missed
        CHECK(*r.pairs.precision == Approx(0.5));
        CHECK(*r.pairs.recall == Approx(0.5));
        CHECK(r.pairs.by_coverage[0].total == 0);
        CHECK(r.pairs.by_relation[2].precision.total == 0);  // the rewrite prediction was ignored
        CHECK(r.direction.total == 1);
    }
    SECTION("0.9: nothing is left to find") {
        const eval::Report r = eval::evaluate(truth, results, eval::Options{0.9});
        CHECK(r.pairs.excluded_truth == 3);
        CHECK(r.pairs.ignored_predictions == 2);
        CHECK(*r.pairs.precision == 0.0);
        CHECK_FALSE(r.pairs.recall.has_value());
    }
}

TEST_CASE("eval: untraceable truth pairs are left out of the headline and counted beside it", "[eval]") {
    // a -> b (traceable), b -> c (c holds no trace of b: untraceable), a -> c (transitive),
    // d -> e (untraceable). Predicted: a-b, a-c (c attached to a), d-e, and g-h (false).
    const auto truth = truth_of(kTruthHeader + row({"b", "a", "rewrite", "0.6", "0.5", "1", "1"}) +
                                row({"c", "b", "rewrite", "0.5", "0.5", "1", "0"}) +
                                row({"c", "a", "rewrite", "0.4", "0.5", "0", "1"}) +
                                row({"e", "d", "rewrite", "0.5", "0.5", "1", "0"}) +
                                row({"z", "y", "rewrite", "0.2", "0.5", "1", "0"}));
    REQUIRE(truth.size() == 5);
    CHECK(truth[0].traceable);
    CHECK_FALSE(truth[1].traceable);
    const auto results =
        results_of(kResultsHeader + row({"a", "b", "rewrite", "a", "0.6", "0.5"}) +
                   row({"a", "c", "rewrite", "a", "0.4", "0.5"}) + row({"d", "e", "rewrite", "d", "0.5", "0.5"}) +
                   row({"g", "h", "rewrite", "g", "0.5", "0.5"}));
    const eval::Report r = eval::evaluate(truth, results, eval::Options{0.3});
    const eval::PairMetrics& pm = r.pairs;
    CHECK(pm.excluded_truth == 1);       // y-z: below the minimum coverage, untraceable or not
    CHECK(pm.untraceable_truth == 2);    // b-c and d-e
    CHECK(pm.untraceable_found == 1);    // d-e: ignored, neither right nor wrong
    CHECK(pm.true_positives == 2);       // a-b, a-c
    CHECK(pm.false_positives == 1);      // g-h
    CHECK(pm.false_negatives == 0);
    CHECK(*pm.precision == Approx(2.0 / 3.0));
    CHECK(*pm.recall == 1.0);
    CHECK(pm.direct.total == 1);         // a-b; b-c and d-e are out
    CHECK(pm.transitive.total == 1);
    const eval::PairCounts& all = pm.with_untraceable;
    CHECK(all.true_positives == 3);      // d-e counts as found
    CHECK(all.false_positives == 1);
    CHECK(all.false_negatives == 1);     // b-c
    CHECK(*all.precision == Approx(0.75));
    CHECK(*all.recall == Approx(0.75));
    CHECK(*all.f1 == Approx(0.75));
    std::ostringstream text;
    eval::write_text(text, r, {"truth.tsv", "results"});
    CHECK_THAT(text.str(), Catch::Contains("2 derived pairs untraceable"));
    CHECK_THAT(text.str(), Catch::Contains(
                               "  with untraceable        0.7500    0.7500    0.7500         3         1         1\n"));
    std::ostringstream json;
    eval::write_json(json, r, {"truth.tsv", "results"});
    CHECK_THAT(json.str(), Catch::Contains("\"untraceable_truth\":2,\"untraceable_found\":1,\"with_untraceable\":"
                                           "{\"precision\":0.7500,\"recall\":0.7500,\"f1\":0.7500,"
                                           "\"true_positives\":3,\"false_positives\":1,\"false_negatives\":1}"));
    SECTION("without untraceable pairs the text report has no second line") {
        std::ostringstream plain;
        eval::write_text(plain, eval::evaluate(truth_of(pair_truth()), results_of(pair_results_tsv())),
                         {"truth.tsv", "results"});
        CHECK_THAT(plain.str(), !Catch::Contains("with untraceable"));
    }
}

TEST_CASE("eval: recall by kind of copy, any coverage, and precision against same-story pairs", "[eval]") {
    // p1 <- s and p2 <- s are paraphrases (coverage 0.2 and 0.1: below the minimum), p3 <- t a
    // paraphrase above it; m <- s and m <- t a multi-take copy (direct), m <- u transitive;
    // c <- s a copy; q <- s an untraceable paraphrase (left out everywhere); x / s and y / t
    // same-event stories. Predicted derived: p1-s, m-s, m-u, c-s, q-s, x-s (a hard negative).
    const auto truth = truth_of(
        row({"p1", "s", "rewrite", "0.2", "0.2", "1", "1", "paraphrase"}) +
        row({"p2", "s", "rewrite", "0.1", "0.1", "1", "1", "paraphrase"}) +
        row({"p3", "t", "rewrite", "0.35", "0.3", "1", "1", "paraphrase"}) +
        row({"m", "s", "rewrite", "0.5", "0.4", "1", "1", "multi-take"}) +
        row({"m", "t", "near-duplicate", "0.9", "0.8", "1", "1", "multi-take"}) +
        row({"m", "u", "rewrite", "0.4", "0.3", "0", "1", "multi-take"}) +
        row({"c", "s", "rewrite", "0.6", "0.5", "1", "1", "copy"}) +
        row({"q", "s", "rewrite", "0.5", "0.5", "1", "0", "paraphrase"}) +
        row({"x", "s", "same-story", "0", "0", "0", "1", "same-event"}) +
        row({"y", "t", "same-story", "0", "0", "0", "1", "same-event"}));
    REQUIRE(truth.size() == 10);
    CHECK(truth[0].kind == "paraphrase");
    const auto results = results_of(
        kResultsHeader + row({"p1", "s", "rewrite", "s", "0.2", "0.2"}) + row({"m", "s", "rewrite", "s", "0.4", "0.5"}) +
        row({"m", "u", "rewrite", "u", "0.3", "0.4"}) + row({"c", "s", "rewrite", "s", "0.5", "0.6"}) +
        row({"q", "s", "rewrite", "s", "0.5", "0.5"}) + row({"x", "s", "rewrite", "s", "0.1", "0.1"}));
    const eval::Report r = eval::evaluate(truth, results, eval::Options{0.3});
    const eval::PairMetrics& pm = r.pairs;
    // Headline (coverage >= 0.3, traceable): p3, m-s, m-t, m-u, c-s; found m-s, m-u, c-s; x-s false.
    CHECK(pm.true_positives == 3);
    CHECK(pm.false_positives == 1);
    CHECK(pm.false_negatives == 2);
    CHECK(pm.same_story_pairs == 2);
    CHECK(pm.same_story_as_derived == 1);
    CHECK(pm.same_story_precision.hits == 3);
    CHECK(pm.same_story_precision.total == 4);
    REQUIRE(pm.by_kind.size() == 3);  // copy, multi-take, paraphrase: sorted, same-event is no copy
    const eval::KindMetrics& copy = pm.by_kind[0];
    const eval::KindMetrics& multi = pm.by_kind[1];
    const eval::KindMetrics& para = pm.by_kind[2];
    CHECK(copy.kind == "copy");
    CHECK(multi.kind == "multi-take");
    CHECK(para.kind == "paraphrase");
    CHECK((copy.recall.hits == 1 && copy.recall.total == 1));
    CHECK((multi.recall.hits == 2 && multi.recall.total == 3));
    CHECK((multi.recall_min_coverage.hits == 2 && multi.recall_min_coverage.total == 3));
    CHECK((multi.direct.hits == 1 && multi.direct.total == 2));
    // p1 is found although below the minimum coverage; q is untraceable and left out.
    CHECK((para.recall.hits == 1 && para.recall.total == 3));
    CHECK((para.recall_min_coverage.hits == 0 && para.recall_min_coverage.total == 1));
    CHECK((para.direct.hits == 1 && para.direct.total == 3));
    std::ostringstream text;
    eval::write_text(text, r, {"truth.tsv", "results"});
    CHECK_THAT(text.str(), Catch::Contains(
                               "  paraphrase" + std::string(19, ' ') + "3         1    0.3333         1         0    0.0000\n"));
    CHECK_THAT(text.str(), Catch::Contains("1 of 2 same-story pairs   (precision against them 0.7500)"));
    std::ostringstream json;
    eval::write_json(json, r, {"truth.tsv", "results"});
    CHECK_THAT(json.str(), Catch::Contains("\"multi-take\":{\"truth\":3,\"found\":2,\"recall\":0.6667,"
                                           "\"min_coverage\":{\"truth\":3,\"found\":2,\"recall\":0.6667},"
                                           "\"direct\":{\"truth\":2,\"found\":1,\"recall\":0.5000}}"));
    CHECK_THAT(json.str(), Catch::Contains("\"same_story_as_derived\":1,\"same_story_precision\":0.7500"));
    SECTION("a truth without kinds has no kind figures") {
        const eval::Report plain = eval::evaluate(truth_of(pair_truth()), results_of(pair_results_tsv()));
        CHECK(plain.pairs.by_kind.empty());
        std::ostringstream out;
        eval::write_text(out, plain, {"truth.tsv", "results"});
        CHECK_THAT(out.str(), !Catch::Contains("by kind"));
    }
}

TEST_CASE("eval: truth files: optional direct column, comments, merging", "[eval]") {
    SECTION("without the direct column every line is direct; CRLF and comments are fine") {
        const auto t = truth_of("# made by hand\r\n\r\nb\ta\tduplicate\t1\t0.99\r\n  \nc\ta\tsame-story\t0\t0\n");
        REQUIRE(t.size() == 2);
        CHECK(t[0].direct);
        CHECK(t[0].relation == Relation::duplicate);
        CHECK(t[0].coverage_of_copy == Approx(0.99));
        CHECK(t[0].line == 3);
        CHECK(t[1].relation == Relation::same_story);
    }
    SECTION("a pair reached directly and through a chain is one direct pair") {
        const auto t =
            truth_of(row({"c", "a", "rewrite", "0.5", "0.5", "0"}) + row({"c", "a", "rewrite", "0.6", "0.5", "1"}) +
                     row({"c", "a", "rewrite", "0.7", "0.5", "0"}));
        REQUIRE(t.size() == 1);
        CHECK(t[0].direct);
        CHECK(t[0].coverage_of_source == Approx(0.6));
        CHECK(t[0].line == 2);
    }
    SECTION("a same-story pair listed in both orders is one pair") {
        CHECK(truth_of(row({"x", "y", "same-story", "0", "0"}) + row({"y", "x", "same-story", "0", "0"})).size() == 1);
    }
}

TEST_CASE("eval: malformed truth lines are errors naming file:line", "[eval][bad_input]") {
    const std::string ok = kTruthHeader + row({"b", "a", "duplicate", "1", "1", "1"});
    auto bad = [&](const std::string& line, Errc code, const std::string& needle) {
        require_error([&] { truth_of(ok + line); }, code, "truth.tsv:3", needle);
    };
    bad("c\ta\trewrite\t0.5\n", Errc::bad_argument, "expected 5 to 8 tab-separated fields");
    bad(row({"c", "a", "rewrite", "0.5", "0.5", "1", "1", "copy", "extra"}), Errc::bad_argument, "found 9");
    bad(row({"c", "a", "rewrite", "0.5", "0.5", "1", "1", ""}), Errc::bad_argument, "kind must be one word");
    bad(row({"c", "a", "rewrite", "0.5", "0.5", "1", "1", "heavy copy"}), Errc::bad_argument, "kind must be one word");
    bad(row({"c", "a", "rewrite", "0.5", "0.5", "1", "no"}), Errc::bad_argument, "traceable must be 0 or 1");
    bad(row({"c", "a", "rewritten", "0.5", "0.5"}), Errc::bad_argument, "\"rewritten\"");
    bad(row({"c", "a", "unrelated", "0.5", "0.5"}), Errc::bad_argument, "relation must be");
    bad(row({"c", "a", "rewrite", "high", "0.5"}), Errc::bad_argument, "coverage_of_source must be a number");
    bad(row({"c", "a", "rewrite", "0.5", "1.5"}), Errc::bad_argument, "coverage_of_copy");
    bad(row({"c", "a", "rewrite", "nan", "0.5"}), Errc::bad_argument, "coverage_of_source");
    bad(row({"c", "a", "rewrite", "0.5", "0.5", "yes"}), Errc::bad_argument, "direct must be 0 or 1");
    bad(row({"", "a", "rewrite", "0.5", "0.5"}), Errc::bad_argument, "copy_id is empty");
    bad(row({"a", "a", "rewrite", "0.5", "0.5"}), Errc::bad_argument, "its own source");
    bad(row({"a", "b", "duplicate", "1", "1"}), Errc::bad_argument, "already listed at line 2 with another direction");
    bad(row({"a", "b", "same-story", "0", "0"}), Errc::bad_argument, "already listed at line 2 with another relation");
    bad("c\ta\trewrite\t0.5\t0.\xff\n", Errc::bad_utf8, "invalid UTF-8");
    bad(std::string("c\ta\trewrite\t0.5\t0.5") + '\0' + "\n", Errc::binary_input, "NUL");
    // A cycle of direct parents: a -> b -> c -> a. Reported at the line of one of its links.
    try {
        truth_of(row({"b", "a", "rewrite", "0.5", "0.5"}) + row({"c", "b", "rewrite", "0.5", "0.5"}) +
                 row({"a", "c", "rewrite", "0.5", "0.5"}));
        FAIL("no error for a cycle");
    } catch (const Error& e) {
        CHECK_THAT(e.what(), Catch::Contains("cycle"));
        CHECK_THAT(e.where(), Catch::StartsWith("truth.tsv:"));
    }
}

TEST_CASE("eval: malformed result lines are errors naming file:line", "[eval][bad_input]") {
    const std::string tsv_ok = kResultsHeader + row({"a", "b", "duplicate", "a", "1", "1"});
    auto bad_tsv = [&](const std::string& line, const std::string& needle) {
        require_error([&] { results_of(tsv_ok + line); }, Errc::bad_argument, "results:3", needle);
    };
    bad_tsv(row({"c", "d", "rewrite", "-", "0.5"}), "expected 7 tab-separated fields (id_a id_b relation source_id coverage_a coverage_b grade; grade may be left out), found 5");
    bad_tsv(row({"c", "d", "copied", "-", "0.5", "0.5"}), "unknown relation \"copied\"");
    bad_tsv(row({"c", "d", "rewrite", "e", "0.5", "0.5"}), "the source \"e\" is neither \"c\" nor \"d\"");
    bad_tsv(row({"c", "d", "rewrite", "-", "-0.5", "0.5"}), "coverage_a must be a number from 0 to 1");
    bad_tsv(row({"c", "c", "rewrite", "-", "0.5", "0.5"}), "with itself");
    bad_tsv(row({"b", "a", "rewrite", "-", "0.5", "0.5"}), "already listed at line 2");

    const std::string jsonl_ok = std::string(kSummaryJson) + "\n" + pair_json("a", "b", "duplicate", "a", 1, 1);
    auto bad_jsonl = [&](const std::string& line, const std::string& needle) {
        require_error([&] { results_of(jsonl_ok + line); }, Errc::bad_argument, "results:4", needle);
    };
    bad_jsonl("{\"type\":\"pair\",\"a\":\"c\",\"b\":\"d\",\n", "invalid JSON");
    bad_jsonl("{\"type\":\"summary\",\"x\":[1,{]}\n", "invalid JSON");
    bad_jsonl("{\"type\":\"pair\"} {\"type\":\"pair\"}\n", "");
    bad_jsonl("tsv\tin\tthe\tmiddle\n", "expected a JSON object");
    bad_jsonl("[1,2]\n", "expected a JSON object");
    bad_jsonl("{\"kind\":\"pair\"}\n", "no \"type\" field");
    bad_jsonl("{\"type\":3}\n", "\"type\" must be a string");
    bad_jsonl(
        "{\"type\":\"pair\",\"a\":\"c\",\"b\":\"d\",\"relation\":\"rewrite\",\"coverage_a\":1,\"coverage_b\":1}\n",
        "a \"pair\" line without \"source\"");
    bad_jsonl(pair_json("c", "d", "rewrite", "e", 0.5, 0.5), "neither");
    bad_jsonl("{\"type\":\"pair\",\"a\":1,\"b\":\"d\",\"relation\":\"rewrite\",\"source\":null,\"coverage_a\":1,"
              "\"coverage_b\":1}\n",
              "\"a\" must be a string");
    bad_jsonl("{\"type\":\"pair\",\"a\":\"c\",\"b\":\"d\",\"relation\":\"rewrite\",\"source\":null,\"coverage_a\":2,"
              "\"coverage_b\":1}\n",
              "\"coverage_a\" must be from 0 to 1");
    bad_jsonl(pair_json("b", "a", "rewrite", "-", 0.5, 0.5), "already listed at line 3");
    bad_jsonl(
        "{\"type\":\"member\",\"cluster\":\"one\",\"id\":\"a\",\"root\":\"a\",\"parents\":[],\"relation\":null}\n",
        "\"cluster\" must be a non-negative integer");
    bad_jsonl("{\"type\":\"member\",\"cluster\":1,\"id\":\"a\",\"root\":\"a\",\"parents\":[7],\"relation\":null}\n",
              "\"parents\" must be an array of ids");
    bad_jsonl("{\"type\":\"member\",\"cluster\":1,\"id\":\"a\",\"root\":\"a\",\"parents\":[]}\n",
              "without \"relation\"");
    bad_jsonl("{\"type\":\"cluster\",\"cluster\":1,\"root\":\"a\"}\n", "without \"size\"");

    // An article in two member lines.
    require_error([&] { results_of(member_json(1, "a", "a") + member_json(2, "a", "a")); }, Errc::bad_argument,
                  "results:2", "already has a member line (line 1)");
}

TEST_CASE("eval: results format detection and forward-compatible JSONL", "[eval]") {
    CHECK(eval::detect_results_format("") == eval::ResultsFormat::tsv);
    CHECK(eval::detect_results_format("\n \t\r\n{\"type\":\"summary\"}") == eval::ResultsFormat::jsonl);
    CHECK(eval::detect_results_format("#id_a\tid_b\n") == eval::ResultsFormat::tsv);
    const eval::Results r = results_of(
        "\n{\"type\":\"future\",\"pair\":{\"a\":1}}\n"
        "{\"relation\":null,\"parents\":[\"s\",\"t\"],\"root\":\"s\",\"id\":\"u\",\"cluster\":3,\"type\":\"member\"}\n"
        "{\"type\":\"pair\",\"a\":\"u\",\"b\":\"s\",\"relation\":\"same-story\",\"source\":null,\"coverage_a\":0,"
        "\"coverage_b\":0,\"new_field\":{\"x\":[1]}}\n");
    REQUIRE(r.members.size() == 1);
    CHECK(r.members[0].cluster == 3);
    CHECK(r.members[0].parents == std::vector<std::string>{"s", "t"});
    CHECK_FALSE(r.members[0].relation.has_value());
    CHECK(r.members[0].line == 3);
    REQUIRE(r.pairs.size() == 1);
    CHECK(r.pairs[0].relation == Relation::same_story);
    CHECK_FALSE(r.pairs[0].source.has_value());
}

TEST_CASE("eval: the summary's schema is checked, and another major version refused", "[eval][bad_input]") {
    const std::string pair = pair_json("a", "b", "duplicate", "a", 1, 1);
    const auto summary = [](const std::string& schema) {
        return "{\"type\":\"summary\",\"schema\":\"" + schema + "\",\"articles\":2}\n";
    };
    CHECK(report::scan_jsonl::schema_id() == "wiretrace.scan/1");
    CHECK(report::scan_jsonl::schema_major("wiretrace.scan/1") == 1);
    CHECK(report::scan_jsonl::schema_major("wiretrace.scan/1.3") == 1);
    CHECK(report::scan_jsonl::schema_major("wiretrace.scan/12") == 12);
    CHECK_FALSE(report::scan_jsonl::schema_major("wiretrace.scanner/1").has_value());
    CHECK_FALSE(report::scan_jsonl::schema_major("wiretrace.scan/").has_value());
    CHECK_FALSE(report::scan_jsonl::schema_major("wiretrace.check/1").has_value());

    SECTION("this version, a later minor one, or none: read") {
        CHECK(results_of(pair + summary("wiretrace.scan/1")).pairs.size() == 1);
        CHECK(results_of(pair + summary("wiretrace.scan/1.2")).pairs.size() == 1);
        CHECK(results_of(pair + kSummaryJson).pairs.size() == 1);
    }
    SECTION("another major version or another schema: refused, naming the file and the summary line") {
        require_error([&] { results_of(pair + summary("wiretrace.scan/2")); }, Errc::bad_argument, "results:2",
                      "schema \"wiretrace.scan/2\"; this eval reads wiretrace.scan/1");
        require_error([&] { results_of(pair + summary("wiretrace.check/1") + "\n"); }, Errc::bad_argument,
                      "results:2", "this eval reads wiretrace.scan/1");
        require_error([&] { results_of(pair + "{\"type\":\"summary\",\"schema\":2}\n"); }, Errc::bad_argument,
                      "results:2", "\"schema\" must be a string");
    }
    SECTION("a summary last is checked before the lines it describes are read") {
        const std::string renamed = "{\"type\":\"pair\",\"first\":\"a\",\"second\":\"b\"}\n";
        require_error([&] { results_of(renamed + summary("wiretrace.scan/2")); }, Errc::bad_argument, "results:2",
                      "wiretrace.scan/2");
    }
    SECTION("a summary elsewhere is checked where it stands") {
        require_error([&] { results_of(summary("wiretrace.scan/2") + pair); }, Errc::bad_argument, "results:1",
                      "wiretrace.scan/2");
    }
}

TEST_CASE("eval: vocabulary, band edges, and structs built in code", "[eval]") {
    CHECK(eval::coverage_band(0.0) == 0);
    CHECK(eval::coverage_band(0.2999) == 0);
    CHECK(eval::coverage_band(0.3) == 1);
    CHECK(eval::coverage_band(0.5999) == 1);
    CHECK(eval::coverage_band(0.6) == 2);
    CHECK(eval::coverage_band(1.0) == 2);
    CHECK(eval::coverage_band_name(1) == "0.3-0.6");
    CHECK(eval::parse_relation("near-duplicate") == Relation::near_duplicate);
    CHECK_FALSE(eval::parse_relation("Near-Duplicate").has_value());
    CHECK(eval::derived_index(Relation::rewrite) == 2);
    CHECK(eval::derived_index(Relation::same_story) == eval::kDerivedRelations.size());

    auto truth_pair = [](std::string copy, std::string source) {
        eval::TruthPair t;
        t.copy_id = std::move(copy);
        t.source_id = std::move(source);
        return t;
    };
    SECTION("a cycle of direct parents is an error, not a hang") {
        const std::vector<eval::TruthPair> cycle = {truth_pair("b", "a"), truth_pair("a", "b")};
        CHECK_THROWS_AS(eval::evaluate(cycle, eval::Results{}), Error);
    }
    SECTION("a pair predicted twice counts once (the parser rejects it; evaluate tolerates it)") {
        eval::Results results;
        eval::PredictedPair p;
        p.a = "a";
        p.b = "b";
        p.relation = Relation::rewrite;
        results.pairs = {p, p};
        const std::vector<eval::TruthPair> truth = {truth_pair("b", "a")};
        const eval::Report r = eval::evaluate(truth, results);
        CHECK(r.pairs.true_positives == 1);
        CHECK(r.pairs.false_positives == 0);
        CHECK(r.direction_undecided == 1);
    }
}

TEST_CASE("eval: classification report over the labelled pairs", "[eval][classification]") {
    const eval::Report r = eval::evaluate(truth_of(classification_truth()), results_of(classification_results()));
    check_classification(r.classification);
    // The pair metrics count the unlabelled z1-z2 as a false positive; the report does not.
    CHECK(r.pairs.false_positives == 3);
    CHECK(r.pairs.same_story_as_derived == 2);

    SECTION("JSON: the figures, with four decimals") {
        std::ostringstream json;
        eval::write_json(json, r, {"t", "r"});
        CHECK_THAT(json.str(),
                   Catch::Contains("\"classification\":{\"evaluated\":true,\"items\":10,"
                                   "\"confusion\":{\"derived\":{\"derived\":3,\"not_derived\":1},"
                                   "\"not_derived\":{\"derived\":2,\"not_derived\":4}},"
                                   "\"derived\":{\"precision\":0.6000,\"recall\":0.7500,\"f1\":0.6667,\"support\":4},"
                                   "\"not_derived\":{\"precision\":0.8000,\"recall\":0.6667,\"f1\":0.7273,"
                                   "\"support\":6},"
                                   "\"macro_f1\":0.6970,\"weighted_f1\":0.7030,\"accuracy\":0.7000},"
                                   "\"clusters\":"));
    }
    SECTION("text: the matrix and the figures") {
        std::ostringstream text;
        eval::write_text(text, r, {"t", "r"});
        CHECK_THAT(text.str(), Catch::Contains("classification of labelled pairs: 10 items (4 derived, 6 same-story)\n"
                                               "  truth \\ predicted      derived  not_derived\n"
                                               "  derived                      3            1\n"
                                               "  not_derived                  2            4\n"
                                               "\n"
                                               "by class               precision    recall        F1   support\n"
                                               "  derived                 0.6000    0.7500    0.6667         4\n"
                                               "  not_derived             0.8000    0.6667    0.7273         6\n"
                                               "  macro F1                0.6970\n"
                                               "  weighted F1             0.7030\n"
                                               "  accuracy                0.7000   (7 of 10 items)\n"));
    }
}

TEST_CASE("eval: classification report and --min-coverage", "[eval][classification]") {
    // g is a low-coverage copy of a, predicted derived (in the other order).
    const auto truth = truth_of(classification_truth() + row({"g", "a", "rewrite", "0.2", "0.2", "1"}));
    const auto results = results_of(classification_results() + row({"a", "g", "rewrite", "a", "0.2", "0.2"}));
    SECTION("without the option a-g is a found derived item: TP 4, FN 1, FP 2, TN 4") {
        const eval::ClassificationMetrics c = eval::evaluate(truth, results).classification;
        CHECK(c.items == 11);
        CHECK(c.confusion == eval::Confusion{{{4, 1}, {2, 4}}});
        // Derived: precision 4/6, recall 4/5, F1 8/11; not derived: precision 4/5, recall 4/6,
        // F1 8/11. Both averages are then 8/11; accuracy 8/11.
        CHECK(*c.by_class[eval::kDerivedClass].f1 == Approx(8.0 / 11.0));
        CHECK(*c.by_class[eval::kDerivedClass].precision.value() == Approx(4.0 / 6.0));
        CHECK(*c.by_class[eval::kDerivedClass].recall.value() == Approx(4.0 / 5.0));
        CHECK(*c.by_class[eval::kNotDerivedClass].precision.value() == Approx(4.0 / 5.0));
        CHECK(*c.macro_f1 == Approx(8.0 / 11.0));
        CHECK(*c.weighted_f1 == Approx(8.0 / 11.0));
        CHECK(*c.accuracy.value() == Approx(8.0 / 11.0));
    }
    SECTION("0.5: a-g is no item, and its prediction no false positive") {
        const eval::Report r = eval::evaluate(truth, results, eval::Options{0.5});
        CHECK(r.pairs.excluded_truth == 1);
        CHECK(r.pairs.ignored_predictions == 1);
        check_classification(r.classification);
    }
    SECTION("every labelled pair left out: no items, the report is not evaluated") {
        const auto low = truth_of(row({"b", "a", "duplicate", "0.2", "1"}) + row({"c", "a", "rewrite", "0.4", "0.3"}));
        const eval::Report r = eval::evaluate(low, results, eval::Options{0.5});
        CHECK(r.pairs.excluded_truth == 2);
        CHECK(r.pairs.ignored_predictions == 2);  // a-b and c-a
        CHECK_FALSE(r.classification.evaluated);
        CHECK(r.classification.items == 0);
        CHECK_FALSE(r.classification.accuracy.value().has_value());
        CHECK_FALSE(r.classification.macro_f1.has_value());
    }
}

TEST_CASE("eval: classification edge cases: no items, one class only", "[eval][classification]") {
    auto all_null = [](const eval::ClassMetrics& m) {
        return !m.precision.value() && !m.recall.value() && !m.f1 && m.recall.total == 0;
    };
    SECTION("empty truth and results: every figure null, counts 0, in the JSON too") {
        const eval::Report r = eval::evaluate(truth_of(""), results_of(""));
        const eval::ClassificationMetrics& c = r.classification;
        CHECK_FALSE(c.evaluated);
        CHECK(c.items == 0);
        CHECK(c.confusion == eval::Confusion{});
        CHECK(all_null(c.by_class[eval::kDerivedClass]));
        CHECK(all_null(c.by_class[eval::kNotDerivedClass]));
        CHECK_FALSE(c.macro_f1.has_value());
        CHECK_FALSE(c.weighted_f1.has_value());
        CHECK_FALSE(c.accuracy.value().has_value());
        std::ostringstream json, text;
        eval::write_json(json, r, {"t", "r"});
        eval::write_text(text, r, {"t", "r"});
        CHECK_THAT(json.str(),
                   Catch::Contains("\"classification\":{\"evaluated\":false,\"items\":0,"
                                   "\"confusion\":{\"derived\":{\"derived\":0,\"not_derived\":0},"
                                   "\"not_derived\":{\"derived\":0,\"not_derived\":0}},"
                                   "\"derived\":{\"precision\":null,\"recall\":null,\"f1\":null,\"support\":0},"
                                   "\"not_derived\":{\"precision\":null,\"recall\":null,\"f1\":null,\"support\":0},"
                                   "\"macro_f1\":null,\"weighted_f1\":null,\"accuracy\":null}"));
        CHECK_THAT(text.str(), Catch::Contains("\nclassification: n/a (no labelled pairs"));
    }
    SECTION("empty truth, some predictions: predictions outside the truth are no items") {
        const eval::Report r = eval::evaluate(truth_of(kTruthHeader), results_of(classification_results()));
        CHECK(r.pairs.false_positives == 6);
        CHECK_FALSE(r.classification.evaluated);
        CHECK(r.classification.confusion == eval::Confusion{});
    }
    SECTION("only derived items, all found: not_derived is all null, macro F1 is the derived F1") {
        const eval::ClassificationMetrics c = eval::classification(eval::Confusion{{{2, 0}, {0, 0}}});
        CHECK(c.evaluated);
        CHECK(c.items == 2);
        CHECK(*c.by_class[eval::kDerivedClass].f1 == 1.0);
        CHECK(all_null(c.by_class[eval::kNotDerivedClass]));
        CHECK(*c.macro_f1 == 1.0);
        CHECK(*c.weighted_f1 == 1.0);
        CHECK(*c.accuracy.value() == 1.0);
    }
    SECTION("only derived items, none found: derived precision null, not_derived recall null, F1s 0") {
        const eval::ClassificationMetrics c = eval::classification(eval::Confusion{{{0, 2}, {0, 0}}});
        const eval::ClassMetrics& derived = c.by_class[eval::kDerivedClass];
        const eval::ClassMetrics& not_derived = c.by_class[eval::kNotDerivedClass];
        CHECK_FALSE(derived.precision.value().has_value());
        CHECK(*derived.recall.value() == 0.0);
        CHECK(*derived.f1 == 0.0);
        CHECK(*not_derived.precision.value() == 0.0);
        CHECK_FALSE(not_derived.recall.value().has_value());
        CHECK(not_derived.recall.total == 0);
        CHECK(*not_derived.f1 == 0.0);
        CHECK(*c.macro_f1 == 0.0);
        CHECK(*c.weighted_f1 == 0.0);
        CHECK(*c.accuracy.value() == 0.0);
    }
    SECTION("only same-story items, one called derived: derived F1 0, not_derived F1 2/3") {
        // Not derived: TP 1, FN 1 (called derived), FP 0: precision 1, recall 1/2, F1 2/3.
        // Derived: no items, one prediction: precision 0, recall null, F1 0.
        const eval::ClassificationMetrics c = eval::classification(eval::Confusion{{{0, 0}, {1, 1}}});
        CHECK(c.items == 2);
        CHECK(*c.by_class[eval::kDerivedClass].precision.value() == 0.0);
        CHECK_FALSE(c.by_class[eval::kDerivedClass].recall.value().has_value());
        CHECK(*c.by_class[eval::kDerivedClass].f1 == 0.0);
        CHECK(*c.by_class[eval::kNotDerivedClass].precision.value() == 1.0);
        CHECK(*c.by_class[eval::kNotDerivedClass].recall.value() == 0.5);
        CHECK(*c.by_class[eval::kNotDerivedClass].f1 == Approx(2.0 / 3.0));
        CHECK(*c.macro_f1 == Approx(1.0 / 3.0));     // (0 + 2/3) / 2: the derived class was predicted
        CHECK(*c.weighted_f1 == Approx(2.0 / 3.0));  // support 0 and 2
        CHECK(*c.accuracy.value() == 0.5);
    }
}
