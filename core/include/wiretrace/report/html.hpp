// SPDX-License-Identifier: Apache-2.0
// HTML reports people read in a browser: one pair side by side (compare, and every pair of a
// scan), and a scan as a directory of linked pages. Every page is self-contained (inline CSS and
// a few lines of inline script, nothing fetched) and every piece of input text reaches the page
// through html_escape alone.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "wiretrace/params.hpp"
#include "wiretrace/run/progress.hpp"
#include "wiretrace/report/pair.hpp"
#include "wiretrace/run/scan.hpp"

namespace wiretrace::report {

/// Appends `s` to `out` with `&`, `<`, `>`, `"` and `'` replaced by character references, so the
/// result is inert both as element text and as a quoted attribute value. Invalid UTF-8 is
/// replaced by U+FFFD (ids and outlets come from file names and the command line).
void append_html_escaped(std::string& out, std::string_view s);

/// `s` escaped as by append_html_escaped.
std::string html_escape(std::string_view s);

/// A link shown in the navigation bar of a page.
struct HtmlLink {
    std::string href;   ///< relative URL (escaped when written)
    std::string label;  ///< text (escaped when written)
};

/// Page furniture around a pair view.
struct HtmlPairOptions {
    std::vector<HtmlLink> nav;   ///< links above the header (e.g. back to a scan's cluster page)
    std::string note;            ///< one more header line, e.g. where the direction came from
};

/// One pair as a self-contained HTML page: a header with the relation, the source and the
/// evidence that decided it, both coverages and the edit counts; then the two texts side by side,
/// complete and as written. Passage i is a `span` with id "a-p<i>" in A and "b-p<i>" in B (both
/// `data-passage="<i>"`, the same colour class `c<i mod 12>`); each edit k is marked where it
/// stands, with id "a-e<k>" / "b-e<k>" and `data-edit="<k>"`: `mark.respelling` and
/// `mark.substitution` (the other spelling in `data-other`, shown beside it), `ins.insertion` for
/// text only in B, `del.deletion` for text only in A, and an empty `a.gap` link at the point where
/// the other text has something this one has not. Moved passages carry the class `moved` and
/// every passage number links to its twin. The same data as write_pair_json, the same numbering.
void write_pair_html(std::ostream& out, const PairView& pair, const HtmlPairOptions& options = {});

/// Layout and work of an HTML scan report.
struct HtmlScanOptions {
    std::uint32_t minhash_size = Params{}.minhash_size;  ///< the scan's, named on the pair pages
    std::uint32_t clusters_per_page = 500;  ///< rows of each index page
    /// Called after each batch of pair pages with the pages written and their total, from one
    /// thread at a time; may be empty.
    ProgressFn progress;
};

/// Receives one file of an HTML scan report: its path relative to the report directory (with
/// '/' separators, e.g. "clusters/12.html") and its content. Called from several threads at once
/// (pair pages are rendered in parallel), so it must be thread-safe.
using HtmlFileSink = std::function<void(const std::string& path, const std::string& content)>;

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
