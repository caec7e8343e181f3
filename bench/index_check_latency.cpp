// SPDX-License-Identifier: Apache-2.0
// Latency of `check` against an index, article by article on one thread: median, p90, p99, mean
// and maximum milliseconds, and how many articles matched. Used by bench/index_scale.sh.
//
//   index_check_latency INDEX.db QUERIES.jsonl [MAX_QUERIES]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fmt/format.h>
#include <string>
#include <vector>

#include "wiretrace/error.hpp"
#include "wiretrace/index/index.hpp"
#include "wiretrace/io/reader.hpp"
#include "wiretrace/run/check.hpp"

int main(int argc, char** argv) {
    if (argc < 3 || argc > 4) {
        std::fputs("usage: index_check_latency INDEX.db QUERIES.jsonl [MAX_QUERIES]\n", stderr);
        return 2;
    }
    const std::size_t max_queries = argc == 4 ? std::strtoull(argv[3], nullptr, 10) : 1000;
    try {
        const wiretrace::index::Index index = wiretrace::index::Index::open_for_reading(argv[1]);
        wiretrace::io::ArticleReader reader({argv[2]});
        wiretrace::io::Record record;
        std::vector<double> ms;
        std::size_t matched = 0;
        const wiretrace::Params params;
        const wiretrace::check::LookupOptions options;
        while (ms.size() < max_queries && reader.next(record)) {
            const auto start = std::chrono::steady_clock::now();
            const auto matches = wiretrace::check::find_matches(index, record.doc, params, options);
            ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
            if (!matches.empty()) ++matched;
        }
        if (ms.empty()) {
            std::fputs("no queries\n", stderr);
            return 2;
        }
        double total = 0;
        for (const double m : ms) total += m;
        std::sort(ms.begin(), ms.end());
        const auto at = [&](double q) { return ms[std::min(ms.size() - 1, static_cast<std::size_t>(q * static_cast<double>(ms.size())))]; };
        std::fputs(fmt::format("queries {}  matched {}  median_ms {:.3f}  p90_ms {:.3f}  p99_ms {:.3f}  mean_ms {:.3f}  "
                               "max_ms {:.3f}\n",
                               ms.size(), matched, at(0.5), at(0.9), at(0.99), total / static_cast<double>(ms.size()),
                               ms.back())
                       .c_str(),
                   stdout);
    } catch (const wiretrace::Error& e) {
        std::fprintf(stderr, "index_check_latency: %s\n", e.what());
        return 2;
    }
    return 0;
}
