// SPDX-License-Identifier: Apache-2.0
#include "wiretrace/run/pipeline.hpp"

#include <algorithm>
#include <mutex>
#include <unordered_map>
#include <optional>
#include <tbb/global_control.h>
#include <tbb/parallel_pipeline.h>
#include <tbb/task_arena.h>

namespace wiretrace::pipeline {

void run_erased(std::size_t batches_per_thread, const std::function<std::shared_ptr<void>()>& fill,
                const std::function<void(void*)>& work, const std::function<void(void*)>& take) {
    const std::size_t tokens =
        std::max<std::size_t>(1, batches_per_thread) * static_cast<std::size_t>(max_threads());
    // The batches in flight are owned here, not by the pipeline's buffers: when a stage throws,
    // oneTBB cancels the pipeline without destroying the items it holds, so batches passed by
    // value (a shared_ptr) would leak. The stages pass plain pointers; what is not taken when the
    // pipeline ends, normally or by an exception, is freed with `live`.
    std::mutex mutex;
    std::unordered_map<void*, std::shared_ptr<void>> live;
    tbb::parallel_pipeline(
        tokens,
        tbb::make_filter<void, void*>(tbb::filter_mode::serial_in_order,
                                      [&](tbb::flow_control& fc) -> void* {
                                          std::shared_ptr<void> b = fill();
                                          if (!b) {
                                              fc.stop();
                                              return nullptr;
                                          }
                                          void* raw = b.get();
                                          const std::lock_guard lock(mutex);
                                          live.emplace(raw, std::move(b));
                                          return raw;
                                      }) &
            tbb::make_filter<void*, void*>(tbb::filter_mode::parallel,
                                           [&](void* b) {
                                               work(b);
                                               return b;
                                           }) &
            tbb::make_filter<void*, void>(tbb::filter_mode::serial_in_order, [&](void* b) {
                take(b);
                std::shared_ptr<void> done;  // freed outside the lock
                const std::lock_guard lock(mutex);
                const auto it = live.find(b);
                done = std::move(it->second);
                live.erase(it);
            }));
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
