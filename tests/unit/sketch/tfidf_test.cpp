// SPDX-License-Identifier: Apache-2.0
// Tests of the TF-IDF stage: smoothed IDF, hashed sublinear tf-idf vectors and their cosine, on
// token streams built directly from hashes (no tokenizer involved).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <random>
#include <span>
#include <vector>

#include "support/tokens.hpp"
#include "wiretrace/error.hpp"
#include "wiretrace/text/tokenize.hpp"
#include "wiretrace/sketch/tfidf.hpp"

namespace tfidf = wiretrace::tfidf;
using wiretrace::text::Token;

namespace {

// Three fixed term hashes for hand-computed cases (they land on distinct features).
constexpr std::uint64_t kX = 101;
constexpr std::uint64_t kY = 202;
constexpr std::uint64_t kZ = 303;

/// A document of `length` words from a vocabulary of `vocabulary` words starting at `first`,
/// with a skewed (roughly Zipfian) word distribution like real text.
std::vector<Token> random_document(std::mt19937_64& rng, std::size_t length,
                                   std::uint64_t first, std::uint64_t vocabulary) {
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    std::vector<std::uint64_t> words(length);
    for (auto& word : words) {
        const auto rank = static_cast<std::uint64_t>(
            std::pow(static_cast<double>(vocabulary), unit(rng)));
        word = first + std::min(rank, vocabulary) * 0x9e3779b97f4a7c15ULL;
    }
    return wiretrace::test::make_tokens(words);
}

double squared_norm(const tfidf::SparseVector& v) {
    double sum = 0.0;
    for (const float x : v.values) {
        sum += static_cast<double>(x) * x;
    }
    return sum;
}

std::vector<float> sorted_values(const tfidf::SparseVector& v) {
    auto values = v.values;
    std::sort(values.begin(), values.end());
    return values;
}

void check_well_formed(const tfidf::SparseVector& v) {
    REQUIRE(v.indices.size() == v.values.size());
    CHECK(std::is_sorted(v.indices.begin(), v.indices.end()));
    CHECK(std::adjacent_find(v.indices.begin(), v.indices.end()) == v.indices.end());
    for (const std::int32_t index : v.indices) {
        CHECK(index >= 0);
        CHECK(index < tfidf::kFeatureDimensions);
    }
    if (!v.values.empty()) {
        CHECK(squared_norm(v) == Approx(1.0).margin(1e-6));
    }
}

}  // namespace

TEST_CASE("idf: smoothed ln((1 + N) / (1 + df)) + 1, each term counted once per document",
          "[tfidf]") {
    tfidf::DocumentFrequencies df;
    CHECK(df.documents() == 0);
    CHECK(df.origin == "pair");
    CHECK(df.idf(kX) == Approx(1.0));  // no statistics: every term weighs the same

    df.add_document(wiretrace::test::make_tokens({kX, kX, kY}));
    df.add_document(wiretrace::test::make_tokens({kX, kZ}));
    df.add_document(wiretrace::test::make_tokens({kX}));
    CHECK(df.documents() == 3);
    CHECK(df.idf(kX) == Approx(1.0));                  // df 3: ln(4/4) + 1
    CHECK(df.idf(kY) == Approx(std::log(2.0) + 1.0));  // df 1: ln(4/2) + 1
    CHECK(df.idf(kZ) == Approx(std::log(2.0) + 1.0));
    CHECK(df.idf(999) == Approx(std::log(4.0) + 1.0)); // unseen: ln(4/1) + 1

    df.add_document({});
    CHECK(df.documents() == 4);
    CHECK(df.idf(kX) == Approx(std::log(5.0 / 4.0) + 1.0));
}

TEST_CASE("idf: the same counts whether kept as a sorted list, moved to the dense table or merged",
          "[tfidf]") {
    // Documents of distinct words each (word w of document d is d * 5000 + w): every feature's
    // count is known exactly. The table passes kSparseFeatures features part of the way, and
    // each half stays a sorted list (under both limits).
    constexpr std::uint64_t kWordsPerDocument = 5000;
    const std::uint64_t documents = tfidf::DocumentFrequencies::kSparseFeatures / kWordsPerDocument + 2;
    static_assert(tfidf::DocumentFrequencies::kSparseFeatures / kWordsPerDocument + 2 <= 2 * tfidf::DocumentFrequencies::kSparseDocuments);
    const auto document = [&](std::uint64_t d) {
        std::vector<std::uint64_t> words;
        for (std::uint64_t w = 0; w < kWordsPerDocument; ++w) words.push_back((d * kWordsPerDocument + w) * 0x9e3779b97f4a7c15ULL);
        words.push_back(kX);  // one word in every document
        return wiretrace::test::make_tokens(words);
    };
    tfidf::DocumentFrequencies one;       // every document, in order: sparse, then dense
    tfidf::DocumentFrequencies first;     // the first half, sparse
    tfidf::DocumentFrequencies second;    // the second half, sparse
    for (std::uint64_t d = 0; d < documents; ++d) {
        one.add_document(document(d));
        (d < documents / 2 ? first : second).add_document(document(d));
    }
    tfidf::DocumentFrequencies merged;
    merged.merge(first);
    merged.merge(second);
    tfidf::DocumentFrequencies dense;
    dense.counts();  // forced dense before the first document
    dense.merge(first);
    dense.merge(second);
    const double n = static_cast<double>(documents);
    for (const tfidf::DocumentFrequencies* df : {&one, &merged, &dense}) {
        CHECK(df->documents() == documents);
        CHECK(df->idf(kX) == Approx(1.0));  // in every document: ln((1 + N) / (1 + N)) + 1
        CHECK(df->idf(5 * 0x9e3779b97f4a7c15ULL) == Approx(std::log((1.0 + n) / 2.0) + 1.0));  // in one
        CHECK(df->idf(kZ) == Approx(std::log(1.0 + n) + 1.0));  // in none
    }
    const double half = static_cast<double>(documents / 2);
    CHECK(first.idf(kX) == Approx(1.0));
    CHECK(first.idf(5 * 0x9e3779b97f4a7c15ULL) == Approx(std::log((1.0 + half) / 2.0) + 1.0));

    // Many documents over a small vocabulary: past kSparseDocuments the counts go dense too.
    tfidf::DocumentFrequencies many;
    for (std::uint64_t d = 0; d < 3 * tfidf::DocumentFrequencies::kSparseDocuments; ++d) {
        many.add_document(wiretrace::test::make_tokens({kX, kY + d % 3}));
    }
    CHECK(many.idf(kX) == Approx(1.0));
    CHECK(many.idf(kY) == Approx(std::log((1.0 + 48.0) / (1.0 + 16.0)) + 1.0));
}

TEST_CASE("vectorize: sublinear tf, L2 norm, ascending indices", "[tfidf]") {
    const tfidf::DocumentFrequencies no_statistics;

    SECTION("hand-computed weights") {
        // tf(x) = 3, tf(y) = 1, idf 1: weights 1 + ln 3 and 1, divided by their norm.
        const auto v = tfidf::vectorize(wiretrace::test::make_tokens({kX, kY, kX, kX}), no_statistics);
        REQUIRE(v.indices.size() == 2);
        check_well_formed(v);
        const double big = 1.0 + std::log(3.0);
        const double norm = std::sqrt(big * big + 1.0);
        const auto values = sorted_values(v);
        CHECK(values[0] == Approx(1.0 / norm));
        CHECK(values[1] == Approx(big / norm));
    }
    SECTION("idf scales the weights") {
        tfidf::DocumentFrequencies df;
        df.add_document(wiretrace::test::make_tokens({kX, kY}));
        df.add_document(wiretrace::test::make_tokens({kX}));
        // idf(x) = 1, idf(y) = ln(3/2) + 1.
        const auto v = tfidf::vectorize(wiretrace::test::make_tokens({kX, kY}), df);
        REQUIRE(v.values.size() == 2);
        const double rare = std::log(1.5) + 1.0;
        const double norm = std::sqrt(1.0 + rare * rare);
        const auto values = sorted_values(v);
        CHECK(values[0] == Approx(1.0 / norm));
        CHECK(values[1] == Approx(rare / norm));
    }
    SECTION("word order does not matter") {
        std::mt19937_64 rng(7);
        const auto doc = random_document(rng, 600, 1, 3000);
        auto shuffled = doc;
        std::shuffle(shuffled.begin(), shuffled.end(), rng);
        const auto a = tfidf::vectorize(doc, no_statistics);
        const auto b = tfidf::vectorize(shuffled, no_statistics);
        check_well_formed(a);
        CHECK(a.indices == b.indices);
        CHECK(a.values == b.values);
    }
    SECTION("empty input gives an empty vector") {
        const auto v = tfidf::vectorize({}, no_statistics);
        CHECK(v.indices.empty());
        CHECK(v.values.empty());
    }
}

TEST_CASE("vectorize: terms colliding on a feature merge by summing tf", "[tfidf]") {
    const tfidf::DocumentFrequencies no_statistics;
    // Find colliding terms the way a user would meet them: 20000 random terms over 2^24
    // features collide about 12 times (birthday bound), and a one-word document reveals the
    // feature of its word.
    std::mt19937_64 rng(8);
    std::map<std::int32_t, std::uint64_t> term_of_feature;
    std::uint64_t t1 = 0;
    std::uint64_t t2 = 0;
    for (int i = 0; i < 20000 && t2 == 0; ++i) {
        const std::uint64_t term = rng() | 1;
        const auto v = tfidf::vectorize(wiretrace::test::make_tokens({term}), no_statistics);
        REQUIRE(v.indices.size() == 1);
        CHECK(v.values[0] == Approx(1.0f));
        const auto [it, inserted] = term_of_feature.emplace(v.indices[0], term);
        if (!inserted && it->second != term) {
            t1 = it->second;
            t2 = term;
        }
    }
    REQUIRE(t2 != 0);
    std::uint64_t t3 = 12345;
    while (term_of_feature.count(tfidf::vectorize(wiretrace::test::make_tokens({t3}), no_statistics).indices[0]) !=
           0) {
        ++t3;
    }

    SECTION("without idf") {
        // t1, t2 merge into one feature with tf 2: weight 1 + ln 2 (summed weights would be 2).
        const auto v = tfidf::vectorize(wiretrace::test::make_tokens({t1, t2, t3}), no_statistics);
        REQUIRE(v.indices.size() == 2);
        check_well_formed(v);
        const double merged = 1.0 + std::log(2.0);
        const double norm = std::sqrt(merged * merged + 1.0);
        const auto values = sorted_values(v);
        CHECK(values[0] == Approx(1.0 / norm));
        CHECK(values[1] == Approx(merged / norm));
    }
    SECTION("with idf: colliding terms share the feature's document frequency") {
        tfidf::DocumentFrequencies df;
        df.add_document(wiretrace::test::make_tokens({t1, t3}));
        df.add_document(wiretrace::test::make_tokens({t2}));
        df.add_document(wiretrace::test::make_tokens({t1, t2}));  // the feature once, not twice
        // N = 3: df(feature of t1, t2) = 3, idf = ln(4/4) + 1 = 1; idf(t3) = ln(4/2) + 1.
        CHECK(df.idf(t1) == Approx(1.0));
        CHECK(df.idf(t2) == Approx(1.0));
        const auto v = tfidf::vectorize(wiretrace::test::make_tokens({t1, t2, t1, t3}), df);
        REQUIRE(v.indices.size() == 2);
        const double merged = 1.0 + std::log(3.0);
        const double single = std::log(2.0) + 1.0;
        const double norm = std::sqrt(merged * merged + single * single);
        const auto values = sorted_values(v);
        CHECK(values[0] == Approx(single / norm));
        CHECK(values[1] == Approx(merged / norm));
    }
    SECTION("merge adds counts and documents") {
        tfidf::DocumentFrequencies left;
        tfidf::DocumentFrequencies right;
        tfidf::DocumentFrequencies all;
        left.add_document(wiretrace::test::make_tokens({t1, t3}));
        right.add_document(wiretrace::test::make_tokens({t3}));
        right.add_document(wiretrace::test::make_tokens({t2}));
        for (const auto& doc : {std::vector<std::uint64_t>{t1, t3}, {t3}, {t2}}) {
            all.add_document(wiretrace::test::make_tokens(doc));
        }
        left.merge(right);
        left.merge(tfidf::DocumentFrequencies{});
        CHECK(left.documents() == 3);
        for (const std::uint64_t term : {t1, t2, t3, std::uint64_t{777}}) CHECK(left.idf(term) == all.idf(term));
        CHECK(left.idf(t3) == Approx(std::log(4.0 / 3.0) + 1.0));
    }
    SECTION("a document of every term seen has one index per distinct feature") {
        std::vector<std::uint64_t> terms;
        for (const auto& entry : term_of_feature) {
            terms.push_back(entry.second);
        }
        terms.push_back(t2);
        const auto v = tfidf::vectorize(wiretrace::test::make_tokens(terms), no_statistics);
        check_well_formed(v);
        CHECK(v.indices.size() == term_of_feature.size());
    }
}

TEST_CASE("cosine: hand-computed values", "[tfidf]") {
    const tfidf::DocumentFrequencies no_statistics;

    SECTION("one shared word of two, equal weights: 1/2") {
        const auto a = tfidf::vectorize(wiretrace::test::make_tokens({kX, kY}), no_statistics);
        const auto b = tfidf::vectorize(wiretrace::test::make_tokens({kX, kZ}), no_statistics);
        CHECK(tfidf::cosine(a, b) == Approx(0.5).epsilon(1e-6));
    }
    SECTION("idf lowers the weight of the shared word") {
        tfidf::DocumentFrequencies df;
        df.add_document(wiretrace::test::make_tokens({kX, kY}));
        df.add_document(wiretrace::test::make_tokens({kX, kZ}));
        // idf(x) = 1, idf(y) = idf(z) = ln(3/2) + 1 = r: cosine 1 / (1 + r^2).
        const auto a = tfidf::vectorize(wiretrace::test::make_tokens({kX, kY}), df);
        const auto b = tfidf::vectorize(wiretrace::test::make_tokens({kX, kZ}), df);
        const double r = std::log(1.5) + 1.0;
        CHECK(tfidf::cosine(a, b) == Approx(1.0 / (1.0 + r * r)).epsilon(1e-6));
    }
    SECTION("sublinear tf") {
        // a: tf(x) = 3, tf(y) = 1; b: x and y once each.
        const auto a = tfidf::vectorize(wiretrace::test::make_tokens({kX, kX, kY, kX}), no_statistics);
        const auto b = tfidf::vectorize(wiretrace::test::make_tokens({kY, kX}), no_statistics);
        const double big = 1.0 + std::log(3.0);
        const double expected = (big + 1.0) / (std::sqrt(big * big + 1.0) * std::sqrt(2.0));
        CHECK(tfidf::cosine(a, b) == Approx(expected).epsilon(1e-6));
    }
    SECTION("empty vectors") {
        const auto a = tfidf::vectorize(wiretrace::test::make_tokens({kX}), no_statistics);
        CHECK(tfidf::cosine(a, tfidf::SparseVector{}) == 0.0);
        CHECK(tfidf::cosine(tfidf::SparseVector{}, tfidf::SparseVector{}) == 0.0);
    }
    SECTION("malformed vector is a bad argument") {
        tfidf::SparseVector bad;
        bad.indices = {1, 2};
        bad.values = {1.0f};
        const auto a = tfidf::vectorize(wiretrace::test::make_tokens({kX}), no_statistics);
        CHECK_THROWS_AS(tfidf::cosine(a, bad), wiretrace::Error);
        try {
            (void)tfidf::cosine(bad, a);
        } catch (const wiretrace::Error& e) {
            CHECK(e.code() == wiretrace::Errc::bad_argument);
        }
    }
}

TEST_CASE("cosine: self 1, disjoint 0, symmetric, within [0, 1]", "[tfidf][property]") {
    std::mt19937_64 rng(9);
    tfidf::DocumentFrequencies df;
    std::vector<std::vector<Token>> corpus;
    for (int i = 0; i < 40; ++i) {
        // Half the documents share one vocabulary, the other half another: pairs across the
        // halves have disjoint vocabularies. 500 words each keeps the chance that two of them
        // share a hashed feature (which would make a cross pair's cosine non-zero) near 1.5%.
        corpus.push_back(random_document(rng, 50 + rng() % 551, i % 2 == 0 ? 1 : 2, 500));
        df.add_document(corpus.back());
    }
    std::vector<tfidf::SparseVector> vectors;
    for (const auto& doc : corpus) {
        vectors.push_back(tfidf::vectorize(doc, df));
        check_well_formed(vectors.back());
    }
    for (std::size_t i = 0; i < vectors.size(); ++i) {
        INFO("document " << i);
        CHECK(tfidf::cosine(vectors[i], vectors[i]) == Approx(1.0).margin(1e-6));
        for (std::size_t j = i + 1; j < vectors.size(); ++j) {
            const double ab = tfidf::cosine(vectors[i], vectors[j]);
            const double ba = tfidf::cosine(vectors[j], vectors[i]);
            INFO("pair " << i << ", " << j);
            CHECK(ab == ba);
            CHECK(ab >= 0.0);
            CHECK(ab <= 1.0);
            if ((i + j) % 2 == 1) {
                CHECK(ab == 0.0);
            } else {
                CHECK(ab > 0.0);
                CHECK(ab < 1.0);
            }
        }
    }
}

TEST_CASE("distinct_features and vectorize: the same whatever was counted before on the thread",
          "[tfidf]") {
    // count_features keeps its table per thread and empties it after each text; texts of every
    // size (also one larger than the kept table) in a row must not see each other's features.
    std::mt19937_64 rng(19);
    const auto reference = [](std::span<const Token> tokens) {
        std::vector<std::int32_t> features;
        for (const Token& t : tokens) features.push_back(tfidf::feature_of(t.hash));
        std::sort(features.begin(), features.end());
        features.erase(std::unique(features.begin(), features.end()), features.end());
        return features;
    };
    tfidf::DocumentFrequencies df;
    std::vector<std::vector<Token>> texts;
    for (const std::size_t length : {600, 3, 0, 40000, 1, 2000, 600, 70000, 5}) {
        texts.push_back(random_document(rng, length, 1, length < 10 ? 2 : 5000));
        df.add_document(texts.back());
    }
    for (int round = 0; round < 2; ++round) {
        for (const auto& tokens : texts) {
            INFO("round " << round << ", " << tokens.size() << " tokens");
            CHECK(tfidf::distinct_features(tokens) == reference(tokens));
            CHECK(tfidf::vectorize(tokens, df).indices == reference(tokens));
        }
    }
}
