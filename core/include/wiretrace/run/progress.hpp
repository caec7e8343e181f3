// SPDX-License-Identifier: Apache-2.0
// The one progress callback of every long job (scan, check, index add, gen, the HTML writer).
#pragma once

#include <cstdint>
#include <functional>
#include <string_view>

namespace wiretrace {

/// Where a long job stands. Reported from one thread at a time.
struct Progress {
    std::string_view stage;     ///< scan: "read", "candidates", "verify", "provenance"; else "check",
                                ///< "add", "generate", "write"
    std::uint64_t done = 0;     ///< units finished: articles, pairs, pages
    std::uint64_t total = 0;    ///< units in all; 0 while unknown
    std::uint64_t found = 0;    ///< of `done`, those with a result: articles matched (check) or
                                ///< stored (index add)
    std::uint64_t batches = 0;  ///< batches committed (index add)
};

/// Called with the progress of a job; returning false cancels it (each job says how it stops).
using ProgressFn = std::function<bool(const Progress&)>;

}  // namespace wiretrace
