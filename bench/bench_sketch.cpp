// SPDX-License-Identifier: Apache-2.0
// Benchmarks of the sketch stage (shingle hashes, MinHash, winnowing, TF-IDF vectors and cosine)
// on synthetic 600-word documents; each benchmark checks one result before it times anything.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <set>
#include <span>
#include <vector>

#include "support/tokens.hpp"
#include "wiretrace/sketch/sketch.hpp"
#include "wiretrace/text/tokenize.hpp"
#include "wiretrace/sketch/tfidf.hpp"

namespace {

namespace sketch = wiretrace::sketch;
namespace tfidf = wiretrace::tfidf;
using wiretrace::text::Token;

constexpr std::size_t kTokensPerDocument = 600;
/// Bytes of original text per token, for MB/s figures: an average English word and a separator.
constexpr std::int64_t kBytesPerToken = 6;
constexpr std::uint32_t kShingleTokens = 5;
constexpr std::uint32_t kSketchSize = 128;
constexpr std::uint32_t kWindow = 8;
constexpr std::uint64_t kSeed = 0x77697265ULL;
constexpr std::uint64_t kVocabulary = 20000;

/// A document of `count` tokens with a roughly Zipfian word distribution, like news text, so
/// that term frequencies and repeated shingles look realistic. Fixed seed per document.
std::vector<Token> synthetic_document(std::uint64_t seed, std::size_t count) {
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    std::vector<Token> tokens;
    tokens.reserve(count);
    std::uint32_t offset = 0;
    for (std::size_t i = 0; i < count; ++i) {
        const auto rank =
            static_cast<std::uint64_t>(std::pow(static_cast<double>(kVocabulary), unit(rng)));
        tokens.push_back(Token{(rank + 1) * 0x9e3779b97f4a7c15ULL, offset, offset + 5, false});
        offset += kBytesPerToken;
    }
    return tokens;
}

void report_documents(benchmark::State& state, std::int64_t documents_per_iteration) {
    const std::int64_t documents = state.iterations() * documents_per_iteration;
    state.SetItemsProcessed(documents);
    state.SetBytesProcessed(documents * static_cast<std::int64_t>(kTokensPerDocument) *
                            kBytesPerToken);
}

void BM_shingle_hashes(benchmark::State& state) {
    const auto tokens = synthetic_document(1, kTokensPerDocument);
    const auto check = sketch::shingle_hashes(tokens, kShingleTokens, kSeed);
    if (check.size() != kTokensPerDocument - kShingleTokens + 1 ||
        check != sketch::shingle_hashes(tokens, kShingleTokens, kSeed)) {
        state.SkipWithError("shingle_hashes: wrong count or not deterministic");
        return;
    }
    for (auto _ : state) {
        auto shingles = sketch::shingle_hashes(tokens, kShingleTokens, kSeed);
        benchmark::DoNotOptimize(shingles.data());
        benchmark::ClobberMemory();
    }
    report_documents(state, 1);
}
BENCHMARK(BM_shingle_hashes);

void BM_minhash(benchmark::State& state) {
    const auto size = static_cast<std::uint32_t>(state.range(0));
    const auto tokens = synthetic_document(2, kTokensPerDocument);
    const auto shingles = sketch::shingle_hashes(tokens, kShingleTokens, kSeed);
    const auto check = sketch::minhash(shingles, size, kSeed);
    if (check.size() != size ||
        sketch::estimate_jaccard(check, sketch::minhash(shingles, size, kSeed)) != 1.0) {
        state.SkipWithError("minhash: identical input gave different signatures");
        return;
    }
    for (auto _ : state) {
        auto signature = sketch::minhash(shingles, size, kSeed);
        benchmark::DoNotOptimize(signature.data());
        benchmark::ClobberMemory();
    }
    report_documents(state, 1);
}
BENCHMARK(BM_minhash)->Arg(64)->Arg(kSketchSize)->Arg(256);

void BM_winnow(benchmark::State& state) {
    const auto window = static_cast<std::uint32_t>(state.range(0));
    const auto tokens = synthetic_document(3, kTokensPerDocument);
    const auto shingles = sketch::shingle_hashes(tokens, kShingleTokens, kSeed);
    if (sketch::winnow(shingles, window) != wiretrace::test::winnow_reference(shingles, window)) {
        state.SkipWithError("winnow: differs from the brute-force reference");
        return;
    }
    for (auto _ : state) {
        auto fingerprints = sketch::winnow(shingles, window);
        benchmark::DoNotOptimize(fingerprints.data());
        benchmark::ClobberMemory();
    }
    report_documents(state, 1);
}
BENCHMARK(BM_winnow)->Arg(4)->Arg(kWindow)->Arg(16);

// A pair, as the scorer sees it: both vectors built against the pair's own statistics, then
// their cosine.
void BM_vectorize_cosine(benchmark::State& state) {
    const auto a = synthetic_document(4, kTokensPerDocument);
    const auto b = synthetic_document(5, kTokensPerDocument);
    tfidf::DocumentFrequencies df;
    df.add_document(a);
    df.add_document(b);
    const auto va = tfidf::vectorize(a, df);
    const double self = tfidf::cosine(va, va);
    const double cross = tfidf::cosine(va, tfidf::vectorize(b, df));
    if (std::abs(self - 1.0) > 1e-6 || !(cross > 0.0 && cross < 1.0)) {
        state.SkipWithError("cosine: self-similarity is not 1 or a pair is out of (0, 1)");
        return;
    }
    for (auto _ : state) {
        const auto vector_a = tfidf::vectorize(a, df);
        const auto vector_b = tfidf::vectorize(b, df);
        benchmark::DoNotOptimize(tfidf::cosine(vector_a, vector_b));
    }
    report_documents(state, 2);
}
BENCHMARK(BM_vectorize_cosine);

}  // namespace
