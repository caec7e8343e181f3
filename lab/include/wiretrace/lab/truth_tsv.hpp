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
/// [direct [traceable]]`; the last two may be left out (they are then 1).
inline constexpr std::array<std::string_view, 7> kColumns = {
    "copy_id", "source_id", "relation", "coverage_of_source", "coverage_of_copy", "direct", "traceable"};
/// Columns every row has.
inline constexpr std::size_t kRequiredColumns = 5;

/// The header line (with its newline) that gen writes.
inline constexpr std::string_view kHeader =
    "#copy_id\tsource_id\trelation\tcoverage_of_source\tcoverage_of_copy\tdirect\ttraceable\n";
static_assert(report::is_tsv_header(kHeader, kColumns));

}  // namespace wiretrace::truth_tsv
