// SPDX-License-Identifier: Apache-2.0
// Tests of pipeline::run_batches and pipeline::ThreadLimit: order, bounded work, exceptions.
#include <atomic>
#include <catch2/catch.hpp>
#include <stdexcept>
#include <vector>

#include "wiretrace/run/pipeline.hpp"

using wiretrace::pipeline::max_threads;
using wiretrace::pipeline::run_batches;
using wiretrace::pipeline::ThreadLimit;

namespace {

struct Batch {
    std::vector<int> in;
    std::vector<int> out;
};

/// Runs 0..n-1 through the pipeline in batches of `size`, squaring in the parallel stage.
std::vector<int> squares(int n, int size) {
    int next = 0;
    std::vector<int> taken;
    run_batches<Batch>(
        2,
        [&](Batch& b) {
            while (next < n && static_cast<int>(b.in.size()) < size) b.in.push_back(next++);
            return !b.in.empty();
        },
        [](Batch& b) {
            for (const int x : b.in) b.out.push_back(x * x);
        },
        [&](Batch& b) { taken.insert(taken.end(), b.out.begin(), b.out.end()); });
    return taken;
}

}  // namespace

TEST_CASE("pipeline: batches are taken in the order they were filled, whatever the threads", "[pipeline]") {
    std::vector<int> expected;
    for (int i = 0; i < 10007; ++i) expected.push_back(i * i);
    CHECK(squares(10007, 7) == expected);
    {
        const ThreadLimit one(1);
        CHECK(max_threads() == 1);
        CHECK(squares(10007, 7) == expected);
    }
    CHECK(squares(0, 7).empty());
}

TEST_CASE("pipeline: an exception in any stage reaches the caller", "[pipeline]") {
    int next = 0;
    const auto fill = [&](Batch& b) {
        if (next >= 100) return false;
        b.in.push_back(next++);
        return true;
    };
    CHECK_THROWS_WITH(run_batches<Batch>(
                          2, fill,
                          [](Batch& b) {
                              if (b.in.front() == 42) throw std::runtime_error("work failed at 42");
                          },
                          [](Batch&) {}),
                      "work failed at 42");
    next = 0;
    int taken = 0;
    CHECK_THROWS_WITH(run_batches<Batch>(
                          2, fill, [](Batch&) {},
                          [&](Batch&) {
                              if (++taken == 10) throw std::runtime_error("take failed");
                          }),
                      "take failed");
    CHECK(taken == 10);
}

TEST_CASE("pipeline: a thread limit holds while it lives and 0 means no limit", "[pipeline]") {
    const int all = max_threads();
    {
        const ThreadLimit none(0);
        CHECK(max_threads() == all);
    }
    {
        const ThreadLimit two(2);
        CHECK(max_threads() == std::min(all, 2));
    }
    CHECK(max_threads() == all);
}
