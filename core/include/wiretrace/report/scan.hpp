// SPDX-License-Identifier: Apache-2.0
// Renderings of a scan: clusters for people (text), typed JSON lines and a TSV pair list for
// programs. Formats are documented in README.md (`wiretrace scan`).
#pragma once

#include <ostream>
#include <string>

#include "wiretrace/report/pair.hpp"
#include "wiretrace/run/scan.hpp"

namespace wiretrace::report {

/// One cluster after another: the root, then its copies as a tree with outlet, time, relation,
/// coverage and a one-line edit summary; same-story pairs (with all_relations) after them.
void write_scan_text(std::ostream& out, const scan::Result& result);

/// Typed JSON lines (report/scan_schema.hpp): `cluster` and its `member` lines, then `pair` lines,
/// then one `summary`.
void write_scan_jsonl(std::ostream& out, const scan::Result& result);

/// `#id_a id_b relation source_id coverage_a coverage_b` and one pair a line (ids written as
/// write_pair_tsv_row writes them).
void write_scan_tsv(std::ostream& out, const scan::Result& result, TsvCells cells = TsvCells::exact);

/// The columns of `--format csv`, in order (kScanCsvHeader is the header line).
inline constexpr std::string_view kScanCsvHeader =
    "cluster,id,root,parent,relation,grade,direction,decided_by,coverage_of_source,coverage_of_copy,outlet,title,"
    "published\r\n";

/// A spreadsheet export (RFC 4180: comma-separated, CRLF line ends, a field holding a comma or a
/// quote quoted with its quotes doubled): the header, then one row per article of a cluster, in the
/// order of the text report (each copy after its source). `parent` is the first parent (empty for
/// the root); `direction` decided or undecided (the source unknown: the copy is only placed under
/// the parent; empty for the root); the coverages are seen from the copy as in the JSONL member
/// lines; `published` ISO-8601 or empty. Text cells are written as the text report writes them
/// (control characters escaped, so a row is one line), and a cell that starts like a formula
/// (= + - @) gets a leading ' so that a spreadsheet shows it as text.
void write_scan_csv(std::ostream& out, const scan::Result& result);

/// The candidate pairs of a scan run with Options::keep_candidates:
/// `#id_a id_b fingerprint band tfidf shared_fingerprints`, one pair a line (the three sources as 0 or 1).
void write_scan_candidates_tsv(std::ostream& out, const scan::Result& result);

/// The summary line: articles read and skipped, candidates, pairs, clusters, seconds.
std::string scan_summary(const scan::Result& result);

}  // namespace wiretrace::report
