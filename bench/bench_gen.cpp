// SPDX-License-Identifier: Apache-2.0
// Throughput of `wiretrace gen` (MB/s of JSONL corpus, articles/s) for 100,000 articles with one
// and two threads. The output goes to a stream that discards it: generation, not the disk.
#include <benchmark/benchmark.h>
#include "wiretrace/run/pipeline.hpp"

#include <cstdint>
#include <ostream>
#include <sstream>
#include <streambuf>

#include "wiretrace/lab/gen.hpp"

namespace {

namespace gen = wiretrace::gen;

constexpr std::uint64_t kSeed = 7;

/// A stream buffer that accepts and drops everything.
class NullBuffer : public std::streambuf {
protected:
    std::streamsize xsputn(const char* /*data*/, std::streamsize n) override { return n; }
    int_type overflow(int_type c) override { return traits_type::not_eof(c); }
};

void BM_gen(benchmark::State& state) {
    const auto threads = static_cast<std::size_t>(state.range(0));
    const auto docs = static_cast<std::uint64_t>(state.range(1));
    const wiretrace::pipeline::ThreadLimit limit(static_cast<int>(threads));
    gen::Config config;
    config.docs = docs;
    config.seed = kSeed;
    const gen::Generator generator(config);  // builds the language model once, untimed

    // Check before timing: a small corpus has exactly its articles, a truth row per derived or
    // same-event article at least, and the same bytes on a second run.
    {
        gen::Config small = config;
        small.docs = 1000;
        const gen::Generator g(small);
        std::ostringstream a, b, truth;
        const gen::Stats s = gen::generate_corpus(g, a, &truth);
        (void)gen::generate_corpus(g, b, nullptr);
        const std::uint64_t derived = s.docs - s.kinds[static_cast<std::size_t>(gen::DocKind::wire)] -
                                      s.kinds[static_cast<std::size_t>(gen::DocKind::unrelated)];
        if (s.docs != 1000 || s.truth_rows < derived || a.str() != b.str()) {
            state.SkipWithError("generator check failed");
            return;
        }
    }

    std::uint64_t bytes = 0;
    std::uint64_t articles = 0;
    for (auto _ : state) {
        NullBuffer sink;
        std::ostream corpus(&sink);
        std::ostream truth(&sink);
        const gen::Stats stats = gen::generate_corpus(generator, corpus, &truth);
        bytes += stats.corpus_bytes;
        articles += stats.docs;
        benchmark::DoNotOptimize(stats.truth_rows);
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(bytes));
    state.SetItemsProcessed(static_cast<std::int64_t>(articles));
    state.counters["threads"] = static_cast<double>(threads);
    state.counters["bytes_per_article"] = articles > 0 ? static_cast<double>(bytes) / static_cast<double>(articles) : 0.0;
}

// Arguments: threads, articles.
BENCHMARK(BM_gen)
    ->ArgNames({"threads", "docs"})
    ->ArgsProduct({{1, 2}, {100000}})
    ->Iterations(1)
    ->UseRealTime()
    ->Unit(benchmark::kSecond);

}  // namespace
