// SPDX-License-Identifier: Apache-2.0
#include "wiretrace/run/check.hpp"

#include <algorithm>
#include <optional>
#include <tbb/enumerable_thread_specific.h>

#include "wiretrace/run/pipeline.hpp"

namespace wiretrace::check {
namespace {

/// Articles checked per pipeline token.
constexpr std::size_t kBatchArticles = 16;

}  // namespace

double source_coverage(const index::Match& m) {
    const score::PairScore& s = m.pair.score;
    switch (s.direction.source) {
    case Side::a: return s.coverage_a;
    case Side::b: return s.coverage_b;
    case Side::undecided: break;
    }
    return std::max(s.coverage_a, s.coverage_b);
}

Stats run(const std::string& db, const std::vector<std::string>& inputs, const Options& o, const EmitFn& emit,
          const ProgressFn& progress) {
    io::ArticleReader reader(inputs, o.reader);
    tbb::enumerable_thread_specific<std::optional<index::Index>> connections;
    struct Batch {
        std::vector<CheckedArticle> articles;
        std::uint64_t candidates = 0;
    };
    Stats counts;
    bool stop = false;
    pipeline::run_batches<Batch>(
        4,
        [&](Batch& b) {
            io::Record record;
            while (!stop && b.articles.size() < kBatchArticles && reader.next(record)) {
                b.articles.push_back({std::move(record.doc), {}});
            }
            return !b.articles.empty();
        },
        [&](Batch& b) {
            std::optional<index::Index>& idx = connections.local();
            if (!idx) idx.emplace(index::Index::open_for_reading(db));
            for (CheckedArticle& c : b.articles) {
                index::CheckStats stats;
                c.matches = idx->check(c.article, o.params, o.lookup, &stats);
                b.candidates += stats.candidates;
                std::erase_if(c.matches, [&](const index::Match& m) { return source_coverage(m) < o.min_coverage; });
                if (c.matches.size() > o.top) c.matches.resize(o.top);
            }
        },
        [&](Batch& b) {
            if (stop) return;
            counts.candidates += b.candidates;
            for (const CheckedArticle& c : b.articles) {
                ++counts.articles;
                counts.matches += c.matches.size();
                if (!c.matches.empty()) ++counts.matched;
                emit(c);
            }
            if (progress && !progress({"check", counts.articles, 0, counts.matched, 0})) stop = true;
        });
    counts.read = reader.stats();
    return counts;
}

}  // namespace wiretrace::check
