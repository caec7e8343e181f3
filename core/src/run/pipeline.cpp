// SPDX-License-Identifier: Apache-2.0
#include "wiretrace/run/pipeline.hpp"

#include <algorithm>
#include <optional>
#include <tbb/global_control.h>
#include <tbb/parallel_pipeline.h>
#include <tbb/task_arena.h>

namespace wiretrace::pipeline {

void run_erased(std::size_t batches_per_thread, const std::function<std::shared_ptr<void>()>& fill,
                const std::function<void(void*)>& work, const std::function<void(void*)>& take) {
    const std::size_t tokens =
        std::max<std::size_t>(1, batches_per_thread) * static_cast<std::size_t>(max_threads());
    using Ptr = std::shared_ptr<void>;
    tbb::parallel_pipeline(
        tokens,
        tbb::make_filter<void, Ptr>(tbb::filter_mode::serial_in_order,
                                    [&](tbb::flow_control& fc) {
                                        Ptr b = fill();
                                        if (!b) fc.stop();
                                        return b;
                                    }) &
            tbb::make_filter<Ptr, Ptr>(tbb::filter_mode::parallel,
                                       [&](Ptr b) {
                                           work(b.get());
                                           return b;
                                       }) &
            tbb::make_filter<Ptr, void>(tbb::filter_mode::serial_in_order, [&](const Ptr& b) { take(b.get()); }));
}

int max_threads() {
    const auto limit = tbb::global_control::active_value(tbb::global_control::max_allowed_parallelism);
    return std::max(1, std::min(tbb::this_task_arena::max_concurrency(), static_cast<int>(std::min<std::size_t>(limit, 1 << 16))));
}

struct ThreadLimit::Impl {
    std::optional<tbb::global_control> control;
};

ThreadLimit::ThreadLimit(int threads) : impl_(std::make_unique<Impl>()) {
    if (threads > 0) {
        impl_->control.emplace(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(threads));
    }
}

ThreadLimit::~ThreadLimit() = default;

}  // namespace wiretrace::pipeline
