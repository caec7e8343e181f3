// SPDX-License-Identifier: Apache-2.0
// UTF-8 validation and repair of input bytes, before any text is tokenized.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace wiretrace::text {

/// Result of validating a byte string as UTF-8.
struct Utf8Report {
    std::size_t invalid_sequences = 0; ///< maximal invalid subparts (each becomes one U+FFFD)
    std::size_t first_invalid_offset = 0; ///< byte offset of the first one (valid if count > 0)
    std::size_t first_invalid_line = 0;   ///< 1-based line of the first one (valid if count > 0)
    std::size_t nul_bytes = 0;            ///< NUL bytes seen (a sign of binary input)
    std::size_t first_nul_offset = 0;     ///< byte offset of the first NUL (valid if count > 0)
};

/// Checks `bytes` without copying. ASCII runs are checked 8 bytes at a time.
Utf8Report check_utf8(std::string_view bytes);

/// Returns `bytes` with every maximal invalid subpart replaced by U+FFFD (the Unicode
/// "substitution of maximal subparts" practice); counts go to `report` when it is not null.
std::string repair_utf8(std::string_view bytes, Utf8Report* report = nullptr);

}  // namespace wiretrace::text
