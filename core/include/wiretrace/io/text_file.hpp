// SPDX-License-Identifier: Apache-2.0
// Reading single text documents, with every file error turned into a wiretrace::Error that
// names the file.
#pragma once

#include <cstddef>
#include <cstdint>
#include <istream>
#include <string>

#include "wiretrace/document.hpp"
#include "wiretrace/text/utf8.hpp"

namespace wiretrace::io {

/// What to do with invalid UTF-8 in an input.
enum class Utf8Policy : std::uint8_t {
    reject,   ///< throw Errc::bad_utf8 naming the file, line and byte offset
    repair,   ///< replace each invalid sequence with U+FFFD and count it
};

/// Reads a whole regular file. Throws Error (io, not_a_file) naming `path`, and Error(too_large)
/// when it holds more than `max_bytes` (at most max_bytes + 1 bytes are read).
std::string read_file(const std::string& path, std::size_t max_bytes = SIZE_MAX);

/// Reads a whole stream; `name` is used in error messages. Throws Error(io), and
/// Error(too_large) when it holds more than `max_bytes` (at most max_bytes + 1 bytes are read).
std::string read_stream(std::istream& in, const std::string& name, std::size_t max_bytes = SIZE_MAX);

/// Checks the bytes of one text document and builds it. Throws Error(binary_input) when the
/// bytes hold a NUL, Error(bad_utf8) for invalid UTF-8 under Utf8Policy::reject. `report`
/// receives the UTF-8 figures when not null.
Document make_text_document(std::string id, std::string bytes, Utf8Policy policy,
                            text::Utf8Report* report = nullptr);

}  // namespace wiretrace::io
