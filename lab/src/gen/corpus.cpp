// SPDX-License-Identifier: Apache-2.0
// The streaming corpus writer: a serial planner cuts the corpus into story groups, a oneTBB
// pipeline (pipeline::run_batches) generates batches of groups in parallel, and an in-order
// stage writes them.
#include <algorithm>
#include <atomic>

#include "wiretrace/error.hpp"
#include "wiretrace/lab/gen.hpp"
#include "wiretrace/run/pipeline.hpp"

namespace wiretrace::gen {
namespace {

/// Articles per pipeline token: large enough to amortize the scheduling, small enough that the
/// tokens in flight (4 per thread) stay a few megabytes.
constexpr std::uint64_t kBatchDocs = 64;
constexpr std::size_t kTokensPerThread = 4;
/// A batch of articles as JSONL: ~64 x 3.7 KB, with room to spare.
constexpr std::size_t kBatchReserveBytes = 384 * 1024;

struct Batch {
    std::vector<std::pair<std::uint64_t, std::uint32_t>> groups;  ///< (group, articles kept)
    std::string corpus;
    std::string truth;
    std::uint64_t docs = 0;
    std::uint64_t truth_rows = 0;
    std::array<std::uint64_t, kDocKinds> kinds{};
};

}  // namespace

Stats generate_corpus(const Generator& generator, std::ostream& corpus, std::ostream* truth,
                      const ProgressFn& progress) {
    const std::uint64_t total = generator.config().docs;
    Stats stats;
    if (truth != nullptr) *truth << kTruthHeader;
    std::uint64_t planned = 0;
    std::uint64_t next_group = 0;
    // The output stage sets it, the input stage reads it: two serial stages on any threads.
    std::atomic<bool> stop = false;
    bool failed = false;
    pipeline::run_batches<Batch>(
        kTokensPerThread,
        [&](Batch& b) {
            if (planned >= total || stop) return false;
            std::uint64_t in_batch = 0;
            while (planned < total && in_batch < kBatchDocs) {
                const std::uint64_t size = generator.group_size(next_group);
                const auto keep = static_cast<std::uint32_t>(std::min(size, total - planned));
                b.groups.emplace_back(next_group++, keep);
                planned += keep;
                in_batch += keep;
            }
            return true;
        },
        [&](Batch& b) {
            b.corpus.reserve(kBatchReserveBytes);
            for (const auto& [group, keep] : b.groups) {
                const Group g = generator.generate_group(group, keep);
                for (const Article& a : g.articles) {
                    append_jsonl(b.corpus, a);
                    ++b.kinds[static_cast<std::size_t>(a.kind)];
                }
                b.docs += g.articles.size();
                if (truth != nullptr) {
                    for (const TruthRow& row : g.truth) append_truth(b.truth, row);
                }
                b.truth_rows += g.truth.size();
            }
        },
        [&](const Batch& b) {
            if (failed) return;
            corpus.write(b.corpus.data(), static_cast<std::streamsize>(b.corpus.size()));
            if (truth != nullptr) truth->write(b.truth.data(), static_cast<std::streamsize>(b.truth.size()));
            if (!corpus || (truth != nullptr && !*truth)) {
                failed = true;
                stop = true;
                return;
            }
            stats.docs += b.docs;
            stats.groups += b.groups.size();
            stats.corpus_bytes += b.corpus.size();
            stats.truth_rows += b.truth_rows;
            for (std::size_t k = 0; k < kDocKinds; ++k) stats.kinds[k] += b.kinds[k];
            if (progress && !progress({"generate", stats.docs, total, 0, 0})) {
                stop = true;
                stats.cancelled = true;
            }
        });
    if (failed) throw Error(Errc::io, "", "write failed while generating the corpus");
    return stats;
}

}  // namespace wiretrace::gen
