// SPDX-License-Identifier: Apache-2.0
// Tests of the provenance forest: the evidence that tells a source from another (shared edits,
// long shared blocks, stock phrases and boilerplate), best sources (duplicates first, copies of
// copies, siblings), roundups with several sources, cycle breaking, clusters by first parent,
// ancestors, independence from link order, and ignored links.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "wiretrace/params.hpp"
#include "wiretrace/provenance/provenance.hpp"

namespace prov = wiretrace::provenance;
using wiretrace::align::TokenRange;

namespace {

using Ids = std::vector<std::uint32_t>;
constexpr std::uint32_t kNone = prov::Forest::kNone;

prov::Node plain() { return {}; }
prov::Node wire() { return {false, 0, true}; }
prov::Node dated(std::int64_t published) { return {true, published, false}; }

/// A link whose `matched` is the size of its copy ranges (sorted by position in the copy).
/// `passages`: the passage of each range (empty: each range its own passage); `keys`: the gap
/// keys (empty: every gap a distinct edit).
prov::Link link(std::uint32_t copy, std::uint32_t source, std::vector<TokenRange> ranges,
                std::vector<std::uint32_t> passages = {}, bool duplicate = false,
                std::vector<std::uint64_t> keys = {}) {
    prov::Link l;
    l.copy = copy;
    l.source = source;
    for (const auto& r : ranges) l.matched += r.size();
    l.duplicate = duplicate;
    l.copy_ranges = std::move(ranges);
    l.range_passage = std::move(passages);
    l.gap_keys = std::move(keys);
    return l;
}

prov::Forest make_forest(const std::vector<prov::Node>& nodes, std::vector<prov::Link> links,
                         const prov::Options& options = {}) {
    return prov::build(nodes, std::move(links), options);
}

/// The roots of the clusters, in order.
Ids cluster_roots(const prov::Forest& f) {
    Ids out;
    for (const auto& c : f.clusters) out.push_back(c.root);
    return out;
}

/// True when `article` is among its own ancestors.
bool on_cycle(const prov::Forest& f, std::uint32_t article) {
    // ancestors() skips the article itself, so walk the parents directly.
    std::vector<std::uint8_t> seen(f.parents.size(), 0);
    Ids stack(f.parents[article].begin(), f.parents[article].end());
    while (!stack.empty()) {
        const std::uint32_t v = stack.back();
        stack.pop_back();
        if (v == article) return true;
        if (seen[v] != 0) continue;
        seen[v] = 1;
        stack.insert(stack.end(), f.parents[v].begin(), f.parents[v].end());
    }
    return false;
}

/// Structural invariants every forest of `n` articles must satisfy (see provenance.hpp).
void check_invariants(const prov::Forest& f, std::size_t n) {
    REQUIRE(f.parents.size() == n);
    REQUIRE(f.root.size() == n);
    REQUIRE(f.cluster.size() == n);
    std::vector<std::uint32_t> depth(n, 0);
    for (std::uint32_t a = 0; a < n; ++a) {
        CHECK_FALSE(on_cycle(f, a));
        Ids ps = f.parents[a];
        std::sort(ps.begin(), ps.end());
        CHECK(std::adjacent_find(ps.begin(), ps.end()) == ps.end());  // each parent once
        for (const std::uint32_t p : ps) CHECK((p < n && p != a));
        // The root through first parents.
        std::uint32_t r = a;
        std::size_t steps = 0;
        while (!f.parents[r].empty() && steps <= n) {
            r = f.parents[r].front();
            ++steps;
        }
        REQUIRE(steps <= n);
        depth[a] = static_cast<std::uint32_t>(steps);
        CHECK(f.root[a] == r);
    }
    for (std::uint32_t k = 0; k < f.clusters.size(); ++k) {
        const auto& c = f.clusters[k];
        if (k > 0) CHECK(f.clusters[k - 1].root < c.root);
        REQUIRE(c.members.size() >= 2);
        CHECK(c.members.front() == c.root);
        for (std::size_t i = 0; i < c.members.size(); ++i) {
            CHECK(f.root[c.members[i]] == c.root);
            CHECK(f.cluster[c.members[i]] == k);
            if (i > 0) {
                const std::uint32_t x = c.members[i - 1];
                const std::uint32_t y = c.members[i];
                CHECK((depth[x] < depth[y] || (depth[x] == depth[y] && x < y)));
            }
        }
    }
    for (std::uint32_t a = 0; a < n; ++a) {
        if (f.cluster[a] == kNone) {
            // Alone: nothing shares its root.
            CHECK(std::count(f.root.begin(), f.root.end(), f.root[a]) == 1);
        } else {
            REQUIRE(f.cluster[a] < f.clusters.size());
        }
    }
}

void check_same(const prov::Forest& a, const prov::Forest& b) {
    CHECK(a.parents == b.parents);
    CHECK(a.root == b.root);
    CHECK(a.cluster == b.cluster);
    REQUIRE(a.clusters.size() == b.clusters.size());
    for (std::size_t k = 0; k < a.clusters.size(); ++k) {
        CHECK(a.clusters[k].root == b.clusters[k].root);
        CHECK(a.clusters[k].members == b.clusters[k].members);
    }
}

}  // namespace

TEST_CASE("provenance: evidence counts the places where the copy follows one source and not the other",
          "[provenance]") {
    const prov::Options o;
    // y: the copy differs from y at 30 and 60 (the same changed name: one key) and y's words are
    // not side by side at 90 (a paragraph of y the copy lacks: a join). x holds 0-120 in one run.
    const prov::Link x = link(0, 1, {{0, 120}}, {0});
    prov::Link y = link(0, 2, {{0, 30}, {31, 60}, {61, 90}, {90, 120}}, {0, 0, 0, 0}, false, {7, 7, 9});
    CHECK(prov::evidence(x, y, o) == 2);
    CHECK(prov::evidence(y, x, o) == 0);  // y holds nothing x lacks
    SECTION("distinct edits count once each") {
        y.gap_keys = {7, 8, 9};
        CHECK(prov::evidence(x, y, o) == 3);
        y.gap_keys.clear();  // no keys: every gap is an edit of its own
        CHECK(prov::evidence(x, y, o) == 3);
    }
    SECTION("a gap of long_words or more counts its words") {
        y = link(0, 2, {{0, 30}, {50, 120}}, {0, 0}, false, {7});
        CHECK(prov::evidence(x, y, o) == 20);
        y = link(0, 2, {{0, 30}, {41, 120}}, {0, 0}, false, {7});
        CHECK(prov::evidence(x, y, o) == 1);  // 11 words: one edit
    }
    SECTION("a gap x does not bridge is no evidence") {
        const prov::Link x2 = link(0, 1, {{0, 60}, {62, 120}}, {0, 0});
        y = link(0, 2, {{0, 30}, {31, 90}, {90, 120}}, {0, 0, 0}, false, {7, 9});
        CHECK(prov::evidence(x2, y, o) == 2);  // the edit at 30 and the join at 90
        CHECK(prov::evidence(y, x2, o) == 1);  // y bridges x2's gap 60-62
        const prov::Link x3 = link(0, 1, {{0, 60}, {62, 89}, {92, 120}}, {0, 0, 0});
        CHECK(prov::evidence(x3, y, o) == 1);  // x3 breaks too around the join at 90
    }
    SECTION("a block at the edge of a run counts its words when it is long") {
        y = link(0, 2, {{0, 100}}, {0});
        CHECK(prov::evidence(x, y, o) == 20);  // 100-120, in a passage that holds y's words
        y = link(0, 2, {{0, 109}}, {0});
        CHECK(prov::evidence(x, y, o) == 0);  // 11 words: a chance extension
    }
    SECTION("a block alone in its passage is no evidence, however long (boilerplate)") {
        y = link(0, 2, {{0, 100}}, {0});
        const prov::Link apart = link(0, 1, {{0, 100}, {200, 214}}, {0, 1});
        CHECK(prov::evidence(apart, y, o) == 0);
        const prov::Link chained = link(0, 1, {{0, 100}, {110, 124}}, {0, 0});  // a paragraph of x kept
        CHECK(prov::evidence(chained, y, o) == 14);
        prov::Options longer;
        longer.long_words = 15;
        CHECK(prov::evidence(chained, y, longer) == 0);
        const prov::Link no_passages = link(0, 1, {{0, 100}, {110, 124}});  // each run a passage
        CHECK(prov::evidence(no_passages, y, o) == 0);
    }
}

TEST_CASE("provenance: a copy of a copy attaches to the copy it was made from", "[provenance]") {
    // 0 = W (wire), 1 = S (a copy of W: a word changed at 50, a paragraph of W dropped before its
    // word 80), 2 = C (a copy of S). In C, W's runs break at 50 and join at 80; S holds 0-140.
    const std::vector<prov::Node> nodes = {wire(), dated(200), dated(300)};
    std::vector<prov::Link> links = {
        link(1, 0, {{0, 50}, {51, 80}, {80, 140}}, {0, 0, 0}, false, {11, 12}),
        link(2, 0, {{0, 50}, {51, 80}, {80, 140}}, {0, 0, 0}, false, {11, 12}),
        link(2, 1, {{0, 140}}, {0}),
    };
    SECTION("it keeps S's edits") {
        const auto f = make_forest(nodes, links);
        check_invariants(f, nodes.size());
        CHECK(f.parents == std::vector<Ids>{{}, {0}, {1}});  // W supplies nothing S does not
        CHECK(f.root == Ids{0, 0, 0});
        REQUIRE(f.clusters.size() == 1);
        CHECK(f.clusters[0].members == Ids{0, 1, 2});
        CHECK(prov::ancestors(f, 2) == Ids{1, 0});
    }
    SECTION("one kept edit is enough") {
        links[1] = link(2, 0, {{0, 50}, {51, 70}}, {0, 0}, false, {11});
        links[2] = link(2, 1, {{0, 70}}, {0});
        CHECK(make_forest(nodes, links).parents == std::vector<Ids>{{}, {0}, {1}});
    }
    SECTION("trimmed before S's edits, C holds no trace of S: the original") {
        links[1] = link(2, 0, {{0, 45}}, {0});
        links[2] = link(2, 1, {{0, 45}}, {0});
        const auto f = make_forest(nodes, links);
        check_invariants(f, nodes.size());
        CHECK(f.parents == std::vector<Ids>{{}, {0}, {0}});
        CHECK(prov::ancestors(f, 2) == Ids{0});
    }
    SECTION("a copy of S's copy: the nearest") {
        // 3 = D, a copy of C that kept C's own change at 100 (C's runs from S break there).
        std::vector<prov::Node> n4 = nodes;
        n4.push_back(dated(400));
        links[2] = link(2, 1, {{0, 140}}, {0});
        links.push_back(link(3, 0, {{0, 50}, {51, 80}, {80, 100}, {101, 140}}, {0, 0, 0, 0}, false, {11, 12, 13}));
        links.push_back(link(3, 1, {{0, 100}, {101, 140}}, {0, 0}, false, {13}));
        links.push_back(link(3, 2, {{0, 140}}, {0}));
        const auto f = make_forest(n4, links);
        check_invariants(f, n4.size());
        CHECK(f.parents == std::vector<Ids>{{}, {0}, {1}, {2}});
        CHECK(prov::ancestors(f, 3) == Ids{2, 1, 0});
        CHECK(f.clusters[0].members == Ids{0, 1, 2, 3});
    }
}

TEST_CASE("provenance: a sibling is not a source", "[provenance]") {
    // 0 = W (wire), 1 = S and 2 = C, both copies of W. C inserted 8 words (40-48) inside W's text;
    // S happens to hold the same 8 words (a name and title) in a paragraph of its own, so S
    // supplies 8 words more than W and the old margin rule took them as S's innovation.
    const std::vector<prov::Node> nodes = {wire(), dated(200), dated(300)};
    std::vector<prov::Link> links = {
        link(1, 0, {{0, 100}}, {0}),
        link(2, 0, {{0, 40}, {48, 100}}, {0, 0}, false, {21}),
        link(2, 1, {{0, 40}, {40, 48}, {48, 100}}, {0, 1, 0}, false, {22, 23}),
    };
    SECTION("a shared stock phrase") {
        const auto f = make_forest(nodes, links);
        check_invariants(f, nodes.size());
        CHECK(f.parents == std::vector<Ids>{{}, {0}, {0}});
        CHECK(f.root == Ids{0, 0, 0});
        REQUIRE(f.clusters.size() == 1);
        CHECK(f.clusters[0].members == Ids{0, 1, 2});
    }
    SECTION("the same boilerplate line, 14 words, alone in its passage") {
        links[1] = link(2, 0, {{0, 100}}, {0});
        links[2] = link(2, 1, {{0, 100}, {130, 144}}, {0, 1});
        CHECK(make_forest(nodes, links).parents == std::vector<Ids>{{}, {0}, {0}});
    }
    SECTION("a shared edit against W's words the sibling dropped") {
        // S and C made the same change at 30 (a name variant), but C kept W's paragraph 60-90
        // that S dropped: a copy of S could not hold it.
        links[1] = link(2, 0, {{0, 30}, {31, 120}}, {0, 0}, false, {31});
        links[2] = link(2, 1, {{0, 60}, {90, 120}}, {0, 0}, false, {32});
        CHECK(make_forest(nodes, links).parents == std::vector<Ids>{{}, {0}, {0}});
    }
    SECTION("a shared edit and nothing against it: the evidence says S") {
        links[1] = link(2, 0, {{0, 30}, {31, 120}}, {0, 0}, false, {31});
        links[2] = link(2, 1, {{0, 120}}, {0});
        CHECK(make_forest(nodes, links).parents == std::vector<Ids>{{}, {0}, {1}});
    }
}

TEST_CASE("provenance: ties go to the wire, then the earlier published, then the corpus order",
          "[provenance]") {
    // Article 0 matches sources 1 and 2 equally (within the margin, no innovations).
    const std::vector<prov::Link> links = {link(0, 1, {{0, 40}}), link(0, 2, {{0, 45}})};
    const auto first_parent = [&](prov::Node n1, prov::Node n2) {
        const std::vector<prov::Node> nodes = {plain(), n1, n2};
        const auto f = make_forest(nodes, links);
        check_invariants(f, nodes.size());
        REQUIRE(f.parents[0].size() == 1);
        return f.parents[0][0];
    };
    CHECK(first_parent(plain(), plain()) == 1);         // corpus order
    CHECK(first_parent(plain(), wire()) == 2);          // wire
    CHECK(first_parent(dated(9), wire()) == 2);         // wire before an earlier date
    CHECK(first_parent(dated(9), dated(3)) == 2);       // earlier published
    CHECK(first_parent(dated(3), dated(9)) == 1);
    CHECK(first_parent(dated(5), dated(5)) == 1);       // same time: corpus order
    CHECK(first_parent({true, 3, true}, {true, 1, true}) == 2);  // both wire: earlier published
    CHECK(first_parent({true, 1, true, true}, plain()) == 2);    // an aggregator's page last, even wire and dated
    CHECK(first_parent({true, 1, false, true}, {true, 5, false, true}) == 1);  // both: earlier published
}

TEST_CASE("provenance: a duplicate wins over a source with more words", "[provenance]") {
    // 0 = W (wire), 1 = c (a trimmed copy of W), 2 = d (a duplicate of c). d also matches W for
    // 70 words: far more than its 50-word duplicate link with c.
    const std::vector<prov::Node> nodes = {wire(), plain(), plain()};
    std::vector<prov::Link> links = {
        link(1, 0, {{0, 50}}),
        link(2, 0, {{0, 70}}),
        link(2, 1, {{0, 50}}, {}, true),
    };
    SECTION("duplicate") {
        const auto f = make_forest(nodes, links);
        check_invariants(f, nodes.size());
        // W's 20 fresh words are below half of its 70, but W is an earlier version of c (its
        // source): d took those words from it, as a copy combining two takes does. A further parent.
        CHECK(f.parents == std::vector<Ids>{{}, {0}, {1, 0}});
        CHECK(f.root == Ids{0, 0, 0});
        REQUIRE(f.clusters.size() == 1);
        CHECK(f.clusters[0].members == Ids{0, 1, 2});
        CHECK(prov::ancestors(f, 2) == Ids{1, 0});
    }
    SECTION("the same links without the duplicate flag: the most words win") {
        links[2].duplicate = false;
        const auto f = make_forest(nodes, links);
        check_invariants(f, nodes.size());
        CHECK(f.parents == std::vector<Ids>{{}, {0}, {0}});
        CHECK(f.clusters[0].members == Ids{0, 1, 2});
    }
    SECTION("among duplicates the most original wins") {
        links[1] = link(2, 0, {{0, 50}}, {}, true);  // d is a duplicate of W too
        const auto f = make_forest(nodes, links);
        check_invariants(f, nodes.size());
        CHECK(f.parents == std::vector<Ids>{{}, {0}, {0}});
    }
}

TEST_CASE("provenance: a roundup keeps every source that supplied a part", "[provenance]") {
    // 0 = W1 (wire), 1 = W2 (wire), 2 = R (roundup: W1 tokens 0-100, W2 tokens 100-160),
    // 3 = C2 (copy of W2), 4 = S (copy of W1; R matches it inside W1's part only).
    const std::vector<prov::Node> nodes = {wire(), wire(), plain(), plain(), plain()};
    std::vector<prov::Link> links = {
        link(2, 0, {{0, 100}}),
        link(2, 1, {{100, 160}}),
        link(2, 4, {{10, 90}}),
        link(3, 1, {{0, 50}}),
        link(4, 0, {{0, 90}}),
    };
    SECTION("two wire stories, two clusters") {
        const auto f = make_forest(nodes, links);
        check_invariants(f, nodes.size());
        CHECK(f.parents == std::vector<Ids>{{}, {}, {0, 1}, {1}, {0}});
        CHECK(f.root == Ids{0, 1, 0, 1, 0});
        CHECK(f.cluster == Ids{0, 1, 0, 1, 0});
        CHECK(cluster_roots(f) == Ids{0, 1});
        CHECK(f.clusters[0].members == Ids{0, 2, 4});
        CHECK(f.clusters[1].members == Ids{1, 3});
        CHECK(prov::ancestors(f, 2) == Ids{0, 1});
    }
    SECTION("without a copy of its own W2 stays alone") {
        links.erase(links.begin() + 3);
        const auto f = make_forest(nodes, links);
        check_invariants(f, nodes.size());
        CHECK(f.parents == std::vector<Ids>{{}, {}, {0, 1}, {}, {0}});
        CHECK(f.root == Ids{0, 1, 0, 3, 0});
        CHECK(f.cluster == Ids{0, kNone, 0, kNone, 0});
        CHECK(cluster_roots(f) == Ids{0});
        CHECK(f.clusters[0].members == Ids{0, 2, 4});
    }
    SECTION("further sources in order of fresh words") {
        // 0 = W1, 1 = W2 (30 words), 2 = W3 (50 words), 3 = R.
        const std::vector<prov::Node> n4 = {wire(), wire(), wire(), plain()};
        const auto f = make_forest(n4, {link(3, 0, {{0, 100}}), link(3, 1, {{100, 130}}), link(3, 2, {{130, 180}})});
        check_invariants(f, n4.size());
        CHECK(f.parents == std::vector<Ids>{{}, {}, {}, {0, 2, 1}});
        CHECK(f.root == Ids{0, 1, 2, 0});
        CHECK(f.cluster == Ids{0, kNone, kNone, 0});
        REQUIRE(f.clusters.size() == 1);
        CHECK(f.clusters[0].members == Ids{0, 3});
        CHECK(prov::ancestors(f, 3) == Ids{0, 2, 1});
    }
}

TEST_CASE("provenance: a copy that combines takes attaches to the takes, not to a sibling that combined them alike",
          "[provenance]") {
    // 0 = T1 (first take, wire), 1 = T2 (write-through, wire, made from T1), 2 = S and 3 = C:
    // two papers' copies of T2 (a new lead, C's tokens 0-20; T1's text it kept, 20-40; its own
    // rewording, 55-100) with the paragraph of T1 the write-through left out put back (40-55).
    // S holds all of C. T2's runs in a copy are one passage.
    const std::vector<prov::Node> nodes = {wire(), wire(), dated(10), dated(20)};
    std::vector<prov::Link> links = {
        link(1, 0, {{0, 20}, {30, 45}}),
        link(2, 1, {{0, 40}, {55, 100}}, {0, 0}),
        link(2, 0, {{20, 55}}),
        link(3, 1, {{0, 40}, {55, 100}}, {0, 0}),
        link(3, 0, {{20, 55}}),
        link(3, 2, {{0, 100}}),
    };
    SECTION("the sibling is explained by the takes it was made from") {
        const auto f = make_forest(nodes, links);
        check_invariants(f, nodes.size());
        // Against T2 alone S has T1's 15 words (evidence 15 to 0); against the union of S's own
        // sources, T2 and T1, nothing (0 to 0): C goes to the takes, T2 first (most words), then
        // T1 for the 15 words T2 lacks (T1 is an earlier version of T2: a further parent, though
        // 15 is below half of the 35 words it supplies).
        CHECK(f.parents == std::vector<Ids>{{}, {0}, {1, 0}, {1, 0}});
        CHECK(prov::ancestors(f, 3) == Ids{1, 0});
    }
    SECTION("a copy of S that keeps an edit of S's own attaches to S") {
        // T2's runs in C break at token 80 (S dropped a word of T2 there, and C has S's text).
        links[3] = link(3, 1, {{0, 40}, {55, 80}, {80, 100}}, {0, 0, 0}, false, {7, 9});
        const auto f = make_forest(nodes, links);
        check_invariants(f, nodes.size());
        CHECK(f.parents == std::vector<Ids>{{}, {0}, {1, 0}, {2}});
        CHECK(prov::ancestors(f, 3) == Ids{2, 1, 0});
    }
}

TEST_CASE("provenance: roundup thresholds", "[provenance]") {
    // 0 = W (wire, tokens 0-100 of R), 1 = X (wire), 2 = R.
    const std::vector<prov::Node> nodes = {wire(), wire(), plain()};
    const auto parents_of_r = [&](std::vector<TokenRange> x_ranges, const prov::Options& o = {}) {
        const auto f = make_forest(nodes, {link(2, 0, {{0, 100}}), link(2, 1, std::move(x_ranges))}, o);
        check_invariants(f, nodes.size());
        return f.parents[2];
    };
    CHECK(parents_of_r({{100, 112}}) == Ids{0, 1});  // 12 new words, all of what X supplies
    CHECK(parents_of_r({{100, 111}}) == Ids{0});     // 11 new words: below min_new_words
    CHECK(parents_of_r({{88, 112}}) == Ids{0, 1});   // 12 new of 24: exactly min_new_share
    CHECK(parents_of_r({{76, 112}}) == Ids{0});      // 12 new of 36: below min_new_share
    CHECK(parents_of_r({{0, 50}, {100, 130}}) == Ids{0});     // 30 new of 80: below min_new_share
    prov::Options o;
    o.min_new_share = 0.3;
    CHECK(parents_of_r({{0, 50}, {100, 130}}, o) == Ids{0, 1});  // 30 >= 0.3 * 80
    o.min_new_words = 31;
    CHECK(parents_of_r({{100, 130}}, o) == Ids{0});  // 30 new words < min_new_words
    o.min_new_words = 30;
    CHECK(parents_of_r({{100, 130}}, o) == Ids{0, 1});
}

TEST_CASE("provenance: a roundup source that descends from the copy is not a parent", "[provenance]") {
    // 0 = W (wire), 1 = R (copy of W), 2 = X (copy of R); R also matches X on tokens 100-160
    // that W lacks. X descends from R, so it cannot also be R's source.
    const std::vector<prov::Node> nodes = {wire(), plain(), plain()};
    const auto f = make_forest(nodes, {link(1, 0, {{0, 100}}), link(2, 1, {{0, 160}}), link(1, 2, {{100, 160}})});
    check_invariants(f, nodes.size());
    CHECK(f.parents == std::vector<Ids>{{}, {0}, {1}});
    CHECK(f.root == Ids{0, 0, 0});
    REQUIRE(f.clusters.size() == 1);
    CHECK(f.clusters[0].members == Ids{0, 1, 2});
    CHECK(prov::ancestors(f, 1) == Ids{0});
    CHECK(prov::ancestors(f, 2) == Ids{1, 0});
}

TEST_CASE("provenance: ancestors are breadth-first, nearest first, each once", "[provenance]") {
    // 1 = P and 4 = Q (wire); 2 = B, a copy of P; 3 = A, a copy of Q; 0 = C, a roundup of B
    // (tokens 0-50) and A (50-100). A and B tie: B wins by corpus order.
    const std::vector<prov::Node> nodes = {plain(), wire(), plain(), plain(), wire()};
    std::vector<prov::Link> links = {link(2, 1, {{0, 100}}), link(3, 4, {{0, 100}}), link(0, 3, {{50, 100}}),
                                     link(0, 2, {{0, 50}})};
    SECTION("two lines") {
        const auto f = make_forest(nodes, links);
        check_invariants(f, nodes.size());
        CHECK(f.parents == std::vector<Ids>{{2, 3}, {}, {1}, {4}, {}});
        CHECK(prov::ancestors(f, 0) == Ids{2, 3, 1, 4});  // both parents before any grandparent
        CHECK(prov::ancestors(f, 3) == Ids{4});
        CHECK(f.root == Ids{1, 1, 1, 4, 4});
        CHECK(f.cluster == Ids{0, 0, 0, 1, 1});
        REQUIRE(f.clusters.size() == 2);
        CHECK(f.clusters[0].members == Ids{1, 2, 0});
        CHECK(f.clusters[1].members == Ids{4, 3});
    }
    SECTION("a common grandparent appears once") {
        links[1] = link(3, 1, {{0, 100}});  // A is a copy of P too
        const auto f = make_forest(nodes, links);
        check_invariants(f, nodes.size());
        CHECK(f.parents == std::vector<Ids>{{2, 3}, {}, {1}, {1}, {}});
        CHECK(prov::ancestors(f, 0) == Ids{2, 3, 1});
        CHECK(f.cluster == Ids{0, 0, 0, 0, kNone});
        REQUIRE(f.clusters.size() == 1);
        CHECK(f.clusters[0].members == Ids{1, 2, 3, 0});
    }
}

TEST_CASE("provenance: a cycle is broken at its most original member", "[provenance]") {
    // a -> b -> c -> a: b is a's best source, c is b's, a is c's. 3 = d copies a.
    std::vector<prov::Link> links = {
        link(0, 1, {{0, 50}}),
        link(1, 2, {{0, 50}}),
        link(2, 0, {{0, 50}}),
        link(3, 0, {{0, 40}}),
    };
    SECTION("the wire member becomes the root") {
        const std::vector<prov::Node> nodes = {dated(200), wire(), dated(100), plain()};
        const auto f = make_forest(nodes, links);
        check_invariants(f, nodes.size());
        CHECK(f.parents == std::vector<Ids>{{1}, {}, {0}, {0}});
        CHECK(f.root == Ids{1, 1, 1, 1});
        REQUIRE(f.clusters.size() == 1);
        CHECK(f.clusters[0].root == 1);
        CHECK(f.clusters[0].members == Ids{1, 0, 2, 3});
        CHECK(prov::ancestors(f, 2) == Ids{0, 1});
        CHECK(prov::ancestors(f, 1).empty());
    }
    SECTION("else the earliest published") {
        const std::vector<prov::Node> nodes = {dated(300), dated(200), dated(100), plain()};
        const auto f = make_forest(nodes, links);
        check_invariants(f, nodes.size());
        CHECK(f.parents == std::vector<Ids>{{1}, {2}, {}, {0}});
        CHECK(f.root == Ids{2, 2, 2, 2});
        REQUIRE(f.clusters.size() == 1);
        CHECK(f.clusters[0].members == Ids{2, 1, 0, 3});
    }
    SECTION("else the first in the corpus") {
        const std::vector<prov::Node> nodes(4, plain());
        const auto f = make_forest(nodes, links);
        check_invariants(f, nodes.size());
        CHECK(f.parents == std::vector<Ids>{{}, {2}, {0}, {0}});
        CHECK(f.root == Ids{0, 0, 0, 0});
        REQUIRE(f.clusters.size() == 1);
        CHECK(f.clusters[0].members == Ids{0, 2, 3, 1});
    }
    SECTION("mutual duplicates") {
        const std::vector<prov::Node> nodes = {dated(20), dated(10)};
        const auto f = make_forest(nodes, {link(0, 1, {{0, 50}}, {}, true), link(1, 0, {{0, 50}}, {}, true)});
        check_invariants(f, nodes.size());
        CHECK(f.parents == std::vector<Ids>{{1}, {}});
        CHECK(f.root == Ids{1, 1});
        REQUIRE(f.clusters.size() == 1);
        CHECK(f.clusters[0].members == Ids{1, 0});
    }
}

TEST_CASE("provenance: the forest does not depend on the order of the links", "[provenance]") {
    std::mt19937_64 rng(20240611);
    const auto uniform = [&](std::uint32_t lo, std::uint32_t hi) {  // [lo, hi]
        return std::uniform_int_distribution<std::uint32_t>(lo, hi)(rng);
    };
    const auto chance = [&](double p) { return std::bernoulli_distribution(p)(rng); };
    const auto some_ranges = [&](std::uint32_t max_count) {
        std::vector<TokenRange> out;
        const std::uint32_t count = uniform(0, max_count);
        std::uint32_t at = uniform(0, 10);
        for (std::uint32_t i = 0; i < count; ++i) {
            const std::uint32_t len = uniform(1, 40);
            out.push_back({at, at + len});
            at += len + uniform(0, 15);
        }
        return out;
    };
    for (int trial = 0; trial < 50; ++trial) {
        CAPTURE(trial);
        const auto n = uniform(1, 12);
        std::vector<prov::Node> nodes(n);
        for (auto& node : nodes) {
            node.wire = chance(0.25);
            node.has_time = chance(0.6);
            node.published = node.has_time ? uniform(0, 4) : 0;  // many equal times
        }
        // A random forest: article i copies an earlier one, or is a root; plus noise links
        // between any two articles, in either direction (cycles), each pair at most once.
        std::vector<prov::Link> links;
        std::vector<std::uint8_t> used(static_cast<std::size_t>(n) * n, 0);
        const auto add = [&](std::uint32_t copy, std::uint32_t source) {
            if (copy == source || used[copy * n + source] != 0) return;
            used[copy * n + source] = 1;
            auto ranges = some_ranges(3);
            std::vector<std::uint32_t> passages;
            for (std::size_t r = 0; r < ranges.size() && chance(0.7); ++r) passages.push_back(uniform(0, 1));
            if (passages.size() != ranges.size()) passages.clear();
            std::vector<std::uint64_t> keys;
            for (std::size_t r = 0; r + 1 < ranges.size() && chance(0.8); ++r) keys.push_back(uniform(0, 2));
            if (keys.size() + 1 != ranges.size()) keys.clear();
            auto l = link(copy, source, std::move(ranges), std::move(passages), chance(0.1), std::move(keys));
            if (chance(0.3)) l.matched = uniform(0, 100);  // not always the ranges' size
            links.push_back(std::move(l));
        };
        for (std::uint32_t i = 1; i < n; ++i) {
            if (chance(0.75)) add(i, uniform(0, i - 1));
        }
        const std::uint32_t noise = uniform(0, 2 * n);
        for (std::uint32_t k = 0; k < noise; ++k) add(uniform(0, n - 1), uniform(0, n - 1));
        // Ignored links may repeat: they are dropped whatever their order.
        for (int k = 0; k < 3; ++k) {
            const std::uint32_t a = uniform(0, n - 1);
            links.push_back(link(a, a, {{0, 90}}));
            links.push_back(link(a, n + uniform(0, 3), {{0, 90}}));
            links.push_back(link(n + uniform(0, 3), a, {{0, 90}}));
        }
        prov::Options o;
        if (trial % 2 == 1) {
            o.long_words = uniform(0, 30);
            o.min_new_share = trial % 4 == 1 ? 0.5 : 0.2;
        }

        const auto reference = prov::build(nodes, links, o);
        check_invariants(reference, n);
        for (int shuffle = 0; shuffle < 4; ++shuffle) {
            std::shuffle(links.begin(), links.end(), rng);
            check_same(prov::build(nodes, links, o), reference);
        }
        std::reverse(links.begin(), links.end());
        check_same(prov::build(nodes, links, o), reference);
    }
}

TEST_CASE("provenance: no links, self-links and out-of-range links", "[provenance]") {
    const std::vector<prov::Node> nodes = {wire(), plain(), dated(5), plain()};
    const auto check_alone = [&](const prov::Forest& f) {
        check_invariants(f, nodes.size());
        CHECK(f.parents == std::vector<Ids>(4));
        CHECK(f.root == Ids{0, 1, 2, 3});
        CHECK(f.cluster == Ids(4, kNone));
        CHECK(f.clusters.empty());
        for (std::uint32_t a = 0; a < 4; ++a) CHECK(prov::ancestors(f, a).empty());
    };
    SECTION("no links") { check_alone(make_forest(nodes, {})); }
    SECTION("no articles") {
        const auto f = make_forest({}, {link(1, 0, {{0, 50}})});
        CHECK(f.parents.empty());
        CHECK(f.root.empty());
        CHECK(f.cluster.empty());
        CHECK(f.clusters.empty());
    }
    const std::vector<prov::Link> ignored = {
        link(2, 2, {{0, 500}}),
        link(1, 1, {{0, 500}}, {}, true),
        link(1, 4, {{0, 500}}, {}, true),
        link(4, 1, {{0, 500}}),
        link(9, 70, {{0, 500}}),
        link(kNone, 0, {{0, 500}}),
        link(3, kNone, {{0, 500}}),
    };
    SECTION("only ignored links") { check_alone(make_forest(nodes, ignored)); }
    SECTION("ignored links beside a real one") {
        auto links = ignored;
        links.push_back(link(1, 0, {{0, 50}}));
        const auto f = make_forest(nodes, links);
        check_invariants(f, nodes.size());
        CHECK(f.parents == std::vector<Ids>{{}, {0}, {}, {}});
        CHECK(f.root == Ids{0, 0, 2, 3});
        CHECK(f.cluster == Ids{0, 0, kNone, kNone});
        REQUIRE(f.clusters.size() == 1);
        CHECK(f.clusters[0].root == 0);
        CHECK(f.clusters[0].members == Ids{0, 1});
    }
}

// The header promises a result that "depends on the links, not on their order", but build()
// keeps only the first of several links with the same copy and source (std::unique after an
// unstable sort by the pair), so when a pair is repeated with different contents the input
// order picks which one counts.
TEST_CASE("provenance: a repeated pair keeps its best link, whatever the order", "[provenance]") {
    // 0 = the copy; 1 and 2 plain sources. Pair (0, 1) is given twice: 10 words and 50 words.
    const std::vector<prov::Node> nodes(3, plain());
    std::vector<prov::Link> links = {link(0, 1, {{0, 10}}), link(0, 1, {{0, 50}}), link(0, 2, {{0, 30}})};
    const auto forward = make_forest(nodes, links);
    std::reverse(links.begin(), links.end());
    const auto backward = make_forest(nodes, links);
    CHECK(forward.parents == backward.parents);
    CHECK(forward.root == backward.root);
    CHECK(forward.parents[0] == std::vector<std::uint32_t>{1});  // the 50-word link of (0, 1) beats 30
}

TEST_CASE("union of sources: every member is a parent, the largest share first", "[provenance][union]") {
    const std::vector<prov::Node> nodes{wire(), wire(), wire(), plain()};
    auto a = link(3, 0, {{0, 4}});
    a.union_share = 0.10;
    auto b = link(3, 1, {});
    b.union_share = 0.30;
    auto c = link(3, 2, {{10, 30}});
    c.union_share = 0.20;
    const auto f = make_forest(nodes, {a, b, c});
    CHECK(f.parents[3] == Ids{1, 2, 0});
    CHECK(f.root[3] == 1);
}

TEST_CASE("union of sources: a source derived on its own stays the first parent", "[provenance][union]") {
    const std::vector<prov::Node> nodes{wire(), wire(), plain()};
    auto extra = link(2, 1, {{40, 45}});
    extra.union_share = 0.25;
    const auto f = make_forest(nodes, {link(2, 0, {{0, 30}}), extra});
    CHECK(f.parents[2] == Ids{0, 1});
    // Without the union mark the second source supplies too little to be kept (roundup rule).
    const auto g = make_forest(nodes, {link(2, 0, {{0, 30}}), link(2, 1, {{40, 45}})});
    CHECK(g.parents[2] == Ids{0});
}

TEST_CASE("provenance: a version is the same outlet's later text that keeps most of the older one",
          "[provenance][version]") {
    using wiretrace::Relation;
    const prov::Issue older{"AP", 1000};
    const prov::Issue newer{"AP", 4600};
    // An updated story: the newer keeps 95% of the older, and 70% of it comes from there.
    CHECK(prov::is_version(older, newer, Relation::rewrite, 0.95, 0.70));
    CHECK(prov::is_version(older, newer, Relation::near_duplicate, 0.99, 0.90));
    // The bounds are inclusive, and each is needed.
    CHECK(prov::is_version(older, newer, Relation::rewrite, 0.6, 0.4));
    CHECK_FALSE(prov::is_version(older, newer, Relation::rewrite, 0.59, 0.9));
    CHECK_FALSE(prov::is_version(older, newer, Relation::rewrite, 0.9, 0.39));
    // A rule of the caller's own.
    prov::VersionRule strict;
    strict.min_older_kept = 0.96;
    CHECK_FALSE(prov::is_version(older, newer, Relation::rewrite, 0.95, 0.70, strict));
    // A repost of the same text is a duplicate, not a version; a same-story pair is not derived.
    CHECK_FALSE(prov::is_version(older, newer, Relation::duplicate, 1.0, 1.0));
    CHECK_FALSE(prov::is_version(older, newer, Relation::same_story, 0.9, 0.9));
    // Another outlet's copy, an unknown outlet, an undated text, the same time or an earlier one.
    CHECK_FALSE(prov::is_version(older, {"Daily", 4600}, Relation::rewrite, 0.95, 0.70));
    CHECK_FALSE(prov::is_version({"", 1000}, {"", 4600}, Relation::rewrite, 0.95, 0.70));
    CHECK_FALSE(prov::is_version({"AP", std::nullopt}, newer, Relation::rewrite, 0.95, 0.70));
    CHECK_FALSE(prov::is_version(older, {"AP", std::nullopt}, Relation::rewrite, 0.95, 0.70));
    CHECK_FALSE(prov::is_version(older, {"AP", 1000}, Relation::rewrite, 0.95, 0.70));
    CHECK_FALSE(prov::is_version(newer, older, Relation::rewrite, 0.95, 0.70));
    // Within two days: the outlet's report of a week later on the same template is another report.
    CHECK(prov::is_version(older, {"AP", 1000 + 2 * 86400}, Relation::rewrite, 0.95, 0.70));
    CHECK_FALSE(prov::is_version(older, {"AP", 1001 + 2 * 86400}, Relation::rewrite, 0.95, 0.70));
    CHECK_FALSE(prov::is_version(older, {"AP", 1000 + 7 * 86400}, Relation::rewrite, 0.95, 0.70));
}

namespace {

/// A text written as words: `w0 w1 ... w{n-1}`, each word distinct.
std::vector<std::string> story_words(std::size_t n) {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < n; ++i) out.push_back("w" + std::to_string(1000 + i));
    return out;
}

/// One text as provenance sees it: its words with the spans of `blanked` (word ranges [begin,
/// end)) blanked as the scan blanks furniture (spaces in place of the words), tokenized, and the
/// blanks with the words they held.
struct Seen {
    std::string text;
    std::vector<wiretrace::text::Token> tokens;
    std::vector<wiretrace::text::Blank> blanks;
};

Seen seen(const std::vector<std::string>& words, const std::vector<std::pair<std::size_t, std::size_t>>& blanked = {}) {
    Seen s;
    std::size_t kept = 0;
    for (std::size_t i = 0; i < words.size(); ++i) {
        const auto in = std::find_if(blanked.begin(), blanked.end(), [&](const auto& b) { return b.first <= i && i < b.second; });
        if (in == blanked.end()) {
            s.text += words[i] + " ";
            ++kept;
            continue;
        }
        s.text += std::string(words[i].size(), ' ') + " ";
        if (i == in->first) s.blanks.push_back({static_cast<std::uint32_t>(kept), {}});
        s.blanks.back().hashes.push_back(wiretrace::text::tokenize(words[i]).front().hash);
    }
    for (auto& b : s.blanks) std::sort(b.hashes.begin(), b.hashes.end());
    s.tokens = wiretrace::text::tokenize(s.text);
    return s;
}

/// The link of `copy` (article `c`) to `source` (article `s`) through their alignment; without
/// `blanks`, as if nothing had been blanked (the words still missing).
prov::Link aligned_link(std::uint32_t c, const Seen& copy, std::uint32_t s, const Seen& source, bool blanks = true) {
    const wiretrace::Params params;
    const auto al = wiretrace::align::align(copy.text, copy.tokens, source.text, source.tokens, params);
    prov::CopySide copy_side;
    prov::CopySide source_side;
    if (blanks) {
        prov::copy_sides(al, copy.tokens, source.tokens, copy_side, source_side, copy.blanks, source.blanks);
    } else {
        prov::copy_sides(al, copy.tokens, source.tokens, copy_side, source_side);
    }
    std::uint32_t matched = 0;
    for (const auto& r : copy_side.ranges) matched += r.size();
    return prov::make_link(c, s, matched, false, al.coverage_a, copy_side);
}

}  // namespace

TEST_CASE("provenance: a blank is no edit: a copy that blanked what its sibling blanked attaches to the source",
          "[provenance][blank]") {
    // The source (article 0) holds two short lines in mid-story; its copy (2) and a sibling (1),
    // another copy of it that changed one word, had both lines blanked as their outlets'
    // furniture (or captions). Without the blanks' words the copy's runs with the source join
    // twice where the sibling's run goes on: two "edits" the copy would share with the sibling,
    // against the sibling's one real edit that the copy does not have.
    std::vector<std::string> source = story_words(80);
    const std::vector<std::string> line1{"photo", "credit", "agency", "files"};
    const std::vector<std::string> line2{"read", "more", "stories", "below"};
    source.insert(source.begin() + 60, line2.begin(), line2.end());
    source.insert(source.begin() + 40, line1.begin(), line1.end());
    std::vector<std::string> sibling = source;
    sibling[20] = "reworded";
    const std::vector<std::pair<std::size_t, std::size_t>> lines{{40, 44}, {64, 68}};
    const Seen s = seen(source);
    const Seen x = seen(sibling, lines);
    const Seen c = seen(source, lines);
    REQUIRE(c.blanks.size() == 2);
    CHECK(c.blanks[0].before == 40);
    CHECK(c.blanks[1].before == 60);

    const prov::Link to_source = aligned_link(2, c, 0, s);
    const prov::Link to_sibling = aligned_link(2, c, 1, x);
    // The copy's runs with the source meet at its two blanks: gaps a blank made, no edit.
    REQUIRE(to_source.copy_ranges.size() == 3);
    CHECK(to_source.gap_keys == std::vector<std::uint64_t>{prov::kBlankGap, prov::kBlankGap});
    REQUIRE(to_sibling.copy_ranges.size() == 2);
    CHECK(to_sibling.gap_keys.front() != prov::kBlankGap);  // the sibling's reworded word
    CHECK(prov::evidence(to_sibling, to_source, {}) == 0);
    CHECK(prov::evidence(to_source, to_sibling, {}) == 1);

    // The sibling is the more original-looking (wire): only the evidence can attach the copy to
    // the source.
    const std::vector<prov::Node> nodes{plain(), wire(), plain()};
    const prov::Forest f = make_forest(nodes, {to_source, to_sibling, aligned_link(1, x, 0, s)});
    CHECK(f.parents[2] == Ids{0});
    CHECK(f.parents[1] == Ids{0});
    // Keyed as words gone missing (the blanks unknown), the joins are two edits the copy shares
    // with the sibling, and the sibling wins 2 to 1.
    const prov::Link blind = aligned_link(2, c, 0, s, false);
    CHECK(std::count(blind.gap_keys.begin(), blind.gap_keys.end(), prov::kBlankGap) == 0);
    CHECK(prov::evidence(to_sibling, blind, {}) == 2);
    const prov::Forest before = make_forest(nodes, {blind, to_sibling, aligned_link(1, x, 0, s, false)});
    CHECK(before.parents[2] == Ids{1});
}

TEST_CASE("provenance: words beside a blank that the other text does not hold are still an edit",
          "[provenance][blank]") {
    // The copy blanked a line and wrote a word of its own right after it: the source's line is
    // what the blank hid, the new word is not, so the gap keeps its key.
    std::vector<std::string> source = story_words(60);
    const std::vector<std::string> line{"photo", "credit", "agency", "files"};
    source.insert(source.begin() + 30, line.begin(), line.end());
    std::vector<std::string> copy = source;
    copy.insert(copy.begin() + 34, "exclusive");
    const Seen s = seen(source);
    const Seen c = seen(copy, {{30, 34}});
    const prov::Link l = aligned_link(1, c, 0, s);
    REQUIRE(l.copy_ranges.size() == 2);
    REQUIRE(l.gap_keys.size() == 1);
    CHECK(l.gap_keys[0] != prov::kBlankGap);
    // And the other way round: the source blanked the line the copy holds word for word.
    const Seen s_blanked = seen(source, {{30, 34}});
    const Seen c_plain = seen(source);
    const prov::Link back = aligned_link(1, c_plain, 0, s_blanked);
    REQUIRE(back.copy_ranges.size() == 2);
    CHECK(back.gap_keys == std::vector<std::uint64_t>{prov::kBlankGap});
}
