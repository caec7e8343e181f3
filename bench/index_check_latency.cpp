// SPDX-License-Identifier: Apache-2.0
// Latency of `check` against an index, article by article on one thread: median, p90, p99, mean
// and maximum milliseconds, and how many articles matched. Used by bench/index_scale.sh. The same
// quantiles of the thread's CPU milliseconds follow (cpu_*): on a shared, loaded machine the wall
// times measure the queue for a core more than the work. With DETAILS.tsv, one line per article
// there (wall and CPU milliseconds, text bytes, words, candidates verified, matches), to see what
// the slowest articles have in common.
//
//   index_check_latency INDEX.db QUERIES.jsonl [MAX_QUERIES [DETAILS.tsv]]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fmt/format.h>
#include <string>
#include <string_view>
#include <ctime>
#include <vector>

#include "wiretrace/error.hpp"
#include "wiretrace/index/index.hpp"
#include "wiretrace/io/reader.hpp"
#include "wiretrace/run/check.hpp"
#include "wiretrace/text/tokenize.hpp"

int main(int argc, char** argv) {
    if (argc < 3 || argc > 5) {
        std::fputs("usage: index_check_latency INDEX.db QUERIES.jsonl [MAX_QUERIES [DETAILS.tsv]]\n", stderr);
        return 2;
    }
    const std::size_t max_queries = argc >= 4 ? std::strtoull(argv[3], nullptr, 10) : 1000;
    std::FILE* details = argc == 5 ? std::fopen(argv[4], "w") : nullptr;
    if (argc == 5 && details == nullptr) {
        std::fprintf(stderr, "index_check_latency: cannot write %s\n", argv[4]);
        return 2;
    }
    try {
        const wiretrace::index::Index index = wiretrace::index::Index::open_for_reading(argv[1]);
        wiretrace::io::ArticleReader reader({argv[2]});
        wiretrace::io::Record record;
        std::vector<double> ms;
        std::vector<double> cpu_ms;
        const auto thread_cpu_ms = [] {
            timespec t{};
            clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
            return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) / 1e6;
        };
        std::size_t matched = 0;
        const wiretrace::Params params;
        const wiretrace::check::LookupOptions options;
        while (ms.size() < max_queries && reader.next(record)) {
            const auto start = std::chrono::steady_clock::now();
            const double cpu_start = thread_cpu_ms();
            wiretrace::check::LookupStats stats;
            const auto matches = wiretrace::check::find_matches(index, record.doc, params, options, &stats);
            ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
            cpu_ms.push_back(thread_cpu_ms() - cpu_start);
            if (!matches.empty()) ++matched;
            if (details != nullptr) {
                std::fputs(fmt::format("{:.3f}\t{:.3f}\t{}\t{}\t{}\t{}\n", ms.back(), cpu_ms.back(), record.doc.text.size(),
                                       wiretrace::text::tokenize(record.doc.text).size(), stats.candidates, matches.size())
                               .c_str(),
                           details);
            }
        }
        if (details != nullptr) std::fclose(details);
        if (ms.empty()) {
            std::fputs("no queries\n", stderr);
            return 2;
        }
        const auto quantiles = [](std::vector<double> v, std::string_view prefix) {
            double total = 0;
            for (const double m : v) total += m;
            std::sort(v.begin(), v.end());
            const auto at = [&](double q) { return v[std::min(v.size() - 1, static_cast<std::size_t>(q * static_cast<double>(v.size())))]; };
            return fmt::format("{0}median_ms {1:.3f}  {0}p90_ms {2:.3f}  {0}p99_ms {3:.3f}  {0}mean_ms {4:.3f}  {0}max_ms {5:.3f}",
                               prefix, at(0.5), at(0.9), at(0.99), total / static_cast<double>(v.size()), v.back());
        };
        std::fputs(fmt::format("queries {}  matched {}  {}  {}\n", ms.size(), matched, quantiles(ms, ""), quantiles(cpu_ms, "cpu_"))
                       .c_str(),
                   stdout);
    } catch (const wiretrace::Error& e) {
        std::fprintf(stderr, "index_check_latency: %s\n", e.what());
        return 2;
    }
    return 0;
}
