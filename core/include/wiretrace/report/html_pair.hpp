// SPDX-License-Identifier: Apache-2.0
// One pair side by side as an HTML page (compare --format html, and every pair page of a scan or
// check report).
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "wiretrace/report/html.hpp"
#include "wiretrace/report/pair.hpp"

namespace wiretrace::report {

/// Page furniture around a pair view.
struct HtmlPairOptions {
    std::vector<HtmlLink> nav;   ///< links above the header (e.g. back to a scan's cluster page)
    std::string note;            ///< one more header line, e.g. where the direction came from
    /// Each text is shown up to this many bytes (cut at a word boundary); the rest of a longer
    /// one is left out, and the page says so under the text: its passages and edits there are
    /// counted in the header but not marked. Keeps the page of a huge pair one a browser can open
    /// (a 60 MB pair made a 238 MB page). 0: no limit.
    std::size_t max_text_bytes = 1'000'000;
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
/// A text over options.max_text_bytes is cut there (see HtmlPairOptions).
void write_pair_html(std::ostream& out, const PairView& pair, const HtmlPairOptions& options = {});

}  // namespace wiretrace::report
