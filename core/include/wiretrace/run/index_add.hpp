// SPDX-License-Identifier: Apache-2.0
// `index add`: reads articles (any input scan reads), sketches and compresses them in parallel
// (pipeline::run_batches) and stores each batch in one transaction of an index::Index.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "wiretrace/index/index.hpp"
#include "wiretrace/io/reader.hpp"
#include "wiretrace/run/progress.hpp"
#include "wiretrace/text/wire.hpp"

namespace wiretrace::index_add {

struct Options {
    io::ReaderOptions reader;
    index::OnDuplicate on_duplicate = index::OnDuplicate::skip;
    std::size_t batch_docs = 1000;  ///< articles per transaction: a crash loses at most the open batch
    /// The user's wire outlets and aggregators (`--wire-outlets`, `--aggregators`): the wire flag
    /// each story is stored with counts the listed wire outlets. Null: none named.
    std::shared_ptr<const text::OutletRoles> outlet_roles;
};

struct Stats {
    io::ReadStats read;
    std::uint64_t added = 0;       ///< new documents
    std::uint64_t replaced = 0;    ///< existing ids replaced (OnDuplicate::replace)
    std::uint64_t duplicates = 0;  ///< existing ids skipped (OnDuplicate::skip)
    std::uint64_t batches = 0;     ///< transactions committed
    bool optimized = false;        ///< the runs of postings were merged at the end (a bulk load)
    std::uint64_t furniture_outlets = 0;  ///< outlets whose furniture was learned again
};

/// Reads every input, sketches batches in parallel with the index's parameters and stores each
/// batch in one transaction of `idx`. A run that stored at least half of the index's documents (a
/// bulk load) then merges its runs of postings into one per key kind (Index::optimize), so that a
/// check reads one chunk per key. Progress: stage "add", done = records read, found = added
/// + replaced, batches = transactions committed, after each commit; returning false stops after
/// that batch (the later ones are neither read further nor stored). Throws Error for unreadable
/// inputs or strict-mode record errors after committing the batches before them.
/// When it stored anything, it then measures the index's background (measure_background) and
/// learns again the furniture of every outlet it stored a story of (learn_furniture), and stores
/// both with the index.
Stats run(index::Index& idx, const std::vector<std::string>& inputs, const Options& options,
          const ProgressFn& progress = {});

/// Sketches and compresses `docs` with an index's parameters, as run() does before it stores a
/// batch: what index::Index::store takes. Needs no connection, so callers that share one writer
/// (`wiretrace serve`) prepare outside its lock.
std::vector<index::Prepared> prepare_documents(std::vector<Document> docs, const index::Parameters& parameters,
                                              std::shared_ptr<const text::OutletRoles> outlet_roles = {});

/// Stories of one outlet a furniture measure reads: its most recent ones.
inline constexpr std::size_t kFurnitureSample = 256;

/// Learns the furniture of `outlets` (distinct names; empty ones are ignored) from the index's
/// stories, as scan learns it from a corpus (candidates::Furniture::find with `options`): for
/// each outlet, the fingerprints it repeats across its kFurnitureSample most recent stories. Then
/// stores it (index::Index::set_furniture), so that `check` blanks it on both sides of a pair.
/// Returns the outlets measured.
std::uint64_t learn_furniture(index::Index& idx, std::vector<std::string> outlets, const Params& params,
                              const candidates::FurnitureOptions& options = {});

/// What unrelated stories of `idx` share: score::kBackgroundPairs random pairs of its stories
/// (score::background_pairs over its rows, with `params.seed`), as a scan of the same stories
/// would measure them. Invalid below score::kMinBackgroundArticles stories.
score::Background measure_background(const index::Index& idx, const Params& params);

}  // namespace wiretrace::index_add
