// SPDX-License-Identifier: Apache-2.0
// A scan as a directory of linked HTML pages: the clusters, each cluster as a tree, each derived
// pair side by side.
#pragma once

#include <cstdint>

#include "wiretrace/params.hpp"
#include "wiretrace/report/html.hpp"
#include "wiretrace/run/progress.hpp"
#include "wiretrace/run/scan.hpp"

namespace wiretrace::report {

/// Layout and work of an HTML scan report.
struct HtmlScanOptions {
    std::uint32_t minhash_size = Params{}.minhash_size;  ///< the scan's, named on the pair pages
    std::uint32_t clusters_per_page = 500;  ///< rows of each index page
    /// Called after each batch of pair pages with the pages written and their total, from one
    /// thread at a time; may be empty.
    ProgressFn progress;
};

/// The directory layout (documented in README.md, `scan --format html`):
///   index.html, index-2.html, ...   the clusters, clusters_per_page a page: root, outlet, time,
///                                   copies, mean coverage, title
///   clusters/<k>.html               cluster k as a tree; every copy links to its pair views
///   pairs/<k>/<j>.html              pair j of cluster k: a copy (B) against its source or
///                                   another ancestor (A), as write_pair_html renders it
/// Every derived pair of the result gets a page showing what the scan verified and decided:
/// result.pair_scores (its alignment, evidence and figures), the source as result.pairs names it.
/// The texts are read back from result.texts one pair at a time. Throws Error(bad_argument) for
/// clusters_per_page 0 and for a result without pair scores (scan::Options::keep_pair_scores),
/// and what `sink` throws.
void write_scan_html(const scan::Result& result, const HtmlScanOptions& options, const HtmlFileSink& sink);

}  // namespace wiretrace::report
