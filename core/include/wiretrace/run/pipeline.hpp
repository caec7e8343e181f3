// SPDX-License-Identifier: Apache-2.0
// The one pipeline shape wiretrace uses wherever articles stream through (scan's read-and-sketch,
// index add, check, gen): a serial stage fills a batch from the reader, a parallel stage works on
// batches, a serial stage takes the results in input order. oneTBB's parallel_pipeline runs it
// (in pipeline.cpp: oneTBB stays out of the public headers).
#pragma once

#include <cstddef>
#include <functional>
#include <memory>

namespace wiretrace::pipeline {

/// The type-erased pipeline behind run_batches: `fill` returns a new batch or null when the
/// input is exhausted; `work` and `take` receive what `fill` returned.
void run_erased(std::size_t batches_per_thread, const std::function<std::shared_ptr<void>()>& fill,
                const std::function<void(void*)>& work, const std::function<void(void*)>& take);

/// Runs fill -> work -> take over batches of type Batch (default-constructible):
/// - `fill(Batch&)`: serial, in order; fills a fresh batch and returns false when there was
///   nothing left to put in it (the batch is then dropped and the pipeline drains);
/// - `work(Batch&)`: in parallel on several batches at once;
/// - `take(Batch&)`: serial, in the order the batches were filled.
/// At most `batches_per_thread` batches per worker thread are in flight (memory stays bounded).
/// Exceptions from any stage cancel the pipeline and propagate to the caller.
template <class Batch, class Fill, class Work, class Take>
void run_batches(std::size_t batches_per_thread, Fill&& fill, Work&& work, Take&& take) {
    run_erased(
        batches_per_thread,
        [&]() -> std::shared_ptr<void> {
            auto b = std::make_shared<Batch>();
            if (!fill(*b)) return nullptr;
            return b;
        },
        [&](void* b) { work(*static_cast<Batch*>(b)); }, [&](void* b) { take(*static_cast<Batch*>(b)); });
}

/// The number of worker threads the pipelines and parallel loops of this process use.
int max_threads();

/// Limits every pipeline and parallel loop of the process to `threads` workers while the object
/// lives (0: no limit, all cores). The results never depend on it.
class ThreadLimit {
public:
    explicit ThreadLimit(int threads);
    ~ThreadLimit();
    ThreadLimit(const ThreadLimit&) = delete;
    ThreadLimit& operator=(const ThreadLimit&) = delete;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace wiretrace::pipeline
