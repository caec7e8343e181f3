// SPDX-License-Identifier: Apache-2.0
// Benchmark of io::WarcReader: MB/s of HTML (decoded HTTP bodies) read from the news WARC fixture
// that datasets/article_warc.py makes of the article-extraction benchmark's 181 pages (gzip per
// record; a third of the bodies gzip-encoded, a fifth chunked). The fixture is built once per
// process into a temporary directory; without ../shared/datasets/article-extraction the
// benchmarks say so and skip.
#include <atomic>
#include <benchmark/benchmark.h>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <unistd.h>
#include <vector>

#include "wiretrace/io/warc.hpp"

namespace {

namespace fs = std::filesystem;

struct Fixture {
    fs::path dir;
    std::string warc;  ///< empty when it could not be built
    Fixture() {
        const fs::path src = fs::path(WIRETRACE_SOURCE_DIR) / ".." / "shared" / "datasets" / "article-extraction";
        if (!fs::is_directory(src)) return;
        dir = fs::temp_directory_path() / ("wiretrace_bench_warc_" + std::to_string(::getpid()));
        fs::create_directories(dir);
        const fs::path out = dir / "articles.warc.gz";
        const std::string command = "python3 '" + std::string(WIRETRACE_SOURCE_DIR) + "/datasets/article_warc.py' --src '" +
                                    src.string() + "' --out '" + out.string() + "' --copies 20 > /dev/null";
        if (std::system(command.c_str()) == 0) warc = out.string();
    }
    ~Fixture() {
        std::error_code ec;
        if (!dir.empty()) fs::remove_all(dir, ec);
    }
};

const Fixture& fixture() {
    static const Fixture f;
    return f;
}

/// One file, one thread: the reader's own speed.
void BM_WarcReadFixture(benchmark::State& state) {
    const Fixture& f = fixture();
    if (f.warc.empty()) {
        state.SkipWithError("no ../shared/datasets/article-extraction: fixture not built");
        return;
    }
    std::uint64_t html = 0;
    std::uint64_t records = 0;
    for (auto _ : state) {
        wiretrace::io::WarcReader reader(f.warc);
        wiretrace::io::WarcRecord record;
        while (reader.next(record)) {
            html += record.body.size();
            ++records;
        }
    }
    state.counters["html_MB/s"] = benchmark::Counter(static_cast<double>(html) / 1e6, benchmark::Counter::kIsRate);
    state.counters["records/s"] = benchmark::Counter(static_cast<double>(records), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_WarcReadFixture)->Unit(benchmark::kMillisecond)->UseRealTime();

/// Several copies of the file, read_warc_files on `threads` threads (parallel across files).
void BM_WarcReadFiles(benchmark::State& state) {
    const Fixture& f = fixture();
    if (f.warc.empty()) {
        state.SkipWithError("no ../shared/datasets/article-extraction: fixture not built");
        return;
    }
    const std::vector<std::string> paths(4, f.warc);
    std::atomic<std::uint64_t> html{0};
    for (auto _ : state) {
        wiretrace::io::read_warc_files(paths, {}, static_cast<unsigned>(state.range(0)),
                                       [&](wiretrace::io::WarcRecord& r) { html += r.body.size(); });
    }
    state.counters["html_MB/s"] = benchmark::Counter(static_cast<double>(html.load()) / 1e6, benchmark::Counter::kIsRate);
}
BENCHMARK(BM_WarcReadFiles)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
