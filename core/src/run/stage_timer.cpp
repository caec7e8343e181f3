// SPDX-License-Identifier: Apache-2.0
// StageTimer: wall time, CPU time and peak resident memory of one scan stage.
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <sys/resource.h>
#include <thread>
#include <unistd.h>

#include "run/stages.hpp"

namespace wiretrace::scan::detail {
namespace {

/// How often the sampler reads the resident set size while a stage runs.
constexpr auto kSampleEvery = std::chrono::milliseconds(20);

double cpu_seconds() {
    struct rusage usage {};
    ::getrusage(RUSAGE_SELF, &usage);
    const auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
    return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

/// The process's peak resident set size so far (Linux: getrusage reports kilobytes).
std::uint64_t high_water_bytes() {
    struct rusage usage {};
    ::getrusage(RUSAGE_SELF, &usage);
    return static_cast<std::uint64_t>(usage.ru_maxrss) * 1024;
}

/// The resident set size now, from /proc/self/statm (0 where there is none).
std::uint64_t resident_bytes() {
    std::FILE* f = std::fopen("/proc/self/statm", "r");
    if (f == nullptr) return 0;
    unsigned long long size = 0;
    unsigned long long resident = 0;
    const int got = std::fscanf(f, "%llu %llu", &size, &resident);
    std::fclose(f);
    return got == 2 ? resident * static_cast<std::uint64_t>(::sysconf(_SC_PAGESIZE)) : 0;
}

}  // namespace

/// Samples the resident set size every kSampleEvery on a thread of its own and keeps the largest.
class StageTimer::Sampler {
public:
    Sampler() : peak_(resident_bytes()), thread_([this] { loop(); }) {}
    ~Sampler() { stop(); }
    Sampler(const Sampler&) = delete;
    Sampler& operator=(const Sampler&) = delete;

    /// Stops sampling; the largest resident set size seen.
    std::uint64_t stop() {
        {
            const std::lock_guard lock(mutex_);
            done_ = true;
        }
        wake_.notify_one();
        if (thread_.joinable()) thread_.join();
        return std::max(peak_, resident_bytes());
    }

private:
    void loop() {
        std::unique_lock lock(mutex_);
        while (!wake_.wait_for(lock, kSampleEvery, [this] { return done_; })) peak_ = std::max(peak_, resident_bytes());
    }

    std::uint64_t peak_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool done_ = false;
    std::thread thread_;
};

StageTimer::StageTimer(Stats& stats, Stage stage)
    : stats_(stats), stage_(stage), start_(Clock::now()), cpu_start_(cpu_seconds()), high_water_start_(high_water_bytes()),
      sampler_(std::make_unique<Sampler>()) {}

StageTimer::~StageTimer() {
    StageTime t;
    t.stage = stage_;
    t.seconds = std::chrono::duration<double>(Clock::now() - start_).count();
    t.cpu_seconds = cpu_seconds() - cpu_start_;
    const std::uint64_t sampled = sampler_->stop();
    // A stage that raised the process's high-water mark peaked exactly there; otherwise its peak
    // is below the mark and the sampled maximum stands for it.
    const std::uint64_t high_water = high_water_bytes();
    t.peak_rss_bytes = high_water > high_water_start_ ? high_water : sampled;
    stats_.stages.push_back(t);
}

}  // namespace wiretrace::scan::detail
