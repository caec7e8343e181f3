// SPDX-License-Identifier: Apache-2.0
#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdint>
#include <random>
#include <vector>

#include "run/spool.hpp"
#include "support/temp_dir.hpp"
#include "wiretrace/error.hpp"

using wiretrace::scan::detail::KeyRuns;
using wiretrace::test::TempDir;

namespace {

std::vector<std::uint64_t> merged(KeyRuns& runs) {
    KeyRuns::Merge m = runs.merge();
    std::vector<std::uint64_t> out;
    for (std::uint64_t key = 0; m.next(key);) out.push_back(key);
    return out;
}

}  // namespace

TEST_CASE("spool: keys sorted on disk come back in order, duplicates kept, whatever the run size", "[spool]") {
    TempDir dir;
    std::mt19937_64 rng(3);
    std::vector<std::uint64_t> keys(100000);
    for (auto& k : keys) k = rng() % 50000;  // many repeats
    std::vector<std::uint64_t> expected = keys;
    std::sort(expected.begin(), expected.end());
    // Runs of 1 key, runs that do not divide the input, more than a merge buffer, one run, and a
    // run far larger than memory (a budget of terabytes on a small corpus: the buffer grows with
    // the keys, it is not reserved whole).
    for (const std::size_t run_keys : {std::size_t{1}, std::size_t{999}, KeyRuns::kMergeBufferKeys + 7,
                                       std::size_t{1} << 20, std::size_t{1} << 40}) {
        KeyRuns runs(dir.str(), run_keys);
        // Appended in pieces of varying size.
        for (std::size_t at = 0; at < keys.size();) {
            const std::size_t n = std::min<std::size_t>(keys.size() - at, 1 + rng() % 3000);
            runs.append(std::span(keys).subspan(at, n));
            at += n;
        }
        CHECK(runs.size() == keys.size());
        if (run_keys == 1) {
            CHECK(merged(runs) == expected);
            CHECK(runs.runs() == keys.size());
        } else {
            CHECK(runs.sorted() == expected);
            CHECK(runs.runs() == (keys.size() + run_keys - 1) / run_keys);
        }
    }
    KeyRuns empty(dir.str(), 10);
    CHECK(empty.sorted().empty());
}

TEST_CASE("spool: a key spill in a missing directory is refused at once", "[spool]") {
    TempDir dir;
    CHECK_THROWS_WITH(KeyRuns(dir.str() + "/missing", 10),
                      Catch::Contains("spill of the candidate join: no such directory"));
}
