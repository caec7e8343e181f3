// SPDX-License-Identifier: Apache-2.0
// Tests of candidate generation: join keys, the fingerprint join with its cap, thresholds and
// per-document selection, LSH bands, and independence from key order and thread count.
#include <catch2/catch.hpp>

#include <algorithm>
#include <iterator>
#include <span>
#include <random>
#include <tbb/global_control.h>
#include <vector>

#include "wiretrace/candidates/candidates.hpp"
#include "wiretrace/error.hpp"
#include "unit/candidates/keys.hpp"

namespace cand = wiretrace::candidates;

namespace {

std::vector<std::uint64_t> range(std::uint64_t from, std::uint64_t to) {
    std::vector<std::uint64_t> v;
    for (std::uint64_t x = from; x < to; ++x) v.push_back(x);
    return v;
}

}  // namespace

TEST_CASE("candidates: keys keep the document and drop the low hash bits", "[candidates]") {
    const std::uint64_t key = cand::make_key(0xFFFF'FFFF'FFFF'FFFFULL, 12345);
    CHECK(cand::key_doc(key) == 12345);
    CHECK(cand::key_hash(key) == (0xFFFF'FFFF'FFFF'FFFFULL >> cand::kDocBits));
    std::vector<std::uint64_t> keys;
    const std::vector<wiretrace::sketch::Fingerprint> repeated = {{7ULL << 40, 0}, {7ULL << 40, 9}, {8ULL << 40, 3}};
    CHECK(cand::append_fingerprint_keys(repeated, 4, keys) == 2);  // a repeated fingerprint counts once
}

TEST_CASE("candidates: a long article keeps a bounded bottom-k sample of its fingerprint keys", "[candidates]") {
    // Issue #21 finding 3: the join's state per article does not grow with its length.
    std::mt19937_64 rng(21);
    std::vector<wiretrace::sketch::Fingerprint> long_text, longer_text;
    for (std::uint32_t i = 0; i < 3 * cand::kMaxFingerprintKeys; ++i) {
        const std::uint64_t h = rng();
        long_text.push_back({h, i});
        longer_text.push_back({h, i});
        longer_text.push_back({rng(), i});  // the same text with as much again of its own
    }
    std::vector<std::uint64_t> keys, other;
    REQUIRE(cand::append_fingerprint_keys(long_text, 3, keys) == cand::kMaxFingerprintKeys);
    REQUIRE(keys.size() == cand::kMaxFingerprintKeys);
    // the smallest hashes, in order, all of document 3
    std::vector<std::uint64_t> hashes;
    for (const auto& f : long_text) hashes.push_back(cand::key_hash(cand::make_key(f.hash, 0)));
    std::sort(hashes.begin(), hashes.end());
    for (std::size_t i = 0; i < keys.size(); ++i) {
        CHECK(cand::key_doc(keys[i]) == 3);
        CHECK(cand::key_hash(keys[i]) == hashes[i]);
    }
    // The same rule in every document: the longer text's sample holds the long text's keys below
    // its own cut-off, about half of them here (it has twice the fingerprints).
    REQUIRE(cand::append_fingerprint_keys(longer_text, 3, other) == cand::kMaxFingerprintKeys);
    std::vector<std::uint64_t> shared;
    std::set_intersection(keys.begin(), keys.end(), other.begin(), other.end(), std::back_inserter(shared));
    CHECK(shared.size() > cand::kMaxFingerprintKeys * 4 / 10);
    CHECK(shared.size() < cand::kMaxFingerprintKeys * 6 / 10);
    CHECK(std::equal(shared.begin(), shared.end(), keys.begin()));  // a prefix of the long text's sample
    // a short text keeps every key
    std::vector<std::uint64_t> short_keys;
    CHECK(cand::append_fingerprint_keys(std::span(long_text).first(100), 4, short_keys) == 100);
}

TEST_CASE("candidates: the join finds partial copies and skips boilerplate above the cap", "[candidates]") {
    // 0: a wire story (fingerprints 0-99); 1: a copy of its first 40; 2: an unrelated story that
    // shares one fingerprint with 0; 3-6: four stories sharing only boilerplate 500.
    std::vector<std::vector<std::uint64_t>> fps = {range(0, 100), range(0, 40), range(1000, 1100)};
    fps[2].push_back(50);
    for (std::uint64_t d = 0; d < 4; ++d) {
        auto v = range(2000 + 100 * d, 2050 + 100 * d);
        v.push_back(500);
        fps.push_back(v);
    }
    fps[0].push_back(500);
    std::vector<cand::DocInfo> docs;
    auto keys = keys_of(fps, docs);
    cand::Options o;
    o.max_document_frequency = 4;  // boilerplate 500 is in 5 documents
    cand::Stats stats;
    const auto pairs = cand::find_candidates(keys, {}, docs, o, stats);
    REQUIRE(pairs.size() == 1);
    CHECK(pairs[0] == cand::Pair{0, 1, 40, true, false, false});
    CHECK(stats.boilerplate_fingerprints == 1);
    CHECK(stats.boilerplate_keys == 5);
    CHECK(stats.shared_fingerprints == 42);  // hashes 0-39, 50 and 500
    CHECK(stats.fingerprint_pairs == 1);     // (0, 2) shares one fingerprint: below min_shared
}

TEST_CASE("candidates: containment floor and time window", "[candidates]") {
    // 0 and 1 share 3 of their 100 fingerprints: containment 0.03 either way.
    std::vector<std::vector<std::uint64_t>> fps = {range(0, 100), range(97, 197)};
    std::vector<cand::DocInfo> docs;
    const auto keys = keys_of(fps, docs);
    cand::Stats stats;
    cand::Options o;
    CHECK(cand::find_candidates(keys, {}, docs, o, stats).empty());
    o.min_containment = 0.03;
    CHECK(cand::find_candidates(keys, {}, docs, o, stats).size() == 1);

    docs[0].has_time = docs[1].has_time = true;
    docs[0].published = 0;
    docs[1].published = 10 * 86400;
    o.window_seconds = 9 * 86400;
    cand::Stats windowed;
    CHECK(cand::find_candidates(keys, {}, docs, o, windowed).empty());
    CHECK(windowed.outside_window == 1);
    o.window_seconds = 10 * 86400;
    CHECK(cand::find_candidates(keys, {}, docs, o, stats).size() == 1);
}

TEST_CASE("candidates: each document keeps its best possible sources, and a roundup all its sources",
          "[candidates]") {
    // 0: wire story A (0-99); 1-5: five copies of A in full, published after it; 6: wire story B
    // (1000-1099); 7: a roundup of A's first 60 and B's first 30, published last.
    std::vector<std::vector<std::uint64_t>> fps = {range(0, 100)};
    for (int i = 0; i < 5; ++i) fps.push_back(range(0, 100));
    fps.push_back(range(1000, 1100));
    auto roundup = range(0, 60);
    for (std::uint64_t x = 1000; x < 1030; ++x) roundup.push_back(x);
    fps.push_back(roundup);
    std::vector<cand::DocInfo> docs;
    const auto keys = keys_of(fps, docs);
    for (std::uint32_t d = 0; d < docs.size(); ++d) {
        docs[d].has_time = true;
        docs[d].published = 1000 * d;
    }
    cand::Options o;
    o.max_sources = 2;
    cand::Stats stats;
    const auto pairs = cand::find_candidates(keys, {}, docs, o, stats);
    std::vector<std::pair<std::uint32_t, std::uint32_t>> of_roundup;
    for (const auto& p : pairs) {
        if (p.b == 7) of_roundup.emplace_back(p.a, p.b);
    }
    // Its two best sources hold 60 fingerprints each (the earliest: 0 and 1); B supplies 30 new ones.
    CHECK(of_roundup == std::vector<std::pair<std::uint32_t, std::uint32_t>>{{0, 7}, {1, 7}, {6, 7}});
    // A published copy cannot be the source of an earlier one: copy 5 keeps 0 and 1, and is kept
    // by no earlier copy beyond their own two best.
    for (const auto& p : pairs) CHECK(p.a < p.b);
    CHECK(std::count_if(pairs.begin(), pairs.end(), [](const auto& p) { return p.b == 5; }) == 2);
}

TEST_CASE("candidates: LSH bands pair equal signatures, and a big band group becomes a star", "[candidates]") {
    std::vector<std::uint32_t> same(128, 7);
    std::vector<std::uint32_t> other(128, 9);
    std::vector<std::uint64_t> bands;
    const std::uint32_t n = 6;
    for (std::uint32_t d = 0; d < n; ++d) cand::append_band_keys(d == 5 ? other : same, 32, d, bands);
    CHECK(bands.size() == 32 * n);
    std::vector<cand::DocInfo> docs(n);
    for (std::uint32_t d = 0; d < n; ++d) {
        docs[d].has_time = true;
        docs[d].published = d == 3 ? 0 : 86400;  // 3 is clearly the earliest: the hub of the star
    }
    cand::Options o;
    cand::Stats stats;
    auto pairs = cand::find_candidates({}, bands, docs, o, stats);
    CHECK(pairs.size() == 10);  // 5 equal documents: all 10 pairs
    for (const auto& p : pairs) CHECK(p.band);
    o.max_document_frequency = 4;
    pairs = cand::find_candidates({}, bands, docs, o, stats);
    std::vector<std::pair<std::uint32_t, std::uint32_t>> star;
    for (const auto& p : pairs) star.emplace_back(p.a, p.b);
    CHECK(star == std::vector<std::pair<std::uint32_t, std::uint32_t>>{{0, 3}, {1, 3}, {2, 3}, {3, 4}});
    CHECK(stats.oversize_band_groups == 32);
    CHECK_THROWS_AS(cand::append_band_keys(same, 0, 0, bands), wiretrace::Error);
}

TEST_CASE("candidates: the result depends neither on key order nor on the number of threads",
          "[candidates][property]") {
    std::mt19937_64 rng(21);
    // 300 documents drawn from 40 stories: each takes a random slice of its story's 200 fingerprints.
    std::vector<std::vector<std::uint64_t>> fps;
    for (int d = 0; d < 300; ++d) {
        const std::uint64_t story = rng() % 40;
        const std::uint64_t begin = rng() % 150;
        const std::uint64_t end = begin + 10 + rng() % (200 - begin - 10 + 1);
        fps.push_back(range(story * 1000 + begin, story * 1000 + std::min<std::uint64_t>(end, 200)));
    }
    std::vector<cand::DocInfo> docs;
    auto keys = keys_of(fps, docs);
    for (auto& d : docs) {
        d.has_time = rng() % 2 == 0;
        d.published = static_cast<std::int64_t>(rng() % 100000);
    }
    cand::Options o;
    o.max_sources = 3;
    cand::Stats stats;
    std::vector<cand::Pair> reference;
    {
        const tbb::global_control one(tbb::global_control::max_allowed_parallelism, 1);
        reference = cand::find_candidates(keys, {}, docs, o, stats);
    }
    REQUIRE(reference.size() > 300);
    std::shuffle(keys.begin(), keys.end(), rng);
    {
        const tbb::global_control two(tbb::global_control::max_allowed_parallelism, 2);
        CHECK(cand::find_candidates(keys, {}, docs, o, stats) == reference);
    }
    CHECK(std::is_sorted(reference.begin(), reference.end(), [](const auto& x, const auto& y) {
        return std::pair(x.a, x.b) < std::pair(y.a, y.b);
    }));
}

TEST_CASE("candidates: the rare-word pairs join the others and each source is counted", "[candidates]") {
    // 0 and 1 share 40 fingerprints; the rare-word source found (0, 1) too, and (1, 2) alone.
    std::vector<std::vector<std::uint64_t>> fps = {range(0, 100), range(0, 40), range(1000, 1100)};
    std::vector<cand::DocInfo> docs;
    const auto keys = keys_of(fps, docs);
    const std::vector<std::uint64_t> tfidf = {wiretrace::pair_code(0, 1), wiretrace::pair_code(1, 2)};
    cand::Stats stats;
    const auto pairs = cand::find_candidates(keys, {}, docs, cand::Options{}, stats, tfidf);
    REQUIRE(pairs.size() == 2);
    CHECK(pairs[0] == cand::Pair{0, 1, 40, true, false, true});
    CHECK(pairs[1] == cand::Pair{1, 2, 0, false, false, true});
    CHECK(stats.pairs == 2);
    CHECK(stats.from_fingerprints == 1);
    CHECK(stats.from_bands == 0);
    CHECK(stats.from_tfidf == 2);
    CHECK(stats.only_tfidf == 1);
}
