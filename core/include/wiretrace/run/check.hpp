// SPDX-License-Identifier: Apache-2.0
// `check`: is each article of the inputs a rewrite of a known story of an index? Articles are
// read like scan's inputs and checked in a pipeline (pipeline::run_batches), each worker thread
// with its own connection to the index; results come back in input order.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "wiretrace/document.hpp"
#include "wiretrace/index/index.hpp"
#include "wiretrace/io/reader.hpp"
#include "wiretrace/params.hpp"
#include "wiretrace/run/progress.hpp"

namespace wiretrace::check {

struct Options {
    io::ReaderOptions reader;
    Params params;                  ///< decision thresholds (sketch fields come from the index)
    index::CheckOptions lookup;     ///< candidates and relations asked of the index
    std::uint32_t top = 5;          ///< matches kept per article, best first
    double min_coverage = 0;        ///< matches whose source_coverage is lower are dropped
};

/// One checked article and the known stories it relates to, best first.
struct CheckedArticle {
    Document article;
    std::vector<index::Match> matches;
};

struct Stats {
    io::ReadStats read;
    std::uint64_t articles = 0;     ///< articles checked
    std::uint64_t matched = 0;      ///< ... of which with at least one match
    std::uint64_t matches = 0;      ///< matches reported
    std::uint64_t candidates = 0;   ///< known stories verified
};

/// The share of the source found in the other text (either side's when undecided).
double source_coverage(const index::Match& match);

/// Called with each checked article, in input order, from one thread at a time.
using EmitFn = std::function<void(const CheckedArticle&)>;

/// Checks every article of `inputs` against the index at `db`. Progress: stage "check", done =
/// articles, found = matched; returning false stops after the batch in hand. Throws Error for
/// unreadable inputs, strict-mode record errors and an index that cannot be read.
Stats run(const std::string& db, const std::vector<std::string>& inputs, const Options& options,
          const EmitFn& emit, const ProgressFn& progress = {});

}  // namespace wiretrace::check
