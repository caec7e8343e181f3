// SPDX-License-Identifier: Apache-2.0
// UTF-8 validation and repair of input bytes, before any text is tokenized, and the escaping of
// text shown to people (control characters, invalid bytes).
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

/// What escape_controls does with tab, line feed and carriage return.
enum class LineBreaks : bool {
    escape,  ///< written \t, \n, \r (one-line output: a terminal line, a TSV field, a message)
    keep,    ///< kept (multi-line text shown as text, e.g. an article in an HTML page)
};

/// `s` safe to show a person where control characters would act instead of being shown (a
/// terminal, a line-based file, a web page): tab, line feed and carriage return written \t, \n,
/// \r (unless `breaks` keeps them); every other C0 control and DEL as \x1B; C1 controls
/// (U+0080-U+009F), the bidirectional embeddings, overrides and isolates (U+202A-U+202E,
/// U+2066-U+2069) and the line and paragraph separators (U+2028, U+2029) as \u202E; each byte
/// of invalid UTF-8 as \xFF. Everything else, a backslash included, is kept as is: the escapes
/// make hostile text visible and inert, they are not meant to be decoded. The one escaping of
/// every human-readable output (text reports, TSV, messages, HTML).
std::string escape_controls(std::string_view s, LineBreaks breaks = LineBreaks::escape);

/// `s` with each byte of invalid UTF-8 written \xFF (uppercase hex) and everything else kept: a
/// valid UTF-8 id made from a file name, different for names that differ only in invalid bytes.
std::string escape_invalid_utf8(std::string_view s);

}  // namespace wiretrace::text
