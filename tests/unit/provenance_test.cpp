// SPDX-License-Identifier: Apache-2.0
// Tests of the provenance forest: best sources (duplicates first, the margin, shared
// innovations), roundups with several sources, cycle breaking, clusters by first parent,
// ancestors, independence from link order, and ignored links.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <random>
#include <vector>

#include "wiretrace/provenance.hpp"

namespace prov = wiretrace::provenance;
using wiretrace::align::TokenRange;

namespace {

using Ids = std::vector<std::uint32_t>;
constexpr std::uint32_t kNone = prov::Forest::kNone;

prov::Node plain() { return {}; }
prov::Node wire() { return {false, 0, true}; }
prov::Node dated(std::int64_t published) { return {true, published, false}; }

/// A link whose `matched` is the size of its copy ranges.
prov::Link link(std::uint32_t copy, std::uint32_t source, std::vector<TokenRange> ranges,
                std::vector<TokenRange> edited = {}, bool duplicate = false) {
    prov::Link l;
    l.copy = copy;
    l.source = source;
    for (const auto& r : ranges) l.matched += r.size();
    l.duplicate = duplicate;
    l.copy_ranges = std::move(ranges);
    l.copy_edited = std::move(edited);
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

TEST_CASE("provenance: a copy of a copy keeps the intermediate's innovation", "[provenance]") {
    // 1 = W (wire), 2 = c (copy of W that changed tokens 30-35), 0 = cc (copy of c, keeps the
    // change): cc differs from W at 30-35 where c agrees with it. W supplies 75 words, c 80:
    // within the margin, so W (wire) would win without the shared innovation.
    const std::vector<prov::Node> nodes = {plain(), wire(), plain()};
    std::vector<prov::Link> links = {
        link(2, 1, {{0, 30}, {35, 80}}, {{30, 35}}),
        link(0, 1, {{0, 30}, {35, 80}}, {{30, 35}}),
        link(0, 2, {{0, 80}}),
    };
    SECTION("shared innovation: cc attaches to c") {
        const auto f = make_forest(nodes, links);
        check_invariants(f, nodes.size());
        CHECK(f.parents == std::vector<Ids>{{2}, {}, {1}});  // W adds nothing c did not
        CHECK(f.root == Ids{1, 1, 1});
        CHECK(f.cluster == Ids{0, 0, 0});
        REQUIRE(f.clusters.size() == 1);
        CHECK(f.clusters[0].root == 1);
        CHECK(f.clusters[0].members == Ids{1, 2, 0});  // by depth, not by article number
        CHECK(prov::ancestors(f, 0) == Ids{2, 1});
        CHECK(prov::ancestors(f, 2) == Ids{1});
        CHECK(prov::ancestors(f, 1).empty());
    }
    SECTION("innovation even when the intermediate supplies a few words fewer") {
        links[2] = link(0, 2, {{0, 70}});  // 70 < 75, still within the margin; covers 30-35
        const auto f = make_forest(nodes, links);
        check_invariants(f, nodes.size());
        CHECK(f.parents == std::vector<Ids>{{2}, {}, {1}});  // W's fresh 70-80 is 10 words: no roundup
        CHECK(f.clusters[0].members == Ids{1, 2, 0});
    }
    SECTION("no shared innovation: cc is a sibling of c") {
        links[1] = link(0, 1, {{0, 75}}, {{75, 80}});  // cc edits 75-80, c's run does not cover them
        links[2] = link(0, 2, {{0, 75}});
        const auto f = make_forest(nodes, links);
        check_invariants(f, nodes.size());
        CHECK(f.parents == std::vector<Ids>{{1}, {}, {1}});
        CHECK(f.root == Ids{1, 1, 1});
        REQUIRE(f.clusters.size() == 1);
        CHECK(f.clusters[0].members == Ids{1, 0, 2});  // both depth 1: by article number
        CHECK(prov::ancestors(f, 0) == Ids{1});
    }
}

TEST_CASE("provenance: siblings within the margin attach to the wire story", "[provenance]") {
    // 0 = W (wire), 1 = c1, 2 = c2, both copies of W. c2 also matches c1 for 50 + d words.
    const std::vector<prov::Node> nodes = {wire(), plain(), plain()};
    const auto links_with = [](std::uint32_t d) {
        return std::vector<prov::Link>{
            link(1, 0, {{0, 60}}),
            link(1, 2, {{0, 50}}),
            link(2, 0, {{0, 50}}, {{70, 75}}),  // an edit c1 does not share
            link(2, 1, {{0, 50 + d}}),
        };
    };
    for (const std::uint32_t d : {0u, 5u, 8u, 12u}) {
        CAPTURE(d);
        const auto f = make_forest(nodes, links_with(d));
        check_invariants(f, nodes.size());
        CHECK(f.parents == std::vector<Ids>{{}, {0}, {0}});
        CHECK(f.root == Ids{0, 0, 0});
        REQUIRE(f.clusters.size() == 1);
        CHECK(f.clusters[0].members == Ids{0, 1, 2});
    }
    for (const std::uint32_t d : {13u, 20u}) {
        CAPTURE(d);
        const auto f = make_forest(nodes, links_with(d));
        check_invariants(f, nodes.size());
        // W supplies nothing c1 did not (fresh 0): no second parent.
        CHECK(f.parents == std::vector<Ids>{{}, {0}, {1}});
        CHECK(f.root == Ids{0, 0, 0});
        REQUIRE(f.clusters.size() == 1);
        CHECK(f.clusters[0].members == Ids{0, 1, 2});
        CHECK(prov::ancestors(f, 2) == Ids{1, 0});
    }
    SECTION("the margin is an option") {
        prov::Options o;
        o.margin_words = 0;
        CHECK(make_forest(nodes, links_with(1), o).parents == std::vector<Ids>{{}, {0}, {1}});
        CHECK(make_forest(nodes, links_with(0), o).parents == std::vector<Ids>{{}, {0}, {0}});
        o.margin_words = 30;
        CHECK(make_forest(nodes, links_with(20), o).parents == std::vector<Ids>{{}, {0}, {0}});
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
        // W's 20 fresh words are below half of its 70: not a roundup source.
        CHECK(f.parents == std::vector<Ids>{{}, {0}, {1}});
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
            auto l = link(copy, source, some_ranges(3), some_ranges(2), chance(0.1));
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
        if (trial % 2 == 1) o.margin_words = uniform(0, 30);

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
