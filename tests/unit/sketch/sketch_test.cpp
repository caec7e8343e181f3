// SPDX-License-Identifier: Apache-2.0
// Tests of the sketch stage: shingle hashes, exact overlap, MinHash accuracy and winnowing,
// on token streams built directly from random hashes (no tokenizer involved).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <set>
#include <span>
#include <vector>

#include "support/tokens.hpp"
#include "wiretrace/error.hpp"
#include "wiretrace/sketch/sketch.hpp"
#include "wiretrace/text/tokenize.hpp"

namespace sketch = wiretrace::sketch;
using wiretrace::text::Token;

namespace {

constexpr std::uint64_t kSeed = 0x77697265ULL;

/// `count` token hashes drawn from a vocabulary of `vocabulary` words (0 = any 64-bit value).
std::vector<std::uint64_t> random_words(std::mt19937_64& rng, std::size_t count,
                                        std::uint64_t vocabulary = 0) {
    std::vector<std::uint64_t> words(count);
    for (auto& word : words) {
        // Small vocabularies use word ids as hashes on purpose: repeated shingles and ties
        // between equal shingle hashes are what the winnowing tie-break must handle.
        word = vocabulary == 0 ? rng() : rng() % vocabulary;
    }
    return words;
}

std::vector<std::uint64_t> concat(std::initializer_list<std::vector<std::uint64_t>> parts) {
    std::vector<std::uint64_t> all;
    for (const auto& part : parts) {
        all.insert(all.end(), part.begin(), part.end());
    }
    return all;
}

std::set<std::uint64_t> fingerprint_hashes(const std::vector<sketch::Fingerprint>& fingerprints) {
    std::set<std::uint64_t> hashes;
    for (const auto& fp : fingerprints) {
        hashes.insert(fp.hash);
    }
    return hashes;
}

}  // namespace

TEST_CASE("shingle_hashes: one hash per window of k tokens", "[sketch]") {
    const auto ten = wiretrace::test::make_tokens({1, 2, 3, 4, 5, 6, 7, 8, 9, 10});

    SECTION("n - k + 1 shingles") {
        CHECK(sketch::shingle_hashes(ten, 5, kSeed).size() == 6);
        CHECK(sketch::shingle_hashes(ten, 1, kSeed).size() == 10);
        CHECK(sketch::shingle_hashes(ten, 10, kSeed).size() == 1);
    }
    SECTION("fewer than k tokens give one shingle of all tokens") {
        const auto three = wiretrace::test::make_tokens({1, 2, 3});
        const auto shingles = sketch::shingle_hashes(three, 5, kSeed);
        REQUIRE(shingles.size() == 1);
        // It is the hash of exactly those three tokens: the same as a 3-shingle of them.
        CHECK(shingles[0] == sketch::shingle_hashes(three, 3, kSeed)[0]);
        CHECK(shingles[0] != sketch::shingle_hashes(wiretrace::test::make_tokens({1, 2}), 5, kSeed)[0]);
    }
    SECTION("no tokens give no shingles") {
        CHECK(sketch::shingle_hashes({}, 5, kSeed).empty());
    }
    SECTION("k = 0 is a bad argument") {
        CHECK_THROWS_AS(sketch::shingle_hashes(ten, 0, kSeed), wiretrace::Error);
        try {
            (void)sketch::shingle_hashes(ten, 0, kSeed);
        } catch (const wiretrace::Error& e) {
            CHECK(e.code() == wiretrace::Errc::bad_argument);
        }
    }
}

TEST_CASE("shingle_hashes: depend on the token hashes in order, and on the seed", "[sketch]") {
    const auto a = wiretrace::test::make_tokens({10, 20, 30, 40, 50, 60});
    // Same words, different byte offsets and quote flags: only the hashes matter.
    std::vector<Token> b = wiretrace::test::make_tokens({99, 10, 20, 30, 40, 50, 60});
    for (auto& token : b) {
        token.begin += 1000;
        token.end += 1000;
        token.in_quote = true;
    }
    const auto sa = sketch::shingle_hashes(a, 3, kSeed);
    const auto sb = sketch::shingle_hashes(b, 3, kSeed);
    REQUIRE(sa.size() == 4);
    REQUIRE(sb.size() == 5);
    for (std::size_t i = 0; i < sa.size(); ++i) {
        CHECK(sa[i] == sb[i + 1]);
    }
    CHECK(sa == sketch::shingle_hashes(a, 3, kSeed));
    // Order matters: 10 20 30 and 30 20 10 are different shingles.
    CHECK(sketch::shingle_hashes(wiretrace::test::make_tokens({30, 20, 10}), 3, kSeed)[0] != sa[0]);
    CHECK(sketch::shingle_hashes(a, 3, kSeed + 1)[0] != sa[0]);
    // All four windows differ from each other.
    CHECK(sketch::to_set(sa).size() == 4);
}

TEST_CASE("to_set: sorted distinct values", "[sketch]") {
    CHECK(sketch::to_set({5, 3, 5, 1, 3, 3}) == std::vector<std::uint64_t>{1, 3, 5});
    CHECK(sketch::to_set({}).empty());
    CHECK(sketch::to_set({7}) == std::vector<std::uint64_t>{7});
}

TEST_CASE("overlap: exact set statistics on small sets", "[sketch]") {
    const std::vector<std::uint64_t> a{1, 2, 3, 4};
    const std::vector<std::uint64_t> b{3, 4, 5};

    const auto o = sketch::overlap(a, b);
    CHECK(o.size_a == 4);
    CHECK(o.size_b == 3);
    CHECK(o.shared == 2);
    CHECK(o.jaccard() == Approx(2.0 / 5.0));
    CHECK(o.containment_a() == Approx(2.0 / 4.0));
    CHECK(o.containment_b() == Approx(2.0 / 3.0));

    const auto swapped = sketch::overlap(b, a);
    CHECK(swapped.jaccard() == o.jaccard());
    CHECK(swapped.containment_a() == o.containment_b());

    SECTION("empty sets") {
        const auto none = sketch::overlap({}, {});
        CHECK(none.jaccard() == 0.0);
        CHECK(none.containment_a() == 0.0);
        CHECK(none.containment_b() == 0.0);
        const auto one_empty = sketch::overlap(a, {});
        CHECK(one_empty.jaccard() == 0.0);
        CHECK(one_empty.containment_a() == 0.0);
        CHECK(one_empty.containment_b() == 0.0);
    }
    SECTION("identical and disjoint sets") {
        CHECK(sketch::overlap(a, a).jaccard() == 1.0);
        CHECK(sketch::overlap(a, std::vector<std::uint64_t>{10, 11}).shared == 0);
    }
}

TEST_CASE("overlap: shingle sets of two texts sharing a five-token run", "[sketch]") {
    // A = w1..w10, B = w6..w15 (10 tokens each), k = 3: each text has 8 shingles, and the run
    // w6..w10 gives 3 shared shingles. Jaccard 3 / 13, containment 3 / 8 both ways.
    const auto a = wiretrace::test::make_tokens({1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
    const auto b = wiretrace::test::make_tokens({6, 7, 8, 9, 10, 11, 12, 13, 14, 15});
    const auto set_a = sketch::to_set(sketch::shingle_hashes(a, 3, kSeed));
    const auto set_b = sketch::to_set(sketch::shingle_hashes(b, 3, kSeed));
    REQUIRE(set_a.size() == 8);
    REQUIRE(set_b.size() == 8);
    const auto o = sketch::overlap(set_a, set_b);
    CHECK(o.shared == 3);
    CHECK(o.jaccard() == Approx(3.0 / 13.0));
    CHECK(o.containment_a() == Approx(3.0 / 8.0));
    CHECK(o.containment_b() == Approx(3.0 / 8.0));
}

TEST_CASE("minhash: shape, determinism and argument checks", "[sketch]") {
    std::mt19937_64 rng(1);
    const auto shingles = random_words(rng, 400);

    const auto sig = sketch::minhash(shingles, 128, kSeed);
    CHECK(sig.size() == 128);
    CHECK(sketch::minhash(shingles, 128, kSeed) == sig);
    CHECK(sketch::minhash(shingles, 64, kSeed).size() == 64);
    CHECK(sketch::minhash(shingles, 1, kSeed).size() == 1);

    SECTION("a set, not a sequence: order and repeats do not matter") {
        auto shuffled = shingles;
        std::shuffle(shuffled.begin(), shuffled.end(), rng);
        shuffled.insert(shuffled.end(), shingles.begin(), shingles.begin() + 50);
        CHECK(sketch::minhash(shuffled, 128, kSeed) == sig);
    }
    SECTION("the seed selects the hash family") {
        const auto other = sketch::minhash(shingles, 128, kSeed + 1);
        CHECK(sketch::estimate_jaccard(sig, other) < 0.1);
    }
    SECTION("empty input gives an empty signature") {
        CHECK(sketch::minhash({}, 128, kSeed).empty());
    }
    SECTION("size 0 is a bad argument") {
        CHECK_THROWS_AS(sketch::minhash(shingles, 0, kSeed), wiretrace::Error);
        try {
            (void)sketch::minhash(shingles, 0, kSeed);
        } catch (const wiretrace::Error& e) {
            CHECK(e.code() == wiretrace::Errc::bad_argument);
        }
    }
    SECTION("a single shingle fills every position by densification") {
        const std::vector<std::uint64_t> one{42};
        const auto single = sketch::minhash(one, 128, kSeed);
        REQUIRE(single.size() == 128);
        CHECK(std::all_of(single.begin(), single.end(), [&](std::uint32_t v) { return v == single[0]; }));
    }
}

TEST_CASE("minhash: identical documents estimate 1", "[sketch]") {
    std::mt19937_64 rng(2);
    for (int trial = 0; trial < 20; ++trial) {
        const auto words = random_words(rng, 20 + rng() % 600, trial % 2 == 0 ? 0 : 50);
        const auto tokens = wiretrace::test::make_tokens(words);
        const auto shingles = sketch::to_set(sketch::shingle_hashes(tokens, 5, kSeed));
        const auto a = sketch::minhash(shingles, 128, kSeed);
        const auto b = sketch::minhash(sketch::shingle_hashes(tokens, 5, kSeed), 128, kSeed);
        CHECK(sketch::estimate_jaccard(a, b) == 1.0);
    }
}

TEST_CASE("estimate_jaccard: fraction of equal positions", "[sketch]") {
    const std::vector<std::uint32_t> a{1, 2, 3, 4};
    const std::vector<std::uint32_t> b{1, 9, 3, 9};
    CHECK(sketch::estimate_jaccard(a, b) == 0.5);
    CHECK(sketch::estimate_jaccard(a, a) == 1.0);
    CHECK(sketch::estimate_jaccard({}, {}) == 0.0);
    CHECK(sketch::estimate_jaccard(a, std::vector<std::uint32_t>{1, 2, 3}) == 0.0);
}

// Tolerance, fixed before the first run: with 128 positions the estimate has standard deviation
// at most sqrt(J(1-J)/128) (one-permutation hashing samples without replacement, which only
// lowers it), so every pair must lie within 4 sigma + 0.03, the mean absolute error must stay
// under 0.03 (about 0.026 is expected for this mix of J under independent hashing), and the
// mean signed error must stay under 0.01 (its own sigma is about 0.002): a bias test.
TEST_CASE("minhash: estimate tracks exact Jaccard on 300 planted-overlap pairs",
          "[sketch][property]") {
    constexpr std::uint32_t kShingleTokens = 5;
    constexpr std::uint32_t kSize = 128;
    constexpr int kPairs = 300;
    std::mt19937_64 rng(20240611);

    double abs_error_sum = 0.0;
    double signed_error_sum = 0.0;
    double min_exact = 1.0;
    double max_exact = 0.0;
    for (int pair = 0; pair < kPairs; ++pair) {
        // The shared run covers a fraction of A swept from 0 to 1; B keeps the shared run and
        // gets 0.5x to 1.5x as many words of its own as A has, so Jaccard spans 0..1.
        const double fraction = static_cast<double>(pair) / (kPairs - 1);
        const std::size_t length_a = 50 + rng() % 551;
        const auto shared_length =
            static_cast<std::size_t>(std::lround(fraction * static_cast<double>(length_a)));
        const std::size_t rest_a = length_a - shared_length;
        std::uniform_real_distribution<double> scale(0.5, 1.5);
        auto rest_b = static_cast<std::size_t>(std::lround(static_cast<double>(rest_a) * scale(rng)));
        rest_b = std::clamp(rest_b, shared_length < 50 ? 50 - shared_length : 0,
                            600 - shared_length);
        const std::size_t lead_a = rest_a == 0 ? 0 : rng() % (rest_a + 1);
        const std::size_t lead_b = rest_b == 0 ? 0 : rng() % (rest_b + 1);

        const auto shared = random_words(rng, shared_length);
        const auto words_a = concat({random_words(rng, lead_a), shared,
                                     random_words(rng, rest_a - lead_a)});
        const auto words_b = concat({random_words(rng, lead_b), shared,
                                     random_words(rng, rest_b - lead_b)});
        const std::uint64_t seed = rng();
        const auto set_a =
            sketch::to_set(sketch::shingle_hashes(wiretrace::test::make_tokens(words_a), kShingleTokens, seed));
        const auto set_b =
            sketch::to_set(sketch::shingle_hashes(wiretrace::test::make_tokens(words_b), kShingleTokens, seed));

        const double exact = sketch::overlap(set_a, set_b).jaccard();
        const double estimate = sketch::estimate_jaccard(sketch::minhash(set_a, kSize, seed),
                                                         sketch::minhash(set_b, kSize, seed));
        const double tolerance = 4.0 * std::sqrt(exact * (1.0 - exact) / kSize) + 0.03;
        INFO("pair " << pair << ": |A| = " << set_a.size() << ", |B| = " << set_b.size()
                     << ", exact " << exact << ", estimate " << estimate);
        CHECK(std::abs(estimate - exact) <= tolerance);

        abs_error_sum += std::abs(estimate - exact);
        signed_error_sum += estimate - exact;
        min_exact = std::min(min_exact, exact);
        max_exact = std::max(max_exact, exact);
    }
    const double mean_abs_error = abs_error_sum / kPairs;
    const double mean_signed_error = signed_error_sum / kPairs;
    INFO("mean |error| " << mean_abs_error << ", mean error " << mean_signed_error);
    CHECK(mean_abs_error <= 0.03);
    CHECK(std::abs(mean_signed_error) <= 0.01);
    // The sweep must really cover the whole range, or the test proves less than it claims.
    CHECK(min_exact == 0.0);
    CHECK(max_exact == 1.0);
}

// Small sets leave most of the 128 bins empty, so the estimate rests on densification. Over many
// seeds the mean estimate must converge to the exact Jaccard (1/3 here); densification that
// filled empty bins with a constant, or from data-dependent donors, would be biased. The mean
// of 2000 estimates has a standard deviation of about 0.003; the bound is 0.015.
TEST_CASE("minhash: densified signatures of small sets stay unbiased", "[sketch][property]") {
    const std::vector<std::uint64_t> a{1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    const std::vector<std::uint64_t> b{6, 7, 8, 9, 10, 11, 12, 13, 14, 15};
    std::mt19937_64 rng(3);
    constexpr int kSeeds = 2000;
    double sum = 0.0;
    for (int i = 0; i < kSeeds; ++i) {
        const std::uint64_t seed = rng();
        sum += sketch::estimate_jaccard(sketch::minhash(a, 128, seed),
                                        sketch::minhash(b, 128, seed));
    }
    CHECK(std::abs(sum / kSeeds - 1.0 / 3.0) <= 0.015);
}

TEST_CASE("winnow: hand-made sequence from the winnowing paper", "[sketch]") {
    // Schleimer, Wilkerson, Aiken 2003, figure 2 (e): window 4 selects 17 17 8 39 17.
    const std::vector<std::uint64_t> hashes{77, 74, 42, 17, 98, 50, 17, 98, 8,
                                            88, 67, 39, 77, 74, 42, 17, 98};
    const std::vector<sketch::Fingerprint> expected{{17, 3}, {17, 6}, {8, 8}, {39, 11}, {17, 15}};
    CHECK(sketch::winnow(hashes, 4) == expected);
    CHECK(wiretrace::test::winnow_reference(hashes, 4) == expected);

    SECTION("window 1 selects every position") {
        const auto all = sketch::winnow(hashes, 1);
        REQUIRE(all.size() == hashes.size());
        for (std::size_t i = 0; i < all.size(); ++i) {
            CHECK(all[i] == sketch::Fingerprint{hashes[i], static_cast<std::uint32_t>(i)});
        }
    }
    SECTION("ties go to the rightmost position") {
        const std::vector<std::uint64_t> flat{5, 5, 5, 5, 5, 5};
        // Windows of 3 end at 2..5 and each picks its last position.
        const std::vector<sketch::Fingerprint> rightmost{{5, 2}, {5, 3}, {5, 4}, {5, 5}};
        CHECK(sketch::winnow(flat, 3) == rightmost);
    }
    SECTION("a sequence shorter than the window gives its minimum once") {
        const std::vector<std::uint64_t> short_sequence{5, 2, 9, 2};
        CHECK(sketch::winnow(short_sequence, 10) ==
              std::vector<sketch::Fingerprint>{{2, 3}});
        CHECK(sketch::winnow(short_sequence, 4) == std::vector<sketch::Fingerprint>{{2, 3}});
    }
    SECTION("empty input and window 0") {
        CHECK(sketch::winnow({}, 4).empty());
        CHECK_THROWS_AS(sketch::winnow(hashes, 0), wiretrace::Error);
    }
}

TEST_CASE("winnow: matches the brute-force definition on random sequences",
          "[sketch][property]") {
    std::mt19937_64 rng(4);
    for (int trial = 0; trial < 500; ++trial) {
        const std::size_t n = rng() % 200;
        const std::uint32_t window = 1 + static_cast<std::uint32_t>(rng() % 20);
        // Small value ranges force many ties.
        const std::uint64_t range = trial % 3 == 0 ? 4 : (trial % 3 == 1 ? 50 : 0);
        const auto hashes = random_words(rng, n, range);
        INFO("trial " << trial << ", n " << n << ", window " << window);
        const auto fingerprints = sketch::winnow(hashes, window);
        REQUIRE(fingerprints == wiretrace::test::winnow_reference(hashes, window));

        // Every window contains a selected position: gaps of at most `window`.
        if (n >= window) {
            REQUIRE(!fingerprints.empty());
            CHECK(fingerprints.front().position < window);
            CHECK(fingerprints.back().position >= n - window);
            for (std::size_t i = 1; i < fingerprints.size(); ++i) {
                CHECK(fingerprints[i].position - fingerprints[i - 1].position <= window);
            }
        }
    }
}

TEST_CASE("winnow: texts sharing a run of k + w - 1 tokens share a fingerprint",
          "[sketch][property]") {
    std::mt19937_64 rng(5);
    const std::uint32_t shingle_sizes[] = {1, 3, 5};
    const std::uint32_t windows[] = {1, 4, 8, 16};
    const std::uint64_t vocabularies[] = {4, 16, 1000, 0};
    for (int trial = 0; trial < 400; ++trial) {
        const std::uint32_t k = shingle_sizes[trial % 3];
        const std::uint32_t w = windows[(trial / 3) % 4];
        const std::uint64_t vocabulary = vocabularies[(trial / 12) % 4];
        const std::uint64_t seed = rng();
        const auto run = random_words(rng, k + w - 1, vocabulary);
        const auto words_a = concat({random_words(rng, rng() % 300, vocabulary), run,
                                     random_words(rng, rng() % 300, vocabulary)});
        const auto words_b = concat({random_words(rng, rng() % 300, vocabulary), run,
                                     random_words(rng, rng() % 300, vocabulary)});
        const auto fa = fingerprint_hashes(
            sketch::winnow(sketch::shingle_hashes(wiretrace::test::make_tokens(words_a), k, seed), w));
        const auto fb = fingerprint_hashes(
            sketch::winnow(sketch::shingle_hashes(wiretrace::test::make_tokens(words_b), k, seed), w));
        std::vector<std::uint64_t> common;
        std::set_intersection(fa.begin(), fa.end(), fb.begin(), fb.end(),
                              std::back_inserter(common));
        INFO("trial " << trial << ", k " << k << ", w " << w << ", vocabulary " << vocabulary);
        CHECK(!common.empty());
    }
}

TEST_CASE("winnow: density is about 2 / (w + 1) on random input", "[sketch][property]") {
    std::mt19937_64 rng(6);
    const auto hashes = random_words(rng, 200000);
    for (const std::uint32_t w : {4U, 8U, 16U}) {
        const double density =
            static_cast<double>(sketch::winnow(hashes, w).size()) / static_cast<double>(hashes.size());
        const double expected = 2.0 / (w + 1.0);
        INFO("w " << w << ": density " << density << ", expected " << expected);
        CHECK(std::abs(density - expected) <= 0.15 * expected);
    }
}
