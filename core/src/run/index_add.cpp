// SPDX-License-Identifier: Apache-2.0
// `index add`: a pipeline (read; sketch and compress in parallel; store in order), one
// transaction per batch.
#include "wiretrace/run/index_add.hpp"

#include <algorithm>
#include <atomic>
#include <limits>
#include <tbb/parallel_for.h>

#include "wiretrace/error.hpp"
#include "wiretrace/run/pipeline.hpp"
#include "wiretrace/sketch/document_sketch.hpp"

namespace wiretrace::index_add {
namespace {

struct Batch {
    std::vector<index::Prepared> items;
    io::ReadStats read;  ///< the reader's counters after this batch was read
};

void prepare(Batch& b, const Params& params, std::uint32_t lsh_bands) {
    index::TextCompressor compressor;
    for (index::Prepared& item : b.items) {
        const sketch::DocumentSketch sketched = sketch::sketch_document(item.doc, params, lsh_bands);
        item.keys = index::stored_keys(sketched);
        item.tokens = sketched.words();
        item.wire = sketched.wire;
        item.compressed = compressor.compress(item.doc.text);
    }
}

}  // namespace

Stats run(index::Index& idx, const std::vector<std::string>& inputs, const Options& options,
          const ProgressFn& progress) {
    if (options.batch_docs == 0) throw Error(Errc::bad_argument, "", "the batch size must be at least 1");
    io::ArticleReader reader(inputs, options.reader);
    Params params;
    idx.parameters().apply_to(params);
    params.outlet_roles = options.outlet_roles;
    const std::uint32_t lsh_bands = idx.parameters().lsh_bands;

    Stats stats;
    std::vector<std::string> outlets;  // of the stories stored
    std::atomic<bool> stop{false};
    pipeline::run_batches<Batch>(
        2,
        [&](Batch& b) {
            io::Record record;
            while (!stop && b.items.size() < options.batch_docs && reader.next(record)) {
                b.items.push_back(index::Prepared{std::move(record.doc), {}, 0, false, {}});
            }
            b.read = reader.stats();
            return !b.items.empty();
        },
        [&](Batch& b) { prepare(b, params, lsh_bands); },
        [&](Batch& b) {
            if (stop) return;
            const index::StoreCounts stored = idx.store(b.items, options.on_duplicate);
            for (const index::Prepared& item : b.items) outlets.push_back(item.doc.outlet);
            stats.added += stored.added;
            stats.replaced += stored.replaced;
            stats.duplicates += stored.duplicates;
            ++stats.batches;
            stats.read = b.read;
            if (progress && !progress({"add", stats.read.records, 0, stats.added + stats.replaced, stats.batches})) stop = true;
        });
    stats.read = reader.stats();
    const std::uint64_t stored = stats.added + stats.replaced;
    if (stored > 0) {
        // Merging every run costs about what a batch's merges cost over the whole run: worth it
        // when the run wrote most of the index, not for a small add to a large one.
        if (2 * stored >= idx.rows().size()) stats.optimized = idx.optimize();
        idx.set_background(measure_background(idx, params));
        stats.furniture_outlets = learn_furniture(idx, std::move(outlets), params);
    }
    return stats;
}

std::uint64_t learn_furniture(index::Index& idx, std::vector<std::string> outlets, const Params& params,
                              const candidates::FurnitureOptions& options) {
    std::sort(outlets.begin(), outlets.end());
    outlets.erase(std::unique(outlets.begin(), outlets.end()), outlets.end());
    std::erase(outlets, std::string());
    if (outlets.empty()) return 0;
    const std::vector<std::vector<std::int64_t>> rows = idx.recent_rows(outlets, kFurnitureSample);
    // The sampled stories numbered 0.. in order, their texts read first (one connection), then
    // sketched in parallel.
    candidates::Furniture furniture;
    std::vector<std::uint32_t> outlet_of;
    std::vector<Document> docs;
    {
        const index::Index::Snapshot snapshot = idx.snapshot();
        for (std::size_t o = 0; o < outlets.size(); ++o) {
            const std::uint32_t outlet = furniture.add_outlet(outlets[o]);
            for (const std::int64_t row : rows[o]) {
                docs.push_back(idx.load(row));
                outlet_of.push_back(outlet);
            }
        }
    }
    const std::uint32_t lsh_bands = idx.parameters().lsh_bands;
    std::vector<std::vector<std::uint64_t>> keys_of(docs.size());
    std::vector<candidates::DocInfo> info(docs.size());
    tbb::parallel_for(std::size_t{0}, docs.size(), [&](std::size_t i) {
        std::vector<std::uint64_t> bands;
        const sketch::DocumentSketch sketched = sketch::sketch_document(docs[i], params, lsh_bands);
        info[i].fingerprints =
            candidates::append_keys(sketched, static_cast<std::uint32_t>(i), keys_of[i], bands);
    });
    std::vector<std::uint64_t> keys;
    for (std::vector<std::uint64_t>& k : keys_of) keys.insert(keys.end(), k.begin(), k.end());
    std::sort(keys.begin(), keys.end());
    candidates::FurnitureStats stats;
    furniture.find(keys, outlet_of, info, std::numeric_limits<std::uint32_t>::max(), options, 0, stats);
    const std::vector<candidates::OutletFurniture> learned = furniture.outlets();
    idx.set_furniture(learned);
    return learned.size();
}

std::vector<index::Prepared> prepare_documents(std::vector<Document> docs, const index::Parameters& parameters,
                                              std::shared_ptr<const text::OutletRoles> outlet_roles) {
    Params params;
    parameters.apply_to(params);
    params.outlet_roles = std::move(outlet_roles);
    Batch b;
    b.items.reserve(docs.size());
    for (Document& doc : docs) b.items.push_back(index::Prepared{std::move(doc), {}, 0, false, {}});
    prepare(b, params, parameters.lsh_bands);
    return std::move(b.items);
}

score::Background measure_background(const index::Index& idx, const Params& params) {
    const std::vector<std::int64_t> rows = idx.rows();
    if (rows.size() < score::kMinBackgroundArticles) return {};
    const auto pairs = score::background_pairs(static_cast<DocId>(rows.size()), score::kBackgroundPairs, params.seed);
    // The connection serves one thread: the sampled texts are read first, then measured in parallel.
    std::vector<DocId> wanted;
    for (const auto& [copy, source] : pairs) wanted.insert(wanted.end(), {copy, source});
    std::sort(wanted.begin(), wanted.end());
    wanted.erase(std::unique(wanted.begin(), wanted.end()), wanted.end());
    std::vector<std::string> texts(wanted.size());
    {
        const index::Index::Snapshot snapshot = idx.snapshot();
        for (std::size_t i = 0; i < wanted.size(); ++i) texts[i] = idx.load(rows[wanted[i]]).text;
    }
    // `check` scores a pair with the pair's own IDF, where every word is rare: the index's
    // background is measured on all 2-word shingles alike (an empty document count).
    const tfidf::DocumentFrequencies no_corpus;
    const auto samples = score::measure_background(
        pairs,
        [&](DocId n, std::string& text) {
            text = texts[static_cast<std::size_t>(std::lower_bound(wanted.begin(), wanted.end(), n) - wanted.begin())];
        },
        no_corpus, params);
    return score::Background::estimate(samples);
}

}  // namespace wiretrace::index_add
