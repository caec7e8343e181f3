// SPDX-License-Identifier: Apache-2.0
// The truth TSV (README.md, "Truth TSV"): the one definition of its columns, which `gen` writes
// and `eval` reads.
#pragma once

#include <array>
#include <cstddef>
#include <string_view>

#include "wiretrace/report/pair.hpp"

namespace wiretrace::truth_tsv {

/// The columns, in order: `copy_id source_id relation coverage_of_source coverage_of_copy
/// [direct [traceable [kind]]]`; the last three may be left out (direct and traceable are then
/// 1, the kind empty). `kind` says how the copy was made, free text without tabs (gen writes
/// its document kinds: copy, paraphrase, multi-take, ...; same-event for same-story rows).
inline constexpr std::array<std::string_view, 8> kColumns = {
    "copy_id", "source_id", "relation", "coverage_of_source", "coverage_of_copy", "direct", "traceable", "kind"};
/// Columns every row has.
inline constexpr std::size_t kRequiredColumns = 5;

/// The header line (with its newline) that gen writes.
inline constexpr std::string_view kHeader =
    "#copy_id\tsource_id\trelation\tcoverage_of_source\tcoverage_of_copy\tdirect\ttraceable\tkind\n";
static_assert(report::is_tsv_header(kHeader, kColumns));

}  // namespace wiretrace::truth_tsv
