// SPDX-License-Identifier: Apache-2.0
// Private: the reader of results in the scan JSONL (report/scan_schema.hpp).
#pragma once

#include <string_view>

#include "wiretrace/lab/eval/parse.hpp"

namespace wiretrace::eval::detail {

/// Parses a scan JSONL (text already checked), one line at a time with one On-Demand parser:
/// `pair`, `member` and `cluster` lines are read, the summary's schema is checked, other types
/// are skipped. Throws Error naming `name:line`.
Results parse_results_jsonl(std::string_view bytes, std::string_view name);

}  // namespace wiretrace::eval::detail
