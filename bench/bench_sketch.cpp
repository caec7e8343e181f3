// SPDX-License-Identifier: Apache-2.0
// Benchmarks of the sketch stage (shingle hashes, MinHash, winnowing, TF-IDF vectors and cosine)
// on synthetic 600-word documents, and the whole sketch of a real article (tokenize, shingle,
// winnow, MinHash, bands, wire signals, document frequencies: scan's read stage without the
// reader and the spool); each benchmark checks one result before it times anything.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstdint>
#include <random>
#include <set>
#include <span>
#include <vector>

#include "seed_articles.hpp"
#include "wiretrace/io/reader.hpp"
#include "support/tokens.hpp"
#include "wiretrace/params.hpp"
#include "wiretrace/sketch/document_sketch.hpp"
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

// The read stage's work on one article (scan's sketch_batch without the key lists): its sketch
// and its words counted in the document frequencies. The two seed articles (an AP story and its
// CBC rewrite, 9 kB) alternate; bytes are bytes of article text.
void BM_sketch_document(benchmark::State& state) {
    const auto docs = wiretrace::bench::read_seed_articles();
    const wiretrace::Params params;
    const std::uint32_t bands = wiretrace::kDefaultLshBands;
    const auto first = sketch::sketch_document(docs[0], params, bands);
    if (first.tokens.size() != wiretrace::text::tokenize(docs[0].text).size() || first.bands.size() != bands ||
        first.fingerprints != sketch::winnow(sketch::shingle_hashes(first.tokens, params.shingle_tokens, params.seed),
                                             params.winnow_window)) {
        state.SkipWithError("sketch_document: differs from its parts");
        return;
    }
    tfidf::DocumentFrequencies df;
    std::int64_t bytes = 0;
    std::size_t next = 0;
    for (auto _ : state) {
        const wiretrace::Document& doc = docs[next];
        next ^= 1;
        const auto sketched = sketch::sketch_document(doc, params, bands);
        df.add_document(sketched.tokens);
        benchmark::DoNotOptimize(sketched.fingerprints.data());
        bytes += static_cast<std::int64_t>(doc.text.size());
    }
    state.SetItemsProcessed(state.iterations());
    state.SetBytesProcessed(bytes);
}
BENCHMARK(BM_sketch_document);

/// Articles of the corpus BM_sketch_corpus sketches: enough for the document frequencies to touch
/// their dense table the way a scan does, few enough to hold in memory (about 70 MB of text).
constexpr std::size_t kCorpusArticles = 20000;

// The same on the first 20,000 articles of the JSONL file named by WIRETRACE_BENCH_CORPUS (e.g.
// the 100k generated corpus), one thread: the read stage's CPU per byte without the reader and
// the spool. Skipped without the variable.
void BM_sketch_corpus(benchmark::State& state) {
    const char* path = std::getenv("WIRETRACE_BENCH_CORPUS");
    if (path == nullptr) {
        state.SkipWithError("set WIRETRACE_BENCH_CORPUS to a JSONL corpus");
        return;
    }
    std::vector<wiretrace::Document> docs;
    wiretrace::io::ArticleReader reader({path});
    wiretrace::io::Record record;
    while (docs.size() < kCorpusArticles && reader.next(record)) docs.push_back(std::move(record.doc));
    const wiretrace::Params params;
    std::int64_t bytes = 0;
    for (auto _ : state) {
        tfidf::DocumentFrequencies df;
        for (const wiretrace::Document& doc : docs) {
            const auto sketched = sketch::sketch_document(doc, params, wiretrace::kDefaultLshBands);
            df.add_document(sketched.tokens);
            benchmark::DoNotOptimize(sketched.fingerprints.data());
            bytes += static_cast<std::int64_t>(doc.text.size());
        }
    }
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(docs.size()));
    state.SetBytesProcessed(bytes);
}
BENCHMARK(BM_sketch_corpus)->Unit(benchmark::kMillisecond);

}  // namespace
