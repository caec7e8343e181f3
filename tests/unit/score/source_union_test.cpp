// SPDX-License-Identifier: Apache-2.0
// A copy judged against the union of its candidate sources (score::judge_union): the greedy
// cover, the union's chance level and the bar raised for the choice among candidates, the passage
// it needs, peers taken last, further sources of a copy derived on its own, and family_z.
#include <cmath>
#include <cstdint>
#include <vector>
#include <catch2/catch.hpp>

#include "wiretrace/score/source_union.hpp"

using namespace wiretrace;

namespace {

/// A background whose chance containment is `chance` at every size, with spread `sd`.
score::Background flat(double chance, double sd) {
    return score::Background::from_stored({chance, 0, 0, 0, 0, 0}, sd, 1000, chance);
}

/// The copy's shingles first..last-1 (the shingles are numbered 0..copy size).
std::vector<score::UnionKey> range(score::UnionKey first, score::UnionKey last) {
    std::vector<score::UnionKey> out;
    for (score::UnionKey h = first; h < last; ++h) out.push_back(h);
    return out;
}

double tail(double z) { return 0.5 * std::erfc(z / std::sqrt(2.0)); }

}  // namespace

TEST_CASE("union_keys: the high 32 bits of sorted hashes, sorted and unique", "[score][union]") {
    const std::vector<std::uint64_t> hashes = {0x0000000100000005, 0x00000001ffffffff, 0x0000000200000000,
                                               0xfffffffe00000001, 0xffffffff00000000};
    CHECK(score::union_keys(hashes) == std::vector<score::UnionKey>{1, 2, 0xfffffffe, 0xffffffff});
    CHECK(score::union_keys({}).empty());
}

TEST_CASE("family_z: one test keeps z; many tests need the tail divided by their number", "[score][union]") {
    CHECK(score::family_z(4.0, 1) == 4.0);
    CHECK(score::family_z(4.0, 0.5) == 4.0);
    const double z = score::family_z(4.0, 120);
    CHECK(z == Approx(5.0).margin(0.05));
    CHECK(tail(z) * 120 == Approx(tail(4.0)).epsilon(1e-6));
    CHECK(score::family_z(4.0, 10) < score::family_z(4.0, 100));
}

TEST_CASE("judge_union: two sources that each explain part of a copy make it derived", "[score][union]") {
    const score::Background bg = flat(0.01, 0.025);
    const auto a = range(0, 25);   // 25 of the copy's 100 shingles
    const auto b = range(15, 35);  // 20, of which 10 new
    const std::vector<score::UnionCandidate> candidates{{7, a, 300, 9}, {3, b, 300, 0}};
    const score::UnionJudgement j = score::judge_union(100, candidates, bg, Params{});
    REQUIRE(j.members.size() == 2);
    CHECK(j.members[0].source == 7);
    CHECK(j.members[0].share == Approx(0.25));
    CHECK(j.members[1].source == 3);
    CHECK(j.members[1].candidate == 1);
    CHECK(j.members[1].share == Approx(0.10));
    CHECK(j.containment == Approx(0.35));
    CHECK(j.expected == Approx(1 - 0.99 * 0.99));
    CHECK(j.z == Approx((0.35 - (1 - 0.99 * 0.99)) / (0.025 * std::sqrt(2.0))));
    CHECK(j.required_z == 4.0);  // C(2, 2) = 1 union to choose from
    CHECK(j.derived);

    // The same union without a passage of 8 words: same-topic reports share names, not passages.
    const std::vector<score::UnionCandidate> no_passage{{7, a, 300, 7}, {3, b, 300, 0}};
    const score::UnionJudgement k = score::judge_union(100, no_passage, bg, Params{});
    CHECK(k.members.size() == 2);
    CHECK(k.z == Approx(j.z));
    CHECK_FALSE(k.derived);

    // Unions off, or no background: nothing.
    Params off;
    off.union_max_sources = 1;
    CHECK(score::judge_union(100, candidates, bg, off).members.empty());
    CHECK_FALSE(score::judge_union(100, candidates, score::Background{}, Params{}).derived);
}

TEST_CASE("judge_union: a union that chance explains, or of one source, is not derived", "[score][union]") {
    const score::Background bg = flat(0.01, 0.025);
    const auto a = range(0, 6);
    const auto b = range(6, 12);
    const auto c = range(12, 18);
    const auto d = range(18, 20);  // adds 2: below kUnionMinNewShingles
    // Three sources of 6 of 100 shingles each: 2 spreads above chance alone, 3.5 union spreads
    // together, short of the bar for choosing 3 of 4 candidates (4.4).
    const std::vector<score::UnionCandidate> four{{1, a, 300, 9}, {2, b, 300, 9}, {3, c, 300, 9}, {4, d, 300, 9}};
    const score::UnionJudgement j = score::judge_union(100, four, bg, Params{});
    CHECK(j.members.size() == 3);
    CHECK(j.required_z == Approx(score::family_z(4.0, 4)));
    CHECK(j.z < j.required_z);
    CHECK_FALSE(j.derived);

    // Only one source adds enough: the single-pair rule judged it already.
    const auto alone = range(0, 40);  // a candidate's shingles are a view: they must outlive it
    const std::vector<score::UnionCandidate> one{{1, alone, 300, 9}, {4, d, 300, 9}};
    const score::UnionJudgement k = score::judge_union(100, one, bg, Params{});
    CHECK(k.members.empty());
    CHECK_FALSE(k.derived);
}

TEST_CASE("judge_union: a peer is taken only when no more original source adds enough", "[score][union]") {
    const score::Background bg = flat(0.01, 0.025);
    const auto peer = range(0, 30);
    const auto wire = range(10, 30);
    const auto other = range(30, 50);
    std::vector<score::UnionCandidate> candidates{{1, peer, 300, 9}, {2, wire, 300, 9}, {3, other, 300, 9}};
    candidates[0].peer = true;
    const score::UnionJudgement j = score::judge_union(100, candidates, bg, Params{});
    REQUIRE(j.members.size() == 3);
    CHECK(j.members[0].source == 2);  // 20 new, not a peer (a tie with 3: the smaller number)
    CHECK(j.members[1].source == 3);  // 20 new
    CHECK(j.members[2].source == 1);  // the peer adds 0..9 last
    CHECK(j.members[2].share == Approx(0.10));
    CHECK(j.derived);
}

TEST_CASE("judge_union: a copy derived on its own adds only sources that explain much more", "[score][union]") {
    const score::Background bg = flat(0.01, 0.025);
    const auto known = range(0, 50);
    const auto little = range(40, 60);  // 10 new: 3.6 spreads above chance
    const auto much = range(60, 80);    // 20 new: 7.6 spreads
    std::vector<score::UnionCandidate> candidates{{1, known, 300, 30}, {2, little, 300, 0}, {3, much, 300, 0}};
    candidates[0].derived = true;
    const score::UnionJudgement j = score::judge_union(100, candidates, bg, Params{});
    REQUIRE(j.members.size() == 1);
    CHECK(j.members[0].source == 3);
    CHECK(j.members[0].share == Approx(0.20));
    CHECK(j.required_z == Approx(score::family_z(4.0, 2)));
    CHECK(j.containment == Approx(0.70));
    CHECK(j.derived);

    // Nothing beyond the known source: no union.
    const std::vector<score::UnionCandidate> only{{1, known, 300, 30, true}, {2, little, 300, 0}};
    const score::UnionJudgement k = score::judge_union(100, only, bg, Params{});
    CHECK(k.members.empty());
    CHECK_FALSE(k.derived);
}
