// SPDX-License-Identifier: Apache-2.0
// Benchmark of io::extract_article: MB/s of HTML (as fetched) turned into articles, on the 181
// pages of ../shared/datasets/article-extraction when present (else on generated pages), on one
// thread and on two (each thread extracting its share of the pages, as scan's readers do).
#include <benchmark/benchmark.h>
#include <cstdint>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>
#include <zlib.h>

#include "wiretrace/io/html.hpp"

namespace {

namespace fs = std::filesystem;

std::string gunzip_file(const fs::path& path) {
    std::string out;
    gzFile f = gzopen(path.c_str(), "rb");
    if (f == nullptr) return out;
    char buf[1 << 16];
    int n = 0;
    while ((n = gzread(f, buf, sizeof buf)) > 0) out.append(buf, static_cast<std::size_t>(n));
    gzclose(f);
    return out;
}

/// A generated page of about 100 kB: furniture, scripts and a ten-paragraph article.
std::string generated_page(int k) {
    std::string page = "<!DOCTYPE html><html><head><title>Story " + std::to_string(k) + "</title>";
    page += "<script>" + std::string(40000, 'x') + "</script></head><body><nav><ul>";
    for (int i = 0; i < 200; ++i) page += "<li><a href=\"/s/" + std::to_string(i) + "\">Section " + std::to_string(i) + "</a></li>";
    page += "</ul></nav><article><h1>Story</h1>";
    for (int p = 0; p < 10; ++p) {
        page += "<p>";
        for (int w = 0; w < 120; ++w) page += (w % 9 == 8) ? "council, " : "officials said the ";
        page += "</p>";
    }
    page += "</article><footer>";
    while (page.size() < 100000) page += "<div class=\"links\"><a href=\"/x\">More stories from the site</a></div>";
    return page + "</footer></body></html>";
}

const std::vector<std::string>& pages() {
    static const std::vector<std::string> all = [] {
        std::vector<std::string> out;
        const fs::path dir = fs::path(WIRETRACE_SOURCE_DIR) / ".." / "shared" / "datasets" / "article-extraction" / "html";
        std::error_code ec;
        for (const auto& entry : fs::directory_iterator(dir, ec)) out.push_back(gunzip_file(entry.path()));
        if (out.empty()) {
            for (int k = 0; k < 100; ++k) out.push_back(generated_page(k));
        }
        return out;
    }();
    return all;
}

std::int64_t total_bytes() {
    std::int64_t n = 0;
    for (const std::string& p : pages()) n += static_cast<std::int64_t>(p.size());
    return n;
}

void count_pages(benchmark::State& state) {
    state.SetBytesProcessed(state.iterations() * total_bytes());
    state.counters["pages/s"] = benchmark::Counter(static_cast<double>(state.iterations() * pages().size()),
                                                   benchmark::Counter::kIsRate);
    state.counters["pages"] = static_cast<double>(pages().size());
}

/// One thread: MB/s of the CPU time it used (a shared, loaded machine does not change it much).
void BM_ExtractArticle(benchmark::State& state) {
    for (auto _ : state) {
        std::size_t chars = 0;
        for (const std::string& page : pages()) chars += wiretrace::io::extract_article(page).text.size();
        benchmark::DoNotOptimize(chars);
    }
    count_pages(state);
}
BENCHMARK(BM_ExtractArticle)->Unit(benchmark::kMillisecond);

/// N threads, each extracting its share of the pages: MB/s of wall-clock time.
void BM_ExtractArticleThreads(benchmark::State& state) {
    const auto threads = static_cast<std::size_t>(state.range(0));
    const std::vector<std::string>& all = pages();
    for (auto _ : state) {
        std::vector<std::thread> pool;
        std::vector<std::size_t> chars(threads, 0);
        for (std::size_t t = 0; t < threads; ++t) {
            pool.emplace_back([&, t] {
                for (std::size_t i = t; i < all.size(); i += threads) chars[t] += wiretrace::io::extract_article(all[i]).text.size();
            });
        }
        for (std::thread& th : pool) th.join();
        benchmark::DoNotOptimize(chars);
    }
    count_pages(state);
}
BENCHMARK(BM_ExtractArticleThreads)->Arg(2)->UseRealTime()->Unit(benchmark::kMillisecond);

}  // namespace
