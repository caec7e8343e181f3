// SPDX-License-Identifier: Apache-2.0
// Benchmark of io::ArticleReader: MB/s (of uncompressed JSONL) reading a generated ~50 MB dump,
// plain, gzip and zstd compressed.
#include <benchmark/benchmark.h>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include "wiretrace/io/reader.hpp"

namespace {

namespace fs = std::filesystem;

constexpr std::size_t kTargetBytes = std::size_t{50} << 20;
constexpr std::size_t kArticleWords = 600;  // about 3.7 KB of text, as in the scan issue's corpus
constexpr std::uint32_t kSeed = 20141215;

constexpr const char* kWords[] = {
    "the",     "of",       "and",      "to",        "officials", "government", "minister", "said",
    "police",  "city",     "council",  "report",    "country",   "people",     "year",     "Monday",
    "federal", "military", "election", "vote",      "percent",   "million",    "market",   "prices",
    "company", "workers",  "court",    "judge",     "ruling",    "parliament", "agency",   "talks",
    "summit",  "crisis",   "border",   "refugees",  "troops",    "coalition",  "hospital", "school",
    "Zürich",  "café",     "naïve",    "résumé",    "\\\"quoted\\\"", "Reuters", "(AP)",   "—"};

/// The fixture files, written once per process into a temporary directory.
struct Fixture {
    fs::path dir;
    std::string plain, gz, zst;
    std::size_t bytes = 0;      ///< uncompressed size
    std::size_t articles = 0;

    Fixture() {
        dir = fs::temp_directory_path() / ("wiretrace_bench_reader_" + std::to_string(::getpid()));
        fs::create_directories(dir);
        std::mt19937 rng(kSeed);
        std::uniform_int_distribution<std::size_t> pick(0, std::size(kWords) - 1);
        std::string jsonl;
        jsonl.reserve(kTargetBytes + 8192);
        while (jsonl.size() < kTargetBytes) {
            jsonl += R"({"id":"article-)" + std::to_string(articles) +
                     R"(","outlet":"AP","published":"2014-09-15T10:30:00Z","title":"A title","text":")";
            for (std::size_t w = 0; w < kArticleWords; ++w) {
                if (w > 0) jsonl += (w % 40 == 0) ? "\\n\\n" : " ";
                jsonl += kWords[pick(rng)];
            }
            jsonl += "\"}\n";
            ++articles;
        }
        bytes = jsonl.size();
        plain = write("dump.jsonl", jsonl);
        gz = write("dump.jsonl.gz", gzip(jsonl));
        zst = write("dump.jsonl.zst", zstd(jsonl));
    }
    ~Fixture() {
        std::error_code ec;
        fs::remove_all(dir, ec);
    }
    Fixture(const Fixture&) = delete;
    Fixture& operator=(const Fixture&) = delete;

    std::string write(const std::string& name, const std::string& data) const {
        const fs::path p = dir / name;
        std::ofstream(p, std::ios::binary).write(data.data(), static_cast<std::streamsize>(data.size()));
        return p.string();
    }

    static std::string gzip(const std::string& data) {
        z_stream z{};
        deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
        std::string out(deflateBound(&z, static_cast<uLong>(data.size())), '\0');
        z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
        z.avail_in = static_cast<uInt>(data.size());
        z.next_out = reinterpret_cast<Bytef*>(out.data());
        z.avail_out = static_cast<uInt>(out.size());
        deflate(&z, Z_FINISH);
        out.resize(z.total_out);
        deflateEnd(&z);
        return out;
    }

    static std::string zstd(const std::string& data) {
        std::string out(ZSTD_compressBound(data.size()), '\0');
        out.resize(ZSTD_compress(out.data(), out.size(), data.data(), data.size(), 3));
        return out;
    }
};

const Fixture& fixture() {
    static const Fixture f;
    return f;
}

enum class Kind { plain, gzip, zstd };

void BM_read_jsonl(benchmark::State& state, Kind kind) {
    const Fixture& f = fixture();
    const std::string& path = kind == Kind::plain ? f.plain : kind == Kind::gzip ? f.gz : f.zst;
    {
        // Check before timing: every article comes back, none skipped.
        wiretrace::io::ArticleReader reader({path});
        wiretrace::io::Record record;
        std::size_t n = 0;
        while (reader.next(record)) ++n;
        if (n != f.articles || reader.stats().skipped != 0 || reader.stats().bytes != f.bytes) {
            state.SkipWithError("the reader did not return every generated article");
            return;
        }
    }
    for (auto _ : state) {
        wiretrace::io::ArticleReader reader({path});
        wiretrace::io::Record record;
        std::size_t text_bytes = 0;
        while (reader.next(record)) text_bytes += record.doc.text.size();
        benchmark::DoNotOptimize(text_bytes);
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(f.bytes));
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(f.articles));
    state.counters["MB"] = static_cast<double>(f.bytes) / 1e6;
}

}  // namespace

BENCHMARK_CAPTURE(BM_read_jsonl, plain, Kind::plain)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_CAPTURE(BM_read_jsonl, gzip, Kind::gzip)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_CAPTURE(BM_read_jsonl, zstd, Kind::zstd)->Unit(benchmark::kMillisecond)->UseRealTime();
