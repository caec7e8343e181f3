// SPDX-License-Identifier: Apache-2.0
// The corpus background (score::Background), the random pairs it is measured on, the decision it
// adds to score_pair, and the grade of a derived pair.
#include <cmath>
#include <random>
#include <set>
#include <string>
#include <catch2/catch.hpp>

#include "wiretrace/score/background.hpp"
#include "wiretrace/score/score.hpp"
#include "wiretrace/sketch/sketch.hpp"
#include "wiretrace/sketch/tfidf.hpp"
#include "wiretrace/text/tokenize.hpp"

using namespace wiretrace;

namespace {

/// Samples on a grid of sizes whose containment is `truth(copy, source)` plus +-noise, the two
/// signs at every grid point so the noise cancels in the fit.
template <typename Truth>
std::vector<score::BackgroundSample> grid(Truth truth, double noise) {
    std::vector<score::BackgroundSample> out;
    for (std::uint32_t c = 8; c <= 4096; c *= 2) {
        for (std::uint32_t s = 8; s <= 4096; s *= 2) {
            for (int k = 0; k < 4; ++k) {
                out.push_back({c, s, truth(c, s) + (k % 2 == 0 ? noise : -noise)});
            }
        }
    }
    return out;
}

double log2p(std::uint32_t n) { return std::log2(1.0 + n); }

/// A word of letters only, different for every n (the tokenizer splits letters from digits).
std::string name(const std::string& stem, int n) {
    std::string out = stem;
    do {
        out += static_cast<char>('a' + n % 26);
        n /= 26;
    } while (n > 0);
    return out;
}

Document make(std::string id, std::string text) {
    Document d;
    d.id = std::move(id);
    d.text = std::move(text);
    return d;
}

/// Words w0 w1 ... as one text.
std::string words(const std::vector<std::string>& w) {
    std::string out;
    for (const auto& x : w) out += (out.empty() ? "" : " ") + x;
    return out;
}

/// Two texts of 30 three-word groups, b keeping the first two words of each group of a and
/// rewording the third (many shared word pairs, no shared run of 4 words), then `tail` after both.
std::pair<Document, Document> reworded_pair(const std::vector<std::string>& tail) {
    std::vector<std::string> wa, wb;
    for (int i = 0; i < 30; ++i) {
        wa.insert(wa.end(), {name("alpha", i), name("beta", i), name("gamma", i)});
        wb.insert(wb.end(), {name("alpha", i), name("beta", i), name("delta", i)});
    }
    wa.insert(wa.end(), tail.begin(), tail.end());
    wb.insert(wb.end(), tail.begin(), tail.end());
    return {make("a", words(wa)), make("b", words(wb))};
}

/// A corpus where random texts share 2% of their word pairs, give or take 3%.
score::Background flat_background() {
    std::array<double, score::Background::kTerms> flat{};
    flat[0] = 0.02;
    return score::Background::from_stored(flat, 0.03, 1000, 0.02);
}

}  // namespace

TEST_CASE("background: the fitted surface recovers a size law and the spread of the noise") {
    const auto truth = [](std::uint32_t c, std::uint32_t s) { return 0.01 + 0.004 * log2p(s) - 0.001 * log2p(c); };
    const auto samples = grid(truth, 0.04);
    REQUIRE(samples.size() >= score::Background::kMinSamples);
    const score::Background b = score::Background::estimate(samples);
    REQUIRE(b.valid());
    CHECK(b.samples() == samples.size());
    for (std::uint32_t c : {10U, 100U, 1000U}) {
        for (std::uint32_t s : {20U, 300U, 3000U}) CHECK(b.expected(c, s) == Approx(truth(c, s)).margin(1e-4));
    }
    CHECK(b.sd() == Approx(0.04).margin(1e-4));
    // 0.2 above the expectation is five spreads.
    CHECK(b.z(100, 300, truth(100, 300) + 0.2) == Approx(5.0).margin(0.02));
    CHECK(b.z(100, 300, truth(100, 300)) == Approx(0.0).margin(0.02));
}

TEST_CASE("background: too few samples give none; a corpus sharing nothing has the minimum spread") {
    std::vector<score::BackgroundSample> few(score::Background::kMinSamples - 1, {50, 50, 0.1});
    CHECK_FALSE(score::Background::estimate(few).valid());
    CHECK(score::Background::estimate(few).z(50, 50, 0.9) == 0.0);
    // Samples with an empty side do not count.
    few.push_back({0, 50, 0.0});
    CHECK_FALSE(score::Background::estimate(few).valid());

    const auto zero = grid([](std::uint32_t, std::uint32_t) { return 0.0; }, 0.0);
    const score::Background b = score::Background::estimate(zero);
    REQUIRE(b.valid());
    CHECK(b.sd() == Approx(0.025));  // the floor: a degenerate background is no unit
    CHECK(b.z(100, 100, 0.05) == Approx(2.0).margin(1e-6));
}

TEST_CASE("background: a stored background answers as the fitted one; bad stored figures give none") {
    const auto truth = [](std::uint32_t c, std::uint32_t s) { return 0.05 + 0.002 * log2p(s) * log2p(c) / 10; };
    const score::Background b = score::Background::estimate(grid(truth, 0.03));
    const score::Background back = score::Background::from_stored(b.coefficients(), b.sd(), b.samples(), b.mean_containment());
    REQUIRE(back.valid());
    for (std::uint32_t c : {9U, 90U, 900U}) CHECK(back.expected(c, 2 * c) == b.expected(c, 2 * c));
    CHECK(back.mean_containment() == b.mean_containment());
    CHECK(back.z(40, 80, 0.5) == b.z(40, 80, 0.5));
    CHECK_FALSE(score::Background::from_stored(b.coefficients(), std::nan(""), b.samples(), 0.0).valid());
    CHECK_FALSE(score::Background::from_stored(b.coefficients(), -1.0, b.samples(), 0.0).valid());
    CHECK_FALSE(score::Background::from_stored(b.coefficients(), b.sd(), 10, 0.0).valid());
    auto broken = b.coefficients();
    broken[2] = INFINITY;
    CHECK_FALSE(score::Background::from_stored(broken, b.sd(), b.samples(), b.mean_containment()).valid());
}

TEST_CASE("background: random pairs are distinct articles, deterministic, and cover the corpus") {
    CHECK(score::background_pairs(0, 10, 1).empty());
    CHECK(score::background_pairs(1, 10, 1).empty());
    const auto two = score::background_pairs(2, 100, 7);
    REQUIRE(two.size() == 100);
    for (const auto& [c, s] : two) CHECK(c + s == 1);

    const auto pairs = score::background_pairs(50, 4096, 42);
    CHECK(pairs == score::background_pairs(50, 4096, 42));
    CHECK(pairs != score::background_pairs(50, 4096, 43));
    std::set<DocId> copies, sources;
    for (const auto& [c, s] : pairs) {
        REQUIRE(c < 50);
        REQUIRE(s < 50);
        REQUIRE(c != s);
        copies.insert(c);
        sources.insert(s);
    }
    CHECK(copies.size() == 50);
    CHECK(sources.size() == 50);
}

TEST_CASE("background: a very long text is measured on a bottom-k sample, close to the whole set") {
    // Texts 0 and 1 share half of 0's word pairs and are far above kBackgroundSetKeys pairs; 2 and 3
    // are short. Without document frequencies every word pair counts (rare_bigram_set).
    std::mt19937_64 rng(11);
    const auto random_words = [&](std::size_t n) {
        std::vector<std::string> out;
        for (std::size_t i = 0; i < n; ++i) out.push_back(name("w", static_cast<int>(rng() % 200000)));
        return out;
    };
    std::vector<std::string> long_a = random_words(40000);
    std::vector<std::string> long_b(long_a.begin(), long_a.begin() + 20000);
    for (const auto& w : random_words(30000)) long_b.push_back(w);
    const std::vector<std::string> short_a = random_words(300);
    std::vector<std::string> short_b(short_a.begin(), short_a.begin() + 100);
    for (const auto& w : random_words(500)) short_b.push_back(w);
    const std::vector<std::string> texts = {words(long_a), words(long_b), words(short_a), words(short_b)};

    const tfidf::DocumentFrequencies df;
    const Params params;
    const auto set_of = [&](int n) { return score::rare_bigram_set(text::tokenize(texts[n]), df, params); };
    const std::vector<std::pair<DocId, DocId>> pairs = {{0, 1}, {1, 0}, {2, 3}, {3, 2}, {2, 0}};
    const auto samples = score::measure_background(
        pairs, [&](DocId n, std::string& out) { out = texts[n]; }, df, params);
    REQUIRE(samples.size() == pairs.size());
    REQUIRE(set_of(0).size() > 8 * score::kBackgroundSetKeys);
    REQUIRE(set_of(3).size() < score::kBackgroundSetKeys);
    for (std::size_t i = 0; i < pairs.size(); ++i) {
        const auto copy = set_of(static_cast<int>(pairs[i].first));
        const auto source = set_of(static_cast<int>(pairs[i].second));
        const double exact = sketch::overlap(copy, source).containment_a();
        CAPTURE(i, exact, samples[i].containment);
        CHECK(samples[i].copy_bigrams == copy.size());      // the sizes are the whole sets'
        CHECK(samples[i].source_bigrams == source.size());
        if (copy.size() <= score::kBackgroundSetKeys && source.size() <= score::kBackgroundSetKeys) {
            CHECK(samples[i].containment == exact);          // short texts: exactly the whole sets
        } else {
            CHECK(std::abs(samples[i].containment - exact) < 0.05);  // a sample of 4,096: sd about 0.008
        }
    }
    CHECK(samples[0].containment > 0.4);   // half of text 0 is in text 1
    CHECK(samples[2].containment > 0.2);   // a third of text 2 is in text 3
}

TEST_CASE("background: word pairs far above chance make a rewrite without a long passage") {
    // b keeps every other word pair of a and rewords the rest: many shared 2-word shingles, no
    // shared run of 4 words; then one shared run of 8 words (a short passage, below the 12 a
    // rewrite needs by coverage).
    std::vector<std::string> wa, wb;
    for (int i = 0; i < 30; ++i) {
        wa.insert(wa.end(), {name("alpha", i), name("beta", i), name("gamma", i)});
        wb.insert(wb.end(), {name("alpha", i), name("beta", i), name("delta", i)});
    }
    std::vector<std::string> run;
    for (int i = 0; i < 8; ++i) run.push_back(name("shared", i));
    const Document bare_a = make("a", words(wa));
    const Document bare_b = make("b", words(wb));
    wa.insert(wa.end(), run.begin(), run.end());
    wb.insert(wb.end(), run.begin(), run.end());
    const Document a = make("a", words(wa));
    const Document b = make("b", words(wb));
    Params params;
    const auto plain = score::score_standalone(a, b, params);
    REQUIRE(plain.score.alignment.passages.size() == 1);
    CHECK(plain.score.longest_passage == 8);
    CHECK_FALSE(plain.score.background_z.has_value());
    CHECK_FALSE(is_derived(plain.score.relation));

    // A corpus where random texts share 2% of their word pairs, give or take 3%.
    std::array<double, score::Background::kTerms> flat{};
    flat[0] = 0.02;
    const auto background = score::Background::from_stored(flat, 0.03, 1000, 0.02);
    const auto judged = score::score_pair(a, plain.analysis_a, b, plain.analysis_b, plain.df, params, &background);
    REQUIRE(judged.background_z.has_value());
    // 37 of a's 97 distinct word pairs are in b (30 pairs and the run's 7): (37/97 - 0.02) / 0.03.
    CHECK(*judged.background_z == Approx((37.0 / 97.0 - 0.02) / 0.03).margin(1e-9));
    CHECK(judged.relation == Relation::rewrite);
    CHECK(judged.grade == Grade::heavy);
    // The same overlap in a corpus where random texts share a third of their word pairs is chance.
    flat[0] = 0.33;
    const auto loud = score::Background::from_stored(flat, 0.05, 1000, 0.33);
    CHECK_FALSE(is_derived(score::score_pair(a, plain.analysis_a, b, plain.analysis_b, plain.df, params, &loud).relation));
    // The threshold is a parameter.
    params.rewrite_z = 100;
    CHECK_FALSE(is_derived(score::score_pair(a, plain.analysis_a, b, plain.analysis_b, plain.df, params, &background).relation));
    // Without any shared passage (min_passage_tokens words) shared vocabulary alone is no copy,
    // however far above chance: same-topic reports and templates share names and phrases.
    params.rewrite_z = 4;
    const auto bare = score::score_standalone(bare_a, bare_b, params, &background);
    CHECK(bare.score.alignment.passages.empty());
    CHECK(*bare.score.background_z > 10);
    CHECK_FALSE(is_derived(bare.score.relation));
}

TEST_CASE("background: a passage of names is no evidence; the writer's own words are") {
    // As above: many shared word pairs, no run of 4; then one shared 8-word passage whose words
    // are capitalised (`names` of them) or not.
    const auto pair_with = [](int names) {
        std::vector<std::string> passage;
        for (int i = 0; i < 8; ++i) passage.push_back(name(i < names ? "Shared" : "shared", i));
        return reworded_pair(passage);
    };
    const auto background = flat_background();
    const Params params;
    for (const int names : {0, 1, 4, 8}) {
        const auto [a, b] = pair_with(names);
        const auto judged = score::score_standalone(a, b, params, &background);
        CAPTURE(names);
        CHECK(judged.score.longest_passage == 8);
        CHECK(judged.score.longest_unnamed_passage == static_cast<std::uint32_t>(8 - names));
        REQUIRE(judged.score.background_z.has_value());
        CHECK(*judged.score.background_z > 10);
        // Two reports of one event share its names in runs; only a passage of 8 uncapitalised
        // words makes the pair a rewrite.
        CHECK(is_derived(judged.score.relation) == (names == 0));
    }
}

TEST_CASE("grade: verbatim when the shared phrases come in long stretches, else light when most of one text survives, heavy otherwise") {
    Params params;
    score::PairScore s;
    s.relation = Relation::rewrite;
    s.mean_phrase_run = params.verbatim_mean_run;
    s.phrase_share = 0.3;
    s.source_phrase_share = 0.2;
    // A few pasted paragraphs and the rest the copy's own words: verbatim, however small the share.
    CHECK(score::grade_of(s, params) == Grade::verbatim);
    // Short stretches: light when most of the copy, or of the source, lies in shared 3-word runs.
    s.mean_phrase_run = params.verbatim_mean_run - 0.1;
    CHECK(score::grade_of(s, params) == Grade::heavy);
    s.phrase_share = params.light_phrase_share;
    CHECK(score::grade_of(s, params) == Grade::light);
    s.phrase_share = params.light_phrase_share - 0.01;
    CHECK(score::grade_of(s, params) == Grade::heavy);
    s.source_phrase_share = params.light_phrase_share;
    CHECK(score::grade_of(s, params) == Grade::light);
    s.relation = Relation::duplicate;
    s.phrase_share = 0;
    s.mean_phrase_run = 0;
    CHECK(score::grade_of(s, params) == Grade::verbatim);
    s.relation = Relation::same_story;
    CHECK(score::grade_of(s, params) == Grade::none);
    CHECK(to_string(Grade::heavy) == "heavy");
    CHECK(to_string(Grade::none).empty());
}

TEST_CASE("grade: figures read on the text more inside the other; a trimmed copy is verbatim") {
    std::vector<std::string> w;
    for (int i = 0; i < 60; ++i) w.push_back(name("word", i));
    const std::string source = words(w);
    w.resize(40);
    const std::string copy = words(w) + " and a closing line of its own here";
    const auto pair = score::score_standalone(make("s", source), make("c", copy), {});
    REQUIRE(is_derived(pair.score.relation));
    // The copy's 40 shared words form one stretch of 40 of its 48 words (the source: 40 of 60).
    CHECK(pair.score.phrase_share == Approx(40.0 / 48.0));
    CHECK(pair.score.mean_phrase_run == Approx(40.0));
    CHECK(pair.score.source_phrase_share == Approx(40.0 / 60.0));
    CHECK(pair.score.grade == Grade::verbatim);
}

TEST_CASE("background: a passage of a script without spaces needs as much text as one with spaces") {
    // As above, then one shared passage in Thai. "แฮนด์ดิแค็บอื้อธรรมานุสาร" is three dictionary
    // entries that ICU splits into 8 short tokens: 8 tokens, but about 5 words of text, as much as
    // a name of two or three words. A sentence of a real Thai story is far more.
    const auto pair_with = [](const std::string& passage) { return reworded_pair({passage}); };
    const auto background = flat_background();
    const Params params;
    {
        const auto [a, b] = pair_with("แฮนด์ดิแค็บอื้อธรรมานุสาร");
        const auto judged = score::score_standalone(a, b, params, &background);
        CHECK(judged.score.longest_passage == 8);                // tokens
        CHECK(judged.score.longest_unnamed_passage == 5);        // words: 25 code points / 4.7
        REQUIRE(judged.score.background_z.has_value());
        CHECK(*judged.score.background_z > 10);
        CHECK_FALSE(is_derived(judged.score.relation));
    }
    {
        // "Officials advised people to look after their health and prepare enough warm clothes".
        const auto [a, b] = pair_with("เจ้าหน้าที่แนะนำให้ประชาชนดูแลสุขภาพและเตรียมเสื้อผ้ากันหนาวให้เพียงพอ");
        const auto judged = score::score_standalone(a, b, params, &background);
        CAPTURE(judged.score.longest_passage, judged.score.longest_unnamed_passage);
        CHECK(judged.score.longest_unnamed_passage >= params.min_passage_tokens);
        CHECK(judged.score.relation == Relation::rewrite);
    }
}
