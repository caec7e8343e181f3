// SPDX-License-Identifier: Apache-2.0
// Tests of the rare-word candidate source: exact neighbours of a hand-built corpus, the time rules,
// the bound and the query length, independence from the thread count, and a property test
// against a brute-force cosine written from the definition on random corpora.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <random>
#include <set>
#include <tbb/global_control.h>
#include <vector>

#include "support/tokens.hpp"
#include "wiretrace/candidates/rare_terms.hpp"
#include "wiretrace/error.hpp"

namespace cand = wiretrace::candidates;
namespace tfidf = wiretrace::tfidf;

namespace {

constexpr std::int64_t kDay = 86400;

/// A corpus given as word lists: its document frequencies, its profiles and its DocInfo.
struct Corpus {
    std::vector<std::vector<std::int32_t>> features;  // distinct, per document
    tfidf::DocumentFrequencies df;
    cand::RareTerms terms;
    std::vector<cand::DocInfo> docs;

    Corpus(const std::vector<std::vector<std::uint64_t>>& words, std::uint32_t max_postings = 100) {
        for (const auto& w : words) {
            const auto tokens = wiretrace::test::make_tokens(w);
            df.add_document(tokens);
            features.push_back(tfidf::distinct_features(tokens));
        }
        for (const auto& f : features) terms.add(f, df, max_postings);
        docs.assign(words.size(), {});
    }
    void date(std::uint32_t doc, std::int64_t day) {
        docs[doc].has_time = true;
        docs[doc].published = day * kDay;
        docs[doc].granularity = kDay;
    }
    std::vector<cand::Neighbour> neighbours(const cand::Options& o) const {
        cand::Stats stats;
        return cand::rare_term_neighbours(terms, docs, o, stats);
    }
};

/// (document, partner) of each neighbour, in order.
std::vector<std::pair<std::uint32_t, std::uint32_t>> links(const std::vector<cand::Neighbour>& n) {
    std::vector<std::pair<std::uint32_t, std::uint32_t>> out;
    for (const auto& x : n) out.emplace_back(x.doc, x.partner);
    return out;
}

std::vector<std::uint64_t> with(std::vector<std::uint64_t> words, std::initializer_list<std::uint64_t> more) {
    words.insert(words.end(), more);
    return words;
}

cand::Options open_options(std::uint32_t k) {
    cand::Options o;
    o.tfidf_neighbours = k;
    o.tfidf_terms = 100000;
    o.tfidf_min_cosine = 0;
    o.tfidf_max_postings = 100000;
    return o;
}

// Five documents: 0 a story (day 1), 1 its reworded copy (day 3: same rare words r1-r6), 2 and 3
// another story and its copy (day 3, s1-s4), 4 (day 1) sharing one rare word with each story.
// (A date stands for its whole day: a text of day 2 could still be the source of one of day 1.)
// Words C1-C5 are in every document (weight ln(5/5) = 0); x0-x4 in one document each.
enum : std::uint64_t { C1 = 1, C2, C3, C4, C5, R1 = 100, R2, R3, R4, R5, R6, S1 = 200, S2, S3, S4, X0 = 300, X1, X2, X3, X4 };
const std::vector<std::uint64_t> kCommon = {C1, C2, C3, C4, C5};

Corpus hand_corpus() {
    Corpus c({with(kCommon, {R1, R2, R3, R4, R5, R6, X0}), with(kCommon, {R1, R2, R3, R4, R5, R6, X1}),
              with(kCommon, {S1, S2, S3, S4, X2}), with(kCommon, {S1, S2, S3, S4, X3}), with(kCommon, {R1, S1, X4})});
    c.date(0, 1);
    c.date(1, 3);
    c.date(2, 3);
    c.date(3, 3);
    c.date(4, 1);
    return c;
}

}  // namespace

TEST_CASE("rare terms: profiles index the words in 2 to max_postings documents, rarest first", "[candidates]") {
    const Corpus c = hand_corpus();
    REQUIRE(c.terms.documents() == 5);
    CHECK(c.terms.corpus_documents == 5);
    // Document 4: R1 and S1 (df 3 each); C* (df 5) and X4 (df 1) are not indexed.
    CHECK(c.terms.offsets[5] - c.terms.offsets[4] == 2);
    // Document 0: R2-R6 (df 2) before R1 (df 3).
    const std::int32_t r1 = tfidf::feature_of(R1);
    CHECK(c.terms.offsets[1] - c.terms.offsets[0] == 6);
    CHECK(c.terms.features[c.terms.offsets[1] - 1] == r1);
    // The norm counts every word of positive weight: R1 ln(5/3), R2-R6 ln(5/2), X0 ln 5.
    const double norm0 = std::sqrt(std::pow(std::log(5.0 / 3), 2) + 5 * std::pow(std::log(2.5), 2) + std::pow(std::log(5.0), 2));
    CHECK(c.terms.norms[0] == Approx(norm0).epsilon(1e-6));
    // A lower cap leaves out the words in 3 documents.
    const Corpus capped({with(kCommon, {R1, R2, X0}), with(kCommon, {R1, R2, X1}), with(kCommon, {R1, X2})}, 2);
    CHECK(capped.terms.offsets[1] == 1);
}

TEST_CASE("rare terms: a long document indexes its kMaxIndexedWords rarest words; the norm counts all", "[candidates]") {
    // Document 0 holds n words; the i-th is also in documents 1..(i % 50 + 1), so its frequency
    // is i % 50 + 2, and the rarest words are those with i % 50 == 0, then 1, and so on.
    // Words whose hashed features collide would share a count: the few that do are left out.
    const std::uint64_t n = cand::kMaxIndexedWords * 3;
    std::map<std::int32_t, std::uint64_t> index_of;  // feature -> i (the i-th word, from 0)
    std::vector<std::vector<std::uint64_t>> words(51);
    for (std::uint64_t w = 1; index_of.size() < n; ++w) {
        const std::uint64_t i = index_of.size();
        if (!index_of.emplace(tfidf::feature_of(w), i).second) continue;
        words[0].push_back(w);
        for (std::uint64_t d = 1; d <= i % 50 + 1; ++d) words[d].push_back(w);
    }
    const Corpus c(words);
    const std::uint64_t kept = c.terms.offsets[1] - c.terms.offsets[0];
    REQUIRE(kept == cand::kMaxIndexedWords);
    std::uint64_t previous_df = 0;
    for (std::uint64_t i = 0; i < kept; ++i) {
        const std::uint64_t df = index_of.at(c.terms.features[i]) % 50 + 2;
        CHECK(df >= previous_df);  // rarest first
        previous_df = df;
    }
    // n / 50 words per frequency: the cut falls inside frequency 2 + kMaxIndexedWords / (n / 50).
    CHECK(previous_df == 2 + cand::kMaxIndexedWords / (n / 50));
    double squared = 0;
    for (std::uint64_t i = 0; i < n; ++i) squared += std::pow(std::log(51.0 / static_cast<double>(i % 50 + 2)), 2);
    CHECK(c.terms.norms[0] == Approx(std::sqrt(squared)).epsilon(1e-5));
}

TEST_CASE("rare terms: each document keeps its nearest possible sources", "[candidates]") {
    const Corpus c = hand_corpus();
    const auto n = c.neighbours(open_options(1));
    // 0 (day 1) cannot have 1, 2 or 3 (day 3) as its source: only 4. 1's source is 0; 2 and 3
    // (same day) are each other's; 4's only possible source sharing a word is 0.
    const std::vector<std::pair<std::uint32_t, std::uint32_t>> expected = {{0, 4}, {1, 0}, {2, 3}, {3, 2}, {4, 0}};
    CHECK(links(n) == expected);
    const double w2 = std::log(2.5), w3 = std::log(5.0 / 3), wx = std::log(5.0);
    const double norm01 = std::sqrt(w3 * w3 + 5 * w2 * w2 + wx * wx);
    const double norm4 = std::sqrt(2 * w3 * w3 + wx * wx);
    CHECK(n[1].cosine == Approx((w3 * w3 + 5 * w2 * w2) / (norm01 * norm01)).epsilon(1e-5));
    CHECK(n[0].cosine == Approx(w3 * w3 / (norm01 * norm4)).epsilon(1e-5));

    // With more neighbours, 1 also keeps 4 (one shared word), after 0.
    const auto three = links(c.neighbours(open_options(3)));
    CHECK(std::count(three.begin(), three.end(), std::pair<std::uint32_t, std::uint32_t>{1, 4}) == 1);
    CHECK(std::find(three.begin(), three.end(), std::pair<std::uint32_t, std::uint32_t>{1, 0}) <
          std::find(three.begin(), three.end(), std::pair<std::uint32_t, std::uint32_t>{1, 4}));

    // The bound drops the weak pairs: only the two stories' copies remain.
    cand::Options bound = open_options(3);
    bound.tfidf_min_cosine = 0.3;
    const std::vector<std::pair<std::uint32_t, std::uint32_t>> strong = {{1, 0}, {2, 3}, {3, 2}};
    CHECK(links(c.neighbours(bound)) == strong);

    // Off: no neighbours.
    CHECK(c.neighbours(open_options(0)).empty());
}

TEST_CASE("rare terms: the time window and undated documents", "[candidates]") {
    Corpus c = hand_corpus();
    c.date(4, -10);
    cand::Options o = open_options(3);
    o.window_seconds = 5 * kDay;
    for (const auto& x : c.neighbours(o)) {
        CHECK(x.doc != 4);
        CHECK(x.partner != 4);
    }
    o.window_seconds = -1;
    const auto all = links(c.neighbours(o));
    CHECK(std::count(all.begin(), all.end(), std::pair<std::uint32_t, std::uint32_t>{1, 4}) == 1);

    // Undated, every document can be the source of every other: 0 and 1 are each other's.
    Corpus undated = hand_corpus();
    undated.docs.assign(5, {});
    const auto n = links(undated.neighbours(open_options(1)));
    CHECK(std::count(n.begin(), n.end(), std::pair<std::uint32_t, std::uint32_t>{0, 1}) == 1);
    CHECK(std::count(n.begin(), n.end(), std::pair<std::uint32_t, std::uint32_t>{1, 0}) == 1);
}

TEST_CASE("rare terms: the query is the document's tfidf_terms rarest words", "[candidates]") {
    const Corpus c = hand_corpus();
    cand::Options o = open_options(1);
    o.tfidf_terms = 1;  // 1's query: one word of df 2, held by 0 only
    const auto n = c.neighbours(o);
    const auto it = std::find_if(n.begin(), n.end(), [](const cand::Neighbour& x) { return x.doc == 1; });
    REQUIRE(it != n.end());
    CHECK(it->partner == 0);
    const double w2 = std::log(2.5), w3 = std::log(5.0 / 3), wx = std::log(5.0);
    CHECK(it->cosine == Approx(w2 * w2 / (w3 * w3 + 5 * w2 * w2 + wx * wx)).epsilon(1e-5));
}

TEST_CASE("rare terms: wrong sizes are refused", "[candidates]") {
    const Corpus c = hand_corpus();
    cand::Stats stats;
    const std::vector<cand::DocInfo> fewer(3);
    CHECK_THROWS_AS(cand::rare_term_neighbours(c.terms, fewer, open_options(2), stats), wiretrace::Error);
}

namespace {

/// A random corpus: `n` documents of 20-80 words from a Zipf-like vocabulary, some documents
/// rewritten from earlier ones (half their words kept), random days or undated.
Corpus random_corpus(std::mt19937_64& rng, std::uint32_t n, std::uint32_t max_postings) {
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    std::vector<std::vector<std::uint64_t>> words(n);
    for (std::uint32_t d = 0; d < n; ++d) {
        const auto length = static_cast<std::size_t>(20 + rng() % 60);
        if (d > 0 && rng() % 3 == 0) {
            const auto& from = words[rng() % d];
            for (const auto w : from) {
                if (rng() % 2 == 0) words[d].push_back(w);
            }
        }
        while (words[d].size() < length) words[d].push_back(1 + static_cast<std::uint64_t>(std::pow(2000.0, unit(rng))));
    }
    Corpus c(words, max_postings);
    for (std::uint32_t d = 0; d < n; ++d) {
        if (rng() % 4 != 0) c.date(d, static_cast<std::int64_t>(rng() % 5));
    }
    return c;
}

/// The restricted cosine of every pair from the definition, and each document's top k.
std::vector<cand::Neighbour> brute_force(const Corpus& c, const cand::Options& o) {
    const auto n = static_cast<double>(c.df.documents());
    const auto weight = [&](std::int32_t f) {
        const double df = c.df.document_frequency(f);
        return df > 0 && df < n ? std::log(n / df) : 0.0;
    };
    std::vector<double> norm;
    std::vector<std::vector<std::int32_t>> query;
    for (const auto& f : c.features) {
        double sq = 0;
        std::vector<std::pair<std::uint32_t, std::int32_t>> indexed;
        for (const std::int32_t x : f) {
            sq += weight(x) * weight(x);
            const std::uint32_t df = c.df.document_frequency(x);
            if (df >= 2 && df <= o.tfidf_max_postings && weight(x) > 0) indexed.emplace_back(df, x);
        }
        std::sort(indexed.begin(), indexed.end());
        std::vector<std::int32_t> q;
        for (std::size_t i = 0; i < std::min<std::size_t>(indexed.size(), o.tfidf_terms); ++i) q.push_back(indexed[i].second);
        norm.push_back(std::sqrt(sq));
        query.push_back(q);
    }
    std::vector<cand::Neighbour> out;
    for (std::uint32_t a = 0; a < c.features.size(); ++a) {
        std::vector<cand::Neighbour> found;
        for (std::uint32_t b = 0; b < c.features.size(); ++b) {
            if (a == b || !cand::can_be_source(c.docs[b], c.docs[a], o.timestamp_tolerance_seconds)) continue;
            double dot = 0;
            bool shared = false;
            for (const std::int32_t t : query[a]) {
                if (std::binary_search(c.features[b].begin(), c.features[b].end(), t)) {
                    dot += weight(t) * weight(t);
                    shared = true;
                }
            }
            const double cosine = dot / (norm[a] * norm[b]);
            if (shared && cosine >= o.tfidf_min_cosine) found.push_back({a, b, static_cast<float>(cosine)});
        }
        std::stable_sort(found.begin(), found.end(), [](const auto& x, const auto& y) { return x.cosine > y.cosine; });
        found.resize(std::min<std::size_t>(found.size(), o.tfidf_neighbours));
        out.insert(out.end(), found.begin(), found.end());
    }
    return out;
}

}  // namespace

TEST_CASE("rare terms: the search equals a brute-force cosine on random corpora", "[candidates]") {
    std::mt19937_64 rng(20261207);
    for (int round = 0; round < 20; ++round) {
        cand::Options o;
        o.tfidf_max_postings = round % 4 == 0 ? 1000 : 5;
        const Corpus c = random_corpus(rng, 20 + static_cast<std::uint32_t>(rng() % 60), o.tfidf_max_postings);
        o.tfidf_neighbours = 1 + static_cast<std::uint32_t>(rng() % 4);
        o.tfidf_terms = round % 2 == 0 ? 100000 : 1 + static_cast<std::uint32_t>(rng() % 12);
        o.tfidf_min_cosine = round % 3 == 0 ? 0.0 : 0.05;
        INFO("round " << round << ", k " << o.tfidf_neighbours << ", terms " << o.tfidf_terms);
        const auto got = c.neighbours(o);
        const auto want = brute_force(c, o);
        // The same number per document, the same scores in order (partners of equal score may
        // come in either order), and every reported score that pair's own.
        REQUIRE(got.size() == want.size());
        for (std::size_t i = 0; i < got.size(); ++i) {
            CHECK(got[i].doc == want[i].doc);
            CHECK(got[i].cosine == Approx(want[i].cosine).margin(1e-5));
        }
        std::map<std::pair<std::uint32_t, std::uint32_t>, float> all;
        cand::Options every = o;
        every.tfidf_neighbours = 1000;
        every.tfidf_min_cosine = 0;
        for (const auto& x : brute_force(c, every)) all[{x.doc, x.partner}] = x.cosine;
        for (const auto& x : got) {
            REQUIRE(all.contains({x.doc, x.partner}));
            CHECK(x.cosine == Approx(all[{x.doc, x.partner}]).margin(1e-5));
        }
    }
}

TEST_CASE("rare terms: the neighbours do not depend on the number of threads", "[candidates]") {
    std::mt19937_64 rng(7);
    cand::Options o;
    const Corpus c = random_corpus(rng, 3000, o.tfidf_max_postings);
    o.tfidf_min_cosine = 0.02;
    std::vector<cand::Neighbour> one;
    {
        const tbb::global_control limit(tbb::global_control::max_allowed_parallelism, 1);
        one = c.neighbours(o);
    }
    const tbb::global_control limit(tbb::global_control::max_allowed_parallelism, 4);
    CHECK(c.neighbours(o) == one);
    CHECK(cand::tfidf_pair_codes(one).size() > 1000);
}
