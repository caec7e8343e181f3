// SPDX-License-Identifier: Apache-2.0
// The one pipeline shape wiretrace uses wherever articles stream through (scan's read-and-sketch,
// index add, check): a serial stage fills a batch from the reader, a parallel stage works on
// batches, a serial stage takes the results in input order. oneTBB's parallel_pipeline underneath.
#pragma once

#include <algorithm>
#include <cstddef>
#include <memory>
#include <tbb/parallel_pipeline.h>
#include <tbb/task_arena.h>

namespace wiretrace::pipeline {

/// Runs fill -> work -> take over batches of type Batch (default-constructible):
/// - `fill(Batch&)`: serial, in order; fills a fresh batch and returns false when there was
///   nothing left to put in it (the batch is then dropped and the pipeline drains);
/// - `work(Batch&)`: in parallel on several batches at once;
/// - `take(Batch&)`: serial, in the order the batches were filled.
/// At most `batches_per_thread` batches per worker thread are in flight (memory stays bounded).
/// Exceptions from any stage cancel the pipeline and propagate to the caller.
template <class Batch, class Fill, class Work, class Take>
void run_batches(std::size_t batches_per_thread, Fill&& fill, Work&& work, Take&& take) {
    const std::size_t tokens =
        std::max<std::size_t>(1, batches_per_thread) * static_cast<std::size_t>(std::max(1, tbb::this_task_arena::max_concurrency()));
    using Ptr = std::shared_ptr<Batch>;
    tbb::parallel_pipeline(
        tokens,
        tbb::make_filter<void, Ptr>(tbb::filter_mode::serial_in_order,
                                    [&](tbb::flow_control& fc) {
                                        auto b = std::make_shared<Batch>();
                                        if (!fill(*b)) {
                                            fc.stop();
                                            return Ptr();
                                        }
                                        return b;
                                    }) &
            tbb::make_filter<Ptr, Ptr>(tbb::filter_mode::parallel,
                                       [&](Ptr b) {
                                           work(*b);
                                           return b;
                                       }) &
            tbb::make_filter<Ptr, void>(tbb::filter_mode::serial_in_order, [&](const Ptr& b) { take(*b); }));
}

}  // namespace wiretrace::pipeline
