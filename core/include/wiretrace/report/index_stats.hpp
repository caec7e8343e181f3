// SPDX-License-Identifier: Apache-2.0
// `index stats` output: a text summary for people and a JSON object for programs. Formats are
// documented in README.md (`wiretrace index`).
#pragma once

#include <ostream>

#include "wiretrace/index/index.hpp"

namespace wiretrace::report {

/// Version of the index stats JSON schema ("schema": "wiretrace.index-stats/1").
inline constexpr int kIndexStatsSchemaVersion = 1;

/// One line per field: path, documents, outlets, publication range, text and on-disk sizes
/// (powers of 1000), sketch rows, parameters.
void write_index_stats_text(std::ostream& out, const index::Summary& summary);

/// One JSON object and a newline: {"schema": "wiretrace.index-stats/1", "path", "documents",
/// "outlets", "undated", "first_published", "last_published", "text_bytes", "fingerprints",
/// "band_keys", "file_bytes", "parameters": {"format_version", "shingle_tokens",
/// "winnow_window", "minhash_size", "lsh_bands", "seed", "normalization_version"}}.
void write_index_stats_json(std::ostream& out, const index::Summary& summary);

}  // namespace wiretrace::report
