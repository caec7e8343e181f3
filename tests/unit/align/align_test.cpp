// SPDX-License-Identifier: Apache-2.0
#include <algorithm>
#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "support/random_text.hpp"
#include "wiretrace/align/align.hpp"

using namespace wiretrace;
using wiretrace::EditKind;

namespace {

struct Pair {
    std::string a, b;
    std::vector<text::Token> ta, tb;
    align::Alignment al;
};

Pair aligned(std::string a, std::string b, const Params& params = {}) {
    Pair p{std::move(a), std::move(b), {}, {}, {}};
    p.ta = text::tokenize(p.a);
    p.tb = text::tokenize(p.b);
    p.al = align::align(p.a, p.ta, p.b, p.tb, params);
    return p;
}

std::string quote(const std::string& s, const std::vector<text::Token>& t, align::TokenRange r) {
    if (r.empty()) return "";
    return s.substr(t[r.begin].begin, t[r.end - 1].end - t[r.begin].begin);
}

std::vector<std::pair<EditKind, std::pair<std::string, std::string>>> edits(const Pair& p) {
    std::vector<std::pair<EditKind, std::pair<std::string, std::string>>> out;
    for (const auto& e : p.al.edits) out.push_back({e.kind, {quote(p.a, p.ta, e.a), quote(p.b, p.tb, e.b)}});
    return out;
}

const std::string kStory =
    "Diplomats from around the world sought a global strategy to fight the militants on Monday while "
    "the government ruled out working with any international coalition against them.\n"
    "Neither country was invited to the international conference in Paris which opened as a pair of "
    "reconnaissance jets took off over the northern skies of the region.\n"
    "The killing of a British aid worker held hostage by the militants added urgency to the calls for a "
    "coherent strategy against the brutal and well organized group.";

}  // namespace

TEST_CASE("align: identical texts form one passage with no edits", "[align]") {
    const auto p = aligned(kStory, kStory);
    REQUIRE(p.al.passages.size() == 1);
    CHECK(p.al.passages[0].a == align::TokenRange{0, static_cast<std::uint32_t>(p.ta.size())});
    CHECK(p.al.passages[0].matched == p.ta.size());
    CHECK(p.al.coverage_a == 1.0);
    CHECK(p.al.coverage_b == 1.0);
    CHECK(p.al.edits.empty());
}

TEST_CASE("align: a one-word change inside a passage is a substitution", "[align]") {
    std::string b = kStory;
    b.replace(b.find("brutal"), 6, "savage");
    const auto p = aligned(kStory, b);
    REQUIRE(p.al.passages.size() == 1);
    REQUIRE(p.al.edits.size() == 1);
    CHECK(edits(p)[0] == std::pair{EditKind::substitution, std::pair<std::string, std::string>{"brutal", "savage"}});
    CHECK(p.al.coverage_a == 1.0);
}

TEST_CASE("align: respellings are found inside runs", "[align]") {
    const auto p = aligned("the neighbors of the well organized group met on Monday in the capital city",
                           "the neighbours of the well organized group met on Monday in the capital city");
    REQUIRE(p.al.passages.size() == 1);
    REQUIRE(p.al.edits.size() == 1);
    CHECK(edits(p)[0].first == EditKind::respelling);
    CHECK(edits(p)[0].second == std::pair<std::string, std::string>{"neighbors", "neighbours"});
    // letter case alone is not a respelling
    CHECK(aligned("The Neighbors met on Monday in the capital city of the north",
                  "the neighbors met on monday in the capital city of the north").al.edits.empty());
}

TEST_CASE("align: a long insertion splits passages and is reported", "[align]") {
    std::string local = " A local council member said the town would hold a vigil for the victims of the attack "
                        "on Friday evening near the old harbour where the families have gathered all week.";
    std::string b = kStory;
    b.insert(b.find("Neither"), local + "\n");
    const auto p = aligned(kStory, b);
    CHECK(p.al.passages.size() == 2);
    CHECK(p.al.coverage_a == 1.0);
    const auto e = edits(p);
    REQUIRE(e.size() == 1);
    CHECK(e[0].first == EditKind::insertion);
    CHECK(e[0].second.second.find("local council member") != std::string::npos);
}

TEST_CASE("align: reordered paragraphs are found and reported as moved", "[align]") {
    const auto first_nl = kStory.find('\n');
    const auto second_nl = kStory.find('\n', first_nl + 1);
    const std::string p1 = kStory.substr(0, first_nl);
    const std::string p2 = kStory.substr(first_nl + 1, second_nl - first_nl - 1);
    const std::string p3 = kStory.substr(second_nl + 1);
    const auto p = aligned(kStory, p3 + "\n" + p1 + "\n" + p2);
    CHECK(p.al.coverage_a == 1.0);
    CHECK(p.al.coverage_b == 1.0);
    REQUIRE(p.al.passages.size() == 2);
    const auto moved = std::count_if(p.al.passages.begin(), p.al.passages.end(), [](const auto& x) { return x.moved; });
    CHECK(moved == 1);
    const auto e = edits(p);
    REQUIRE(e.size() == 1);
    CHECK(e[0].first == EditKind::move);
    CHECK(e[0].second.first == e[0].second.second);
    CHECK(e[0].second.first.find("killing of a British aid worker") != std::string::npos);
}

TEST_CASE("align: repeated text is aligned once", "[align]") {
    const auto p = aligned(kStory, kStory + "\n" + kStory);
    CHECK(p.al.coverage_a == 1.0);
    CHECK(p.al.coverage_b == Approx(0.5));
    CHECK(p.al.covered_b == p.ta.size());
}

TEST_CASE("align: unrelated texts and empty texts have no passages", "[align]") {
    CHECK(aligned(kStory, "Completely different words about football scores and the weather tomorrow").al.passages.empty());
    const auto e = aligned("", kStory);
    CHECK(e.al.passages.empty());
    CHECK(e.al.coverage_a == 0.0);
    CHECK(e.al.coverage_b == 0.0);
    REQUIRE(e.al.edits.size() == 1);
    CHECK(e.al.edits[0].kind == EditKind::insertion);
}

TEST_CASE("align: chance passages of stop words are dropped", "[align]") {
    const auto p = aligned("alpha beta gamma and it is in the of to was for delta epsilon",
                           "zeta eta theta and it is in the of to was for iota kappa");
    CHECK(p.al.passages.empty());
}

TEST_CASE("align: swapping the texts mirrors the alignment (align::mirrored)", "[align][property]") {
    std::mt19937_64 rng(1234);
    for (int iter = 0; iter < 200; ++iter) {
        const auto words = test::random_words(rng, 50 + rng() % 600, 300 + rng() % 3000);
        const std::string a = test::join(words);
        const std::string b = test::join(test::edited_copy(rng, words));
        const auto ab = aligned(a, b);
        const auto ba = aligned(b, a);
        INFO("iteration " << iter);
        CHECK(ab.al.coverage_a == ba.al.coverage_b);
        CHECK(ab.al.coverage_b == ba.al.coverage_a);
        REQUIRE(ab.al.passages.size() == ba.al.passages.size());
        auto mirrored = ba.al.passages;
        for (auto& x : mirrored) std::swap(x.a, x.b);
        auto key = [](const align::Passage& x) { return std::tuple(x.a.begin, x.b.begin); };
        std::sort(mirrored.begin(), mirrored.end(), [&](const auto& x, const auto& y) { return key(x) < key(y); });
        auto direct = ab.al.passages;
        std::sort(direct.begin(), direct.end(), [&](const auto& x, const auto& y) { return key(x) < key(y); });
        CHECK(direct == mirrored);
        CHECK(ab.al.edits.size() == ba.al.edits.size());
        // align::mirrored turns one into the other exactly, in the documented order
        const align::Alignment m = align::mirrored(ab.al);
        CHECK(m.runs == ba.al.runs);
        CHECK(m.passages == ba.al.passages);
        CHECK(m.edits == ba.al.edits);
        CHECK(m.covered_a == ba.al.covered_a);
        CHECK(m.covered_b == ba.al.covered_b);
        CHECK(m.coverage_a == ba.al.coverage_a);
        CHECK(m.coverage_b == ba.al.coverage_b);
        // bounds and consistency
        CHECK(ab.al.coverage_a >= 0.0);
        CHECK(ab.al.coverage_a <= 1.0);
        for (const auto& r : ab.al.runs) {
            for (std::uint32_t t = 0; t < r.length; ++t) CHECK(ab.ta[r.a_begin + t].hash == ab.tb[r.b_begin + t].hash);
        }
    }
}

TEST_CASE("align: the runs held at once do not change the alignment", "[align][property]") {
    // Issue #21 finding 1: the runs are tiled in passes of at most max_runs when they do not fit.
    // Whatever the bound, the runs, passages and edits are those of one pass over all runs.
    std::mt19937_64 rng(2112);
    for (int iter = 0; iter < 120; ++iter) {
        // Low-entropy pairs (a few words, every k-gram repeated) and edited copies of ordinary text.
        const bool hostile = iter % 2 == 0;
        const auto words = hostile ? test::random_words(rng, 50 + rng() % 1500, 2 + rng() % 7)
                                   : test::random_words(rng, 50 + rng() % 800, 200 + rng() % 2000);
        const std::string a = test::join(words);
        const std::string b = test::join(hostile ? test::random_words(rng, 50 + rng() % 1500, 2 + rng() % 7)
                                                 : test::edited_copy(rng, words));
        const auto ta = text::tokenize(a);
        const auto tb = text::tokenize(b);
        const Params params;
        const auto all = align::detail::align_holding_runs(a, ta, b, tb, params, std::size_t{1} << 40);
        INFO("iteration " << iter << ", " << all.runs.size() << " tiles");
        const auto by_default = align::align(a, ta, b, tb, params);
        CHECK(by_default.runs == all.runs);
        CHECK(by_default.passages == all.passages);
        CHECK(by_default.edits == all.edits);
        for (const std::size_t max_runs : {std::size_t{1}, std::size_t{2}, std::size_t{7}, std::size_t{64}}) {
            const auto bounded = align::detail::align_holding_runs(a, ta, b, tb, params, max_runs);
            INFO("max_runs " << max_runs);
            CHECK(bounded.runs == all.runs);
            CHECK(bounded.passages == all.passages);
            CHECK(bounded.edits == all.edits);
            CHECK(bounded.covered_a == all.covered_a);
            CHECK(bounded.covered_b == all.covered_b);
        }
    }
}

TEST_CASE("align: an edited copy keeps most of its source aligned", "[align][property]") {
    std::mt19937_64 rng(99);
    for (int iter = 0; iter < 50; ++iter) {
        const auto words = test::random_words(rng, 400, 5000);
        const auto p = aligned(test::join(words), test::join(test::edited_copy(rng, words)));
        INFO("iteration " << iter);
        // 10 of 400 words deleted, 5% substituted inside passages: at least 90% stays covered
        CHECK(p.al.coverage_a >= 0.9);
    }
}

TEST_CASE("align: identical repetitive texts align fully despite the anchor cap", "[align]") {
    std::string text;
    for (int i = 0; i < 200; ++i) text += "the same short sentence is repeated over and over again here. ";
    const auto p = aligned(text, text);
    CHECK(p.al.coverage_a == 1.0);
    CHECK(p.al.coverage_b == 1.0);
    CHECK(p.al.edits.empty());
}

TEST_CASE("align: a repeated body aligns whatever the repeat count (no cliff at the anchor cap)",
          "[align][regress]") {
    // Issue #21 finding 8: past the anchor cap no k-gram of the body anchored, and a copy with a lead
    // and a tail flipped from coverage 1.00 to 0.00. Frequent k-grams now anchor by rank.
    const std::string sentence = "The quick brown fox jumps over the lazy dog near the river bank today. ";
    const Params params;
    for (const std::size_t repeats : {std::size_t{30}, std::size_t{params.max_anchor_occurrences},
                                      std::size_t{params.max_anchor_occurrences + 1}, std::size_t{70},
                                      std::size_t{200}, std::size_t{1000}}) {
        std::string body;
        for (std::size_t i = 0; i < repeats; ++i) body += sentence;
        const auto p = aligned(body, "A reporter wrote one lead sentence this morning. " + body + "Added tail line.");
        INFO(repeats << " repeats");
        CHECK(p.al.coverage_a == 1.0);
        CHECK(p.al.covered_b == p.ta.size());
        // a copy that drops two of the repeats still covers all but those
        std::string shorter;
        for (std::size_t i = 2; i < repeats; ++i) shorter += sentence;
        const auto q = aligned(body, "A reporter wrote one lead sentence this morning. " + shorter + "Added tail line.");
        CHECK(q.al.covered_a == q.ta.size() - 2 * 14);
    }
}

TEST_CASE("align: a moved block inside a passage's span is reported once, as a move", "[align][regress]") {
    std::vector<std::string> words;
    for (int i = 0; i < 100; ++i) words.push_back(fmt::format("w{}", 1000 + i));
    auto slice = [&](int from, int to) { return std::vector<std::string>(words.begin() + from, words.begin() + to); };
    std::vector<std::string> b = slice(0, 20);
    for (auto part : {slice(60, 68), slice(20, 60), slice(68, 100)}) b.insert(b.end(), part.begin(), part.end());
    const auto p = aligned(test::join(words), test::join(b));
    CHECK(p.al.coverage_a == 1.0);
    std::vector<EditKind> kinds;
    for (const auto& e : p.al.edits) kinds.push_back(e.kind);
    CHECK(kinds == std::vector<EditKind>{EditKind::move});
}

TEST_CASE("align: typography alone is not a respelling", "[align][regress]") {
    const auto p = aligned("they don't know what the council will decide about the old library on Monday",
                           "they don\xE2\x80\x99t know what the council will decide about the old library on Monday");
    CHECK(p.al.edits.empty());
}
